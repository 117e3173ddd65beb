#!/usr/bin/env python3
"""10-spaces-invites: invite codes: single and multi use, expiry (polled,
never slept on), revocation, codes for mentors and codes that file a
request, typing tolerance, and that only a hash of each code is stored."""

import hashlib
import os
import sqlite3

import rtharness
from rtharness import Server, wait_for
import rtspaces as rs


def setup(s, kind="invite"):
    """An owner, a space of kind, and three outsiders."""
    adm = rs.admin(s)
    olive = rs.account(s, "olive")
    rs.ok(adm, "space_create", slug="plc", kind=kind, title="PLC",
          owner="olive")
    outs = [rs.account(s, n) for n in ("ann", "ben", "cat")]
    return olive, outs


def invite(conn, slug, uses):
    """The code whose number is uses, from space_invites."""
    for iv in rs.ok(conn, "space_invites", space=slug).get("invites", []):
        if iv["invite"] == uses:
            return iv
    raise AssertionError("no invite %d" % uses)


def test_single_use(tmp):
    with Server(tmp).start() as s:
        olive, (ann, ben, _) = setup(s)
        r = rs.ok(olive, "space_invite", space="plc")
        assert r["uses"] == 1 and r["role"] == "member", r
        assert len(r["code"]) == 23 and r["code"].count("-") == 3, r
        j = rs.ok(ann, "space_join", code=r["code"])
        assert j["slug"] == "plc" and j["role"] == "member", j
        e = rs.fails(ben, "space_join", "bad-invite", code=r["code"])
        assert "used up" in e["message"], e
        iv = invite(olive, "plc", r["invite"])
        assert iv["state"] == "spent" and iv["uses"] == 1, iv
        assert iv["max_uses"] == 1 and iv["by"] == "olive", iv
        assert rs.members(olive, "plc") == {"olive": "owner",
                                             "ann": "member"}


def test_multi_use(tmp):
    with Server(tmp).start() as s:
        olive, outs = setup(s)
        code = rs.ok(olive, "space_invite", space="plc", uses=2)["code"]
        rs.ok(outs[0], "space_join", code=code)
        # A member using the code again is refused and uses nothing.
        rs.fails(outs[0], "space_join", "exists", code=code)
        rs.ok(outs[1], "space_join", space="plc", code=code)
        rs.fails(outs[2], "space_join", "bad-invite", code=code)
        assert set(rs.members(olive, "plc")) == {"olive", "ann", "ben"}


def test_expiry(tmp):
    with Server(tmp).start() as s:
        olive, (ann, ben, _) = setup(s)
        r = rs.ok(olive, "space_invite", space="plc", uses=5, ttl=2)
        iv = invite(olive, "plc", r["invite"])
        assert r["expires"] == iv["created"] + 2, (r, iv)
        rs.ok(ann, "space_join", code=r["code"])
        wait_for(lambda: invite(olive, "plc", r["invite"])["state"] ==
                 "expired", timeout=15, what="the code to expire")
        e = rs.fails(ben, "space_join", "bad-invite", code=r["code"])
        assert "expired" in e["message"], e
        assert "ben" not in rs.members(olive, "plc")
        # The default lifetime comes from spaces.invite_lifetime (7d).
        r = rs.ok(olive, "space_invite", space="plc")
        iv = invite(olive, "plc", r["invite"])
        assert r["expires"] - iv["created"] == 7 * 86400, (r, iv)


def test_revocation(tmp):
    with Server(tmp).start() as s:
        olive, (ann, ben, _) = setup(s)
        adm = rs.admin(s)
        rs.ok(adm, "space_create", slug="other", kind="invite",
              title="Other", owner="olive")
        other = rs.ok(olive, "space_invite", space="other")["invite"]
        r = rs.ok(olive, "space_invite", space="plc", uses=10)
        rs.ok(ann, "space_join", code=r["code"])
        rs.ok(olive, "space_revoke", space="plc", invite=r["invite"])
        assert invite(olive, "plc", r["invite"])["state"] == "revoked"
        e = rs.fails(ben, "space_join", "bad-invite", code=r["code"])
        assert "revoked" in e["message"], e
        # Again: nothing changes; one entry in the record.
        rs.ok(olive, "space_revoke", space="plc", invite=r["invite"])
        assert [a for _, a, _ in rs.log(olive, "plc")].count(
            "revoked") == 1
        rs.fails(olive, "space_revoke", "not-found", space="plc",
                 invite=999)
        # A code of another space cannot be revoked through this one.
        rs.fails(olive, "space_revoke", "not-found", space="plc",
                 invite=other)
        assert invite(olive, "other", other)["state"] == "active"
        # Members joined with the code stay members.
        assert "ann" in rs.members(olive, "plc")


