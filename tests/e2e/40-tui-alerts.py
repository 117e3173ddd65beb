#!/usr/bin/env python3
"""40: the full-screen client's alerts. Every byte the client writes to
its tmux pane is recorded (pipe-pane), so a bell is a BEL byte there (and
tmux's bell flag) and a flash is the terminal's flash sequence (tmux's
terminfo: ESC g). With the default alert=bell the client rings when the
user's turn starts and when ten seconds are left in it; alert=flash,
read from the config file, flashes instead; alert=none is silent. And
the events a rejoin replays after a lost connection are shown but do not
ring: a fake server replays a turn and warnings while the join waits for
its reply, then sends a live warning, which rings once."""

import importlib.util
import os

import rtharness
from rtfake import FakeServer
from rttui import Tui
import rtwire as w

_spec = importlib.util.spec_from_file_location(
    "tui_session", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "40-tui-session.py"))
ts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ts)

BEL = b"\x07"
FLASH = b"\x1bg"


def rings(tui, what=BEL):
    return tui.recorded().count(what)


def turn_and_warning(tmp, args=(), config=None):
    """A running session with ada in it, who has not spoken yet; return
    the server, connections and the client, which is left running. With
    the floor open, ada's raised hand gives her the floor at once, a
    turn of 12 seconds: its ten-second warning comes 2 seconds later."""
    s, adm, bob, sid = ts.setup(tmp, phases=[{"phase": "discussion",
                                              "duration": 600, "turn": 12}])
    home = os.path.join(tmp, "ada-home")
    if config is not None:
        os.makedirs(os.path.join(home, "config", "roundtable"))
        with open(os.path.join(home, "config", "roundtable", "config"),
                  "w") as f:
            f.write(config)
    os.makedirs(home, exist_ok=True)
    tui = Tui(s, "ada", ts.PASSWORD, args=args, home=home, record=True)
    ts.join(tui, sid)
    ts.control(adm, sid, "start")
    tui.wait(r"floor open")
    return s, adm, bob, sid, tui


def test_bell_on_turn_and_time_nearly_up(tmp):
    s, adm, bob, sid, tui = turn_and_warning(tmp)
    with s:
        try:
            assert rings(tui) == 0, "a bell before ada's turn"
            tui.line("/raise")
            tui.wait(r"\*\*\* Your turn")
            rtharness.wait_for(lambda: rings(tui) >= 1, 5, "the turn's bell")
            assert tui.bell(), "tmux saw no bell"
            tui.wait(r"\*\*\* 0:10 left in the turn of ada", timeout=30,
                     what="the ten-second warning")
            rtharness.wait_for(lambda: rings(tui) >= 2, 5,
                               "the warning's bell")
            assert rings(tui, FLASH) == 0
            tui.quit()
            # The turn and its warning, and nothing else, rang.
            assert rings(tui) == 2, rings(tui)
        finally:
            tui.kill()


def test_flash_from_the_config_file(tmp):
    s, adm, bob, sid, tui = turn_and_warning(
        tmp, config="[ui]\nalert = flash\n")
    with s:
        try:
            tui.line("/raise")
            tui.wait(r"\*\*\* Your turn")
            rtharness.wait_for(lambda: rings(tui, FLASH) >= 1, 5,
                               "the turn's flash")
            tui.wait(r"\*\*\* 0:10 left in the turn of ada", timeout=30)
            rtharness.wait_for(lambda: rings(tui, FLASH) >= 2, 5,
                               "the warning's flash")
            tui.quit()
            assert rings(tui, FLASH) == 2, rings(tui, FLASH)
            assert rings(tui) == 0, "a bell with alert = flash"
        finally:
            tui.kill()


def test_none_is_silent(tmp):
    s, adm, bob, sid, tui = turn_and_warning(tmp, args=["--alert", "none"])
    with s:
        try:
            tui.line("/raise")
            tui.wait(r"\*\*\* Your turn")
            tui.wait(r"\*\*\* 0:10 left in the turn of ada", timeout=30)
            tui.quit()
            assert rings(tui) == 0 and rings(tui, FLASH) == 0
            assert not tui.bell()
        finally:
            tui.kill()


def state(rid, seq):
    """Session 5, running, bob holding the floor, ada in the queue."""
    return {"t": w.SESSION_STATE, "id": rid, "session": 5, "seq": seq,
            "title": "Friday", "template": "open-discussion",
            "record": "attributed", "status": "running", "role":
            "participant", "norms_acked": True, "phase": 1, "nphases": 1,
            "phase_id": "discussion", "phase_title": "Discussion",
            "floor": "queue", "phase_left_ms": 600000, "phase_total_ms":
            600000, "holder": "bob", "turn_left_ms": 60000,
            "turn_total_ms": 60000, "queue": ["ada"],
            "members": [{"user": "ada", "role": "participant",
                         "connected": True},
                        {"user": "bob", "role": "participant",
                         "connected": True}]}


def event(seq, kind, **fields):
    e = {"t": w.SESSION_EVENT, "id": 0, "session": 5, "seq": seq,
         "at": 1700000000000 + seq, "kind": kind, "left_ms": -1,
         "total_ms": -1}
    e.update(fields)
    return e


def test_backfill_does_not_ring(tmp):
    fake = FakeServer(tmp)
    joins = []

    def join(conn, m):
        joins.append(m)
        if m.get("since", 0) > 0:
            # What happened while the client was away, then the reply.
            conn.send(event(12, "turn-end", user="ada"))
            conn.send(event(13, "turn-start", user="ada", left_ms=50000,
                            total_ms=60000))
            conn.send(event(14, "warning", value=1, user="ada",
                            left_ms=10000))
            conn.send(event(15, "warning", value=0, left_ms=60000))
            conn.send(state(m["id"], 15))
        else:
            conn.send(state(m["id"], 10))
    fake.replies = {w.SESSION_JOIN: join}
    tui = Tui(fake, "ada", "pw", env={"ROUNDTABLE_PASSWORD": "pw"},
              record=True)
    try:
        tui.wait(r"Logged in as ada")
        tui.line("/session join 5")
        tui.wait(r'Joined session #5 "Friday"')
        fake.last().send(event(11, "turn-start", user="ada", left_ms=60000,
                               total_ms=60000))
        tui.wait(r"\*\*\* Your turn: 1:00")
        rtharness.wait_for(lambda: rings(tui) >= 1, 5, "the live turn's bell")
        assert rings(tui) == 1, rings(tui)

        fake.last().close()             # the network goes
        tui.wait(r"Connection lost")
        tui.wait(r"Back in session #5", timeout=30, what="the rejoin")
        assert joins[-1].get("since") == 11, joins
        tui.wait(r"\*\*\* Your turn: 0:50", what="the replayed turn")
        tui.wait(r"\*\*\* 1:00 left in the phase", what="the replayed "
                 "warning")
        # A live warning after the reply rings; then the count is 2.
        fake.last().send(event(16, "warning", value=1, user="ada",
                               left_ms=9000))
        tui.wait(r"\*\*\* 0:09 left in the turn of")
        rtharness.wait_for(lambda: rings(tui) >= 2, 5, "the live bell")
        assert rings(tui) == 2, "the replayed events rang"
    finally:
        tui.kill()
        fake.close()


if __name__ == "__main__":
    rtharness.main(globals())
