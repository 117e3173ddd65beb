#!/usr/bin/env python3
"""10-spaces-matrix: the authorization matrix, asserted against a real
server. Every request about a space, by every relation to it, on every
kind of space: each cell below is the answer the server must give.

Relations (columns):
  none       a connection that has not logged in (no account)
  outsider   an account with no tie to the space
  requester  an account that asked to join (on open and invite spaces,
             which take no requests, its space_request was refused, so it
             is an outsider there)
  mentor, member, facilitator, owner   the account's role in the space
  admin      a server administrator who is not a member

Kinds (second column): open, invite, affinity (hidden: the default), and
affinity* (affinity on a server with spaces.discoverable_affinity = yes
and spaces.user_create = yes, so that accounts may create spaces there).

Answers: ok (the request's success reply), st (bad-state), nf (not-found:
exactly what a space that does not exist gets, which each such cell also
asserts, the whole reply but its id), den (denied), ex (exists), wk
(wrong-kind: affinity spaces only), lo (last-owner); for the listings
(space_list, space_mine), in and out: the reply is a page, and the space
is in it, or not.

space_create is not about an existing space: its cells are an account
with that relation to another space creating a new space of the kind.

Each space is created by the admin for owner "olive", who adds "fran"
(facilitator), "mia" (member), "milo" (mentor) and "tess" (member, the
target of remove and set_role); "rex" (the requester) and "appl" (the
target of approve and decline) ask to join with a request code on
affinity spaces. Arguments per request are in ARGS.
"""

import os

import rtharness
from rtharness import Server
import rtspaces as rs
import rtwire as w

RELATIONS = ["none", "outsider", "requester", "mentor", "member",
             "facilitator", "owner", "admin"]