def test_typing_and_mismatch(tmp):
    with Server(tmp).start() as s:
        olive, (ann, ben, cat) = setup(s)
        adm = rs.admin(s)
        rs.ok(adm, "space_create", slug="other", kind="open",
              title="Other", owner="olive")
        code = rs.ok(olive, "space_invite", space="plc", uses=5)["code"]
        typed = code.upper().replace("-", " ")
        rs.ok(ann, "space_join", code=typed)
        # A real code with another space's name is an unknown code, and
        # is answered exactly like one.
        bogus = rs.fails(ben, "space_join", "bad-invite", space="plc",
                         code="abcde-fghjk-mnpqr-stuvw")
        wrong = rs.fails(ben, "space_join", "bad-invite", space="other",
                         code=code)
        assert wrong["message"] == bogus["message"] == \
            "unknown invite code", (wrong, bogus)
        e = rs.fails(ben, "space_join", "bad-invite", code="not a code")
        assert "not an invite code" in e["message"], e
        rs.ok(ben, "space_join", space="plc", code=code)


def test_mentor_and_request_codes(tmp):
    with Server(tmp).start() as s:
        olive, (ann, ben, cat) = setup(s, "affinity")
        r = rs.ok(olive, "space_invite", space="plc", role="mentor")
        assert r["role"] == "mentor", r
        j = rs.ok(ann, "space_join", code=r["code"])
        assert j["role"] == "mentor", j
        rq = rs.ok(olive, "space_invite", space="plc", request=True,
                   uses=3)
        assert rq["request"] is True, rq
        e = rs.fails(ben, "space_join", "bad-invite", code=rq["code"])
        assert "space_request" in e["message"], e
        adm_code = rs.ok(olive, "space_invite", space="plc")["code"]
        e = rs.fails(ben, "space_request", "bad-invite", code=adm_code)
        assert "space_join" in e["message"], e
        p = rs.ok(ben, "space_request", code=rq["code"], message="hi")
        assert p["pending"] is True and "role" not in p, p
        # Codes give members or mentors only; request codes are for
        # affinity spaces only.
        for role in ("owner", "facilitator"):
            rs.fails(olive, "space_invite", "bad-value", space="plc",
                     role=role)
        rs.ok(rs.admin(s), "space_create", slug="open-one", kind="open",
              title="Open", owner="olive")
        rs.fails(olive, "space_invite", "wrong-kind", space="open-one",
                 request=True)


def test_limits(tmp):
    conf = {"spaces": {"invite_max_lifetime": "1h"}}
    with Server(tmp, conf=conf).start() as s:
        olive, _ = setup(s)
        rs.fails(olive, "space_invite", "bad-value", space="plc",
                 ttl=3601)
        r = rs.ok(olive, "space_invite", space="plc", ttl=3600)
        iv = invite(olive, "plc", r["invite"])
        assert r["expires"] - iv["created"] == 3600
        # Without a ttl: the default (7d), capped by the maximum.
        r = rs.ok(olive, "space_invite", space="plc")
        iv = invite(olive, "plc", r["invite"])
        assert r["expires"] - iv["created"] == 3600
        rs.fails(olive, "space_invite", "bad-value", space="plc",
                 uses=100001)
        assert rs.ok(olive, "space_invite", space="plc",
                     uses=100000)["uses"] == 100000


def test_only_hashes_stored(tmp):
    with Server(tmp).start() as s:
        olive, _ = setup(s)
        code = rs.ok(olive, "space_invite", space="plc")["code"]
        canon = code.replace("-", "")
        db = sqlite3.connect(os.path.join(s.datadir, "roundtable.db"))
        try:
            hashes = [bytes(h) for (h,) in
                      db.execute("SELECT hash FROM space_invites")]
            assert hashes == [hashlib.sha256(canon.encode()).digest()]
            for table, in db.execute("SELECT name FROM sqlite_master "
                                     "WHERE type = 'table'"):
                for row in db.execute("SELECT * FROM %s" % table):
                    for v in row:
                        if isinstance(v, str):
                            assert canon not in v.replace("-", ""), table
                            assert code not in v, table
        finally:
            db.close()
        # The record names the code by number only.
        assert ("olive", "invited", "") in rs.log(olive, "plc")


if __name__ == "__main__":
    rtharness.main(globals())
