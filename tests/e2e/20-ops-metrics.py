#!/usr/bin/env python3
"""20-ops-metrics: the metrics and health listener: off by default,
/healthz and /metrics in the Prometheus text format, counters that move
as clients connect, log in, fail and leave, the session metrics (posts,
refusals by reason, sessions by status and phase, the fan-out and commit
histograms, the queue gauges), the connection cap, bounded requests, and
the refusal of a non-loopback address."""

import os
import signal
import socket
import subprocess
import time

import rtharness
from rtharness import ADMIN_PASSWORD, SERVER, Server, wait_for
import rtwire as w
from opslib import (http_get, metrics_port, scrape, total, value,
                    wait_metric)
import rtsession
from rtsession import started

METRICS = {"metrics": {"listen": "127.0.0.1:0"}}


def test_off_by_default(tmp):
    with Server(tmp).start() as s:
        s.login().close()
        assert not any("metrics listening" in line
                       for line in s.err.snapshot())


def test_health_and_format(tmp):
    with Server(tmp, conf=METRICS).start() as s:
        port = metrics_port(s)
        status, headers, body = http_get(port, "/healthz")
        assert (status, body) == (200, "ok\n"), (status, body)
        assert headers["connection"] == "close", headers
        status, _, body = http_get(port, "/healthz", method="HEAD")
        assert status == 200 and body == "", (status, body)
        status, _, body = http_get(port, "/nope")
        assert status == 404, status
        status, _, _ = http_get(port, "/metrics", method="POST")
        assert status != 200, status
        m = scrape(port)
        assert value(m, "roundtable_build_info",
                     version=s.err.wait(r"roundtabled (\S+) starting")
                     .group(1)) == 1
        assert value(m, "roundtable_uptime_seconds") > 0
        for name in ("roundtable_connections",
                     "roundtable_connections_accepted_total",
                     "roundtable_frames_received_total",
                     "roundtable_frames_sent_total",
                     "roundtable_frame_bytes_sent_total",
                     "roundtable_frame_bytes_received_total",
                     "roundtable_worker_queue_depth",
                     "roundtable_byes_received_total",
                     "roundtable_db_errors_total",
                     "roundtable_db_checkpoints_total",
                     "roundtable_db_checkpoint_frames_total",
                     "roundtable_db_commit_seconds_count"):
            assert (name, frozenset()) in m, name
        assert ("roundtable_errors_sent_total",
                frozenset({("code", "auth-failed")})) in m
        assert ("roundtable_logins_total",
                frozenset({("result", "ok")})) in m
        # histogram buckets are cumulative and end in +Inf = count
        buckets = sorted(
            (float(dict(l)["le"]), v) for (n, l), v in m.items()
            if n == "roundtable_db_commit_seconds_bucket")
        counts = [v for _, v in buckets]
        assert counts == sorted(counts), buckets
        assert buckets[-1][0] == float("inf")
        assert buckets[-1][1] == value(
            m, "roundtable_db_commit_seconds_count")