#               kind      none out  req  ment memb fac  own  admin
MATRIX = """
space_create    open      st   den  den  den  den  den  den  ok
space_create    invite    st   den  den  den  den  den  den  ok
space_create    affinity  st   den  den  den  den  den  den  ok
space_create    affinity* st   ok   ok   ok   ok   ok   ok   ok

space_list      open      st   in   in   in   in   in   in   in
space_list      invite    st   in   in   in   in   in   in   in
space_list      affinity  st   out  out  out  out  out  out  out
space_list      affinity* st   in   in   in   in   in   in   in

space_mine      open      st   out  out  in   in   in   in   out
space_mine      invite    st   out  out  in   in   in   in   out
space_mine      affinity  st   out  in   in   in   in   in   out
space_mine      affinity* st   out  in   in   in   in   in   out

space_info      open      st   ok   ok   ok   ok   ok   ok   ok
space_info      invite    st   ok   ok   ok   ok   ok   ok   ok
space_info      affinity  st   nf   ok   ok   ok   ok   ok   nf
space_info      affinity* st   ok   ok   ok   ok   ok   ok   ok

space_update    open      st   den  den  den  den  den  ok   ok
space_update    invite    st   den  den  den  den  den  ok   ok
space_update    affinity  st   nf   den  den  den  den  ok   nf
space_update    affinity* st   den  den  den  den  den  ok   den

space_archive   open      st   den  den  den  den  den  ok   ok
space_archive   invite    st   den  den  den  den  den  ok   ok
space_archive   affinity  st   nf   den  den  den  den  ok   nf
space_archive   affinity* st   den  den  den  den  den  ok   den

space_members   open      st   den  den  ok   ok   ok   ok   ok
space_members   invite    st   den  den  ok   ok   ok   ok   ok
space_members   affinity  st   nf   den  ok   ok   ok   ok   nf
space_members   affinity* st   den  den  ok   ok   ok   ok   den

space_invite    open      st   den  den  den  den  ok   ok   ok
space_invite    invite    st   den  den  den  den  ok   ok   ok
space_invite    affinity  st   nf   den  den  den  ok   ok   nf
space_invite    affinity* st   den  den  den  den  ok   ok   den

space_invites   open      st   den  den  den  den  ok   ok   ok
space_invites   invite    st   den  den  den  den  ok   ok   ok
space_invites   affinity  st   nf   den  den  den  ok   ok   nf
space_invites   affinity* st   den  den  den  den  ok   ok   den

space_revoke    open      st   den  den  den  den  ok   ok   ok
space_revoke    invite    st   den  den  den  den  ok   ok   ok
space_revoke    affinity  st   nf   den  den  den  ok   ok   nf
space_revoke    affinity* st   den  den  den  den  ok   ok   den

space_join      open      st   ok   ok   ex   ex   ex   ex   ok
space_join      invite    st   ok   ok   ex   ex   ex   ex   ok
space_join      affinity  st   ok   ok   ex   ex   ex   ex   ok
space_join      affinity* st   ok   ok   ex   ex   ex   ex   ok

space_request   open      st   wk   wk   ex   ex   ex   ex   wk
space_request   invite    st   wk   wk   ex   ex   ex   ex   wk
space_request   affinity  st   ok   ex   ex   ex   ex   ex   ok
space_request   affinity* st   ok   ex   ex   ex   ex   ex   ok

space_requests  open      st   den  den  den  den  wk   wk   den
space_requests  invite    st   den  den  den  den  wk   wk   den
space_requests  affinity  st   nf   den  den  den  ok   ok   nf
space_requests  affinity* st   den  den  den  den  ok   ok   den

space_approve   open      st   den  den  den  den  wk   wk   den
space_approve   invite    st   den  den  den  den  wk   wk   den
space_approve   affinity  st   nf   den  den  den  ok   ok   nf
space_approve   affinity* st   den  den  den  den  ok   ok   den

space_decline   open      st   den  den  den  den  wk   wk   den
space_decline   invite    st   den  den  den  den  wk   wk   den
space_decline   affinity  st   nf   den  den  den  ok   ok   nf
space_decline   affinity* st   den  den  den  den  ok   ok   den

space_leave     open      st   den  den  ok   ok   ok   lo   den
space_leave     invite    st   den  den  ok   ok   ok   lo   den
space_leave     affinity  st   nf   ok   ok   ok   ok   lo   nf
space_leave     affinity* st   den  ok   ok   ok   ok   lo   den

space_add       open      st   den  den  den  den  ok   ok   ok
space_add       invite    st   den  den  den  den  ok   ok   ok
space_add       affinity  st   nf   den  den  den  ok   ok   nf
space_add       affinity* st   den  den  den  den  ok   ok   den

space_remove    open      st   den  den  den  den  ok   ok   ok
space_remove    invite    st   den  den  den  den  ok   ok   ok
space_remove    affinity  st   nf   den  den  den  ok   ok   nf
space_remove    affinity* st   den  den  den  den  ok   ok   den

space_set_role  open      st   den  den  den  den  ok   ok   ok
space_set_role  invite    st   den  den  den  den  ok   ok   ok
space_set_role  affinity  st   nf   den  den  den  ok   ok   nf
space_set_role  affinity* st   den  den  den  den  ok   ok   den

space_log       open      st   den  den  den  den  den  ok   ok
space_log       invite    st   den  den  den  den  den  ok   ok
space_log       affinity  st   nf   den  den  den  den  ok   nf
space_log       affinity* st   den  den  den  den  den  ok   den
"""

NAMES = {"ok": "ok", "st": "bad-state", "nf": "not-found",
         "den": "denied", "ex": "exists", "wk": "wrong-kind",
         "lo": "last-owner", "in": "in", "out": "out"}

# Requests that change nothing: one space per kind serves all their cells.
READ_ONLY = {"space_info", "space_members", "space_invites",
             "space_requests", "space_log", "space_list", "space_mine",
             "space_create"}

# Requests whose answer is a page of spaces: in or out.
LISTINGS = {"space_list", "space_mine"}

MISSING = "no-such-space"

ACCOUNTS = {"outsider": "otto", "requester": "rex", "mentor": "milo",
            "member": "mia", "facilitator": "fran", "owner": "olive",
            "admin": "admin"}


