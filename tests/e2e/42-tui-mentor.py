#!/usr/bin/env python3
"""42: the mentor view of the full-screen client, over the transcripts
block (PROTOCOL.md 5.4). A short session runs and ends; a mentor of the
space browses its archived sessions, reads the transcript in a review
window with its phase markers and numbered entries, searches it, sees
the participation report, annotates an entry, and exports the transcript
to a file, everything asserted on the screen (and the file)."""

import os
import re

import rtharness
from rtharness import Server
from rttui import Tui
import rtwire as w

PASSWORD = "correct-horse-42"


def request(conn, msg, want):
    r = conn.request(msg)
    assert r["t"] == want, (msg, r)
    return r


def ended_session(s):
    """A space with ada and bob, mia its mentor, and a session that ran
    two phases and ended. Return the session's number."""
    for n in ("ada", "bob", "mia"):
        s.add_user(n, PASSWORD)
    adm = s.login()
    request(adm, {"t": w.SPACE_CREATE, "slug": "tank", "title": "Think tank",
                  "kind": "open"}, w.SPACE)
    request(adm, {"t": w.SPACE_ADD, "space": "tank", "user": "mia",
                  "role": "mentor"}, w.OK)
    people = {}
    for n in ("ada", "bob"):
        people[n] = s.login(n, PASSWORD)
        request(people[n], {"t": w.SPACE_JOIN, "space": "tank"}, w.SPACE)
    sid = request(adm, {"t": w.SESSION_CREATE, "space": "tank",
                        "template": "open-discussion", "title": "Budget talk",
                        "phases": [{"phase": "discussion", "duration": 600},
                                   {"phase": "wrap-up", "duration": 600}]},
                  w.SESSION)["session"]
    request(adm, {"t": w.SESSION_JOIN, "session": sid}, w.SESSION_STATE)
    for c in people.values():
        request(c, {"t": w.SESSION_JOIN, "session": sid}, w.SESSION_STATE)
        request(c, {"t": w.SESSION_ACT, "session": sid, "action": "ack"},
                w.OK)
    for action in ("start", "next"):
        request(adm, {"t": w.SESSION_CONTROL, "session": sid,
                      "action": action}, w.OK)
    request(people["ada"], {"t": w.SESSION_POST, "session": sid,
                            "text": "Caf\u00e9 au lait for the budget?"},
            w.POSTED)
    request(people["bob"], {"t": w.SESSION_POST, "session": sid,
                            "text": "A second thought \U0001F914"}, w.POSTED)
    request(adm, {"t": w.SESSION_CONTROL, "session": sid, "action": "note",
                  "text": "Two minutes left"}, w.OK)
    request(adm, {"t": w.SESSION_CONTROL, "session": sid, "action": "end"},
            w.OK)
    for c in [adm] + list(people.values()):
        c.close()
    return sid


def test_mentor_reviews_a_transcript(tmp):
    with Server(tmp).start() as s:
        sid = ended_session(s)
        tui = Tui(s, "mia", PASSWORD, width=110, height=36)
        try:
            tui.wait(r"Logged in as mia")
            # Browse the archived sessions.
            tui.line("/transcript list tank")
            tui.wait(r'#%d\s+"Budget talk" \(open-discussion, attributed\)'
                     % sid, what="the archived session")
            # Read it: a review window with phase markers and entries.
            tui.line("/transcript read %d" % sid)
            tui.wait(r"\[2:T#%d\]" % sid, what="the review window")
            tui.wait(r"Review of session #%d \"Budget talk\"" % sid)
            tui.wait(r"==== #\d+ Phase 1: Discussion \(queue\)",
                     what="phase 1's marker")
            tui.wait(r"==== #\d+ Phase 2: Wrap-up \(open\)",
                     what="phase 2's marker")
            m = tui.wait(r"#(\d+) <ada> Caf\u00e9 au lait for the budget\?")
            seq = int(m.group(1))
            tui.wait("#\\d+ <bob> A second thought \U0001F914")
            tui.wait(r"-!- .*#\d+ admin: Two minutes left")
            tui.wait(r"==== #\d+ Session ended")
            tui.wait(r"end of the transcript")
            # Search: accents do not matter; the match is marked.
            tui.line("/transcript search tank cafe")
            tui.wait(r"#%d/%d \"Budget talk\".*\*Caf\u00e9\*" % (sid, seq),
                     what="the search hit")
            # The participation report.
            tui.line("/transcript report %d" % sid)
            tui.wait(r"==== Participation in session #%d" % sid)
            tui.wait(r"ada\s+participant\s+\d+\s+1\s+")
            # Annotate the entry found, and list the notes.
            tui.line("/transcript annotate %d %d Good question to open"
                     % (sid, seq))
            tui.wait(r"\[note \d+ on #%d by mia\] Good question to open"
                     % seq, what="the note")
            # Export to a file.
            out = os.path.join(tui.home, "budget.md")
            tui.line("/export md %s %d" % (out, sid))
            tui.wait(r"Exported session #%d \(markdown" % sid,
                     what="the export")
            with open(out, encoding="utf-8") as f:
                text = f.read()
            assert "Caf\u00e9 au lait for the budget?" in text, text[:2000]
            assert re.search(r"^## ", text, re.M), text[:2000]
            # Back to the status window and to the review with Alt keys.
            tui.keys("M-1")
            rtharness.wait_for(lambda: "[1:status]" in tui.status(), 5,
                               "window 1")
            tui.keys("M-2")
            rtharness.wait_for(lambda: "[2:T#%d]" % sid in tui.status(), 5,
                               "window 2")
            tui.quit()
        finally:
            tui.kill()


if __name__ == "__main__":
    rtharness.main(globals())
