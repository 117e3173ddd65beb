#!/usr/bin/env python3
"""40: the full-screen client's layout and styles, in tmux against a real
server. A terminal under 60 columns has no roster and the status bar
keeps what matters; one too small for anything says "too small" and the
layout (and what was typed) comes back with the size. With colours on
(NO_COLOR unset) refusals, facilitator notes, the bars and one's own
posts are styled, in the default colours or in those of the config file
($XDG_CONFIG_HOME/roundtable/config), which can also turn them off. Wide
characters and emoji in the input line take their width: the cursor
stands where the text ends, and editing in the middle of them works."""

import importlib.util
import os
import re

import rtharness
from rttui import Tui
import rtwire as w

_spec = importlib.util.spec_from_file_location(
    "tui_session", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "40-tui-session.py"))
ts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ts)

SGR = re.compile(r"\x1b\[([0-9;]*)m")
COLOURS = {"black": "30", "red": "31", "green": "32", "yellow": "33",
           "blue": "34", "magenta": "35", "cyan": "36", "white": "37"}


def style(tui, text):
    """The SGR codes in effect where text starts on the screen (from the
    start of its row, tmux capture-pane -e), as a set."""
    for row in tui.attributes().split("\n"):
        at = row.find(text)
        if at < 0:
            continue
        codes = set()
        for m in SGR.finditer(row[:at]):
            for c in m.group(1).split(";") or [""]:
                if c in ("", "0"):
                    codes = set()
                else:
                    codes.add(c)
        return codes
    raise AssertionError("%r is not on the screen:\n%s" % (text, tui.text()))


def home_with(tmp, name, config):
    """A home directory whose config file holds config."""
    home = os.path.join(tmp, name)
    os.makedirs(os.path.join(home, "config", "roundtable"))
    with open(os.path.join(home, "config", "roundtable", "config"), "w") as f:
        f.write(config)
    return home


def refusal_and_note(tui, adm, sid, start=True):
    """A refused post and a facilitator note on ada's screen."""
    ts.join(tui, sid)
    if start:
        ts.control(adm, sid, "start")
    tui.line("out of turn")
    tui.wait(r"Not posted")
    ts.control(adm, sid, "note", text="a note to all")
    tui.wait(r"-!- admin: a note to all")


def test_narrow_and_too_small(tmp):
    s, adm, bob, sid = ts.setup(tmp)
    with s:
        tui = Tui(s, "ada", ts.PASSWORD, width=50, height=20)
        try:
            ts.bob_speaking(tui, adm, bob, sid)
            rows = [r for r in tui.screen() if r]
            # No roster under 60 columns: no separator, no names column.
            assert "Roster" not in tui.text(), tui.text()
            assert not any("\u2502" in r for r in rows), rows
            assert all(len(r) <= 50 for r in rows), rows
            status = tui.status()
            # The status bar keeps the countdown and the floor.
            assert re.search(r"phase \d+:\d\d \| floor bob \d+:\d\d",
                             status), status
            tui.type("kept through it all")
            tui.wait(r"kept through it all\s*$")

            tui.resize(9, 3)
            tui.wait(r"^too small", what="the too small screen")
            tui.resize(50, 20)
            rtharness.wait_for(lambda: "floor bob" in tui.status(), 10,
                               "the layout back")
            assert tui.input_line().endswith("kept through it all"), \
                tui.input_line()
            # And wide enough again: the roster comes back.
            tui.resize(80, 24)
            tui.wait(r"Roster \(3\)")
            tui.quit()
        finally:
            tui.kill()


def styled(s, adm, sid, home, want, start=True):
    """ada's refusal, the admin's note and the status bar, with colours
    on (NO_COLOR unset), each with at least the SGR codes wanted; want
    None: no colour at all, only bold, dim and reverse."""
    tui = Tui(s, "ada", ts.PASSWORD, env={"NO_COLOR": ""}, home=home)
    try:
        refusal_and_note(tui, adm, sid, start)
        if want is None:
            for code in SGR.findall(tui.attributes()):
                for c in code.split(";"):
                    assert c in ("", "0", "1", "2", "7", "22", "27", "39",
                                 "49"), ("a colour", code)
        for text, codes in (want or {}).items():
            text = text.replace("%d", str(sid))
            assert set(codes) <= style(tui, text), (text, codes,
                                                    style(tui, text))
        tui.quit()
    finally:
        tui.kill()


def test_colours(tmp):
    s, adm, bob, sid = ts.setup(tmp)
    with s:
        styled(s, adm, sid, None, {
            "!!! Not posted": ["1", COLOURS["red"]],
            "-!- admin: a note": ["1", COLOURS["yellow"]],
            "[2:tank/#%d": [COLOURS["white"], "44"],
            "==== Phase 1/": [COLOURS["cyan"]]})


def test_colours_from_the_config_file(tmp):
    s, adm, bob, sid = ts.setup(tmp)
    with s:
        home = home_with(tmp, "ada", "[ui]\ncolors = yes\n"
                         "[colors]\nrefusal = magenta\nnote = cyan/black\n"
                         "status = black/yellow\n")
        styled(s, adm, sid, home, {
            "!!! Not posted": [COLOURS["magenta"]],
            "-!- admin: a note": [COLOURS["cyan"], "40"],
            "[2:tank/#%d": [COLOURS["black"], "43"]})
        # colors = no in the file: styles without colours, markers stay.
        styled(s, adm, sid, home_with(tmp, "ada2", "[ui]\ncolors = no\n"),
               None, start=False)


def cursor(tui):
    """The cursor's column and row."""
    x, y = tui.tmux("display-message", "-p",
                    "#{cursor_x} #{cursor_y}").split()
    return int(x), int(y)


def test_wide_characters_in_the_input_line(tmp):
    s, adm, bob, sid = ts.setup(tmp)
    with s:
        tui = Tui(s, "ada", ts.PASSWORD, width=80, height=24)
        try:
            ts.join(tui, sid)
            prompt = "[#%d] " % sid
            tui.type("\u65e5\u672c\u8a9e \U0001F389")
            tui.wait("\u65e5\u672c\u8a9e \U0001F389\\s*$")
            # Three wide characters, a space and a wide emoji: 9 columns.
            rtharness.wait_for(lambda: cursor(tui) == (len(prompt) + 9, 23),
                               5, "the cursor after the emoji")
            tui.type("abc")
            tui.wait("\u65e5\u672c\u8a9e \U0001F389abc\\s*$")
            rtharness.wait_for(lambda: cursor(tui) == (len(prompt) + 12,
                                                       23), 5,
                               "the cursor after more text")
            # Back over "abc", the emoji and the space; insert there.
            tui.keys("Left", "Left", "Left", "Left", "Left")
            tui.type("!")
            tui.wait("\u65e5\u672c\u8a9e! \U0001F389abc\\s*$")
            rtharness.wait_for(lambda: cursor(tui) == (len(prompt) + 7, 23),
                               5, "the cursor after the insert")
            # Backspace takes a whole wide character.
            tui.keys("Left", "BSpace")
            tui.wait("\u65e5\u672c! \U0001F389abc\\s*$")
            # Sent, it is posted (or refused) whole.
            tui.keys("End", "Enter")
            tui.wait("Not posted|<ada> \u65e5\u672c! \U0001F389abc")
            tui.quit()
        finally:
            tui.kill()


if __name__ == "__main__":
    rtharness.main(globals())