def test_counters_move(tmp):
    with Server(tmp, conf=METRICS).start() as s:
        port = metrics_port(s)
        s.add_user("ada", "lovelace-1815")
        m0 = scrape(port)

        # a login: accepted, frames both ways, bytes out, one open
        c = s.login()
        m1 = wait_metric(port, lambda m: value(
            m, "roundtable_logins_total", result="ok") ==
            value(m0, "roundtable_logins_total", result="ok") + 1,
            what="a counted login")
        assert value(m1, "roundtable_connections_accepted_total") == \
            value(m0, "roundtable_connections_accepted_total") + 1
        assert value(m1, "roundtable_connections") == 1
        assert value(m1, "roundtable_frames_received_total") >= \
            value(m0, "roundtable_frames_received_total") + 2
        assert value(m1, "roundtable_frames_sent_total") >= \
            value(m0, "roundtable_frames_sent_total") + 2
        assert value(m1, "roundtable_frame_bytes_sent_total") > \
            value(m0, "roundtable_frame_bytes_sent_total")

        # a failed login: counted, and its error by name
        d = s.connect()
        d.hello()
        r = d.login("ada", "not the password")
        assert r["t"] == w.ERROR and r["name"] == "auth-failed", r
        m2 = wait_metric(port, lambda m: value(
            m, "roundtable_logins_total", result="failed") ==
            value(m1, "roundtable_logins_total", result="failed") + 1,
            what="a counted failed login")
        assert value(m2, "roundtable_errors_sent_total",
                     code="auth-failed") == value(
            m1, "roundtable_errors_sent_total", code="auth-failed") + 1
        assert value(m2, "roundtable_connections") == 2

        # a password change commits a transaction: the histogram counts it
        c2 = s.login("ada", "lovelace-1815")
        r = c2.request({"t": w.PASSWD, "old_password": "lovelace-1815",
                        "new_password": "difference engine"})
        assert r["t"] == w.OK, r
        wait_metric(port, lambda m: value(
            m, "roundtable_db_commit_seconds_count") > value(
            m2, "roundtable_db_commit_seconds_count"),
            what="a timed commit")

        # leaving: a client bye, and a dropped connection
        c.send({"t": w.BYE, "code": 0, "reason": "done"})
        c.closed()
        d.close()
        c2.close()
        m3 = wait_metric(port, lambda m: value(
            m, "roundtable_connections") == 0, what="all closed")
        assert value(m3, "roundtable_byes_received_total") == \
            value(m0, "roundtable_byes_received_total") + 1
        assert value(m3, "roundtable_connections_closed_total",
                     reason="client-bye") == value(
            m0, "roundtable_connections_closed_total",
            reason="client-bye") + 1
        # every accepted connection is closed, under some reason
        assert value(m3, "roundtable_connections_accepted_total") == \
            total(m3, "roundtable_connections_closed_total")

        # a server-side close sends a bye, counted by its code
        e = s.connect()
        e.hello()
        for _ in range(5):
            e.login("ada", "wrong wrong wrong")
        bye = e.closed()
        assert bye is not None and bye["code"] == 200, bye
        wait_metric(port, lambda m: value(
            m, "roundtable_byes_sent_total", code="auth-failed") == 1 and
            value(m, "roundtable_connections_closed_total",
                  reason="auth-failed") == 1, what="a counted bye")


def test_session_metrics(tmp):
    s = rtsession.server(tmp, conf=METRICS)
    with s.start():
        port = metrics_port(s)
        m0 = scrape(port)
        for name in ("roundtable_journal_pending_events",
                     "roundtable_transcript_jobs",
                     "roundtable_connection_output_bytes",
                     "roundtable_connection_output_max_bytes",
                     "roundtable_posts_total",
                     "roundtable_session_events_sent_total",
                     "roundtable_fanout_seconds_count",
                     "roundtable_journal_flush_seconds_count"):
            assert (name, frozenset()) in m0, name
        for floor in ("presenter", "go-around", "open", "board"):
            assert ("roundtable_sessions_in_phase",
                    frozenset({("floor", floor)})) in m0, floor
        assert value(m0, "roundtable_sessions", status="running") == 0

        adm, sid, (ada, bob) = started(s, "open", ["ada", "bob"])
        lobby = rtsession.create(adm, "tank", "long")
        m1 = scrape(port)
        assert value(m1, "roundtable_sessions", status="running") == 1, m1
        assert value(m1, "roundtable_sessions", status="lobby") == 1, m1
        assert value(m1, "roundtable_sessions_in_phase", floor="open") == 1
        assert total(m1, "roundtable_sessions_in_phase") == 1, m1

        # a post: counted, broadcast, committed, each histogram moves
        r = ada.post(sid, "a counted post")
        assert r["t"] == w.POSTED, r
        bob.wait_kind("post", text="a counted post")
        m2 = wait_metric(port, lambda m: value(
            m, "roundtable_posts_total") == value(
            m1, "roundtable_posts_total") + 1, what="a counted post")
        for name in ("roundtable_fanout_seconds_count",
                     "roundtable_journal_flush_seconds_count",
                     "roundtable_db_commit_seconds_count",
                     "roundtable_session_events_sent_total"):
            assert value(m2, name) > value(m1, name), name
        assert value(m2, "roundtable_journal_pending_events") == 0

        # refusals, by the rule that refused them
        assert adm.control(sid, "pause")["t"] == w.OK
        r = ada.post(sid, "while paused")
        assert r["t"] == w.ERROR and r["reason"] == "paused", r
        r = bob.control(sid, "resume")
        assert r["t"] == w.ERROR and r["reason"] == "not-facilitator", r
        m3 = wait_metric(port, lambda m: value(
            m, "roundtable_refusals_total", reason="paused") == value(
            m2, "roundtable_refusals_total", reason="paused") + 1,
            what="a counted refusal")
        assert value(m3, "roundtable_refusals_total",
                     reason="not-facilitator") == value(
            m2, "roundtable_refusals_total", reason="not-facilitator") + 1
        assert value(m3, "roundtable_posts_total") == value(
            m2, "roundtable_posts_total")
        # a paused session is still in its phase
        assert value(m3, "roundtable_sessions", status="paused") == 1
        assert value(m3, "roundtable_sessions", status="running") == 0
        assert value(m3, "roundtable_sessions_in_phase", floor="open") == 1

        # the lobby session starts: two in the open floor
        assert adm.control(sid, "resume")["t"] == w.OK
        adm.join(lobby)
        ada.join(lobby)
        ada.act(lobby, "ack")
        assert adm.control(lobby, "start")["t"] == w.OK
        m4 = scrape(port)
        assert value(m4, "roundtable_sessions", status="running") == 2
        assert value(m4, "roundtable_sessions_in_phase", floor="open") == 2

        # an ended session leaves the gauges
        assert adm.control(sid, "end")["t"] == w.OK
        m5 = wait_metric(port, lambda m: value(
            m, "roundtable_sessions_in_phase", floor="open") == 1,
            what="an ended session out of its phase")
        assert value(m5, "roundtable_sessions", status="running") == 1
        assert value(m5, "roundtable_transcript_jobs") == 0
        assert value(m5, "roundtable_connection_output_max_bytes") <= \
            value(m5, "roundtable_connection_output_bytes")


