#!/usr/bin/env python3
"""10-spaces-members: roles and who may change them: owners manage
everyone, facilitators manage members and mentors; a space always keeps
an owner; mentors that are also members; the membership record (who,
what, when, about whom, for owners only); pages of long listings; and
everything surviving a restart."""

import time

import rtharness
from rtharness import Server
import rtspaces as rs


def setup(s, kind="invite"):
    adm = rs.admin(s)
    c = {"admin": adm}
    for name in ("olive", "fran", "mia", "milo"):
        c[name] = rs.account(s, name)
    for name in ("newt", "nora"):
        s.add_user(name, rs.PASSWORD)
    rs.ok(adm, "space_create", slug="plc", kind=kind, title="PLC",
          owner="olive")
    rs.ok(c["olive"], "space_add", space="plc", user="fran",
          role="facilitator")
    rs.ok(c["olive"], "space_add", space="plc", user="mia")
    rs.ok(c["olive"], "space_add", space="plc", user="milo", role="mentor")
    return c


def test_facilitator_limits(tmp):
    with Server(tmp).start() as s:
        c = setup(s)
        fran = c["fran"]
        rs.ok(fran, "space_add", space="plc", user="newt", role="mentor")
        rs.ok(fran, "space_set_role", space="plc", user="newt",
              role="member", mentor=True)
        for role in ("facilitator", "owner"):
            rs.fails(fran, "space_add", "denied", space="plc", user="nora",
                     role=role)
            rs.fails(fran, "space_set_role", "denied", space="plc",
                     user="mia", role=role)
        rs.fails(fran, "space_remove", "denied", space="plc", user="olive")
        rs.fails(fran, "space_set_role", "denied", space="plc",
                 user="olive", role="member")
        rs.fails(fran, "space_set_role", "denied", space="plc",
                 user="fran", role="owner")
        rs.fails(fran, "space_remove", "denied", space="plc", user="fran")
        rs.ok(fran, "space_remove", space="plc", user="newt")
        rs.fails(fran, "space_add", "exists", space="plc", user="mia")
        rs.fails(fran, "space_add", "not-found", space="plc",
                 user="nobody")
        rs.fails(fran, "space_remove", "not-found", space="plc",
                 user="nora")
        rs.fails(fran, "space_remove", "not-found", space="plc",
                 user="nobody")
        m = rs.ok(fran, "space_members", space="plc")["members"]
        assert {x["user"]: x["role"] for x in m} == {
            "olive": "owner", "fran": "facilitator", "mia": "member",
            "milo": "mentor"}, m


def test_owners(tmp):
    with Server(tmp).start() as s:
        c = setup(s)
        olive, fran = c["olive"], c["fran"]
        e = rs.fails(olive, "space_leave", "last-owner", space="plc")
        assert "owner" in e["message"], e
        rs.fails(olive, "space_set_role", "last-owner", space="plc",
                 user="olive", role="member")
        rs.ok(olive, "space_set_role", space="plc", user="fran",
              role="owner")
        # Owners manage owners.
        rs.ok(fran, "space_set_role", space="plc", user="olive",
              role="facilitator")
        rs.fails(fran, "space_leave", "last-owner", space="plc")
        rs.ok(fran, "space_set_role", space="plc", user="olive",
              role="owner")
        rs.ok(olive, "space_leave", space="plc")
        assert "olive" not in rs.members(fran, "plc")
        rs.fails(olive, "space_members", "denied", space="plc")


def test_mentors(tmp):
    with Server(tmp).start() as s:
        c = setup(s)
        olive, milo = c["olive"], c["milo"]
        i = rs.ok(milo, "space_info", space="plc")
        assert i["role"] == "mentor" and "mentor" not in i, i
        assert rs.members(milo, "plc")["milo"] == "mentor"
        rs.ok(olive, "space_set_role", space="plc", user="milo",
              role="member", mentor=True)
        i = rs.ok(milo, "space_info", space="plc")
        assert i["role"] == "member" and i["mentor"] is True, i
        m = {x["user"]: x for x in
             rs.ok(olive, "space_members", space="plc")["members"]}
        assert m["milo"]["mentor"] is True and "mentor" not in m["mia"], m
        assert m["milo"]["since"] > 0, m


