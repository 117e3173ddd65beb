#!/usr/bin/env python3
"""30: a protocol session end to end, with phases seconds long: the lobby,
norms, a presenter-only phase, a timed go-around with passes and turn
expiry, an open phase that waits for the facilitator, and the end. The
refusals and the phase changes are asserted on the wire."""

import rtharness
from rtsession import PASSWORD, Member, create, server, space_with, started
import rtwire as w


def setup(tmp):
    s = server(tmp).start()
    adm = space_with(s, "tank", "invite", ["ada", "bob", "cy"])
    sid = create(adm, "tank", "quick", title="Friday tank")
    people = {n: Member(s, n) for n in ("ada", "bob", "cy")}
    return s, adm, sid, people


def test_lobby_norms_and_presenter_phase(tmp):
    s, adm, sid, p = setup(tmp)
    with s:
        st = adm.join(sid)
        assert st["status"] == "lobby" and st["role"] == "facilitator", st
        assert st["norms_acked"] is True, st        # facilitators lead
        for m in p.values():
            st = m.join(sid)
            assert st["role"] == "participant", st
            assert "Listen to understand." in st["norms"], st
            assert "Recorded with names" in st["norms"], st
            assert not st.get("norms_acked"), st
        r = p["ada"].post(sid, "too early")
        assert r["t"] == w.ERROR and r["code"] in (402, 403), r
        # norms must be acknowledged before speaking
        assert adm.control(sid, "role", user="ada",
                           role="presenter")["t"] == w.OK
        assert adm.control(sid, "start")["t"] == w.OK
        ph = p["bob"].wait_kind("phase-start", phase=1)
        assert ph["floor"] == "presenter" and ph["left_ms"] > 0, ph
        assert ph["text"] == "ada presents.", ph
        r = p["ada"].post(sid, "my dilemma")
        assert r["t"] == w.ERROR and r["name"] == "norms", r
        for m in p.values():
            assert m.act(sid, "ack")["t"] == w.OK
        r = p["ada"].post(sid, "my dilemma")
        assert r["t"] == w.POSTED and r["seq"] > 0, r
        e = p["bob"].wait_kind("post", text="my dilemma")
        assert e["user"] == "ada" and e["seq"] == r["seq"], e
        r = p["bob"].post(sid, "a question")
        assert r["t"] == w.ERROR and r["name"] == "out-of-turn", r
        assert r["reason"] == "presenter-only", r
        assert r["phase"] == 1 and r["phase_title"] == "Presenter talk", r
        assert 0 < r["phase_left_ms"] <= 3000, r
        assert "bob" not in [e.get("text") for e in p["cy"].events]
        assert not any(e.get("text") == "a question"
                       for m in p.values() for e in m.events)


def test_go_around_turns_passes_and_expiry(tmp):
    s, adm, sid, p = setup(tmp)
    with s:
        adm.join(sid)
        for m in p.values():
            m.join(sid)
            m.act(sid, "ack")
        adm.control(sid, "role", user="ada", role="presenter")
        adm.control(sid, "start")
        # the presenter phase ends by itself after 3 s
        rs = p["ada"].wait_kind("round-start", phase=2)
        order = rs["order"]
        assert sorted(order) == ["ada", "bob", "cy"], rs
        first = p["ada"].wait_kind("turn-start", phase=2)
        holder = first["user"]
        assert holder == order[0] and 0 < first["left_ms"] <= 4000, first
        others = [n for n in order if n != holder]
        r = p[others[0]].post(sid, "not now")
        assert r["t"] == w.ERROR and r["reason"] == "not-your-turn", r
        assert r["holder"] == holder and r["position"] >= 1, r
        assert r["eta_ms"] > 0, r
        assert ("In 'Round' (a go-around) only the turn holder speaks: "
                "it is %s's turn" % holder) in r["message"], r
        assert "You are next" in r["message"], r
        assert p[holder].post(sid, "my turn")["t"] == w.POSTED
        assert p[holder].act(sid, "done")["t"] == w.OK
        end = p[holder].wait_kind("turn-end", user=holder)
        assert end["reason"] == "done", end
        second = p[holder].wait_kind("turn-start", user=order[1])
        assert p[order[1]].act(sid, "pass")["t"] == w.OK
        p[holder].wait_kind("turn-end", user=order[1], reason="pass")
        third = p[holder].wait_kind("turn-start", user=order[2])
        # the third lets the turn run out
        p[holder].wait_kind("turn-end", user=order[2], reason="timeout",
                            timeout=10)
        assert third["left_ms"] <= 4000
        # the pass is revisited at the end of the round
        p[holder].wait_kind("turn-start", timeout=10, user=order[1])
        r = p[order[1]].post(sid, "second thoughts")
        assert r["t"] == w.POSTED, r
        del second