def test_queue_gauges(tmp):
    """With a long commit delay, a post waits for its commit, and the
    journal gauge shows it meanwhile; once committed it is back to 0."""
    s = rtsession.server(tmp, conf=dict(METRICS, database={
        "commit_delay": "1s"}))
    with s.start():
        port = metrics_port(s)
        adm, sid, (ada, bob) = started(s, "open", ["ada", "bob"])
        seen = 0

        def pending():
            nonlocal seen
            rid = ada.conn.send({"t": w.SESSION_POST, "session": sid,
                                 "text": "waiting %d" % seen})
            got = value(scrape(port), "roundtable_journal_pending_events")
            r = ada.conn.recv_until(lambda m: m.get("id") == rid, 30)
            assert r["t"] == w.POSTED, r
            seen += 1
            return got >= 1
        wait_for(pending, 60, "a post waiting for its commit, seen")
        wait_metric(port, lambda m: value(
            m, "roundtable_journal_pending_events") == 0,
            what="the journal empty again")


def raw_request(port, data):
    """Send raw bytes; return whatever comes back before the close."""
    sk = socket.create_connection(("127.0.0.1", port), timeout=15)
    reply = b""
    try:
        sk.sendall(data)
        while True:
            chunk = sk.recv(4096)
            if not chunk:
                break
            reply += chunk
    except OSError:
        pass
    sk.close()
    return reply


def test_requests_are_bounded(tmp):
    with Server(tmp, conf=METRICS).start() as s:
        port = metrics_port(s)
        # headers past 8 KiB
        reply = raw_request(port, b"GET /metrics HTTP/1.1\r\nHost: x\r\n"
                            b"X-Big: " + b"x" * 10000 + b"\r\n\r\n")
        assert not reply.startswith(b"HTTP/1.1 200"), reply[:40]
        # a body where none belongs, larger than the limit
        reply = raw_request(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                            b"Content-Length: 100000\r\n\r\n" +
                            b"x" * 4096)
        assert not reply.startswith(b"HTTP/1.1 200"), reply[:40]
        # a request line that never ends is cut off
        reply = raw_request(port, b"GET /" + b"a" * 20000)
        assert not reply.startswith(b"HTTP/1.1 200"), reply[:40]
        assert http_get(port, "/healthz")[0] == 200
        assert s.alive()


