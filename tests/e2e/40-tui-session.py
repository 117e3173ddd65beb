#!/usr/bin/env python3
"""40: the full-screen client in tmux against a real server, in a session
whose phases are seconds or minutes long. Asserted on the screen: the
countdown appears and goes down; a turn change updates the status bar; a
post out of turn shows the server's reason and the text stays in the
input line, to be posted when the turn comes; after a resize the layout
holds; what other members post is shown inert and at its display width;
the roster shows hands and who has not been heard; Tab completes
commands, names and templates; the scrollback moves by rows through long
posts, Home to the first screenful and End back to live."""

import re

import rtharness
from rtharness import ADMIN_PASSWORD, Server
from rttui import Tui
import rtwire as w

PASSWORD = "correct-horse-42"


def request(conn, msg, want):
    r = conn.request(msg)
    assert r["t"] == want, (msg, r)
    return r


def setup(tmp, phases=None, template="open-discussion"):
    """A server, a space with ada and bob, and a session in its lobby.
    Return the server, the admin's and bob's connections, the session."""
    s = Server(tmp).start()
    for n in ("ada", "bob"):
        s.add_user(n, PASSWORD)
    adm = s.login()
    request(adm, {"t": w.SPACE_CREATE, "slug": "tank", "title": "Think tank",
                  "kind": "open"}, w.SPACE)
    bob = s.login("bob", PASSWORD)
    request(bob, {"t": w.SPACE_JOIN, "space": "tank"}, w.SPACE)
    ada = s.login("ada", PASSWORD)
    request(ada, {"t": w.SPACE_JOIN, "space": "tank"}, w.SPACE)
    ada.close()
    r = request(adm, {"t": w.SESSION_CREATE, "space": "tank",
                      "template": template, "title": "Friday",
                      "phases": phases or [{"phase": "discussion",
                                            "duration": 120, "turn": 30}]},
                w.SESSION)
    sid = r["session"]
    request(adm, {"t": w.SESSION_JOIN, "session": sid}, w.SESSION_STATE)
    request(bob, {"t": w.SESSION_JOIN, "session": sid}, w.SESSION_STATE)
    request(bob, {"t": w.SESSION_ACT, "session": sid, "action": "ack"}, w.OK)
    return s, adm, bob, sid


def control(conn, sid, action, **fields):
    msg = {"t": w.SESSION_CONTROL, "session": sid, "action": action}
    msg.update(fields)
    return request(conn, msg, w.OK)


def roster(tui):
    """The roster's rows: what is right of its separator."""
    return [r.split("\u2502", 1)[1].rstrip() for r in tui.screen()
            if "\u2502" in r]


def countdown(tui):
    """The phase countdown in the status bar, in seconds."""
    m = re.search(r"phase (\d+):(\d\d)", tui.status())
    return int(m.group(1)) * 60 + int(m.group(2)) if m else None


def bob_speaking(tui, adm, bob, sid):
    """Join, start the session, and give bob the floor."""
    join(tui, sid)
    control(adm, sid, "start")
    tui.wait(r"phase \d+:\d\d")
    request(bob, {"t": w.SESSION_ACT, "session": sid, "action": "raise"},
            w.OK)
    tui.wait(r"floor bob")


def join(tui, sid):
    tui.wait(r"Logged in as ada", what="the login")
    tui.line("/session join %d" % sid)
    tui.wait(r'Joined session #%d "Friday"' % sid)
    tui.line("/ack")
    tui.wait(r"ada accepted|norms|ack", what="the norms acknowledged")


