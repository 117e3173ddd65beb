#!/usr/bin/env python3
"""10-spaces-admin: bootstrapping a district from the shell with
`roundtabled space ...`, while the server runs: spaces, members and roles,
codes that work over the wire, requests, the record (with the operator as
actor), and exit codes for bad usage and bad data."""

import rtharness
from rtharness import Server
import rtspaces as rs


def run(s, *args, code=0):
    r = s.admin("space", *args)
    assert r.returncode == code, (args, r.returncode, r.stdout, r.stderr)
    return r


def test_bootstrap(tmp):
    with Server(tmp).start() as s:
        for name in ("olive", "fran", "mia", "milo"):
            s.add_user(name, rs.PASSWORD)
        r = run(s, "create", "leaders", "--kind", "affinity", "--title",
                "Black Male Leaders", "--owner", "olive", "--statement",
                "For Black male leaders.\nWhat is said here stays here.",
                "--description", "Monthly.")
        assert b"created affinity space leaders, owned by olive" in \
            r.stdout, r
        run(s, "add-member", "leaders", "fran", "--role", "facilitator")
        run(s, "add-member", "leaders", "mia")
        run(s, "add-member", "leaders", "milo", "--role", "mentor")
        run(s, "set-role", "leaders", "mia", "member", "--mentor")
        out = run(s, "members", "leaders").stdout.decode()
        rows = {l.split()[0]: l.split()[1:3] for l in out.splitlines()[1:]}
        assert rows == {"olive": ["owner", "-"],
                        "fran": ["facilitator", "-"],
                        "mia": ["member", "mentor"],
                        "milo": ["mentor", "-"]}, out
        # The wire agrees, while the server runs.
        olive = s.login("olive", rs.PASSWORD)
        i = rs.ok(olive, "space_info", space="leaders")
        assert i["title"] == "Black Male Leaders" and i["members"] == 4, i
        # A code made on the command line works over the wire.
        r = run(s, "invite", "leaders", "--uses", "2", "--expires", "1h")
        code = r.stdout.decode().strip()
        assert len(code) == 23 and b"2 uses" in r.stderr, r
        s.add_user("newt", rs.PASSWORD)
        newt = s.login("newt", rs.PASSWORD)
        assert rs.ok(newt, "space_join", code=code)["role"] == "member"
        out = run(s, "invites", "leaders").stdout.decode()
        assert "active" in out and "1/2" in out and "(operator)" in out, out
        run(s, "revoke", "leaders", "1")
        assert "revoked" in run(s, "invites", "leaders").stdout.decode()
        rs.fails(s.login("milo", rs.PASSWORD), "space_join", "bad-invite",
                 code=code)
        # Requests, answered from the shell.
        r = run(s, "invite", "leaders", "--request")
        s.add_user("rosa", rs.PASSWORD)
        rosa = s.login("rosa", rs.PASSWORD)
        rs.ok(rosa, "space_request", code=r.stdout.decode().strip(),
              message="hello")
        assert "hello" in run(s, "requests", "leaders").stdout.decode()
        run(s, "approve", "leaders", "rosa")
        assert rs.ok(rosa, "space_info", space="leaders")["role"] == \
            "member"
        # The record shows the operator as the actor of its changes.
        log = rs.ok(olive, "space_log", space="leaders")["entries"]
        created = log[-1]
        assert created["action"] == "created" and "actor" not in created
        out = run(s, "log", "leaders").stdout.decode()
        assert "(operator)" in out and "approved" in out, out
        # Edit, archive, restore, show, list.
        run(s, "edit", "leaders", "--title", "Leaders", "--kind", "invite")
        out = run(s, "show", "leaders").stdout.decode()
        assert "title: Leaders" in out and "kind: invite" in out, out
        run(s, "archive", "leaders")
        assert "archived" in run(s, "list").stdout.decode()
        assert rs.ok(olive, "space_info", space="leaders")["archived"]
        run(s, "restore", "leaders")
        run(s, "remove-member", "leaders", "newt")
        rs.fails(newt, "space_members", "denied", space="leaders")


