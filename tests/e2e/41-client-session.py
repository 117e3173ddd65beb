#!/usr/bin/env python3
"""41: the space and session commands in batch mode: three batch clients
(a facilitator and two members) in one short session, every step typed as
a person would type it. Asserted on the JSON lines: the requests the
commands send, the refusals with the rule that refused them, the phase
changes and turns as session events, and the exit codes."""

import rtharness
from rtharness import Client, Server

PASSWORD = "correct-horse-42"


def ev_of(c, pred, what, timeout=15.0):
    return c.wait_event(pred, timeout, what)


def kind(k, **fields):
    def pred(e):
        if e.get("type") != "session_event" or e.get("kind") != k:
            return False
        return all(e.get(f) == v for f, v in fields.items())
    return pred


def reply(t, **fields):
    def pred(e):
        return e.get("type") == t and all(e.get(f) == v
                                          for f, v in fields.items())
    return pred


def sent(req):
    return lambda e: e.get("type") == "sent" and e.get("req") == req


def count(c, pred):
    return sum(1 for e in c.events() if pred(e))


def test_three_clients_one_session(tmp):
    with Server(tmp).start() as s:
        s.add_user("ada", PASSWORD)
        s.add_user("bob", PASSWORD)
        adm = Client(s)
        adm.send("/space create tank open Think tank")
        ev_of(adm, reply("space", slug="tank"), "the space")
        adm.send("/space add tank ada")
        adm.send("/space add tank bob member")
        adm.send("/space members tank")
        page = ev_of(adm, reply("member_page"), "the member list")
        assert {m["user"] for m in page["members"]} == \
            {"admin", "ada", "bob"}, page
        adm.send("/templates")
        tp = ev_of(adm, reply("template_page"), "the templates")
        assert "open-discussion" in [t["name"] for t in tp["templates"]]
        adm.send('/session create tank open-discussion -title "Quick one" '
                 '-phase discussion=8s/4s -phase wrap-up=30s')
        ses = ev_of(adm, reply("session", title="Quick one"), "the session")
        sid = ses["session"]
        assert ses["status"] == "lobby" and ses["space"] == "tank", ses
        adm.send("/session list tank")
        ev_of(adm, reply("session_page"), "the session list")
        adm.send("/join %d" % sid)
        st = ev_of(adm, reply("session_state", session=sid), "the state")
        assert st["role"] == "facilitator", st

        ada = Client(s, user="ada", password=PASSWORD)
        bob = Client(s, user="bob", password=PASSWORD)
        for c in (ada, bob):
            c.send("/session join %d" % sid)
            st = ev_of(c, reply("session_state", session=sid), "join")
            assert st["role"] == "participant" and \
                not st.get("norms_acked"), st
        # Before the start: refused with the rule, nothing broadcast.
        ada.send("too early")
        r = ev_of(ada, reply("error", req_type=305), "the early refusal")
        assert r["name"] in ("session-state", "norms"), r
        for c in (ada, bob):
            c.send("/ack")
            ev_of(c, kind("norms-ack"), "the ack")
        adm.send("/start")
        for c in (adm, ada, bob):
            ph = ev_of(c, kind("phase-start", phase=1), "phase 1")
            assert ph["floor"] == "queue" and 0 < ph["left_ms"] <= 8000, ph

        # A plain line out of turn: refused, with the reason and detail.
        ada.send("may I?")
        r = ev_of(ada, lambda e: e.get("type") == "error" and
                  e.get("req_type") == 305 and e.get("name") == "out-of-turn",
                  "the out-of-turn refusal")
        assert r["reason"] == "raise-hand", r
        assert r["phase"] == 1 and r["phase_left_ms"] > 0, r
        assert not any(e.get("kind") == "post" for e in bob.events())

        ada.send("/raise")
        t = ev_of(bob, kind("turn-start", user="ada"), "ada's turn")
        assert 0 < t["left_ms"] <= 4000, t
        ada.send("/post now it is my turn")
        p = ev_of(ada, reply("posted", session=sid), "posted")
        e = ev_of(bob, kind("post", user="ada"), "the post at bob's")
        assert e["text"] == "now it is my turn" and e["seq"] == p["seq"], e

        bob.send("/raise")
        ada.send("/done")
        ev_of(adm, kind("turn-start", user="bob"), "bob's turn")
        bob.send("/pass")
        ev_of(adm, kind("turn-end", user="bob"), "bob's turn ending")

        # ada, not a facilitator, cannot move the session on.
        ada.send("/next")
        r = ev_of(ada, lambda e: e.get("type") == "error" and
                  e.get("req_type") == 307, "the control refusal")
        assert r["name"] == "denied" or r["code"] // 100 in (2, 4), r

        # The phase runs out; the facilitator moves on.
        ev_of(adm, kind("time-up", phase=1), "time up", timeout=20)
        adm.send("/note wrapping up now")
        ev_of(bob, kind("note", user="admin"), "the note")
        adm.send("/next")
        for c in (adm, ada, bob):
            ph = ev_of(c, kind("phase-start", phase=2), "phase 2")
            assert ph["floor"] == "open", ph
        bob.send("an open floor now")
        ev_of(ada, kind("post", user="bob", text="an open floor now"),
              "bob's post")
        adm.send("/extend 1m")
        ext = ev_of(ada, kind("control", reason="adjust"), "the extension")
        assert ext["value"] == 60000 and ext["left_ms"] > 60000, ext
        adm.send("/stats")
        st = ev_of(adm, reply("stats", session=sid), "the stats")
        users = {m["user"]: m for m in st["members"]}
        assert users["ada"]["posts"] >= 1 and users["bob"]["posts"] >= 1, st
        adm.send("/names")
        names = ev_of(adm, reply("names", session=sid), "the roster")
        assert {m["user"] for m in names["members"]} >= {"ada", "bob"}, names
        adm.send("/window list")
        win = ev_of(adm, reply("window"), "the windows")
        assert [x["name"] for x in win["windows"]][0] == "status", win

        # Commands refused by the client itself, before anything is sent.
        n = count(adm, lambda e: e.get("type") == "sent")
        adm.send("/session join abc")
        ev_of(adm, lambda e: e.get("type") == "command_error" and
              "not a session number" in e.get("message", ""), "a bad N")
        adm.send("/extend 0")
        ev_of(adm, lambda e: e.get("type") == "command_error" and
              "DURATION" in e.get("message", ""), "a bad duration")
        adm.send("/space frob tank")
        ev_of(adm, lambda e: e.get("type") == "command_error" and
              "unknown command /space frob" in e.get("message", ""),
              "an unknown subcommand")
        assert count(adm, lambda e: e.get("type") == "sent") == n

        adm.send("/end")
        for c in (adm, ada, bob):
            ev_of(c, kind("end"), "the end")
        ada.send("/part")
        rid = ev_of(ada, sent("session_leave"), "the leave sent")["id"]
        ev_of(ada, lambda e: e.get("type") in ("ok", "error") and
              e.get("id") == rid, "the leave reply")
        for c, code in ((bob, 0), (ada, 65), (adm, 65)):
            rc = c.finish()
            assert rc == code, (c, rc, c.err.snapshot())
        # Every event was seen once: seq strictly increasing per client.
        for c in (ada, bob):
            seqs = [e["seq"] for e in c.events()
                    if e.get("type") == "session_event" and e.get("seq")]
            assert seqs == sorted(set(seqs)), seqs


