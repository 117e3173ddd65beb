#!/usr/bin/env python3
"""50: reviewing ended sessions: the list of transcripts, reading page by
page with phase markers, full-text search across sessions with
diacritics folded, the participation report (checked against the live
figures), mentors' notes and the space's policy for members."""

import hashlib

import rtharness
import rtwire as w
from rttranscript import (ANNOTATION, ANNOTATION_PAGE, POLICY, REPORT,
                          SEARCH_PAGE, TX_ANNOTATE, TX_ANNOTATIONS, TX_LIST,
                          TX_PAGE, TX_POLICY, TX_REPORT, TX_SEARCH,
                          TX_UNANNOTATE, Person, admin, server, space, start)


def rounds_session(s, adm, people):
    """Run a "rounds" session: a presenter phase, a go-around with a
    pass and a refusal, an open phase. Return (sid, live stats)."""
    ada, bob, cy = people
    sid = start(adm, people, "tank", "rounds", presenter="ada",
                title="Dilemma round")
    ada.post(sid, "My dilemma is about grading.")
    ada.post(sid, "Students game the rubric.")
    r = bob.request({"t": w.SESSION_POST, "session": sid, "text": "too soon"})
    assert r["t"] == w.ERROR and r["name"] == "out-of-turn", r
    adm.control(sid, "next")
    # The go-around: each in turn; one passes.
    last = 0
    for i in range(3):
        ts = adm.wait_event(lambda e: e.get("kind") == "turn-start" and
                            e.get("phase") == 2 and e["seq"] > last,
                            what="turn-start")
        last = ts["seq"]
        who = {"ada": ada, "bob": bob, "cy": cy}[ts["user"]]
        if who is cy:
            assert cy.act(sid, "pass")["t"] == w.OK
        else:
            who.post(sid, "In my turn, %s thinks aloud." % who.user)
            assert who.act(sid, "done")["t"] == w.OK
    adm.control(sid, "next")
    bob.post(sid, "Open floor: what if the rubric were co-written?")
    # A refusal that is not out of turn: muted.
    adm.control(sid, "mute", user="cy")
    r = cy.request({"t": w.SESSION_POST, "session": sid, "text": "hush"})
    assert r["t"] == w.ERROR and r.get("reason") == "muted", r
    adm.control(sid, "unmute", user="cy")
    cy.post(sid, "Agreed.")
    st = adm.request({"t": w.SESSION_STATS, "session": sid})
    assert st["t"] == w.STATS, st
    adm.control(sid, "end")
    return sid, {m["user"]: m for m in st["members"]}


def setup(tmp):
    s = server(tmp).start()
    adm = admin(s)
    space(s, adm, "tank", members=["ada", "bob", "cy", "dan"],
          mentors=["mia", "max"])
    people = [Person(s, n) for n in ("ada", "bob", "cy")]
    return s, adm, people


def test_list_read_and_phase_markers(tmp):
    s, adm, people = setup(tmp)
    with s:
        sid, _ = rounds_session(s, adm, people)
        mia = Person(s, "mia")
        r = mia.tx(TX_LIST, space="tank")
        assert r["t"] == TX_PAGE, r
        t = r["transcripts"][0]
        assert t["session"] == sid and t["title"] == "Dilemma round", t
        assert t["record"] == "attributed" and t["created_by"] == "admin"
        assert t["ended"] >= t["started"] > 0, t
        entries = mia.read_all(sid, limit=5)
        assert [e["seq"] for e in entries] == \
            list(range(1, t["events"] + 1)), "pages skip or repeat"
        phases = [e for e in entries if e["kind"] == "phase-start"]
        assert [(p["phase"], p["phase_title"]) for p in phases] == [
            (1, "Presenter talk"), (2, "Go-around"),
            (3, "Open discussion")], phases
        assert phases[0]["text"] == "ada presents the dilemma.", phases[0]
        posts = [e for e in entries if e["kind"] == "post"]
        assert posts[0]["user"] == "ada" and posts[0]["phase"] == 1
        assert posts[0]["msg"] == "ada: My dilemma is about grading."
        assert any(e["kind"] == "turn-end" and e.get("reason") == "pass"
                   and e["user"] == "cy" for e in entries)
        # The live session is not a transcript yet.
        sid2 = start(adm, people, "tank", "open")
        r = mia.tx(401, session=sid2)
        assert r["t"] == w.ERROR and r["name"] == "session-state", r


