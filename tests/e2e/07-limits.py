#!/usr/bin/env python3
"""07: limits: requests per connection (a token bucket), connections per
address and in total, login attempts with growing delays, the file
descriptor limit (EMFILE pauses the listener without a busy loop), people
per session, a flood of joins and leaves, and a thousand connections
dropped in the middle of the TLS handshake."""

import resource
import socket
import subprocess
import time

import rtharness
from rtharness import Server, mem_bound, wait_for
from rtsession import Member, create, server, space_with
import rtwire as w
from rtwire import frame, mp_encode


def test_rate_limit(tmp):
    conf = {"limits": {"rate": "20", "burst": "30"}}
    with Server(tmp, conf=conf).start() as s:
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
        # not closed for it, and the bucket refills
        wait_for(lambda: c.ping()["t"] == w.PONG, what="a refilled bucket")
        s.login().close()


def test_connections_per_address(tmp):
    conf = {"limits": {"max_per_address": "4"}}
    with Server(tmp, conf=conf).start() as s:
        keep = [s.connect() for _ in range(4)]
        for k in keep:
            assert k.hello()["t"] == w.WELCOME
        raw = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        assert raw.recv(10) == b""       # closed at once
        s.err.wait(r"too many connections from 127\.0\.0\.1")
        keep[0].close()
        wait_for(lambda: _hello_ok(s), what="a free slot")


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


def _login_ok(s, user, pw):
    c = s.connect()
    c.hello()
    r = c.login(user, pw)
    c.close()
    return r["t"] == w.LOGIN_OK


def test_emfile_pauses_listener(tmp):
    conf = {"limits": {"max_connections": "1000", "max_per_address": "0"},
            "server": {"log_level": "info"}}
    s = Server(tmp, conf=conf)
    s.write_conf()

    def lowfd():
        resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48))
    s.proc = subprocess.Popen(
        [rtharness.SERVER, "-f", s.conf_path, "-d", s.datadir],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=s.env,
        preexec_fn=rtharness.child_setup(lowfd))
    s.out = rtharness.Lines(s.proc.stdout)
    s.err = rtharness.Lines(s.proc.stderr)
    rtharness._started.append(s)
    s.port = int(s.err.wait(r"listening on 127\.0\.0\.1:(\d+)").group(1))
    s.err.wait(r" ready$")
    s.fingerprint = s.err.wait(r"fingerprint (SHA256:[0-9A-F:]+)").group(1)
    with s:
        socks = []
        for _ in range(60):
            socks.append(socket.create_connection(("127.0.0.1", s.port)))
        s.err.wait(r"pausing new connections")
        # paused, not spinning: the server uses little CPU meanwhile
        cpu0 = _cpu_ms(s.proc.pid)
        time.sleep(0.5)
        assert _cpu_ms(s.proc.pid) - cpu0 < 200
        for x in socks:
            x.close()
        s.err.wait(r"accepting connections again", timeout=15)
        wait_for(lambda: _hello_ok(s), timeout=15, what="service again")


def _cpu_ms(pid):
    """The user and system CPU time of a process, in milliseconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 // 100


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
