#!/usr/bin/env python3
"""40: the full-screen client survives a server restart. The server stops
in the middle of a session; the client says the connection is lost and
counts down to its next try; the server comes back on the same port with
the same data; the client logs in again with its resume token, rejoins
the session with since set to the last event it saw, and shows where the
session stands, with nothing missed and nothing shown twice. What the
user had typed stays in the input line through the lost connection, a
resize while it is down, the reconnect, and a password prompt when the
resume token is refused. Line mode reconnects and rejoins the same way."""

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

            # Half a sentence typed, not sent, when the server goes.
            tui.type("half a thought \u00e9t\u00e9")
            tui.wait(r"half a thought \u00e9t\u00e9\s*$")
            port = s.port
            adm.close()
            bob.close()
            s.stop()
            tui.wait(r"Connection lost", what="the lost connection")
            tui.wait(r"disconnected: retrying in \d+s",
                     what="the retry countdown")
            assert tui.input_line().endswith("half a thought \u00e9t\u00e9"), \
                tui.input_line()
            tui.resize(72, 20)
            rtharness.wait_for(lambda: len(tui.screen()) <= 21 and
                               "half a thought" in tui.input_line(), 10,
                               "the typed text after a resize")

            s.conf["server"]["listen"] = "127.0.0.1:%d" % port
            s.start()
            assert s.port == port
            tui.wait(r"Rejoining session #%d after event \d+" % sid,
                     timeout=90, what="the rejoin with since")
            tui.wait(r"Back in session #%d" % sid, timeout=30)
            rtharness.wait_for(lambda: "disconnected" not in tui.status()
                               and "phase" in tui.status(), timeout=15,
                               what="the status bar back in the session")
            assert tui.input_line().endswith("half a thought \u00e9t\u00e9"), \
                tui.input_line()
            # More typed at the end of it lands at the end.
            tui.type(" more")
            tui.wait(r"half a thought \u00e9t\u00e9 more\s*$")
            tui.keys("C-u")
            tui.resize(100, 30)

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


def test_draft_survives_a_password_prompt(tmp):
    """The resume token is revoked while the server is down: the client
    asks for the password on the input line, and what was typed there
    comes back once the password is given."""
    s, adm, bob, sid = ts.setup(tmp, phases=[{"phase": "discussion",
                                              "duration": 600,
                                              "turn": 300}])
    with s:
        # No password in the environment: the client asks.
        tui = Tui(s, "ada", ts.PASSWORD, env={"ROUNDTABLE_PASSWORD": ""})
        try:
            tui.wait(r"Password for ada@", what="the password prompt")
            tui.line(ts.PASSWORD)
            ts.join(tui, sid)
            tui.type("my unsent draft")
            tui.wait(r"my unsent draft\s*$")
            # Every resume token of ada's is revoked.
            other = s.login("ada", ts.PASSWORD)
            other.request({"t": w.LOGOUT, "all": True})
            other.close()
            port = s.port
            adm.close()
            bob.close()
            s.stop()
            tui.wait(r"Connection lost")
            s.conf["server"]["listen"] = "127.0.0.1:%d" % port
            s.start()
            tui.wait(r"resume token was refused", timeout=90,
                     what="the token refused")
            tui.wait(r"Password for ada@", what="the prompt again")
            assert "my unsent draft" not in tui.input_line(), \
                tui.input_line()
            tui.line(ts.PASSWORD)
            tui.wait(r"Back in session #%d" % sid, timeout=30)
            rtharness.wait_for(lambda: tui.input_line().endswith(
                "my unsent draft"), 10, "the draft back in the input line")
            tui.quit()
        finally:
            tui.kill()


def test_line_mode_reconnects(tmp):
    """Line mode comes back after a restart too, with the same backoff;
    /reconnect tries at once."""
    s, adm, bob, sid = ts.setup(tmp, phases=[{"phase": "discussion",
                                              "duration": 600,
                                              "turn": 300}])
    with s:
        tui = Tui(s, "ada", ts.PASSWORD, args=["--line"])
        try:
            tui.wait(r"Logged in as ada")
            tui.line("/session join %d" % sid)
            tui.wait(r'Joined session #%d "Friday"' % sid)
            ts.control(adm, sid, "start")
            tui.wait(r"==== Phase 1/\d+: Discussion")
            port = s.port
            adm.close()
            bob.close()
            s.stop()
            tui.wait(r"\*\*\* Connection lost: .*Reconnecting "
                     r"\(/reconnect: now\)\.", what="the lost connection",
                     joined=True)
            s.conf["server"]["listen"] = "127.0.0.1:%d" % port
            s.start()
            # Whether or not a try is waiting, the client comes back.
            tui.line("/reconnect")
            tui.wait(r"Rejoining session #%d after event \d+" % sid,
                     timeout=90, what="the rejoin with since")
            tui.wait(r"Back in session #%d" % sid, timeout=30)
            # Live events come on the new connection.
            adm = s.login()
            ts.request(adm, {"t": w.SESSION_JOIN, "session": sid},
                       w.SESSION_STATE)
            ts.control(adm, sid, "note", text="heard in line mode")
            tui.wait(r"#%d -!- admin: heard in line mode" % sid)
            tui.quit()
        finally:
            tui.kill()


if __name__ == "__main__":
    rtharness.main(globals())
