#!/usr/bin/env python3
"""07: limits: requests per connection (a token bucket), connections per
address and in total, login attempts with growing delays, the file
descriptor limit (EMFILE pauses the listener without a busy loop), people
per session, a flood of joins and leaves, and a thousand connections
dropped in the middle of the TLS handshake."""

import re
import socket
import time

import opslib
import rtharness
from rtharness import Server, mem_bound, wait_for
from rtsession import Member, create, server, space_with, started
import rtwire as w
from rtwire import frame, mp_encode


def test_rate_limit(tmp):
    conf = {"limits": {"rate": "20", "burst": "30"}}
    with Server(tmp, conf=conf).start() as s:
        by = s.bystander()
        c = s.login()
        ping = frame(mp_encode({"t": w.PING, "nonce": 1, "id": 1}))
        c.send_raw(ping * 100)
        got = [c.recv() for _ in range(100)]
        pongs = [m for m in got if m["t"] == w.PONG]
        limited = [m for m in got if m["t"] == w.ERROR]
        assert 25 <= len(pongs) <= 40, len(pongs)
        assert limited and all(m["name"] == "rate-limited"
                               for m in limited), limited[:1]
        assert "at most 20 requests a second" in limited[0]["message"]
        assert all(0 < m["retry_ms"] <= 50 for m in limited), limited
        # not closed for it, and the bucket refills
        wait_for(lambda: c.ping()["t"] == w.PONG, what="a refilled bucket")
        by.check()


def _refused(c, reason):
    """A connection over a limit: TLS completes, then bye 506 says why."""
    bye = c.closed()
    assert bye is not None and bye["code"] == 506, bye
    assert reason in bye["reason"], bye


def _pipelined(m, msgs):
    """Send msgs at once on Member m; return their replies in order."""
    ids = [m.conn.send(x) for x in msgs]
    got = {}
    while len(got) < len(ids):
        r = m._pump(10 * rtharness.SCALE)
        if r.get("id") in ids and r["t"] not in (w.PING, w.SESSION_EVENT):
            got[r["id"]] = r
    return [got[i] for i in ids]


def test_post_rate(tmp):
    """Posts have a bucket of their own (limits.post_rate a second,
    post_burst at once): past it a post is refused posting-too-fast with
    retry_ms, and is neither broadcast nor stored; other requests are
    still answered; each connection has its own bucket; it refills."""
    conf = {"limits": {"post_rate": "2", "post_burst": "5"}}
    with server(tmp, conf=conf).start() as s:
        adm, sid, (ada, bob) = started(s, "open", ["ada", "bob"])
        texts = ["fast %02d" % i for i in range(12)]
        replies = _pipelined(ada, [{"t": w.SESSION_POST, "session": sid,
                                    "text": t} for t in texts])
        posted = [t for t, r in zip(texts, replies) if r["t"] == w.POSTED]
        refused = [r for r in replies if r["t"] != w.POSTED]
        assert posted[:5] == texts[:5] and len(posted) <= 7, replies
        assert refused, replies
        for r in refused:
            assert r["t"] == w.ERROR and r["code"] == 406, r
            assert r["name"] == "posting-too-fast", r
            assert 0 < r["retry_ms"] <= 500, r
            assert "at most 2 posts a second" in r["message"], r
        # other requests are not posts: answered at once
        assert ada.request({"t": w.PING, "nonce": 5})["t"] == w.PONG
        assert ada.act(sid, "raise")["t"] in (w.OK, w.ERROR)
        # bob's bucket is his own; he hears exactly the posts accepted
        assert bob.post(sid, "bob here")["t"] == w.POSTED
        bob.wait_kind("post", text="bob here")
        heard = [e["text"] for e in bob.events if e.get("kind") == "post"]
        assert heard == posted + ["bob here"], heard
        # the bucket refills: posting works again after the wait
        wait_for(lambda: ada.post(sid, "later")["t"] == w.POSTED,
                 what="a refilled post bucket")