def parse_matrix():
    """[(request, kind, {relation: expected error name or 'ok'})]."""
    rows = []
    for line in MATRIX.strip().splitlines():
        if not line.strip():
            continue
        cells = line.split()
        assert len(cells) == 2 + len(RELATIONS), line
        rows.append((cells[0], cells[1],
                     dict(zip(RELATIONS, [NAMES[c] for c in cells[2:]]))))
    return rows


class Fixture:
    """One space of a kind, with every relation in place."""

    def __init__(self, world, kind, n):
        self.slug = "m%d" % n
        self.kind = kind
        c = world.conns
        real = "affinity" if kind.startswith("affinity") else kind
        rs.ok(c["admin"], "space_create", slug=self.slug, kind=real,
              title="Matrix %d" % n, owner="olive",
              statement="Who this is for.")
        owner = c["owner"]
        for user, role in (("fran", "facilitator"), ("mia", "member"),
                           ("milo", "mentor"), ("tess", "member")):
            rs.ok(owner, "space_add", space=self.slug, user=user, role=role)
        self.join_code = rs.ok(owner, "space_invite", space=self.slug,
                               uses=100)["code"]
        self.invite_id = rs.ok(owner, "space_invite",
                               space=self.slug)["invite"]
        self.req_code = None
        if real == "affinity":
            self.req_code = rs.ok(owner, "space_invite", space=self.slug,
                                  uses=100, request=True)["code"]
            for who in ("requester", "applicant"):
                rs.ok(c[who], "space_request", code=self.req_code)
        else:
            for who in ("requester", "applicant"):
                rs.fails(c[who], "space_request", "wrong-kind",
                         space=self.slug)

    def args(self, request, n=0):
        """The fields each request is sent with (n: a number for a fresh
        name)."""
        s = {"space": self.slug}
        if request in LISTINGS:
            s = {"limit": 100}
        elif request == "space_create":
            s = {"slug": "new-%d" % n, "title": "New %d" % n,
                 "kind": "affinity" if self.kind.startswith("affinity")
                 else self.kind}
        elif request == "space_update":
            s["title"] = "Changed"
        elif request == "space_revoke":
            s["invite"] = self.invite_id
        elif request == "space_join" and self.kind != "open":
            s["code"] = self.join_code
        elif request == "space_request" and self.kind == "affinity":
            s = {"code": self.req_code}
        elif request in ("space_approve", "space_decline"):
            s["user"] = "appl"
        elif request == "space_add":
            s["user"] = "newt"
        elif request == "space_remove":
            s["user"] = "tess"
        elif request == "space_set_role":
            s.update(user="tess", role="mentor")
        return s


class World:
    """A server, an account per relation, and spaces on demand."""

    def __init__(self, server):
        self.server = server
        self.conns = {"admin": rs.admin(server)}
        for rel, name in ACCOUNTS.items():
            if rel != "admin":
                self.conns[rel] = rs.account(server, name)
        self.conns["applicant"] = rs.account(server, "appl")
        for name in ("tess", "newt"):
            server.add_user(name, rs.PASSWORD)
        self.n = 0

    def fixture(self, kind):
        self.n += 1
        return Fixture(self, kind, self.n)

    def unlogged(self):
        """A connection that said hello but has no account."""
        c = self.server.connect()
        assert c.hello()["t"] == w.WELCOME
        return c


def listed(conn, request, args, reply, slug):
    """'in' if slug is on any page of the listing that reply begins,
    else 'out'."""
    while True:
        if any(x["slug"] == slug for x in reply.get("spaces", [])):
            return "in"
        if not reply.get("next"):
            return "out"
        reply = rs.ok(conn, request, after=reply["next"], **args)


def ask(world, rel, request, args):
    """Send request with args as rel; return the reply."""
    if rel != "none":
        return rs.req(world.conns[rel], request, **args)
    c = world.unlogged()
    try:
        return rs.req(c, request, **args)
    finally:
        c.close()


