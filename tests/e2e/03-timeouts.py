#!/usr/bin/env python3
"""03: time: the TLS handshake and login deadlines, keepalive pings, the
idle timeout, and the cut-off of a client too far behind in reading, by
the size of its unsent output and by its age."""

import re
import socket
import time

import opslib
import rtharness
from rtharness import Server, wait_for
from rtsession import PASSWORD, server, started
import rtwire as w


def test_handshake_timeout(tmp):
    conf = {"limits": {"handshake_timeout": "300ms"}}
    with Server(tmp, conf=conf).start() as s:
        by = s.bystander()
        raw = socket.create_connection(("127.0.0.1", s.port))
        raw.settimeout(10)
        t0 = time.monotonic()
        assert raw.recv(100) == b""
        assert time.monotonic() - t0 < 5
        # a half-sent ClientHello is cut off too
        raw = socket.create_connection(("127.0.0.1", s.port))
        raw.settimeout(10)
        raw.sendall(b"\x16\x03\x01\x02\x00\x01")
        assert raw.recv(100) == b""
        by.check()


def test_login_timeout(tmp):
    with Server(tmp, conf={"limits": {"login_timeout": "1s"}}).start() as s:
        # (no bystander: under valgrind a password login can take longer
        # than this login timeout)
        c = s.connect()
        c.hello()
        bye = c.closed()
        assert bye is not None and bye["code"] == 504, bye
        assert "login timeout" in bye["reason"], bye
        # a slow drip of a header is no way around it
        c = s.connect()
        c.send_raw(b"\x00")
        bye = c.closed()
        assert bye is not None and bye["code"] == 504, bye
        # others are still answered
        assert s.connect().hello()["t"] == w.WELCOME


def test_ping_and_idle(tmp):
    conf = {"limits": {"ping_interval": "1s", "idle_timeout": "3s"}}
    with Server(tmp, conf=conf).start() as s:
        c = s.login()
        # answer two pings: the connection stays up
        for _ in range(2):
            p = c.recv(timeout=5)
            assert p["t"] == w.PING and "id" not in p, p
            c.send({"t": w.PONG, "nonce": p["nonce"], "id": 0})
        # go silent: one more ping, then the idle timeout
        p = c.recv(timeout=5)
        assert p["t"] == w.PING, p
        t0 = time.monotonic()
        bye = c.recv(timeout=10)
        assert bye["t"] == w.BYE and bye["code"] == 504, bye
        assert "idle timeout" in bye["reason"], bye
        assert time.monotonic() - t0 < 4


def _slow_reader(s, cut, text_len):
    """A session where bob, on a connection with a small receive window,
    stops reading while ada posts (the facilitator and bob's other
    connection keep reading): post until the server logs the cut-off
    (cut, a regex), then let the slow connection read what was queued.
    Return its bye and the posts made."""
    adm, sid, (ada, bob) = started(s, "open", ["ada", "bob"])
    slow = s.login("bob", PASSWORD, rcvbuf=65536)
    r = slow.request({"t": w.SESSION_JOIN, "session": sid,
                      "since": bob.last_seq})
    assert r["t"] == w.SESSION_STATE, r
    # the slow connection stops reading here
    text = "x" * text_len
    mark = len(s.err.snapshot())
    rx = re.compile(cut)
    posts = [0]

    def post_some():
        for _ in range(20):
            assert ada.post(sid, text)["t"] == w.POSTED
            posts[0] += 1
        adm.drain()
        bob.drain()
        return any(rx.search(x) for x in s.err.snapshot()[mark:])
    wait_for(post_some, timeout=60, what="the cut-off")
    assert len([x for x in s.err.snapshot()[mark:] if rx.search(x)]) == 1
    bye = slow.closed(timeout=30 * rtharness.SCALE)
    # the others are served on
    assert ada.post(sid, "after")["t"] == w.POSTED
    bob.wait_kind("post", text="after")
    return bye, posts[0]


def _closed_behind(mport):
    m = opslib.scrape(mport)
    return (m.get(("roundtable_connections_closed_total",
                   frozenset([("reason", "too-far-behind")])), 0),
            m.get(("roundtable_byes_sent_total",
                   frozenset([("code", "too-far-behind")])), 0))


def _cut_off(tmp, limits, bound_kib, why):
    """Run _slow_reader with these limits; check that the slow connection
    got bye too-far-behind saying why (the size or the age), that it was
    counted once in the metrics, and the bystander's memory bound."""
    conf = {"limits": limits, "metrics": {"listen": "127.0.0.1:0"}}
    with server(tmp, conf=conf).start() as s:
        mport = opslib.metrics_port(s)
        by = s.bystander(bound_kib=bound_kib)
        bye, n = _slow_reader(s, r"too-far-behind: too far behind: " + why,
                              8000)
        assert bye is not None and bye["code"] == 505, bye
        assert re.search(why, bye["reason"]), bye
        assert _closed_behind(mport) == (1, 1)
        by.check()
        return s


def test_too_far_behind_size(tmp):
    """A reader whose unsent output passes limits.max_output is sent bye
    too-far-behind and closed; what the server holds for it stays near
    the cap, so its memory does not grow with the posts."""
    _cut_off(tmp, {"max_output": "64K", "max_output_age": "1h"}, 24 * 1024,
             r"\d+ bytes unread")


def test_too_far_behind_age(tmp):
    """A reader whose output has waited unread for limits.max_output_age
    is sent bye too-far-behind and closed, long before its output could
    reach limits.max_output."""
    s = _cut_off(tmp, {"max_output": "16M", "max_output_age": "2s"},
                 48 * 1024, r"output unread for \d+ s")
    assert _count_lines(s, r"bytes unread") == 0


def _count_lines(s, pattern):
    rx = re.compile(pattern)
    return len([x for x in s.err.snapshot() if rx.search(x)])


if __name__ == "__main__":
    rtharness.main(globals())