def test_connections_per_address(tmp):
    """Connections over limits.max_per_address finish TLS, are told
    too-many-connections and closed; other addresses are served, and a
    slot frees when one closes."""
    conf = {"limits": {"max_per_address": "4"}}
    with Server(tmp, conf=conf).start() as s:
        by = s.bystander(source="127.0.0.9")
        keep = [s.connect() for _ in range(4)]
        for k in keep:
            assert k.hello()["t"] == w.WELCOME
        _refused(s.connect(), "too many connections from your address")
        s.err.wait(r"refused: too many connections from your address")
        other = s.connect(source="127.0.0.2")
        assert other.hello()["t"] == w.WELCOME
        keep[0].close()
        wait_for(lambda: _hello_ok(s), what="a free slot")
        by.check()


def test_max_connections(tmp):
    """limits.max_connections caps connections in total, from every
    address: the next one is told too-many-connections; one closing makes
    room."""
    conf = {"limits": {"max_connections": "3"}}
    with Server(tmp, conf=conf).start() as s:
        by = s.bystander()
        keep = [s.connect(source="127.0.0.%d" % (2 + i)) for i in range(2)]
        for k in keep:
            assert k.hello()["t"] == w.WELCOME
        for src in ("127.0.0.1", "127.0.0.5"):
            _refused(s.connect(source=src), "too many connections")
        # the three in are still served
        assert by.conn.ping()["t"] == w.PONG
        assert all(k.ping()["t"] == w.PONG for k in keep)
        keep[0].close()
        wait_for(lambda: _hello_ok(s), what="room for one more")
        by.check()


def test_refusals_are_bounded(tmp):
    """Telling refused connections why costs a TLS handshake, so only a
    few are handled at once, each with a short deadline: past that
    reserve a refused connection is closed without TLS, and the reserve
    empties (a handshake never finished is cut off)."""
    conf = {"limits": {"max_per_address": "2", "handshake_timeout": "60s"}}
    with Server(tmp, conf=conf).start() as s:
        by = s.bystander(source="127.0.0.9")
        first = s.connect()
        assert first.hello()["t"] == w.WELCOME
        second = s.connect()
        assert second.hello()["t"] == w.WELCOME
        # sixteen refused connections that never start TLS fill the reserve
        mark = len(s.err.snapshot())
        idle = [socket.create_connection(("127.0.0.1", s.port))
                for _ in range(16)]
        rx = re.compile(r"refused: too many connections from your address")
        wait_for(lambda: len([x for x in s.err.snapshot()[mark:]
                              if rx.search(x)]) >= 16, what="16 refusals")
        try:
            c = s.connect()
        except (OSError, w.WireError):
            pass            # closed before TLS: the reserve is full
        else:
            raise AssertionError("a 17th refusal got TLS: %r" % c.closed())
        # each is cut off within the short deadline, not the 60 s one
        for x in idle:
            x.settimeout(30 * rtharness.SCALE)
            assert x.recv(10) == b""
            x.close()
        _refused(s.connect(), "too many connections from your address")
        assert first.ping()["t"] == w.PONG
        by.check()


def _hello_ok(s):
    try:
        c = s.connect()
        ok = c.hello()["t"] == w.WELCOME
        c.close()
        return ok
    except Exception:
        return False


def test_login_throttle(tmp):
    conf = {"auth": {"throttle_after": "3", "throttle_max": "3s"}}
    with Server(tmp, conf=conf).start() as s:
        s.add_user("ada", "lovelace-1815")
        s.add_user("bob", "babbage-1791")
        for _ in range(3):
            c = s.connect()
            c.hello()
            assert c.login("ada", "wrong password")["name"] == "auth-failed"
            c.close()
        c = s.connect()
        c.hello()
        r = c.login("ada", "lovelace-1815")
        assert r["t"] == w.ERROR and r["name"] == "throttled", r
        assert "try again in" in r["message"], r
        # the address is throttled too, for other accounts
        r = c.login("bob", "babbage-1791")
        assert r["name"] == "throttled", r
        # it passes: the right password works again
        wait_for(lambda: _login_ok(s, "ada", "lovelace-1815"), timeout=15,
                 what="the delay to pass")
        assert _login_ok(s, "bob", "babbage-1791")


