#!/usr/bin/env python3
"""20-ops-notify: systemd's notification protocol. The test binds its
own datagram socket, passes it as $NOTIFY_SOCKET, and checks that READY=1
comes once the server listens, RELOADING=1 (with MONOTONIC_USEC) and
READY=1 around a SIGHUP, STATUS= lines with the connection counts, and
STOPPING=1 at SIGTERM, in that order; and WATCHDOG=1 when asked for."""

import os
import signal

import rtharness
from rtharness import Server, wait_for
from opslib import NotifySocket, monotonic_usec


def test_sequence(tmp):
    ns = NotifySocket(tmp)
    s = Server(tmp, env={"NOTIFY_SOCKET": ns.path})
    try:
        s.start()
        ready = ns.wait(lambda m: m.get("READY") == "1", what="READY=1")
        # READY=1 comes after the listeners are up
        assert ns.snapshot()[ready]["STATUS"].startswith("0 connections")
        assert s.port is not None

        c = s.login()
        ns.wait(lambda m: "1 connection (1 logged in)" in
                m.get("STATUS", ""), start=ready, what="STATUS counts")

        before = monotonic_usec()
        s.proc.send_signal(signal.SIGHUP)
        rel = ns.wait(lambda m: m.get("RELOADING") == "1", start=ready,
                      what="RELOADING=1")
        after = monotonic_usec()
        usec = int(ns.snapshot()[rel]["MONOTONIC_USEC"])
        assert before <= usec <= after, (before, usec, after)
        again = ns.wait(lambda m: m.get("READY") == "1", start=rel + 1,
                        what="READY=1 after the reload")
        s.err.wait(r"reloaded; certificate")
        c.ping()

        s.proc.send_signal(signal.SIGTERM)
        stop = ns.wait(lambda m: m.get("STOPPING") == "1", start=again,
                       what="STOPPING=1")
        assert "shutting down" in ns.snapshot()[stop]["STATUS"]
        c.closed()
        wait_for(lambda: s.proc.poll() is not None, what="exit")
        assert s.stop() == 0
        msgs = ns.snapshot()
        order = [k for m in msgs for k in ("READY", "RELOADING", "STOPPING")
                 if m.get(k) == "1"]
        assert order == ["READY", "RELOADING", "READY", "STOPPING"], msgs
    finally:
        if s.alive():
            s.proc.kill()
        ns.close()


def test_failed_reload(tmp):
    """A reload that keeps the old configuration still ends in READY=1."""
    ns = NotifySocket(tmp)
    s = Server(tmp, env={"NOTIFY_SOCKET": ns.path})
    with s.start():
        ready = ns.wait(lambda m: m.get("READY") == "1", what="READY=1")
        with open(s.conf_path, "a") as f:
            f.write("[limits]\nping_interval = never\n")
        s.proc.send_signal(signal.SIGHUP)
        rel = ns.wait(lambda m: m.get("RELOADING") == "1", start=ready,
                      what="RELOADING=1")
        ns.wait(lambda m: m.get("READY") == "1", start=rel + 1,
                what="READY=1 after a failed reload")
        s.err.wait(r"keeping the old")
        s.login().close()
    ns.close()


def test_watchdog(tmp):
    ns = NotifySocket(tmp)
    s = Server(tmp, env={"NOTIFY_SOCKET": ns.path,
                         "WATCHDOG_USEC": "400000"})
    with s.start():
        first = ns.wait(lambda m: m.get("WATCHDOG") == "1",
                        what="WATCHDOG=1")
        ns.wait(lambda m: m.get("WATCHDOG") == "1", start=first + 1,
                what="a second WATCHDOG=1")
    ns.close()


def test_no_listener(tmp):
    """A notification socket nobody listens on does not stop the server,
    and without $NOTIFY_SOCKET nothing is sent at all."""
    env = {"NOTIFY_SOCKET": os.path.join(tmp, "nobody.sock")}
    with Server(tmp, env=env).start() as s:
        s.login().close()
        s.proc.send_signal(signal.SIGHUP)
        s.err.wait(r"reloaded; certificate")
    ns = NotifySocket(tmp)
    s = Server(tmp)
    s.env.pop("NOTIFY_SOCKET", None)
    with s.start():
        s.login().close()
    assert ns.snapshot() == []
    ns.close()


if __name__ == "__main__":
    rtharness.main(globals())
