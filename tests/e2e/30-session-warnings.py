#!/usr/bin/env python3
"""30: the warnings a timed phase or turn announces follow
sessions.warnings: the configured thresholds replace the default 1 minute
and 10 seconds, phase warnings and turn warnings alike, and "none" turns
them off."""

import os
import subprocess

import rtharness
import rtsession
from rtharness import SERVER
from rtsession import server, started
import rtwire as w

rtsession.TEMPLATES["warned"] = """
[protocol]
title = Warned phases
min_members = 1

[phase open]
title = Open
floor = open
duration = 5s

[phase round]
title = Round
floor = go-around
turn = 4s
"""

rtsession.TEMPLATES["own-warnings"] = """
[protocol]
title = Its own warnings
min_members = 1
warnings = 2s

[phase open]
title = Open
floor = open
duration = 4s

[phase after]
title = After
floor = open
duration = 10m
"""


def warnings_before(m, kind, **fields):
    """The warning events m received before the event kind with fields."""
    end = m.wait_kind(kind, **fields)
    return [e for e in m.events[:m.events.index(end)]
            if e.get("kind") == "warning"]


def test_configured_thresholds(tmp):
    s = server(tmp, conf={"sessions": {"warnings": "3s, 1s"}}).start()
    with s:
        adm, sid, (ada, bob) = started(s, "invite", ["ada", "bob"],
                                       template="warned")
        # The open phase of 5 s warns at 3 s and at 1 s left; the
        # default thresholds (60 s, 10 s) are above its length.
        got = warnings_before(ada, "phase-end", phase=1)
        assert [e.get("value", 0) for e in got] == [0, 0], got
        assert 1000 < got[0]["left_ms"] <= 3000, got
        assert 0 <= got[1]["left_ms"] <= 1000, got
        assert all(e["phase"] == 1 for e in got), got
        # The go-around's first turn of 4 s warns the same way.
        first = ada.wait_kind("turn-start", phase=2)
        got = warnings_before(ada, "turn-end", phase=2)
        got = [e for e in got if e["seq"] > first["seq"]]
        assert [e.get("value", 0) for e in got] == [1, 1], got
        assert 1000 < got[0]["left_ms"] <= 3000, got
        assert 0 <= got[1]["left_ms"] <= 1000, got
        # everyone in the session hears them
        got = warnings_before(bob, "phase-end", phase=1)
        assert [e["left_ms"] <= 3000 for e in got] == [True, True], got
        adm.control(sid, "end")


def test_template_overrides(tmp):
    """A template's own warnings replace the server's."""
    s = server(tmp, conf={"sessions": {"warnings": "3s, 1s"}}).start()
    with s:
        adm, sid, (ada,) = started(s, "invite", ["ada"],
                                   template="own-warnings")
        got = warnings_before(ada, "phase-end", phase=1)
        assert len(got) == 1 and 0 <= got[0]["left_ms"] <= 2000, got
        t = adm.ok({"t": w.TEMPLATE_INFO, "name": "own-warnings"},
                   w.TEMPLATE)
        assert t["warnings"] == "2s", t
        t = adm.ok({"t": w.TEMPLATE_INFO, "name": "warned"}, w.TEMPLATE)
        assert "warnings" not in t, t
        adm.control(sid, "end")


def test_no_warnings(tmp):
    s = server(tmp, conf={"sessions": {"warnings": "none"}}).start()
    with s:
        adm, sid, (ada, bob) = started(s, "invite", ["ada", "bob"],
                                       template="warned")
        first = ada.wait_kind("turn-start", phase=2)
        got = warnings_before(ada, "turn-end", phase=2)
        assert got == [], got
        assert first["left_ms"] > 0, first
        adm.control(sid, "end")


def test_bad_list_refused(tmp):
    """roundtabled -t refuses a list out of order, at its line."""
    path = os.path.join(tmp, "bad.conf")
    with open(path, "w") as f:
        f.write("[sessions]\ngrace = 30s\nwarnings = 10s, 1m\n")
    r = subprocess.run([SERVER, "-t", "-f", path], capture_output=True,
                       timeout=60)
    assert r.returncode == 78, r
    err = r.stderr.decode()
    assert ":3: sessions.warnings: '1m' is not shorter" in err, err


if __name__ == "__main__":
    rtharness.main(globals())