def _racing_logins(s, user, sources, n):
    """n connections (from sources in turn) that said hello, then each
    sends a wrong password for user at once; return the replies."""
    conns = []
    for i in range(n):
        c = s.connect(source=sources[i % len(sources)])
        assert c.hello()["t"] == w.WELCOME
        conns.append(c)
    ids = [c.send({"t": w.LOGIN, "user": user, "password": "guess %d" % i})
           for i, c in enumerate(conns)]
    replies = [c.reply(i, timeout=120) for c, i in zip(conns, ids)]
    for c in conns:
        c.close()
    return replies


def test_logins_in_progress_count(tmp):
    """Password checks in progress count toward the throttle's allowance,
    per address and per account: twelve connections guessing at once get
    at most throttle_after answers (auth-failed); the rest are throttled
    as "in progress" with a retry_ms, and are never checked."""
    conf = {"auth": {"throttle_after": "3", "hash_ops": "2",
                     "hash_mem": "64M"}}
    with Server(tmp, conf=conf).start() as s:
        s.add_user("ada", "lovelace-1815")
        by = s.bystander(source="127.0.0.9")
        # one address, one account
        replies = _racing_logins(s, "ada", ["127.0.0.1"], 12)
        names = [r.get("name") for r in replies]
        assert names.count("auth-failed") <= 3, names
        busy = [r for r in replies if "in progress" in r["message"]]
        assert busy, replies
        assert all(r["name"] == "throttled" and 0 < r["retry_ms"] <= 1000
                   for r in busy), busy
        assert set(names) <= {"auth-failed", "throttled"}, names
        # one account from two addresses: the account's count holds
        s.add_user("bob", "babbage-1791")
        replies = _racing_logins(s, "bob", ["127.0.0.2", "127.0.0.3"], 12)
        names = [r.get("name") for r in replies]
        assert names.count("auth-failed") <= 3, names
        assert any("in progress" in r["message"] for r in replies), names
        by.check()


def _login_ok(s, user, pw):
    c = s.connect()
    c.hello()
    r = c.login(user, pw)
    c.close()
    return r["t"] == w.LOGIN_OK


def _exhaust_fds(s, spare=24, count=40):
    """Lower the running server's descriptor limit to a few above what it
    has open, and open more connections than fit; return the sockets once
    the listener has paused."""
    s.set_fd_limit(s.fd_count() + spare)
    socks = [socket.create_connection(("127.0.0.1", s.port))
             for _ in range(count)]
    s.err.wait(r"accept: .*; pausing new connections")
    return socks


def _retries(s, start, n):
    """Wait for n pauses after one-second retries, from log line start."""
    rx = re.compile(r"accept: .*; pausing again")
    return wait_for(lambda: len([x for x in s.err.snapshot()[start:]
                                 if rx.search(x)]) >= n,
                    timeout=10 + 2 * n, what="%d retries" % n)


def _paused_quietly(s):
    """Across two one-second retries the server stays paused and nearly
    idle: a loop spinning on a pending accept would use all that time."""
    mark = len(s.err.snapshot())
    _retries(s, mark, 1)
    t0, cpu0 = time.monotonic(), s.cpu_ms()
    _retries(s, mark, 3)
    wall = (time.monotonic() - t0) * 1000
    assert s.cpu_ms() - cpu0 < wall / 2, (s.cpu_ms() - cpu0, wall)


def _count(s, pattern):
    rx = re.compile(pattern)
    return len([x for x in s.err.snapshot() if rx.search(x)])


