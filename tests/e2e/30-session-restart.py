#!/usr/bin/env python3
"""30: sessions survive a server restart, kill -9 included: the session
resumes in the same phase and turn, the downtime does not use up the
phase's or the turn's time (to within a second), members are told it
resumed, and a rejoin with `since` gets exactly the events it missed."""

import time

import rtharness
from rtsession import Member, create, server, space_with
import rtwire as w


def running(tmp):
    s = server(tmp, conf={"sessions": {"grace": "20s"}}).start()
    adm = space_with(s, "tank", "invite", ["ada", "bob", "cy"])
    sid = create(adm, "tank", "quick")
    p = {n: Member(s, n) for n in ("ada", "bob", "cy")}
    adm.join(sid)
    for m in p.values():
        m.join(sid)
        m.act(sid, "ack")
    adm.control(sid, "start")
    adm.control(sid, "next")         # straight to the 60 s go-around
    return s, adm, sid, p


def test_kill9_mid_phase_keeps_time(tmp):
    rtharness.not_under_valgrind("timing to within a second")
    s, adm, sid, p = running(tmp)
    ts = p["ada"].wait_kind("turn-start", phase=2)
    holder = ts["user"]
    st0 = p["bob"].join(sid)
    t0 = time.monotonic()
    assert st0["phase"] == 2 and st0["holder"] == holder, st0
    left0, turn0 = st0["phase_left_ms"], st0["turn_left_ms"]
    seen = p["bob"].last_seq
    time.sleep(1.5)                  # the session runs a while
    t_kill = time.monotonic()
    s.kill9()
    time.sleep(3.0)                  # downtime: must not be charged
    s.start()
    t_up = time.monotonic()
    bob = Member(s, "bob")
    st = bob.join(sid, since=seen)
    alive = (t_kill - t0) + (time.monotonic() - t_up)
    assert st["status"] == "running" and st["phase"] == 2, st
    assert st["holder"] == holder, st
    expect = left0 - alive * 1000
    assert abs(st["phase_left_ms"] - expect) <= 1000, (st, expect)
    assert st["turn_held"] is True, st
    assert abs(st["turn_left_ms"] - (turn0 - alive * 1000)) <= 1000, st
    kinds = [e["kind"] for e in bob.events]
    assert "resumed" in kinds, kinds
    seqs = [e["seq"] for e in bob.events]
    assert seqs == list(range(seen + 1, seen + 1 + len(seqs))), seqs
    assert st["seq"] >= seqs[-1], (st, seqs)
    # the held turn goes on when its holder comes back
    h = Member(s, holder)
    h.join(sid)
    bob.wait_kind("turn-resumed", user=holder)
    r = h.post(sid, "back after the restart")
    assert r["t"] == w.POSTED, r
    bob.wait_kind("post", text="back after the restart")
    s.stop()


def test_clean_restart_and_lobby(tmp):
    s = server(tmp).start()
    adm = space_with(s, "tank", "open", ["ada"])
    sid = create(adm, "tank", "long")
    ada = Member(s, "ada")
    ada.join(sid)
    ada.act(sid, "ack")
    s.stop()
    s.start()
    ada = Member(s, "ada")
    st = ada.join(sid)
    assert st["status"] == "lobby", st
    assert st["norms_acked"] is True, st
    adm = Member(s, "admin", rtharness.ADMIN_PASSWORD)
    adm.join(sid)
    assert adm.control(sid, "start")["t"] == w.OK
    st = ada.join(sid)
    assert st["status"] == "running", st
    left = st["phase_left_ms"]
    s.stop()
    s.start()
    ada = Member(s, "ada")
    st = ada.join(sid)
    assert st["status"] == "running", st
    if not rtharness.VALGRIND:      # a timing, which valgrind changes
        assert 0 <= left - st["phase_left_ms"] < 2000, (left, st)
    assert ada.post(sid, "still here")["t"] == w.POSTED
    s.stop()


def test_rejoin_backfill_exact(tmp):
    s, adm, sid, p = running(tmp)
    with s:
        cy = p["cy"]
        cy.wait_kind("turn-start", phase=2)
        mark = cy.last_seq
        cy.close()
        # events happen while cy is away
        assert adm.control(sid, "note", text="while you were away")["t"] \
            == w.OK
        assert adm.control(sid, "note", text="and again")["t"] == w.OK
        cy = Member(s, "cy")
        st = cy.join(sid, since=mark)
        seqs = [e["seq"] for e in cy.events]
        assert seqs == list(range(mark + 1, st["seq"] + 1)), (mark, seqs,
                                                              st["seq"])
        texts = [e.get("text") for e in cy.events]
        assert "while you were away" in texts and "and again" in texts
        # and then live events continue from there, without repeats
        adm.control(sid, "note", text="live")
        e = cy.wait_kind("note", text="live")
        assert e["seq"] == st["seq"] + 1 or e["seq"] > st["seq"], e
        all_seqs = [e["seq"] for e in cy.events if e.get("seq")]
        assert len(all_seqs) == len(set(all_seqs)), all_seqs


if __name__ == "__main__":
    rtharness.main(globals())