def test_membership_record(tmp):
    with Server(tmp).start() as s:
        c = setup(s, "open")
        olive, fran, mia = c["olive"], c["fran"], c["mia"]
        t0 = int(time.time())
        rs.ok(c["admin"], "space_join", space="plc")
        rs.ok(mia, "space_leave", space="plc")
        rs.ok(fran, "space_set_role", space="plc", user="milo",
              role="member")
        rs.ok(olive, "space_remove", space="plc", user="admin")
        rs.ok(olive, "space_update", space="plc", title="Renamed")
        rs.ok(olive, "space_archive", space="plc")
        rs.ok(olive, "space_archive", space="plc", restore=True)
        assert rs.log(olive, "plc") == [
            ("admin", "created", ""), ("admin", "added", "olive"),
            ("olive", "added", "fran"), ("olive", "added", "mia"),
            ("olive", "added", "milo"), ("admin", "joined", "admin"),
            ("mia", "left", "mia"), ("fran", "role", "milo"),
            ("olive", "removed", "admin"), ("olive", "updated", ""),
            ("olive", "archived", ""), ("olive", "restored", "")]
        e = rs.ok(olive, "space_log", space="plc", limit=5)
        assert len(e["entries"]) == 5 and e["next"] > 0, e
        first = e["entries"][0]
        assert first["action"] == "restored" and first["at"] >= t0, first
        role = [x for x in rs.ok(olive, "space_log", space="plc")["entries"]
                if x["action"] == "role"][0]
        assert role["detail"] == "mentor -> member", role
        # Only owners read it.
        for who in ("fran", "milo"):
            rs.fails(c[who], "space_log", "denied", space="plc")


def test_pages(tmp):
    with Server(tmp).start() as s:
        adm = rs.admin(s)
        rs.ok(adm, "space_create", slug="big", kind="open", title="Big",
              owner="admin")
        names = ["u%02d" % i for i in range(12)]
        for n in names:
            s.add_user(n, rs.PASSWORD)
            rs.ok(adm, "space_add", space="big", user=n)
        for i in range(7):
            rs.ok(adm, "space_create", slug="s%d" % i, kind="invite",
                  title="S", owner="admin")
        seen, after, pages = [], None, 0
        while True:
            f = {"space": "big", "limit": 5}
            if after:
                f["after"] = after
            r = rs.ok(adm, "space_members", **f)
            seen += [m["user"] for m in r["members"]]
            pages += 1
            after = r.get("next")
            if not after:
                break
        assert seen == ["admin"] + names and pages == 3, (seen, pages)
        r = rs.ok(adm, "space_list", limit=3)
        assert [x["slug"] for x in r["spaces"]] == ["big", "s0", "s1"], r
        r = rs.ok(adm, "space_list", limit=3, after=r["next"])
        assert [x["slug"] for x in r["spaces"]] == ["s2", "s3", "s4"], r
        r = rs.ok(adm, "space_list", limit=1000, after=r["next"])
        assert [x["slug"] for x in r["spaces"]] == ["s5", "s6"], r
        assert "next" not in r, r
        # The default page is 100; the most is 200.
        for i in range(3):
            rs.ok(adm, "space_invite", space="big")
        r = rs.ok(adm, "space_invites", space="big", limit=2)
        assert len(r["invites"]) == 2 and r["next"] == 2, r
        r = rs.ok(adm, "space_invites", space="big", after=r["next"])
        assert [x["invite"] for x in r["invites"]] == [3], r


def test_survives_restart(tmp):
    s = Server(tmp).start()
    c = setup(s, "affinity")
    code = rs.ok(c["olive"], "space_invite", space="plc", request=True,
                 uses=3)["code"]
    rs.ok(c["admin"], "space_create", slug="later", kind="open",
          title="Later", owner="olive")
    for conn in c.values():
        conn.close()
    s.stop()
    s.start()
    olive = s.login("olive", rs.PASSWORD)
    assert rs.members(olive, "plc") == {"olive": "owner",
                                         "fran": "facilitator",
                                         "mia": "member",
                                         "milo": "mentor"}
    s.add_user("rosa", rs.PASSWORD)
    rosa = s.login("rosa", rs.PASSWORD)
    rs.ok(rosa, "space_request", code=code)
    rs.ok(olive, "space_approve", space="plc", user="rosa")
    assert [x["slug"] for x in rs.ok(olive, "space_mine")["spaces"]] == \
        ["later", "plc"]
    s.stop()


if __name__ == "__main__":
    rtharness.main(globals())