def test_report_matches_live_figures(tmp):
    s, adm, people = setup(tmp)
    with s:
        sid, live = rounds_session(s, adm, people)
        mia = Person(s, "mia")
        r = mia.tx(TX_REPORT, session=sid)
        assert r["t"] == REPORT, r
        assert r["refused_known"] and not r.get("own_only"), r
        assert r["participants"] == 3 and r["equal_share"] == 3333, r
        rows = {m["user"]: m for m in r["members"]}
        for name in ("ada", "bob", "cy"):
            for k in ("turns", "posts", "words", "passes", "floor_ms"):
                assert rows[name].get(k, 0) == live[name].get(k, 0) + (
                    live[name].get("board_posts", 0) if k == "posts"
                    else 0), (name, k, rows[name], live[name])
            # The engine counts every refusal; the report splits them.
            assert rows[name].get("refused", 0) + rows[name].get(
                "refused_other", 0) == live[name].get("refused", 0), (
                    name, rows[name], live[name])
        assert rows["bob"].get("refused") == 1, rows["bob"]
        assert not rows["bob"].get("refused_other"), rows["bob"]
        assert rows["cy"].get("refused_other") == 1, rows["cy"]
        assert not rows["cy"].get("refused"), rows["cy"]
        assert rows["cy"]["passes"] == 1, rows["cy"]
        assert rows["admin"]["role"] == "facilitator", rows["admin"]
        shares = sum(rows[n].get("posts_share", 0)
                     for n in ("ada", "bob", "cy"))
        assert 9998 <= shares <= 10002, shares
        assert 0 < r.get("gini_words", 0) < 10000, r
        ph = {p["phase"]: p for p in r["phases"]}
        assert ph[1]["posts"] == 2 and ph[1]["speakers"] == 1, ph[1]
        assert ph[1].get("refused") == 1 and not ph[1].get(
            "refused_other"), ph[1]
        assert ph[3].get("refused_other") == 1 and not ph[3].get(
            "refused"), ph[3]
        assert ph[2]["turns"] == 2 and ph[2]["title"] == "Go-around", ph[2]
        # One phase: everyone's figures in it.
        r = mia.tx(TX_REPORT, session=sid, phase=3)
        rows = {m["user"]: m for m in r["members"]}
        assert rows["bob"]["posts"] == 1 and rows.get("ada", {}).get(
            "posts", 0) == 0, rows
        assert rows["cy"].get("refused_other") == 1, rows["cy"]
        assert not rows["bob"].get("refused"), rows["bob"]
        assert [p["phase"] for p in r["phases"]] == [3], r
        # A member sees their own row only.
        ada = people[0]
        r = ada.tx(TX_REPORT, session=sid)
        assert r["t"] == REPORT and r["own_only"], r
        assert [m["user"] for m in r["members"]] == ["ada"], r
        # ... and the refused attempts in the log: only their own (R8);
        # a mentor sees everyone's. Small pages step over hidden ones.
        def refused(p, limit=0):
            return sorted(e["user"] for e in p.read_all(sid, limit)
                          if e["kind"] == "refused")
        assert refused(mia) == ["bob", "cy"], refused(mia)
        assert refused(ada) == [] and refused(people[1]) == ["bob"]
        assert refused(people[2], limit=1) == ["cy"]
        seqs = [e["seq"] for e in ada.read_all(sid)]
        assert seqs == sorted(set(seqs)), seqs


