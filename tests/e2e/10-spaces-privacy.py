#!/usr/bin/env python3
"""10-spaces-privacy: affinity spaces. A non-member's answers about an
existing affinity space are the same, byte for byte, as about a space
that does not exist, for every request, through codes, requests and
listings too; administrators get no exception; a removed member loses
access at once, on the connection they are already using."""

import struct
import time

import rtharness
from rtharness import Server
import rtspaces as rs
import rtwire as w

HIDDEN, MISSING = "leaders", "no-such-space"


def raw(conn, msg, rid=4242):
    """Send msg with request id rid; return the reply's frame body as
    bytes, exactly as the server sent it."""
    m = dict(msg)
    m["id"] = rid
    conn.send(m)
    deadline = time.monotonic() + 10
    conn._fill(4, deadline)
    n = struct.unpack(">I", conn.buf[:4])[0]
    conn._fill(4 + n, deadline)
    body, conn.buf = conn.buf[4:4 + n], conn.buf[4 + n:]
    return body


def probes(slug, code):
    """Every request a non-member could send about slug."""
    user = {"space": slug, "user": "olive"}
    return [
        {"t": w.SPACE_INFO, "space": slug},
        {"t": w.SPACE_UPDATE, "space": slug, "title": "Mine now"},
        {"t": w.SPACE_ARCHIVE, "space": slug},
        {"t": w.SPACE_ARCHIVE, "space": slug, "restore": True},
        {"t": w.SPACE_MEMBERS, "space": slug},
        {"t": w.SPACE_MEMBERS, "space": slug, "after": "m", "limit": 5},
        {"t": w.SPACE_INVITE, "space": slug},
        {"t": w.SPACE_INVITE, "space": slug, "request": True},
        {"t": w.SPACE_INVITES, "space": slug},
        {"t": w.SPACE_REVOKE, "space": slug, "invite": 1},
        {"t": w.SPACE_JOIN, "space": slug},
        {"t": w.SPACE_JOIN, "space": slug,
         "code": "abcde-fghjk-mnpqr-stuvw"},
        {"t": w.SPACE_JOIN, "space": slug, "code": code},
        {"t": w.SPACE_REQUEST, "space": slug},
        {"t": w.SPACE_REQUEST, "space": slug, "message": "please"},
        {"t": w.SPACE_REQUEST, "space": slug, "code": code},
        {"t": w.SPACE_REQUESTS, "space": slug},
        dict(user, t=w.SPACE_APPROVE),
        dict(user, t=w.SPACE_DECLINE),
        {"t": w.SPACE_LEAVE, "space": slug},
        dict(user, t=w.SPACE_ADD, role="owner"),
        dict(user, t=w.SPACE_REMOVE),
        dict(user, t=w.SPACE_SET_ROLE, role="member"),
        {"t": w.SPACE_LOG, "space": slug},
        {"t": w.SPACE_LOG, "space": slug, "before": 3},
    ]


def assert_no_oracle(conn, code, who):
    """Each probe about HIDDEN and MISSING gets the same bytes."""
    n = 0
    for a, b in zip(probes(HIDDEN, code), probes(MISSING, code)):
        x, y = raw(conn, a), raw(conn, b)
        assert x == y, (who, a, w.mp_decode(x), w.mp_decode(y))
        assert w.mp_decode(x)["t"] == w.ERROR, (who, a, w.mp_decode(x))
        n += 1
    return n


def setup(s):
    """A hidden affinity space with members, a pending request, and an
    open space whose code the probes use; and the people around it."""
    adm = rs.admin(s)
    c = {"admin": adm}
    for name in ("olive", "mia", "otto", "rex", "ron", "elsa"):
        c[name] = rs.account(s, name)
    rs.ok(adm, "space_create", slug=HIDDEN, kind="affinity",
          title="Leaders", owner="olive", statement="Who it is for.")
    rs.ok(adm, "space_create", slug="elsewhere", kind="affinity",
          title="Elsewhere", owner="elsa")
    rs.ok(adm, "space_create", slug="town", kind="open", title="Town",
          owner="elsa")
    rs.ok(c["olive"], "space_add", space=HIDDEN, user="mia")
    rs.ok(c["olive"], "space_add", space=HIDDEN, user="ron")
    rq = rs.ok(c["olive"], "space_invite", space=HIDDEN, request=True,
               uses=5)["code"]
    rs.ok(c["rex"], "space_request", code=rq)
    rs.ok(c["olive"], "space_decline", space=HIDDEN, user="rex")
    rs.ok(c["olive"], "space_remove", space=HIDDEN, user="ron")
    # A valid code, but for another space.
    other = rs.ok(c["elsa"], "space_invite", space="town", uses=50)["code"]
    return c, other