def test_emfile_pauses_listener(tmp):
    """Out of descriptors, the listener pauses without a busy loop; while
    descriptors stay exhausted it retries each second, logging the pause
    once (the retries only at debug); it resumes as soon as a connection
    closes, and says so once."""
    conf = {"limits": {"max_connections": "1000", "handshake_timeout": "60s",
                       "login_timeout": "60s"},
            "server": {"log_level": "debug"}}
    with Server(tmp, conf=conf).start() as s:
        by = s.bystander()
        socks = _exhaust_fds(s)
        _paused_quietly(s)
        assert _count(s, r" warn .*pausing new connections") == 1
        assert _count(s, r" debug .*accept: retrying: a second has "
                      r"passed") >= 2
        assert _count(s, r"accepting connections again") == 0
        # a logged-in client is served meanwhile (no descriptor needed)
        assert by.conn.ping()["t"] == w.PONG
        mark = len(s.err.snapshot())
        for x in socks:
            x.close()
        s.err.wait(r"accept: retrying: a connection closed", start=mark)
        s.err.wait(r" info .*accepting connections again", start=mark)
        wait_for(lambda: _hello_ok(s), timeout=15, what="service again")
        assert _count(s, r"accepting connections again") == 1
        assert _count(s, r"Error from accept") == 0
        by.check()


def test_emfile_pauses_metrics_listener(tmp):
    """The metrics listener shares the pause: a scrape waiting in its
    backlog while descriptors are exhausted does not spin the loop, and
    both listeners serve again once descriptors are free."""
    conf = {"limits": {"max_connections": "1000", "handshake_timeout": "60s",
                       "login_timeout": "60s"},
            "server": {"log_level": "debug"},
            "metrics": {"listen": "127.0.0.1:0"}}
    with Server(tmp, conf=conf).start() as s:
        mport = opslib.metrics_port(s)
        by = s.bystander()
        socks = _exhaust_fds(s)
        scrape = socket.create_connection(("127.0.0.1", mport), timeout=30)
        scrape.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
        _paused_quietly(s)
        assert _count(s, r"Error from accept") == 0
        assert _count(s, r"pausing new connections") == 1
        for x in socks:
            x.close()
        # the scrape that waited is answered, and both listeners accept
        reply = b""
        while True:
            chunk = scrape.recv(4096)
            if not chunk:
                break
            reply += chunk
        assert reply.startswith(b"HTTP/1.") and b" 200 " in reply, reply
        scrape.close()
        wait_for(lambda: _hello_ok(s), timeout=15, what="service again")
        status, _, body = opslib.http_get(mport, "/healthz")
        assert status == 200 and body == "ok\n", (status, body)
        by.check()


def test_session_full_and_join_flood(tmp):
    with server(tmp, conf={"sessions": {"max_members": "3"},
                           "limits": {"rate": "1000", "burst": "1000"}}
                ).start() as s:
        adm = space_with(s, "tank", "open", ["ada", "bob", "cy"])
        sid = create(adm, "tank", "long")
        adm.join(sid)
        ada, bob, cy = (Member(s, n) for n in ("ada", "bob", "cy"))
        ada.join(sid)
        bob.join(sid)
        r = cy.request({"t": w.SESSION_JOIN, "session": sid})
        assert r["t"] == w.ERROR and r["name"] == "limit", r
        rss0 = s.rss_kib()
        for _ in range(150):
            assert bob.request({"t": w.SESSION_LEAVE,
                                "session": sid})["t"] == w.OK
            bob.join(sid)
        assert s.rss_kib() - rss0 < mem_bound(16 * 1024)
        st = ada.join(sid)
        names = [m["user"] for m in st["members"]]
        assert sorted(names) == ["ada", "admin", "bob"], names
        ada.act(sid, "ack")
        adm.control(sid, "start")
        assert ada.post(sid, "still fine")["t"] == w.POSTED


def test_thousand_dropped_handshakes(tmp):
    conf = {"limits": {"max_per_address": "0"}}
    with Server(tmp, conf=conf).start() as s:
        s.login().close()
        rss0 = s.rss_kib()
        hello = bytes.fromhex("160301") + b"\x02\x00" + b"\x01\x00\x01\xfc"
        for i in range(1000):
            x = socket.create_connection(("127.0.0.1", s.port))
            if i % 2:
                x.sendall(hello)
            x.close()
        c = s.login()
        assert c.ping()["t"] == w.PONG
        wait_for(lambda: _hello_ok(s), what="service")
        assert s.rss_kib() - rss0 < mem_bound(32 * 1024), (rss0,
                                                        s.rss_kib())


if __name__ == "__main__":
    rtharness.main(globals())