def test_waits_for_facilitator_then_ends(tmp):
    s, adm, sid, p = setup(tmp)
    with s:
        adm.join(sid)
        for m in p.values():
            m.join(sid)
            m.act(sid, "ack")
        adm.control(sid, "start")
        # skip ahead to the open phase
        assert adm.control(sid, "next")["t"] == w.OK
        assert adm.control(sid, "next")["t"] == w.OK
        ph = p["cy"].wait_kind("phase-start", phase=3)
        assert ph["floor"] == "open", ph
        assert p["bob"].post(sid, "open floor")["t"] == w.POSTED
        p["cy"].wait_kind("time-up", timeout=10)
        st = p["cy"].join(sid)
        assert st["waiting"] is True and st["phase"] == 3, st
        # a participant cannot drive the session
        r = p["cy"].control(sid, "end")
        assert r["t"] == w.ERROR and r["name"] == "denied", r
        assert adm.control(sid, "extend", seconds=60)["t"] == w.OK
        e = p["cy"].wait_kind("control", reason="adjust")
        assert e["value"] == 60000, e
        assert adm.control(sid, "note", text="wrapping up")["t"] == w.OK
        p["ada"].wait_kind("note", text="wrapping up")
        assert adm.control(sid, "end")["t"] == w.OK
        p["ada"].wait_kind("end")
        info = adm.ok({"t": w.SESSION_INFO, "session": sid}, w.SESSION)
        assert info["status"] == "ended" and info["ended"] > 0, info
        r = p["ada"].request({"t": w.SESSION_JOIN, "session": sid})
        assert r["t"] == w.ERROR and r["name"] == "session-state", r
        page = adm.ok({"t": w.SESSION_LIST, "space": "tank"},
                      w.SESSION_PAGE)
        assert page["sessions"][0]["session"] == sid, page


def test_pause_resume_and_stats(tmp):
    s, adm, sid, p = setup(tmp)
    with s:
        adm.join(sid)
        for m in p.values():
            m.join(sid)
            m.act(sid, "ack")
        adm.control(sid, "role", user="ada", role="presenter")
        adm.control(sid, "start")
        assert adm.control(sid, "pause")["t"] == w.OK
        e = p["bob"].wait_kind("pause")
        frozen = e["left_ms"]
        r = p["ada"].post(sid, "while paused")
        assert r["t"] == w.ERROR and r["name"] == "session-state", r
        st = p["bob"].join(sid)
        assert st["status"] == "paused", st
        assert abs(st["phase_left_ms"] - frozen) < 50, (st, frozen)
        assert adm.control(sid, "resume")["t"] == w.OK
        assert p["ada"].post(sid, "back")["t"] == w.POSTED
        assert p["bob"].post(sid, "out of turn")["t"] == w.ERROR
        st = adm.ok({"t": w.SESSION_STATS, "session": sid}, w.STATS)
        rows = {r["user"]: r for r in st["members"]}
        assert rows["ada"]["posts"] == 1 and rows["bob"]["refused"] == 1
        assert set(st["unheard"]) == {"bob", "cy"}, st
        mine = p["bob"].ok({"t": w.SESSION_STATS, "session": sid}, w.STATS)
        assert [r["user"] for r in mine["members"]] == ["bob"], mine
        assert "unheard" not in mine, mine


def test_pipelined_posts(tmp):
    """Twenty posts sent in one write are each answered after their
    commit, in order, and the server goes on serving. (A reply released
    after a commit used to run the next request while the batch's list of
    sessions was still being walked, which corrupted it and hung the
    server.)"""
    with server(tmp).start() as s:
        adm, sid, (ada, bob) = started(s, "open", ["ada", "bob"])
        ids = []
        raw = b""
        for i in range(20):
            ids.append(ada.conn.next_id)
            raw += w.frame(w.mp_encode({"t": w.SESSION_POST, "id":
                                        ada.conn.next_id, "session": sid,
                                        "text": "pipelined %d" % i}))
            ada.conn.next_id += 1
        ada.conn.send_raw(raw)
        replies = []
        while len(replies) < 20:
            m = ada._pump(10)
            if m["t"] == w.POSTED:
                replies.append(m)
        assert [r["id"] for r in replies] == ids, replies
        seqs = [r["seq"] for r in replies]
        assert seqs == sorted(seqs) and len(set(seqs)) == 20, seqs
        # still serving: a new connection completes its handshake
        c = s.login("bob", PASSWORD)
        assert c.ping()["t"] == w.PONG
        bob.wait_kind("post", text="pipelined 19")


