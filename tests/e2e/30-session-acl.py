#!/usr/bin/env python3
"""30: who may see and do what with sessions: members, mentors,
outsiders (no existence oracle), observers, facilitators; removal from a
space takes effect in its live sessions at once; and bad input."""

import rtharness
from rtsession import PASSWORD, Member, create, server, space_with, started
import rtwire as w


def strip_id(m):
    return {k: v for k, v in m.items() if k != "id"}


def test_visibility(tmp):
    with server(tmp).start() as s:
        adm = space_with(s, "circle", "affinity", ["ada"], mentors=["meg"])
        sid = create(adm, "circle", "long")
        s.add_user("out", PASSWORD)
        out = Member(s, "out")
        ada = Member(s, "ada")
        meg = Member(s, "meg")
        # an outsider cannot tell the session exists
        a = out.request({"t": w.SESSION_INFO, "session": sid})
        b = out.request({"t": w.SESSION_INFO, "session": sid + 1000})
        assert a["t"] == w.ERROR and strip_id(a) == strip_id(b), (a, b)
        for t in (w.SESSION_JOIN, w.SESSION_STATS):
            a = out.request({"t": t, "session": sid})
            b = out.request({"t": t, "session": sid + 1000})
            assert strip_id(a) == strip_id(b), (a, b)
        # nor that the affinity space exists
        a = out.request({"t": w.SESSION_LIST, "space": "circle"})
        b = out.request({"t": w.SESSION_LIST, "space": "nosuch"})
        assert strip_id(a) == strip_id(b), (a, b)
        a = out.request({"t": w.SESSION_CREATE, "space": "circle",
                         "template": "long"})
        b = out.request({"t": w.SESSION_CREATE, "space": "nosuch",
                         "template": "long"})
        assert strip_id(a) == strip_id(b), (a, b)
        # members see and join; mentors see but do not take part
        assert ada.ok({"t": w.SESSION_INFO, "session": sid},
                      w.SESSION)["session"] == sid
        assert meg.ok({"t": w.SESSION_LIST, "space": "circle"},
                      w.SESSION_PAGE)["sessions"]
        meg.fails({"t": w.SESSION_JOIN, "session": sid}, "denied")
        ada.fails({"t": w.SESSION_CREATE, "space": "circle",
                   "template": "long"}, "denied")
        ada.join(sid)
        ada.fails({"t": w.SESSION_JOIN, "session": sid,
                   "facilitator": True}, "denied")


def test_open_space_outsider(tmp):
    with server(tmp).start() as s:
        adm = space_with(s, "commons", "open", ["ada"])
        sid = create(adm, "commons", "long")
        s.add_user("out", PASSWORD)
        out = Member(s, "out")
        out.fails({"t": w.SESSION_LIST, "space": "commons"}, "denied")
        out.fails({"t": w.SESSION_INFO, "session": sid}, "not-found")
        # joining the space opens its sessions
        assert out.request({"t": w.SPACE_JOIN, "space": "commons"})["t"] \
            == w.SPACE
        out.join(sid)


def test_removed_member_leaves_at_once(tmp):
    with server(tmp).start() as s:
        adm, sid, (ada, bob) = started(s, "invite", ["ada", "bob"])
        assert bob.post(sid, "hello")["t"] == w.POSTED
        assert adm.request({"t": w.SPACE_REMOVE, "space": "tank",
                            "user": "bob"})["t"] == w.OK
        e = bob.wait_kind("removed")
        assert e["session"] == sid, e
        ada.wait_kind("leave", user="bob")
        r = bob.post(sid, "still here?")
        assert r["t"] == w.ERROR, r
        assert r["name"] in ("not-in-session", "not-found"), r
        assert not any(e.get("text") == "still here?" for e in ada.events)
        r = bob.request({"t": w.SESSION_JOIN, "session": sid})
        assert r["t"] == w.ERROR and r["name"] == "not-found", r