def test_no_existence_oracle(tmp):
    with Server(tmp).start() as s:
        c, other = setup(s)
        total = 0
        # An outsider, a member of another space, an administrator, a
        # declined requester and a removed member: all outsiders here.
        for who in ("otto", "elsa", "admin", "rex", "ron"):
            total += assert_no_oracle(c[who], other, who)
        assert total == 5 * len(probes(HIDDEN, other))
        # Different request ids change only the id.
        a = w.mp_decode(raw(c["otto"], {"t": w.SPACE_INFO,
                                        "space": HIDDEN}, 7))
        b = w.mp_decode(raw(c["otto"], {"t": w.SPACE_INFO,
                                        "space": MISSING}, 8))
        assert a["id"] == 7 and b["id"] == 8
        del a["id"], b["id"]
        assert a == b == {"t": w.ERROR, "code": 300, "name": "not-found",
                          "message": "no such space",
                          "req_type": w.SPACE_INFO}, a
        # Listings show nothing of it.
        for who in ("otto", "elsa", "admin", "rex", "ron"):
            for name in ("space_list", "space_mine"):
                got = rs.ok(c[who], name).get("spaces", [])
                assert HIDDEN not in [x["slug"] for x in got], (who, got)
        # The members still see it.
        assert rs.ok(c["mia"], "space_info", space=HIDDEN)["role"] == \
            "member"


def test_removed_member_loses_access_at_once(tmp):
    with Server(tmp).start() as s:
        c, _ = setup(s)
        mia, olive = c["mia"], c["olive"]
        assert rs.members(mia, HIDDEN)
        # mia stays connected; olive removes her; her very next request,
        # on the same connection, finds nothing.
        rs.ok(olive, "space_remove", space=HIDDEN, user="mia")
        x = raw(mia, {"t": w.SPACE_MEMBERS, "space": HIDDEN})
        y = raw(mia, {"t": w.SPACE_MEMBERS, "space": MISSING})
        assert x == y and w.mp_decode(x)["name"] == "not-found"
        assert "spaces" not in rs.ok(mia, "space_mine")
        assert ("olive", "removed", "mia") in rs.log(olive, HIDDEN)
        # The same for a facilitator: their powers go with them.
        rs.ok(olive, "space_add", space=HIDDEN, user="otto",
              role="facilitator")
        code = rs.ok(c["otto"], "space_invite", space=HIDDEN)["code"]
        rs.ok(olive, "space_remove", space=HIDDEN, user="otto")
        rs.fails(c["otto"], "space_invite", "not-found", space=HIDDEN)
        rs.fails(c["otto"], "space_revoke", "not-found", space=HIDDEN,
                 invite=1)
        # A code made before removal still works: it belongs to the
        # space, not the facilitator (owners revoke it if they wish).
        assert rs.ok(c["elsa"], "space_join", code=code)["slug"] == HIDDEN


def test_admin_does_not_browse(tmp):
    with Server(tmp).start() as s:
        c, _ = setup(s)
        adm = c["admin"]
        for name in ("space_info", "space_members", "space_log",
                     "space_invites", "space_requests"):
            rs.fails(adm, name, "not-found", space=HIDDEN)
        # On open and invite spaces an administrator acts as an owner.
        assert "elsa" in rs.members(adm, "town")
        rs.ok(adm, "space_log", space="town")
        # The operator, on the machine, can still repair a space.
        r = s.admin("space", "members", HIDDEN)
        assert r.returncode == 0 and b"olive" in r.stdout, r


def test_statement_but_not_more_for_requesters(tmp):
    with Server(tmp).start() as s:
        c, _ = setup(s)
        code = rs.ok(c["olive"], "space_invite", space=HIDDEN,
                     request=True)["code"]
        r = rs.ok(c["otto"], "space_request", code=code)
        assert r["statement"] == "Who it is for." and r["pending"], r
        for name in ("space_members", "space_log", "space_invites",
                     "space_requests"):
            rs.fails(c["otto"], name, "denied", space=HIDDEN)


if __name__ == "__main__":
    rtharness.main(globals())
