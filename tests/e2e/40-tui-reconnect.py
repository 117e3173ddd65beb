#!/usr/bin/env python3
"""40: the full-screen client survives a server restart. The server stops
in the middle of a session; the client says the connection is lost and
counts down to its next try; the server comes back on the same port with
the same data; the client logs in again with its resume token, rejoins
the session with since set to the last event it saw, and shows where the
session stands, with nothing missed and nothing shown twice."""

import importlib.util
import os

import rtharness
from rttui import Tui
import rtwire as w

_spec = importlib.util.spec_from_file_location(
    "tui_session", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "40-tui-session.py"))
ts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ts)


def test_restart_reconnects_and_resumes(tmp):
    s, adm, bob, sid = ts.setup(tmp, phases=[{"phase": "discussion",
                                              "duration": 600,
                                              "turn": 300}])
    with s:
        tui = Tui(s, "ada", ts.PASSWORD)
        try:
            ts.join(tui, sid)
            ts.control(adm, sid, "start")
            ts.request(bob, {"t": w.SESSION_ACT, "session": sid,
                             "action": "raise"}, w.OK)
            tui.wait(r"floor bob")
            r = bob.request({"t": w.SESSION_POST, "session": sid,
                             "text": "said before the restart"})
            assert r["t"] == w.POSTED, r
            tui.wait(r"<bob> said before the restart")

            port = s.port
            adm.close()
            bob.close()
            s.stop()
            tui.wait(r"Connection lost", what="the lost connection")
            tui.wait(r"disconnected: retrying in \d+s",
                     what="the retry countdown")

            s.conf["server"]["listen"] = "127.0.0.1:%d" % port
            s.start()
            assert s.port == port
            tui.wait(r"Rejoining session #%d after event \d+" % sid,
                     timeout=90, what="the rejoin with since")
            tui.wait(r"Back in session #%d" % sid, timeout=30)
            rtharness.wait_for(lambda: "disconnected" not in tui.status()
                               and "phase" in tui.status(), timeout=15,
                               what="the status bar back in the session")

            bob = s.login("bob", ts.PASSWORD)
            ts.request(bob, {"t": w.SESSION_JOIN, "session": sid},
                       w.SESSION_STATE)
            tui.wait(r"floor bob", what="bob's turn going on")
            r = bob.request({"t": w.SESSION_POST, "session": sid,
                             "text": "said after the restart"})
            assert r["t"] == w.POSTED, r
            tui.wait(r"<bob> said after the restart")
            screen = tui.text()
            assert screen.count("said before the restart") == 1, screen
            assert screen.count("said after the restart") == 1, screen
            # The client still takes commands on the new connection.
            tui.line("/session stats")
            tui.wait(r"Not heard yet|Everyone listed has been heard")
            tui.quit()
        finally:
            tui.kill()


if __name__ == "__main__":
    rtharness.main(globals())