def test_removed_by_the_operator_cannot_post(tmp):
    """`roundtabled space remove-member`, run on the database while the
    server runs, takes effect at the member's next post: the server
    remembers a joined member's relation to the space only while no other
    process has written the database."""
    with server(tmp).start() as s:
        adm, sid, (ada, bob) = started(s, "invite", ["ada", "bob"])
        for i in range(3):
            assert bob.post(sid, "hello %d" % i)["t"] == w.POSTED
        r = s.admin("space", "remove-member", "tank", "bob")
        assert r.returncode == 0, r.stderr
        r = bob.post(sid, "after removal")
        assert r["t"] == w.ERROR and r["name"] == "not-found", r
        assert ada.post(sid, "ada still speaks")["t"] == w.POSTED
        ada.wait_kind("post", text="ada still speaks")
        assert not any(e.get("text") == "after removal" for e in ada.events)


def test_observer_and_roles(tmp):
    with server(tmp).start() as s:
        adm = space_with(s, "tank", "open", ["ada", "obs"])
        sid = create(adm, "tank", "long")
        adm.join(sid)
        ada, obs = Member(s, "ada"), Member(s, "obs")
        ada.join(sid)
        ada.act(sid, "ack")
        st = obs.join(sid, observer=True)
        assert st["role"] == "observer", st
        adm.control(sid, "start")
        r = obs.post(sid, "may I?")
        assert r["t"] == w.ERROR and r["name"] == "denied", r
        assert r["reason"] == "observer", r
        assert ada.post(sid, "yes")["t"] == w.POSTED
        obs.wait_kind("post", text="yes")
        r = ada.control(sid, "mute", user="obs")
        assert r["t"] == w.ERROR and r["reason"] == "not-facilitator", r
        assert adm.control(sid, "mute", user="ada")["t"] == w.OK
        r = ada.post(sid, "muted?")
        assert r["t"] == w.ERROR and r["name"] == "muted", r
        assert adm.control(sid, "unmute", user="ada")["t"] == w.OK
        assert ada.post(sid, "free again")["t"] == w.POSTED
        assert adm.control(sid, "remove", user="ada")["t"] == w.OK
        r = ada.post(sid, "removed?")
        assert r["t"] == w.ERROR and r["name"] == "not-in-session", r


def test_bad_input(tmp):
    with server(tmp).start() as s:
        adm = space_with(s, "tank", "open", ["ada"])
        sid = create(adm, "tank", "long")
        ada = Member(s, "ada")
        r = ada.post(sid, "not joined")
        assert r["t"] == w.ERROR and r["name"] == "not-in-session", r
        ada.fails({"t": w.SESSION_INFO, "session": 0}, "not-found")
        ada.fails({"t": w.SESSION_INFO, "session": (1 << 64) - 1},
                  "not-found")
        ada.fails({"t": w.SESSION_JOIN, "session": sid, "since": 999},
                  "bad-value")
        ada.join(sid)
        assert ada.act(sid, "dance")["name"] == "bad-value"
        assert ada.control(sid, "extend", seconds=0)["name"] == "bad-value"
        assert ada.control(sid, "grant")["name"] == "bad-field"
        assert ada.control(sid, "grant", user="nobody")["name"] == \
            "not-found"
        ada.fails({"t": w.SESSION_POST, "session": sid, "text": "a\x1bb"},
                  "bad-chars")
        ada.fails({"t": w.SESSION_POST, "session": sid,
                   "text": "x" * 8193}, "too-long")
        ada.fails({"t": w.SESSION_POST, "session": sid, "text": "x",
                   "parent": 3}, "bad-value")
        adm.fails({"t": w.SESSION_CREATE, "space": "tank",
                   "template": "nope"}, "not-found")
        adm.fails({"t": w.SESSION_CREATE, "space": "tank",
                   "template": "long", "record": "secret"}, "bad-value")
        adm.fails({"t": w.SESSION_CREATE, "space": "tank",
                   "template": "long", "scale": 5000}, "bad-value")
        adm.fails({"t": w.SESSION_CREATE, "space": "tank",
                   "template": "long",
                   "phases": [{"phase": "nope", "duration": 5}]},
                  "bad-value")
        adm.fails({"t": w.SESSION_CREATE, "space": "Bad Slug",
                   "template": "long"}, "not-found")
        # the connection is still in good order
        assert ada.post(sid, "fine")["t"] == w.ERROR    # not started
        assert ada.conn.ping()["t"] == w.PONG


if __name__ == "__main__":
    rtharness.main(globals())