def no_oracle(world, rel, request, args, reply):
    """A not-found about an existing space must be the answer about a
    space that does not exist, all but the request id; return a mismatch
    or None."""
    if "space" not in args:
        return None
    other = ask(world, rel, request, dict(args, space=MISSING))
    a = {k: v for k, v in reply.items() if k != "id"}
    b = {k: v for k, v in other.items() if k != "id"}
    if a != b:
        return "%s by %s: %r, but about a missing space %r" % (
            request, rel, a, b)
    return None


def run_kinds(world, rows, kinds):
    """Assert every cell of rows whose kind is in kinds; return the count
    of cells checked and a list of mismatches."""
    checked, wrong = 0, []
    shared = {}
    for request, kind, expect in rows:
        if kind not in kinds:
            continue
        for rel in RELATIONS:
            if request in READ_ONLY:
                if kind not in shared:
                    shared[kind] = world.fixture(kind)
                fx = shared[kind]
            else:
                fx = world.fixture(kind)
            world.n += 1
            args = fx.args(request, world.n)
            reply = ask(world, rel, request, args)
            got = rs.outcome(reply, request)
            if got == "ok" and request in LISTINGS:
                got = listed(world.conns[rel], request, args, reply,
                             fx.slug)
            checked += 1
            if got != expect[rel]:
                wrong.append("%s on %s by %s: got %s (%s), want %s" % (
                    request, kind, rel, got, reply.get("message", ""),
                    expect[rel]))
            elif got == "not-found":
                miss = no_oracle(world, rel, request, args, reply)
                if miss:
                    wrong.append(miss)
    return checked, wrong


def test_matrix(tmp):
    rows = parse_matrix()
    assert {r[0] for r in rows} == set(rs.TYPES), "every space request"
    assert len(rows) == len(rs.TYPES) * 4, "every kind"
    with Server(tmp).start() as s:
        checked, wrong = run_kinds(World(s), rows,
                                   ("open", "invite", "affinity"))
        assert not wrong, "\n".join(wrong)
        assert checked == len(rs.TYPES) * 3 * len(RELATIONS), checked


def test_matrix_discoverable(tmp):
    rows = parse_matrix()
    with Server(tmp, conf={"spaces": {
            "discoverable_affinity": "yes", "user_create": "yes",
            "user_create_max": "0"}}).start() as s:
        world = World(s)
        checked, wrong = run_kinds(world, rows, ("affinity*",))
        assert not wrong, "\n".join(wrong)
        assert checked == len(rs.TYPES) * len(RELATIONS), checked


def test_create_list_mine(tmp):
    """The requests not about one space: create (admins, or everyone when
    configured), list and mine (every account); none before login."""
    with Server(tmp).start() as s:
        adm = rs.admin(s)
        ada = rs.account(s, "ada")
        rs.fails(ada, "space_create", "denied", slug="mine", kind="open",
                 title="Mine")
        rs.ok(adm, "space_create", slug="theirs", kind="open",
              title="Theirs", owner="ada")
        rs.ok(ada, "space_list")
        rs.ok(ada, "space_mine")
        c = s.connect()
        c.hello()
        for name in ("space_create", "space_list", "space_mine"):
            rs.fails(c, name, "bad-state", slug="x", kind="open", title="X")
    os.mkdir(os.path.join(tmp, "2"))
    with Server(os.path.join(tmp, "2"), conf={"spaces": {
            "user_create": "yes", "user_create_max": "2"}}).start() as s:
        ada = rs.account(s, "ada")
        rs.account(s, "bob").close()
        r = rs.ok(ada, "space_create", slug="first", kind="affinity",
                  title="First")
        assert r["role"] == "owner", r
        rs.fails(ada, "space_create", "denied", slug="for-bob",
                 kind="open", title="For Bob", owner="bob")
        rs.ok(ada, "space_create", slug="second", kind="open",
              title="Second")
        rs.fails(ada, "space_create", "limit", slug="third", kind="open",
                 title="Third")
        # Administrators have no limit.
        adm = rs.admin(s)
        for i in range(3):
            rs.ok(adm, "space_create", slug="adm-%d" % i, kind="open",
                  title="A")


if __name__ == "__main__":
    rtharness.main(globals())