def test_space_commands(tmp):
    with Server(tmp).start() as s:
        s.add_user("ada", PASSWORD)
        adm = Client(s)
        adm.send("/space create circle affinity Parents' circle")
        ev_of(adm, reply("space", slug="circle", kind="affinity"), "space")
        adm.send("/space edit circle statement For parents.\\nBe kind.")
        sp = ev_of(adm, reply("space", statement="For parents.\nBe kind."),
                   "the edit")
        adm.send("/space edit circle statement")
        ev_of(adm, lambda e: e.get("type") == "space" and
              not e.get("statement") and e.get("id", 0) > sp["id"],
              "the statement cleared")
        adm.send("/space invite circle -request -uses 2 -ttl 2h")
        inv = ev_of(adm, reply("invite"), "the request code")
        assert inv["request"] and inv["uses"] == 2, inv
        adm.send("/space invite circle mentor")
        inv2 = ev_of(adm, lambda e: e.get("type") == "invite" and
                     e.get("role") == "mentor", "the mentor code")
        adm.send("/space invites circle")
        ev_of(adm, reply("invite_page"), "the code list")

        ada = Client(s, user="ada", password=PASSWORD)
        ada.send("/space ask %s I am a parent too" % inv["code"])
        r = ev_of(ada, reply("space", slug="circle"), "the request")
        assert r["pending"], r
        adm.send("/space requests circle")
        rq = ev_of(adm, reply("request_page"), "the requests")
        assert rq["requests"][0]["message"] == "I am a parent too", rq
        adm.send("/space approve circle ada")
        adm.send("/space role circle ada facilitator -mentor")
        adm.send("/space log circle")
        log = ev_of(adm, reply("log_page"), "the record")
        assert {"approved", "role"} <= {e["action"] for e in log["entries"]}
        adm.send("/space revoke circle %d" % inv2["invite"])
        adm.send("/space archive circle")
        adm.send("/space restore circle")
        adm.send("/space mine")
        ev_of(adm, reply("space_page"), "my spaces")
        ada.send("/space leave circle")
        ada.send("/space join circle")
        ev_of(ada, reply("error", req_type=210), "joining needs a code")
        assert adm.finish() == 0
        assert ada.finish() == 65


