#!/usr/bin/env python3
"""10-spaces-bad-input: each kind of bad input to the space requests gets
its own clear error code, and leaves no partial write: an unknown space,
a malformed slug, oversized and control-character fields, a duplicate
name, bad kinds and roles, spent and revoked codes.

Errors in the 1xx block (bad-value, too-long, bad-chars, bad-field) count
towards the connection's limit of 10, so each group uses a fresh
connection."""

import rtharness
from rtharness import Server
import rtspaces as rs
import rtwire as w


def state(s):
    """Everything the operator sees: spaces, and each one's members and
    record. Used to show that a refused request wrote nothing."""
    spaces = s.admin("space", "list").stdout
    out = [spaces]
    for line in spaces.decode().splitlines()[1:]:
        slug = line.split()[0]
        out.append(s.admin("space", "show", slug).stdout)
        out.append(s.admin("space", "members", slug).stdout)
        out.append(s.admin("space", "log", slug).stdout)
        out.append(s.admin("space", "invites", slug).stdout)
    return b"\n".join(out)


def setup(s):
    adm = rs.admin(s)
    olive = rs.account(s, "olive")
    rs.ok(adm, "space_create", slug="plc", kind="invite", title="PLC",
          owner="olive", description="d", statement="s")
    return adm, olive


def test_unknown_space(tmp):
    with Server(tmp).start() as s:
        adm, olive = setup(s)
        before = state(s)
        for name in rs.TYPES:
            if name in ("space_create", "space_list", "space_mine"):
                continue
            f = {"space": "nowhere", "user": "olive", "role": "member",
                 "invite": 1}
            e = rs.fails(olive, name, "not-found", **f)
            assert e["message"] == "no such space", e
            assert e["req_type"] == rs.TYPES[name], e
        assert state(s) == before


def test_malformed_slug(tmp):
    with Server(tmp).start() as s:
        adm, olive = setup(s)
        before = state(s)
        bad = ["P", "Plc", "plc_2026", "2plc", "-plc", "plc-", "pl--c",
               "pl.c", "pl c", "caf\u00e9"]
        for i in range(0, len(bad), 5):
            c = rs.admin(s)
            for slug in bad[i:i + 5]:
                e = rs.fails(c, "space_create", "bad-value", slug=slug,
                             kind="open", title="T")
                assert "lowercase" in e["message"], e
                rs.fails(c, "space_info", "bad-value", space=slug)
            c.close()
        c = rs.admin(s)
        rs.fails(c, "space_create", "too-long", slug="a" * 33,
                 kind="open", title="T")
        # 32 is the longest slug.
        rs.ok(c, "space_create", slug="a" * 32, kind="open", title="T")
        assert state(s) != before
        assert b"a" * 32 in state(s)


def test_oversized_fields(tmp):
    with Server(tmp).start() as s:
        adm, olive = setup(s)
        code = rs.ok(olive, "space_invite", space="plc")["code"]
        before = state(s)
        cases = [
            ("space_create", dict(slug="big", kind="open",
                                  title="t" * 129)),
            ("space_create", dict(slug="big", kind="open", title="T",
                                  description="d" * 8193)),
            ("space_create", dict(slug="big", kind="open", title="T",
                                  statement="s" * 8193)),
            ("space_create", dict(slug="big", kind="o" * 33, title="T")),
            ("space_update", dict(space="plc", title="t" * 129)),
            ("space_update", dict(space="plc", description="d" * 8193)),
            ("space_update", dict(space="plc", statement="s" * 8193)),
            ("space_request", dict(space="plc", message="m" * 513)),
            ("space_join", dict(code="c" * 65)),
            ("space_add", dict(space="plc", user="u" * 33)),
        ]
        for i, (name, f) in enumerate(cases):
            c = rs.admin(s) if i % 5 == 0 else c
            e = rs.fails(c, name, "too-long", **f)
            assert "limit" in e["message"], e
        # Multi-byte characters count in bytes: 43 three-byte characters
        # are 129 bytes.
        rs.fails(rs.admin(s), "space_update", "too-long", space="plc",
                 title="\u2713" * 43)
        assert state(s) == before
        # At the limits, everything fits.
        rs.ok(olive, "space_update", space="plc", title="t" * 128,
              description="d" * 8192, statement="s" * 8192)
        rs.ok(olive, "space_invite", space="plc")
        assert code