def test_search_across_sessions_folds_diacritics(tmp):
    s, adm, people = setup(tmp)
    ada, bob, cy = people
    with s:
        one = start(adm, [ada, bob], "tank", "open", title="One")
        ada.post(one, "Le café était déjà très bon à Zürich.")
        bob.post(one, "Nothing to see here.")
        adm.control(one, "end")
        two = start(adm, [bob, cy], "tank", "open", title="Two")
        cy.post(two, "CAFE AU LAIT in Zurich, tres bien")
        adm.control(two, "end")
        mia = Person(s, "mia")
        r = mia.tx(TX_SEARCH, space="tank", query="cafe zurich")
        assert r["t"] == SEARCH_PAGE, r
        hits = {(h["session"], h["user"]) for h in r["hits"]}
        assert hits == {(one, "ada"), (two, "cy")}, r
        for h in r["hits"]:
            for m in h["marks"]:
                word = h["snippet"].encode()[m["from"]:m["to"]].decode()
                assert word.lower().replace("é", "e").replace("ü", "u") \
                    in ("cafe", "zurich"), (word, h)
        r = mia.tx(TX_SEARCH, space="tank", query="TRÈS")
        assert len(r["hits"]) == 2, r
        r = mia.tx(TX_SEARCH, space="tank", query="caf*", session=two)
        assert [h["session"] for h in r["hits"]] == [two], r
        r = mia.tx(TX_SEARCH, space="tank", query='bon" OR "x')
        assert r.get("hits", []) == [], r      # not FTS5 syntax
        r = mia.tx(TX_SEARCH, space="tank", query="   ")
        assert r["t"] == w.ERROR and r["name"] == "bad-value", r
        # A member reads the sessions they took part in only (default).
        r = ada.tx(TX_SEARCH, space="tank", query="zurich")
        assert [h["session"] for h in r["hits"]] == [one], r
        r = cy.tx(TX_LIST, space="tank")
        assert [t["session"] for t in r["transcripts"]] == [two], r


def test_notes_and_member_policy(tmp):
    s, adm, people = setup(tmp)
    ada, bob, cy = people
    with s:
        sid = start(adm, [ada, bob], "tank", "open")
        p1 = ada.post(sid, "First thought.")["seq"]
        p2 = bob.post(sid, "Second thought.")["seq"]
        r = Person(s, "mia").tx(TX_ANNOTATE, session=sid, **{
            "from": p1, "text": "too early"})
        assert r["t"] == w.ERROR and r["name"] == "session-state", r
        adm.control(sid, "end")
        mia, max_ = Person(s, "mia"), Person(s, "max")
        n1 = mia.tx(TX_ANNOTATE, session=sid, text="Note the framing.",
                    **{"from": p1})
        assert n1["t"] == ANNOTATION and n1["author"] == "mia", n1
        n2 = mia.tx(TX_ANNOTATE, session=sid, text="A good exchange.",
                    **{"from": p1, "to": p2})
        assert (n2["from"], n2["to"]) == (p1, p2), n2
        r = mia.tx(TX_ANNOTATE, session=sid, text="x", **{"from": 999})
        assert r["name"] == "bad-value", r
        r = ada.tx(TX_ANNOTATE, session=sid, text="x", **{"from": p1})
        assert r["name"] == "denied", r
        r = adm.tx(TX_ANNOTATIONS, session=sid)
        assert r["t"] == ANNOTATION_PAGE and len(r["notes"]) == 2, r
        # Members see notes only when the policy says readers.
        assert ada.tx(TX_ANNOTATIONS, session=sid)["name"] == "denied"
        r = adm.tx(TX_POLICY, space="tank", annotations="readers")
        assert r["t"] == POLICY and r["annotations"] == "readers", r
        r = ada.tx(TX_ANNOTATIONS, session=sid)
        assert r["t"] == ANNOTATION_PAGE and len(r["notes"]) == 2, r
        # ... of the sessions they may read: cy was not in this one.
        assert cy.tx(TX_ANNOTATIONS, session=sid)["name"] == "denied"
        # Notes are deleted by their author or an owner.
        assert max_.tx(TX_UNANNOTATE, session=sid,
                       note=n1["note"])["name"] == "denied"
        assert mia.tx(TX_UNANNOTATE, session=sid,
                      note=n1["note"])["t"] == w.OK
        assert adm.tx(TX_UNANNOTATE, session=sid,
                      note=n2["note"])["t"] == w.OK
        assert adm.tx(TX_UNANNOTATE, session=sid,
                      note=n2["note"])["name"] == "not-found"
        # Readers: members (all sessions), then stewards only.
        assert cy.tx(401, session=sid)["name"] == "denied"
        r = adm.tx(TX_POLICY, space="tank", readers="members")
        assert r["readers"] == "members", r
        assert cy.tx(401, session=sid)["t"] == 451
        adm.tx(TX_POLICY, space="tank", readers="stewards")
        assert cy.tx(TX_LIST, space="tank")["name"] == "denied"
        assert ada.tx(401, session=sid)["name"] == "denied"
        assert mia.tx(401, session=sid)["t"] == 451
        # Only owners change the policy; mentors may read it.
        r = mia.tx(TX_POLICY, space="tank", readers="members")
        assert r["name"] == "denied", r
        r = mia.tx(TX_POLICY, space="tank")
        assert r["t"] == POLICY and r["readers"] == "stewards", r
        r = adm.tx(TX_POLICY, space="tank", readers="everyone")
        assert r["name"] == "bad-value", r
        r = adm.tx(TX_POLICY, space="tank", clear=["readers"])
        assert r["readers"] == "participants", r
        r = adm.tx(TX_POLICY, space="tank", readers="members",
                   clear=["readers"])
        assert r["name"] == "bad-value", r