def test_space_create_options(tmp):
    """/space create takes every field of space_create: the title as the
    remaining words, -description, -statement (with \\n) and -owner;
    where accounts may create spaces, the server's per-account limit is
    shown as the refusal it is."""
    with Server(tmp, conf={"spaces": {"user_create": "yes",
                                      "user_create_max": "1"}}).start() as s:
        s.add_user("ada", PASSWORD)
        adm = Client(s)
        adm.send('/space create leaders affinity Black Male Leaders '
                 '-statement "For Black male leaders.\\nWhat is said here '
                 'stays here." -description "Monthly, online." -owner ada')
        sp = ev_of(adm, reply("space", slug="leaders"), "the space")
        assert sp["title"] == "Black Male Leaders" and \
            sp["kind"] == "affinity", sp
        assert sp["statement"] == ("For Black male leaders.\n"
                                   "What is said here stays here."), sp
        assert sp["description"] == "Monthly, online.", sp
        adm.send("/space members leaders")
        r = ev_of(adm, lambda e: e.get("type") == "error" and
                  e.get("req_type") == 206, "the admin is not a member")
        assert r["name"] == "not-found", r
        ada = Client(s, user="ada", password=PASSWORD)
        ada.send("/space members leaders")
        page = ev_of(ada, reply("member_page"), "the member list")
        assert [(m["user"], m["role"]) for m in page["members"]] == \
            [("ada", "owner")], page
        ada.send("/space create plc invite Math PLC -description Grade4")
        sp = ev_of(ada, reply("space", slug="plc"), "ada's space")
        assert sp["title"] == "Math PLC" and sp["role"] == "owner", sp
        ada.send("/space create plc-two open Another one")
        r = ev_of(ada, lambda e: e.get("type") == "error" and
                  e.get("req_type") == 200, "the limit")
        assert r["name"] == "limit" and "most allowed" in r["message"], r
        ada.send("/space create other open Other -owner admin")
        r = ev_of(ada, lambda e: e.get("type") == "error" and
                  e.get("req_type") == 200 and e.get("id", 0) > r["id"],
                  "for someone else")
        assert r["name"] == "denied", r


if __name__ == "__main__":
    rtharness.main(globals())