def test_countdown_turns_and_refusal(tmp):
    s, adm, bob, sid = setup(tmp)
    with s:
        tui = Tui(s, "ada", PASSWORD)
        try:
            join(tui, sid)
            # The status bar names the space and the session (the space
            # once the client has asked which it is).
            rtharness.wait_for(lambda: "[2:tank/#%d Friday]" % sid in
                               tui.status(), timeout=5,
                               what="the space and session in the status")
            tui.wait(r"#%d Friday \(open-discussion in tank\)" % sid,
                     what="the title bar with the space")
            control(adm, sid, "start")
            tui.wait(r"==== Phase 1/\d+: Discussion \(queue\)",
                     what="the phase separator, with the phase's title")
            tui.wait(r"1/\d+ Discussion \(queue\) phase \d+:\d\d",
                     what="the phase's title and countdown in the status bar")
            first = countdown(tui)
            assert first is not None and 100 < first <= 120, tui.status()
            rtharness.wait_for(lambda: (countdown(tui) or first) < first,
                               timeout=5, what="the countdown to go down")
            assert "rec attributed" in tui.status(), tui.status()
            assert "floor open" in tui.status(), tui.status()
            # Nobody has been heard yet: a star after every name.
            assert {"  ada *", "  bob *", " @admin *"} <= set(roster(tui)), \
                roster(tui)

            # Out of turn: refused with the reason; the text stays.
            tui.line("my point about budgets")
            tui.wait(r"Not posted \(out-of-turn, raise-hand\)",
                     what="the refusal with its reason")
            tui.wait(r"Your text is still in the input line")
            assert "my point about budgets" in tui.input_line(), \
                tui.input_line()

            # Hands: bob's and then ours, in the roster and the queue.
            request(bob, {"t": w.SESSION_ACT, "session": sid,
                          "action": "raise"}, w.OK)
            tui.wait(r"floor bob \d+:\d\d", what="bob holding the floor")
            # bob holds the floor (>), and has been heard: no star.
            rtharness.wait_for(lambda: "> bob" in roster(tui), timeout=5,
                               what="bob heard, in the roster")
            assert "  ada *" in roster(tui), roster(tui)
            # ada's text is still there; raising does not lose it
            tui.keys("C-a", "C-k")
            tui.line("/raise")
            tui.wait(r"you: 1st in queue", what="our place in the queue")
            tui.wait(r"\^1", what="the raised hand in the roster")
            tui.keys("C-y")      # the killed text comes back
            tui.wait(r"\[#%d\] my point about budgets" % sid)

            # The turn changes: bob is done, the floor is ours.
            request(bob, {"t": w.SESSION_ACT, "session": sid,
                          "action": "done"}, w.OK)
            tui.wait(r"floor ada \d+:\d\d", what="the turn change")
            tui.wait(r"you: speaking")
            tui.wait(r"\*\*\* Your turn")
            tui.keys("Enter")
            tui.wait(r"<ada> my point about budgets")
            rtharness.wait_for(lambda: "my point" not in tui.input_line(),
                               timeout=5, what="the input line to clear")

            # Bob has spoken (no *), ada too; the admin facilitates (@)
            # and has not been heard.
            rtharness.wait_for(lambda: {"> ada", "  bob", " @admin *"} <=
                               set(roster(tui)), timeout=5,
                               what="the roster after ada's post")
            # A facilitator note stands apart.
            control(adm, sid, "note", text="Five minutes to wrap up")
            tui.wait(r"-!- admin: Five minutes to wrap up")

            # Tab completes a command and a member's name.
            tui.type("/gra")
            tui.keys("Tab")
            tui.wait(r"(?m)\] /grant\s*$", what="the completed command")
            tui.type("b")
            tui.keys("Tab")
            tui.wait(r"(?m)\] /grant bob\s*$", what="the completed name")
            tui.keys("C-u")
            # And a template's name: two match, then one.
            tui.type("/template fi")
            tui.keys("Tab")
            tui.wait(r"final-word fishbowl", what="the templates listed")
            tui.wait(r"(?m)\] /template fi\s*$")
            tui.type("s")
            tui.keys("Tab")
            tui.wait(r"(?m)\] /template fishbowl\s*$",
                     what="the completed template")
            tui.keys("C-u")

            # Windows: Alt-1 the status window, Alt-2 the session again.
            tui.keys("M-1")
            rtharness.wait_for(lambda: "[1:status]" in tui.status(),
                               timeout=5, what="window 1")
            assert "Roster" not in tui.text()
            tui.keys("M-2")
            rtharness.wait_for(lambda: "[2:tank/#%d" % sid in tui.status(),
                               timeout=5, what="window 2")
            tui.quit()
        finally:
            tui.kill()