def test_errors(tmp):
    with Server(tmp).start() as s:
        s.add_user("olive", rs.PASSWORD)
        run(s, "create", "plc", "--kind", "open", "--title", "PLC",
            "--owner", "olive")
        run(s, code=64)
        run(s, "frobnicate", code=64)
        run(s, "create", "x1", "--kind", "open", code=64)
        run(s, "create", "x1", "--kind", "open", "--title", "T",
            "--owner", "olive", "--bogus", code=64)
        run(s, "members", code=64)
        run(s, "members", "plc", "extra", code=64)
        r = run(s, "create", "plc", "--kind", "open", "--title", "T",
                "--owner", "olive", code=65)
        assert b"taken" in r.stderr, r
        r = run(s, "create", "Bad_Slug", "--kind", "open", "--title", "T",
                "--owner", "olive", code=65)
        assert b"not a valid space name" in r.stderr, r
        run(s, "create", "ok-slug", "--kind", "public", "--title", "T",
            "--owner", "olive", code=65)
        run(s, "create", "ok-slug", "--kind", "open", "--title", "T" * 129,
            "--owner", "olive", code=65)
        run(s, "create", "ok-slug", "--kind", "open", "--title", "a\x1bb",
            "--owner", "olive", code=65)
        run(s, "create", "ok-slug", "--kind", "open", "--title", "T",
            "--owner", "nobody", code=67)
        run(s, "add-member", "plc", "nobody", code=67)
        run(s, "add-member", "nowhere", "olive", code=65)
        run(s, "add-member", "plc", "olive", code=65)
        run(s, "add-member", "plc", "olive", "--role", "king", code=65)
        r = run(s, "remove-member", "plc", "olive", code=65)
        assert b"owner" in r.stderr, r
        run(s, "set-role", "plc", "olive", "member", code=65)
        run(s, "invite", "plc", "--uses", "0", code=65)
        run(s, "invite", "plc", "--expires", "soon", code=65)
        run(s, "invite", "plc", "--expires", "1000d", code=65)
        run(s, "invite", "plc", "--request", code=65)
        run(s, "invite", "plc", "--role", "owner", code=65)
        run(s, "revoke", "plc", "7", code=65)
        run(s, "revoke", "plc", "x", code=65)
        run(s, "approve", "plc", "olive", code=65)
        # Nothing of the refused commands was written.
        out = run(s, "list").stdout.decode().splitlines()
        assert len(out) == 2 and out[1].split()[:3] == ["plc", "open", "1"]
        assert len(run(s, "log", "plc").stdout.decode().splitlines()) == 3


def test_archived_space_refuses(tmp):
    """An archived space takes no new member, code or request, from the
    shell or over the wire, and nothing of a refusal is written; removing
    a member still works."""
    with Server(tmp).start() as s:
        for name in ("olive", "mia", "rosa", "newt"):
            s.add_user(name, rs.PASSWORD)
        run(s, "create", "leaders", "--kind", "affinity", "--title", "L",
            "--owner", "olive")
        run(s, "add-member", "leaders", "mia")
        join = run(s, "invite", "leaders", "--uses", "5").stdout.decode() \
            .strip()
        ask = run(s, "invite", "leaders", "--request", "--uses", "5") \
            .stdout.decode().strip()
        rosa = s.login("rosa", rs.PASSWORD)
        rs.ok(rosa, "space_request", space="leaders", code=ask)
        olive = s.login("olive", rs.PASSWORD)
        rs.ok(olive, "space_archive", space="leaders")
        before = run(s, "log", "leaders").stdout
        # The shell.
        r = run(s, "add-member", "leaders", "newt", code=65)
        assert b"archived" in r.stderr, r
        r = run(s, "invite", "leaders", code=65)
        assert b"archived" in r.stderr and r.stdout == b"", r
        run(s, "approve", "leaders", "rosa", code=65)
        run(s, "edit", "leaders", "--title", "New", code=65)
        # The wire.
        rs.fails(olive, "space_add", "archived", space="leaders",
                 user="newt")
        rs.fails(olive, "space_invite", "archived", space="leaders")
        rs.fails(olive, "space_approve", "archived", space="leaders",
                 user="rosa")
        rs.fails(olive, "space_update", "archived", space="leaders",
                 title="New")
        newt = s.login("newt", rs.PASSWORD)
        rs.fails(newt, "space_join", "archived", code=join)
        rs.fails(newt, "space_request", "archived", space="leaders",
                 code=ask)
        # Nothing was written: members, record, codes' uses.
        assert rs.members(olive, "leaders") == {"olive": "owner",
                                                "mia": "member"}
        assert run(s, "log", "leaders").stdout == before
        out = run(s, "invites", "leaders").stdout.decode()
        assert "0/5" in out and "1/5" in out, out
        # Taking access away still works; restoring opens it again.
        run(s, "remove-member", "leaders", "mia")
        run(s, "restore", "leaders")
        run(s, "add-member", "leaders", "newt")
        run(s, "approve", "leaders", "rosa")


if __name__ == "__main__":
    rtharness.main(globals())