def test_connection_cap(tmp):
    """At 16 connections the listener pauses; idle connections time out,
    which makes room again."""
    with Server(tmp, conf=METRICS).start() as s:
        port = metrics_port(s)
        idle = []
        for _ in range(16):
            idle.append(socket.create_connection(("127.0.0.1", port),
                                                 timeout=10))
        late = socket.create_connection(("127.0.0.1", port), timeout=10)
        late.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
        late.settimeout(1.0)
        try:
            got = late.recv(100)
        except socket.timeout:
            got = None
        assert got is None, "answered past the cap: %r" % got
        # the clients keep serving meanwhile
        s.login().close()
        # the idle ones time out; the late one is answered
        late.settimeout(30)
        t0 = time.monotonic()
        got = late.recv(100)
        assert got.startswith(b"HTTP/1.0 200"), got
        assert time.monotonic() - t0 < 25
        for sk in idle:
            try:
                assert sk.recv(100) == b""      # closed by the server
            except ConnectionResetError:
                pass
            sk.close()
        late.close()
        assert http_get(port, "/healthz")[0] == 200


def test_connection_lifetime(tmp):
    """A client trickling a request a byte at a time is cut off when the
    connection reaches its lifetime, however busy it keeps it."""
    with Server(tmp, conf=METRICS).start() as s:
        port = metrics_port(s)
        sk = socket.create_connection(("127.0.0.1", port), timeout=10)
        t0 = time.monotonic()
        closed = False
        for ch in b"GET /healthz HTTP/1.1\r\nX-Slow: " + b"x" * 40:
            try:
                sk.sendall(bytes([ch]))
                sk.settimeout(1.0)
                if sk.recv(100) == b"":
                    closed = True
                    break
            except socket.timeout:
                continue
            except OSError:
                closed = True
                break
        elapsed = time.monotonic() - t0
        sk.close()
        assert closed, "still open after %.1fs" % elapsed
        assert 9 < elapsed < 20, elapsed
        assert http_get(port, "/healthz")[0] == 200


def run(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([SERVER] + list(args), capture_output=True,
                          env=e, timeout=60)


def test_refuses_non_loopback(tmp):
    conf = os.path.join(tmp, "m.conf")
    for addr, ok in (("0.0.0.0:9100", False), ("[::]:9100", False),
                     ("192.0.2.1:9100", False), ("127.0.0.1:9100", True),
                     ("127.1.2.3:9100", True), ("[::1]:9100", True),
                     ("localhost:9100", True)):
        with open(conf, "w") as f:
            f.write("[metrics]\nlisten = %s\n" % addr)
        r = run("-t", "-f", conf)
        if ok:
            assert r.returncode == 0, (addr, r)
        else:
            assert r.returncode == 78, (addr, r)
            assert b"allow_remote" in r.stderr, r.stderr
    with open(conf, "w") as f:
        f.write("[metrics]\nlisten = 0.0.0.0:9100\nallow_remote = yes\n")
    assert run("-t", "-f", conf).returncode == 0
    with open(conf, "w") as f:
        f.write("[metrics]\nlisten = nonsense\n")
    assert run("-t", "-f", conf).returncode == 78

    # the server refuses to start on one, and starts when allowed
    s = Server(tmp, conf={"metrics": {"listen": "0.0.0.0:0"}})
    s.write_conf()
    r = subprocess.run([SERVER, "-f", s.conf_path, "-d", s.datadir],
                       capture_output=True, env=s.env, timeout=60)
    assert r.returncode == 78 and b"not a loopback" in r.stderr, r
    s = Server(tmp, conf={"metrics": {"listen": "0.0.0.0:0",
                                      "allow_remote": "yes"}})
    with s.start():
        port = int(s.err.wait(r"metrics listening on 0\.0\.0\.0:(\d+)")
                   .group(1))
        assert http_get(port, "/healthz")[0] == 200


def test_reload_keeps_listener(tmp):
    s = Server(tmp, conf=METRICS)
    with s.start():
        port = metrics_port(s)
        s.conf["metrics"]["listen"] = "127.0.0.1:1"
        s.write_conf()
        s.proc.send_signal(signal.SIGHUP)
        s.err.wait(r"metrics\.listen changes at restart")
        s.err.wait(r"reloaded; certificate")
        m = wait_metric(port, lambda m: value(
            m, "roundtable_config_reloads_total", result="ok") == 1,
            what="a counted reload")
        assert value(m, "roundtable_config_reloads_total",
                     result="failed") == 0
        s.conf["metrics"]["allow_remote"] = "maybe"
        s.write_conf()
        s.proc.send_signal(signal.SIGHUP)
        wait_metric(port, lambda m: value(
            m, "roundtable_config_reloads_total", result="failed") == 1,
            what="a counted failed reload")
        s.login(password=ADMIN_PASSWORD).close()


if __name__ == "__main__":
    rtharness.main(globals())