def test_resize_and_inert_text(tmp):
    s, adm, bob, sid = setup(tmp, phases=[{"phase": "discussion",
                                           "duration": 300, "turn": 60}])
    with s:
        tui = Tui(s, "ada", PASSWORD, width=100, height=30)
        try:
            bob_speaking(tui, adm, bob, sid)
            # What the server lets through: tabs, newlines, wide text,
            # emoji, and escape-like text that is only text.
            text = "ESC[31m red?\tTab\nsecond line \u6f22\u5b57 \U0001F389 end"
            r = bob.request({"t": w.SESSION_POST, "session": sid,
                             "text": text})
            assert r["t"] == w.POSTED, r
            tui.wait(r"<bob> ESC\[31m red\? Tab",
                     what="the post, its tab a space")
            tui.wait("second line \u6f22\u5b57 \U0001F389 end")
            raw = tui.tmux("capture-pane", "-p", "-e")
            assert "\x1b[31m" not in raw, "text turned into an escape"

            tui.resize(70, 20)
            rtharness.wait_for(lambda: len(tui.screen()) <= 21 and
                               "floor bob" in tui.status(), timeout=10,
                               what="the status bar after the resize")
            rows = [r for r in tui.screen()]
            while rows and rows[-1] == "":
                rows.pop()
            assert len(rows) == 20, rows
            assert rows[-1].startswith("[#%d]" % sid), rows
            assert rows[0].startswith("#%d Friday" % sid), rows
            assert "phase" in rows[-2] and "floor bob" in rows[-2], rows
            assert all(len(r) <= 70 for r in rows), rows
            tui.wait(r"Roster \(3\)", what="the roster after the resize")
            # and back, larger
            tui.resize(120, 40)
            rtharness.wait_for(lambda: len([r for r in tui.screen()
                                            if r]) > 20 and
                               "floor bob" in tui.status(), timeout=10,
                               what="the layout after growing")
            tui.wait("second line \u6f22\u5b57 \U0001F389 end")
            # Scrollback: PgUp shows a marker; End comes back.
            for i in range(40):
                request(adm, {"t": w.SESSION_CONTROL, "session": sid,
                              "action": "note", "text": "note %d" % i},
                        w.OK)
            tui.wait(r"note 39")
            tui.keys("PPage")
            tui.wait(r"more lines? below", what="the scrollback marker")
            tui.keys("End")
            tui.wait_gone(r"more lines? below")
            tui.quit()
        finally:
            tui.kill()


def pane(tui, width):
    """The conversation pane: the rows between the title and status bars,
    left of the roster."""
    rows = tui.screen()[1:-3]
    return [r[:width].rstrip() for r in rows]


def test_scrollback_by_rows(tmp):
    """PgUp and PgDn move half the pane, in rows, through posts that wrap
    to many rows; Home shows the first screenful, the window's oldest line
    at the top; End comes back to live."""
    s, adm, bob, sid = setup(tmp, phases=[{"phase": "discussion",
                                           "duration": 600, "turn": 300}])
    with s:
        tui = Tui(s, "ada", PASSWORD, width=80, height=24)
        try:
            bob_speaking(tui, adm, bob, sid)
            for i in range(6):
                text = " ".join("p%dw%02d" % (i, j) for j in range(60))
                r = bob.request({"t": w.SESSION_POST, "session": sid,
                                 "text": text})
                assert r["t"] == w.POSTED, r
            tui.wait(r"p5w59")
            width = 80 - 23             # the roster takes 23 columns
            height = 24 - 3
            half = height // 2
            live = pane(tui, width)
            assert not any("more line" in r for r in live), live

            tui.keys("PPage")
            tui.wait(r"more lines? below: End or PgDn")
            up = pane(tui, width)
            # Half a pane up, by rows: what was at row r is at row
            # r + half - 1 (the marker takes the bottom row).
            assert up[half - 1:height - 1] == live[:height - half], \
                (live, up)
            tui.keys("PPage")
            up2 = rtharness.wait_for(lambda: pane(tui, width) != up and
                                     pane(tui, width), timeout=5,
                                     what="the second PgUp")
            # Both scrolled: what was at row r is at row r + half.
            assert up2[half:height - 1] == up[:height - 1 - half], (up, up2)
            tui.keys("NPage")
            rtharness.wait_for(lambda: pane(tui, width) == up, timeout=5,
                               what="PgDn back to the first PgUp")
            tui.keys("NPage")
            rtharness.wait_for(lambda: pane(tui, width) == live, timeout=5,
                               what="PgDn back to live")

            # Home: the window's oldest line at the top of the pane.
            tui.keys("Home")
            tui.wait(r"more lines below: End or PgDn")
            home = pane(tui, width)
            assert "ada joins" in home[0], home
            assert home[-1].startswith("-- ") and "more lines below" in \
                home[-1], home
            # Up from Home stays; down one page moves half a pane.
            tui.keys("PPage")
            tui.keys("NPage")
            rtharness.wait_for(lambda: pane(tui, width)[:height - 1 - half]
                               == home[half:height - 1], timeout=5,
                               what="PgDn from Home")
            # New posts while scrolled do not move the view.
            before = pane(tui, width)
            r = bob.request({"t": w.SESSION_POST, "session": sid,
                             "text": "a late post"})
            assert r["t"] == w.POSTED, r
            rtharness.wait_for(lambda: pane(tui, width)[:-1] ==
                               before[:-1] and pane(tui, width)[-1] !=
                               before[-1], timeout=5,
                               what="the marker to count the new post")
            tui.keys("End")
            tui.wait(r"<bob> a late post")
            tui.wait_gone(r"more lines? below")
            tui.quit()
        finally:
            tui.kill()


if __name__ == "__main__":
    rtharness.main(globals())