NOTICES = {
    "attributed": "Recorded with names",
    "chatham": "Chatham House",
    "off-record": "Off the record: nothing you say and nothing of who "
                  "took part is kept",
}


def test_record_mode_shown_and_acknowledged(tmp):
    """Everyone who joins sees how the session is recorded and must
    acknowledge it before speaking: participants, and a facilitator who
    did not create the session too; the creator chose it."""
    s = server(tmp).start()
    adm = admin(s)
    space(s, adm, "tank", members=["ada"], facilitators=["fay"])
    ada, fay = Person(s, "ada"), Person(s, "fay")
    for mode, notice in NOTICES.items():
        sid = adm.ok({"t": w.SESSION_CREATE, "space": "tank",
                      "template": "open", "record": mode},
                     w.SESSION)["session"]
        st = adm.join(sid)
        assert st["record"] == mode and notice in st["norms"], st
        assert st["norms_acked"], st            # the creator chose it
        for p, fields in ((ada, {}), (fay, {"facilitator": True})):
            st = p.join(sid, **fields)
            assert st["record"] == mode, (p.user, st)
            assert notice in st["norms"], (p.user, mode, st["norms"])
            assert not st.get("norms_acked"), (p.user, mode, st)
        digest = "sha256:" + hashlib.sha256(
            st["norms"].encode()).hexdigest()
        adm.control(sid, "start")
        r = fay.request({"t": w.SESSION_POST, "session": sid,
                         "text": "too soon"})
        assert r["t"] == w.ERROR and r.get("reason") == "norms", r
        for p in (ada, fay):
            assert p.act(sid, "ack")["t"] == w.OK
            p.wait_event(lambda e: e.get("kind") == "norms-ack" and
                         e.get("user") == p.user, what="the ack")
        r = fay.request({"t": w.SESSION_POST, "session": sid,
                         "text": "now"})
        assert r.get("reason") != "norms", r
        assert ada.request({"t": w.SESSION_POST, "session": sid,
                            "text": "now"})["t"] == w.POSTED
        adm.control(sid, "end")
        # The consent is kept with the version of what was accepted (the
        # norms and the notice): who, when, and the text's SHA-256.
        acks = [e for e in adm.read_all(sid) if e["kind"] == "norms-ack"]
        if mode == "off-record":
            assert not acks, acks          # nobody is kept off the record
        else:
            assert len(acks) == 2 and all(
                e["tag"] == digest and e["at"] > 0 for e in acks), acks
    for p in (ada, fay, adm):
        p.close()
    s.stop()


if __name__ == "__main__":
    rtharness.main(globals())
