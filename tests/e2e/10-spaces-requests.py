#!/usr/bin/env python3
"""10-spaces-requests: requests to join affinity spaces: what a requester
sees, approve, decline, a duplicate request, withdrawing, requests by name
where affinity spaces are discoverable, and a space that stops being an
affinity space."""

import rtharness
from rtharness import Server
import rtspaces as rs

STATEMENT = "For Black male leaders in the district.\nWhat is said here " \
    "stays here."


def setup(s):
    """An affinity space owned by olive, with a facilitator and a request
    code; and two would-be members."""
    adm = rs.admin(s)
    olive = rs.account(s, "olive")
    fran = rs.account(s, "fran")
    rs.ok(adm, "space_create", slug="leaders", kind="affinity",
          title="Leaders", owner="olive", description="Monthly, Tuesdays.",
          statement=STATEMENT)
    rs.ok(olive, "space_add", space="leaders", user="fran",
          role="facilitator")
    code = rs.ok(olive, "space_invite", space="leaders", request=True,
                 uses=10)["code"]
    return olive, fran, code, rs.account(s, "reggie"), rs.account(s, "sam")


def test_requester_view_and_approve(tmp):
    with Server(tmp).start() as s:
        olive, fran, code, reggie, _ = setup(s)
        r = rs.ok(reggie, "space_request", code=code,
                  message="I lead the middle school.")
        assert r["pending"] is True and r["statement"] == STATEMENT, r
        # A requester sees the statement, not the description, the
        # member count or the members.
        i = rs.ok(reggie, "space_info", space="leaders")
        assert i["statement"] == STATEMENT and i["pending"] is True, i
        assert "description" not in i and "members" not in i, i
        rs.fails(reggie, "space_members", "denied", space="leaders")
        m = rs.ok(reggie, "space_mine")["spaces"]
        assert [(x["slug"], x.get("pending")) for x in m] == \
            [("leaders", True)], m
        # The facilitator sees the request and its message.
        p = rs.ok(fran, "space_requests", space="leaders")
        assert [(x["user"], x["message"]) for x in p["requests"]] == \
            [("reggie", "I lead the middle school.")], p
        rs.ok(fran, "space_approve", space="leaders", user="reggie")
        i = rs.ok(reggie, "space_info", space="leaders")
        assert i["role"] == "member" and "pending" not in i, i
        assert i["description"] == "Monthly, Tuesdays." and \
            i["members"] == 3, i
        assert rs.members(reggie, "leaders")["reggie"] == "member"
        assert "requests" not in rs.ok(fran, "space_requests",
                                       space="leaders")
        # Approving again: there is no request any more.
        rs.fails(fran, "space_approve", "not-found", space="leaders",
                 user="reggie")
        assert rs.log(olive, "leaders")[-2:] == [
            ("reggie", "requested", "reggie"),
            ("fran", "approved", "reggie")]


def test_decline(tmp):
    with Server(tmp).start() as s:
        olive, fran, code, reggie, _ = setup(s)
        rs.ok(reggie, "space_request", code=code)
        rs.ok(olive, "space_decline", space="leaders", user="reggie")
        # Declined: the space is hidden again, as if it did not exist.
        a = rs.fails(reggie, "space_info", "not-found", space="leaders")
        b = rs.fails(reggie, "space_info", "not-found", space="no-such")
        assert a["message"] == b["message"], (a, b)
        assert "spaces" not in rs.ok(reggie, "space_mine")
        assert ("olive", "declined", "reggie") in rs.log(olive, "leaders")
        # The code still works for another try.
        rs.ok(reggie, "space_request", code=code)
        rs.fails(olive, "space_decline", "not-found", space="leaders",
                 user="nobody")


def test_duplicate(tmp):
    with Server(tmp).start() as s:
        olive, fran, code, reggie, sam = setup(s)
        rs.ok(reggie, "space_request", code=code)
        e = rs.fails(reggie, "space_request", "exists", code=code)
        assert "already asked" in e["message"], e
        e = rs.fails(reggie, "space_request", "exists", space="leaders")
        assert "already asked" in e["message"], e
        # The refused duplicate used no use of the code.
        iv = rs.ok(olive, "space_invites", space="leaders")["invites"][0]
        assert iv["uses"] == 1, iv
        assert len(rs.ok(fran, "space_requests",
                         space="leaders")["requests"]) == 1
        # A member asking is told so too.
        rs.fails(fran, "space_request", "exists", code=code)


def test_withdraw_and_join_by_code(tmp):
    with Server(tmp).start() as s:
        olive, fran, code, reggie, sam = setup(s)
        rs.ok(reggie, "space_request", code=code)
        rs.ok(reggie, "space_leave", space="leaders")
        assert ("reggie", "withdrew", "reggie") in rs.log(olive, "leaders")
        rs.fails(reggie, "space_info", "not-found", space="leaders")
        # A requester handed an admitting code joins directly, and the
        # request goes.
        rs.ok(sam, "space_request", code=code)
        admit = rs.ok(olive, "space_invite", space="leaders")["code"]
        assert rs.ok(sam, "space_join", code=admit)["role"] == "member"
        assert "requests" not in rs.ok(fran, "space_requests",
                                       space="leaders")


def test_request_by_name_when_discoverable(tmp):
    with Server(tmp, conf={"spaces": {
            "discoverable_affinity": "yes"}}).start() as s:
        olive, fran, code, reggie, sam = setup(s)
        lst = rs.ok(reggie, "space_list")["spaces"]
        assert [(x["slug"], x["kind"]) for x in lst] == \
            [("leaders", "affinity")], lst
        assert "statement" not in lst[0], lst
        i = rs.ok(reggie, "space_info", space="leaders")
        assert i["statement"] == STATEMENT and "description" not in i, i
        rs.ok(reggie, "space_request", space="leaders", message="me too")
        rs.fails(sam, "space_join", "denied", space="leaders")
        rs.ok(fran, "space_approve", space="leaders", user="reggie")
        assert rs.members(olive, "leaders")["reggie"] == "member"


def test_hidden_by_default(tmp):
    with Server(tmp).start() as s:
        olive, fran, code, reggie, sam = setup(s)
        assert "spaces" not in rs.ok(reggie, "space_list")
        rs.fails(reggie, "space_request", "not-found", space="leaders")
        rs.fails(reggie, "space_join", "not-found", space="leaders")


def test_kind_change_declines_requests(tmp):
    with Server(tmp).start() as s:
        olive, fran, code, reggie, sam = setup(s)
        rs.ok(reggie, "space_request", code=code)
        rs.ok(sam, "space_request", code=code)
        r = rs.ok(olive, "space_update", space="leaders", kind="invite")
        assert r["kind"] == "invite", r
        entries = rs.log(olive, "leaders")
        assert ("olive", "declined", "reggie") in entries, entries
        assert ("olive", "declined", "sam") in entries, entries
        i = rs.ok(reggie, "space_info", space="leaders")
        assert "pending" not in i, i
        rs.fails(olive, "space_requests", "wrong-kind", space="leaders")


if __name__ == "__main__":
    rtharness.main(globals())