def test_pipeline_replies_in_order(tmp):
    """A hundred requests in one write: more posts than the server holds
    replies for (64), a refused action and a ping among them, and a
    session_info, which may not pass the posts before it. Every reply
    comes back once, in the order of the requests; errors too."""
    with server(tmp).start() as s:
        adm, sid, (ada,) = started(s, "open", ["ada"])
        plan, raw = [], b""
        for i in range(100):
            if i == 30:
                msg, want = {"t": w.SESSION_ACT, "session": sid,
                             "action": "dance"}, w.ERROR
            elif i == 50:
                msg, want = {"t": w.PING}, w.PONG
            elif i == 70:
                msg, want = {"t": w.SESSION_INFO, "session": sid}, w.SESSION
            else:
                msg, want = {"t": w.SESSION_POST, "session": sid,
                             "text": "piped %d" % i}, w.POSTED
            msg["id"] = ada.conn.next_id
            ada.conn.next_id += 1
            plan.append((msg["id"], want))
            raw += w.frame(w.mp_encode(msg))
        ada.conn.send_raw(raw)
        got = []
        while len(got) < len(plan):
            m = ada._pump(10)
            if m.get("id"):
                got.append((m["id"], m["t"]))
        assert got == plan, [(g, p) for g, p in zip(got, plan) if g != p]
        ada.wait_kind("post", text="piped 99")
        posts = [e["text"] for e in ada.events if e["kind"] == "post"]
        assert posts == ["piped %d" % i for i in range(100)
                         if i not in (30, 50, 70)], posts


def test_templates(tmp):
    s = server(tmp).start()
    with s:
        m = Member(s, "admin", rtharness.ADMIN_PASSWORD)
        page = m.ok({"t": w.TEMPLATE_LIST}, w.TEMPLATE_PAGE)
        names = [t["name"] for t in page["templates"]]
        for n in ("consultancy", "tuning", "final-word", "circle",
                  "fishbowl", "chalk-talk", "quick"):
            assert n in names, names
        t = m.ok({"t": w.TEMPLATE_INFO, "name": "consultancy"}, w.TEMPLATE)
        assert [p["floor"] for p in t["phases"]][:4] == \
            ["presenter", "questions", "questions", "group"], t
        assert sum(p["duration"] for p in t["phases"]) == 50 * 60, t
        assert t["facilitator"] == "leads", t
        assert all(p["title"] and p.get("prompt") for p in t["phases"]), t
        cons = [e for e in page["templates"] if e["name"] == "consultancy"]
        assert cons[0]["minutes"] == 50 and not cons[0].get("untimed"), cons
        # Final Word: a block that repeats per presenter, and a round
        # of turns with no fixed length, which minutes leaves out.
        fw = [e for e in page["templates"] if e["name"] == "final-word"][0]
        assert fw["rotating"] == 3 and fw["untimed"] == 1, fw
        t = m.ok({"t": w.TEMPLATE_INFO, "name": "circle"}, w.TEMPLATE)
        assert t["facilitator"] == "speaks", t
        assert "Speak only when you hold" in t["norms"], t
        ph = {p["id"]: p for p in t["phases"]}
        rules = {r["key"]: r["value"] for r in ph["check-in"]["rules"]}
        assert rules["rounds"] == "1" and rules["summary"] == "no", rules
        assert rules["keeper"] == "facilitator", rules
        assert rules["pass"] in ("yes", "revisit", "no"), rules
        assert ph["questions"]["advance"] == "facilitator", ph
        assert ph["questions"]["duration"] == 30 * 60, ph
        assert "rules" not in ph["opening"], ph
        t = m.ok({"t": w.TEMPLATE_INFO, "name": "final-word"}, w.TEMPLATE)
        ph = {p["id"]: p for p in t["phases"]}
        assert ph["respond"]["turn"] == 60, ph
        assert ph["respond"]["rotate"] == "round", ph
        assert not ph["respond"].get("duration"), ph
        m.fails({"t": w.TEMPLATE_INFO, "name": "nope"}, "not-found")


if __name__ == "__main__":
    rtharness.main(globals())
