#!/usr/bin/env python3
"""03: time: the TLS handshake and login deadlines, keepalive pings, the
idle timeout, and the cut-off of a client too far behind in reading."""

import socket
import threading
import time

import rtharness
from rtharness import Server, wait_for
import rtwire as w
from rtwire import frame, mp_encode


def test_handshake_timeout(tmp):
    conf = {"limits": {"handshake_timeout": "300ms"}}
    with Server(tmp, conf=conf).start() as s:
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
        s.login().close()


def test_login_timeout(tmp):
    with Server(tmp, conf={"limits": {"login_timeout": "1s"}}).start() as s:
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


def test_too_far_behind(tmp):
    conf = {"limits": {"max_output": "64K", "max_output_age": "2s"}}
    with Server(tmp, conf=conf).start() as s:
        c = s.login()
        # small, but not so small that loopback drops segments and TCP
        # backs off for seconds (a 4 KiB buffer does)
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 262144)
        ping = frame(mp_encode({"t": w.PING, "nonce": 1 << 40, "id": 7}))
        burst = ping * 20000

        def flood():
            try:
                for _ in range(20):
                    c.sock.sendall(burst)
            except (OSError, Exception):
                pass
        t = threading.Thread(target=flood, daemon=True)
        t.start()
        s.err.wait(r"too-far-behind: too far behind", timeout=30)
        # others are served meanwhile and after
        s.login().close()
        c.close()
        t.join(30)
        wait_for(lambda: s.login() is not None, what="login after flood")


if __name__ == "__main__":
    rtharness.main(globals())
