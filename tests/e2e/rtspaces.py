"""rtspaces: helpers for the spaces tests (10-spaces-*.py): requests by
message name, assertions on replies, and accounts logged in over rtwire.
Everything goes over the wire as PROTOCOL.md section 5.2 says."""

import rtwire as w
from rtharness import ADMIN_PASSWORD

PASSWORD = "correct-horse-42"

# Message names (as in proto/msg-space.c) to types.
TYPES = {
    "space_create": w.SPACE_CREATE, "space_update": w.SPACE_UPDATE,
    "space_archive": w.SPACE_ARCHIVE, "space_info": w.SPACE_INFO,
    "space_list": w.SPACE_LIST, "space_mine": w.SPACE_MINE,
    "space_members": w.SPACE_MEMBERS, "space_invite": w.SPACE_INVITE,
    "space_invites": w.SPACE_INVITES, "space_revoke": w.SPACE_REVOKE,
    "space_join": w.SPACE_JOIN, "space_request": w.SPACE_REQUEST,
    "space_requests": w.SPACE_REQUESTS, "space_approve": w.SPACE_APPROVE,
    "space_decline": w.SPACE_DECLINE, "space_leave": w.SPACE_LEAVE,
    "space_add": w.SPACE_ADD, "space_remove": w.SPACE_REMOVE,
    "space_set_role": w.SPACE_SET_ROLE, "space_log": w.SPACE_LOG,
}

# The reply type each request answers with when it succeeds.
REPLY = {
    "space_create": w.SPACE, "space_update": w.SPACE,
    "space_archive": w.OK, "space_info": w.SPACE,
    "space_list": w.SPACE_PAGE, "space_mine": w.SPACE_PAGE,
    "space_members": w.MEMBER_PAGE, "space_invite": w.INVITE,
    "space_invites": w.INVITE_PAGE, "space_revoke": w.OK,
    "space_join": w.SPACE, "space_request": w.SPACE,
    "space_requests": w.REQUEST_PAGE, "space_approve": w.OK,
    "space_decline": w.OK, "space_leave": w.OK, "space_add": w.OK,
    "space_remove": w.OK, "space_set_role": w.OK, "space_log": w.LOG_PAGE,
}


def req(conn, name, **fields):
    """Send the request called name with fields; return the reply."""
    msg = {"t": TYPES[name]}
    msg.update(fields)
    return conn.request(msg)


def ok(conn, name, **fields):
    """Send a request that must succeed; return the reply."""
    r = req(conn, name, **fields)
    assert r["t"] == REPLY[name], (name, fields, r)
    return r


def fails(conn, name, error, **fields):
    """Send a request that must fail with the named error; return it."""
    r = req(conn, name, **fields)
    assert r["t"] == w.ERROR and r["name"] == error, (name, fields, error,
                                                      r)
    return r


def outcome(reply, name):
    """'ok' if reply is the success reply of request name, else the
    error's name."""
    if reply["t"] == w.ERROR:
        return reply["name"]
    assert reply["t"] == REPLY[name], (name, reply)
    return "ok"


def account(server, name, admin=False):
    """Create an account and return a logged-in connection for it."""
    server.add_user(name, PASSWORD, admin=admin)
    return server.login(name, PASSWORD)


def admin(server):
    """A logged-in connection of the built-in administrator."""
    return server.login("admin", ADMIN_PASSWORD)


def members(conn, space):
    """{name: role} of a space, read through space_members."""
    out = {}
    after = None
    while True:
        f = {"space": space}
        if after:
            f["after"] = after
        r = ok(conn, "space_members", **f)
        for m in r.get("members", []):
            out[m["user"]] = m["role"]
        after = r.get("next")
        if not after:
            return out


def log(conn, space):
    """The membership record of a space, oldest first, as
    (actor, action, subject) tuples."""
    out = []
    before = 0
    while True:
        f = {"space": space}
        if before:
            f["before"] = before
        r = ok(conn, "space_log", **f)
        out.extend(r.get("entries", []))
        before = r.get("next", 0)
        if not before:
            break
    return [(e.get("actor", ""), e["action"], e.get("subject", ""))
            for e in reversed(out)]
