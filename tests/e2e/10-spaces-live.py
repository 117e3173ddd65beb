#!/usr/bin/env python3
"""10-spaces-live: membership changes made with `roundtabled space ...`
on the database while the server runs take effect in the running server
as the protocol's do: a member the operator removes, or makes a mentor
only, is taken out of the space's live session without posting anything,
and is refused afterwards; members the change is not about stay in."""

import rtharness
from rtsession import Member, server, started
import rtspaces as rs
import rtwire as w


def cli(s, *args):
    r = s.admin("space", *args)
    assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)
    return r


def test_removed_by_the_operator_leaves_the_session(tmp):
    with server(tmp).start() as s:
        adm, sid, (ada, bob) = started(s, "invite", ["ada", "bob"])
        assert bob.post(sid, "hello")["t"] == w.POSTED
        cli(s, "remove-member", "tank", "bob")
        # Told without asking: the server notices the operator's change.
        e = bob.wait_kind("removed", timeout=30.0)
        assert e["session"] == sid, e
        ada.wait_kind("leave", user="bob", timeout=30.0)
        r = bob.post(sid, "still here?")
        assert r["t"] == w.ERROR, r
        assert r["name"] in ("not-in-session", "not-found"), r
        r = bob.request({"t": w.SESSION_JOIN, "session": sid})
        assert r["t"] == w.ERROR and r["name"] == "not-found", r
        r = bob.request({"t": w.SPACE_MEMBERS, "space": "tank"})
        assert r["t"] == w.ERROR and r["name"] == "denied", r
        # ada, whom the change was not about, is still in and speaking.
        assert ada.post(sid, "ada stays")["t"] == w.POSTED
        assert not any(e.get("kind") == "removed" for e in ada.events)


def test_made_mentor_by_the_operator_leaves_the_session(tmp):
    """A mentor does not take part in live sessions: set-role to mentor
    from the shell takes the member out, as space_set_role does."""
    with server(tmp).start() as s:
        adm, sid, (ada, bob) = started(s, "invite", ["ada", "bob"])
        cli(s, "set-role", "tank", "ada", "mentor")
        e = ada.wait_kind("removed", timeout=30.0)
        assert e["session"] == sid, e
        r = ada.post(sid, "a mentor speaks?")
        assert r["t"] == w.ERROR, r
        r = ada.request({"t": w.SESSION_JOIN, "session": sid})
        assert r["t"] == w.ERROR, r
        # bob still posts, and sees ada leave.
        bob.wait_kind("leave", user="ada", timeout=30.0)
        assert bob.post(sid, "bob stays")["t"] == w.POSTED


def test_interleaved_with_the_protocol(tmp):
    """Changes over the wire and from the shell, interleaved, each take
    effect once: members removed either way leave, the others stay."""
    with server(tmp).start() as s:
        adm, sid, members = started(s, "invite",
                                    ["ada", "bob", "cy", "dee"])
        ada, bob, cy, dee = members
        adm.ok({"t": w.SPACE_REMOVE, "space": "tank", "user": "ada"})
        cli(s, "remove-member", "tank", "bob")
        adm.ok({"t": w.SPACE_REMOVE, "space": "tank", "user": "cy"})
        for m in (ada, bob, cy):
            e = m.wait_kind("removed", timeout=30.0)
            assert e["session"] == sid, (m.user, e)
        for name in ("ada", "bob", "cy"):
            dee.wait_kind("leave", user=name, timeout=30.0)
        assert dee.post(sid, "dee stays")["t"] == w.POSTED
        for m in (ada, bob, cy):
            assert sum(e.get("kind") == "removed" for e in m.events) == 1
        # A newcomer added from the shell may join the live session.
        s.add_user("eve", rs.PASSWORD)
        cli(s, "add-member", "tank", "eve")
        eve = Member(s, "eve")
        eve.join(sid)


if __name__ == "__main__":
    rtharness.main(globals())