def test_control_characters(tmp):
    with Server(tmp).start() as s:
        adm, olive = setup(s)
        before = state(s)
        c = rs.admin(s)
        for title in ("a\x1b[31mred", "two\nlines", "bidi\u202eevil"):
            rs.fails(c, "space_create", "bad-chars", slug="cc",
                     kind="open", title=title)
        rs.fails(c, "space_update", "bad-chars", space="plc",
                 description="bell\x07")
        assert state(s) == before
        # Newlines and tabs are allowed in descriptions and statements.
        r = rs.ok(olive, "space_update", space="plc",
                  description="one\n\ttwo", statement="a\nb")
        assert r["description"] == "one\n\ttwo", r


def test_duplicate_name(tmp):
    with Server(tmp).start() as s:
        adm, olive = setup(s)
        before = state(s)
        e = rs.fails(adm, "space_create", "exists", slug="plc",
                     kind="affinity", title="Other", owner="admin")
        assert "taken" in e["message"], e
        assert state(s) == before
        assert rs.ok(olive, "space_info", space="plc")["title"] == "PLC"


def test_bad_values(tmp):
    with Server(tmp).start() as s:
        adm, olive = setup(s)
        s.add_user("bob", rs.PASSWORD)
        before = state(s)
        c = rs.admin(s)
        rs.fails(c, "space_create", "bad-value", slug="k", kind="public",
                 title="T")
        rs.fails(c, "space_create", "bad-value", slug="kk", kind="open",
                 title="   ")
        rs.fails(c, "space_create", "bad-field", slug="kk", kind="open")
        rs.fails(c, "space_create", "not-found", slug="kk", kind="open",
                 title="T", owner="nobody")
        rs.fails(olive, "space_update", "bad-value", space="plc",
                 kind="secret")
        c.close()
        c = s.login("olive", rs.PASSWORD)
        rs.fails(c, "space_update", "bad-value", space="plc",
                 clear=["title"])
        rs.fails(c, "space_update", "bad-value", space="plc",
                 description="x", clear=["description"])
        rs.fails(c, "space_add", "bad-value", space="plc", user="bob",
                 role="king")
        rs.fails(c, "space_set_role", "bad-field", space="plc",
                 user="olive")
        rs.fails(c, "space_join", "bad-field")
        rs.fails(c, "space_request", "bad-field", message="hi")
        rs.fails(c, "space_invite", "bad-value", space="plc",
                 role="owner")
        assert state(s) == before
        # Clearing works on its own.
        r = rs.ok(olive, "space_update", space="plc",
                  clear=["description", "statement"])
        assert "description" not in r and "statement" not in r, r


def test_spent_and_revoked_codes(tmp):
    with Server(tmp).start() as s:
        adm, olive = setup(s)
        ann = rs.account(s, "ann")
        ben = rs.account(s, "ben")
        spent = rs.ok(olive, "space_invite", space="plc")
        rs.ok(ann, "space_join", code=spent["code"])
        revoked = rs.ok(olive, "space_invite", space="plc", uses=9)
        rs.ok(olive, "space_revoke", space="plc", invite=revoked["invite"])
        before = state(s)
        e = rs.fails(ben, "space_join", "bad-invite", code=spent["code"])
        assert e["message"] == "this invite code is used up", e
        e = rs.fails(ben, "space_join", "bad-invite", code=revoked["code"])
        assert e["message"] == "this invite code was revoked", e
        e = rs.fails(ben, "space_join", "bad-invite",
                     code="zzzzz-zzzzz-zzzzz-zzzzz")
        assert e["message"] == "unknown invite code", e
        assert state(s) == before
        assert "ben" not in rs.members(olive, "plc")


def test_archived_space(tmp):
    with Server(tmp).start() as s:
        adm, olive = setup(s)
        mia = rs.account(s, "mia")
        rs.ok(olive, "space_add", space="plc", user="mia")
        code = rs.ok(olive, "space_invite", space="plc", uses=5)["code"]
        rs.ok(olive, "space_archive", space="plc")
        assert rs.ok(mia, "space_info", space="plc")["archived"] is True
        before = state(s)
        otto = rs.account(s, "otto")
        rs.fails(otto, "space_join", "archived", code=code)
        rs.fails(olive, "space_update", "archived", space="plc",
                 title="New")
        rs.fails(olive, "space_invite", "archived", space="plc")
        assert state(s) == before
        # Access can still be taken away, and people can still leave.
        rs.ok(mia, "space_leave", space="plc")
        rs.ok(olive, "space_archive", space="plc", restore=True)
        rs.ok(otto, "space_join", code=code)
        assert [x["slug"] for x in rs.ok(otto, "space_list")["spaces"]] == \
            ["plc"]


if __name__ == "__main__":
    rtharness.main(globals())
