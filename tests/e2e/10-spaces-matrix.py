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
affinity* (affinity on a server with spaces.discoverable_affinity = yes).

Answers: ok (the request's success reply), st (bad-state), nf (not-found:
exactly what a space that does not exist gets), den (denied), ex (exists),
wk (wrong-kind: affinity spaces only), lo (last-owner).

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
         "lo": "last-owner"}

# Requests that change nothing: one space per kind serves all their cells.
READ_ONLY = {"space_info", "space_members", "space_invites",
             "space_requests", "space_log"}

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

    def args(self, request):
        """The fields each request is sent with."""
        s = {"space": self.slug}
        if request == "space_update":
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
            args = fx.args(request)
            if rel == "none":
                c = world.unlogged()
                reply = rs.req(c, request, **args)
                c.close()
            else:
                reply = rs.req(world.conns[rel], request, **args)
            got = rs.outcome(reply, request)
            checked += 1
            if got != expect[rel]:
                wrong.append("%s on %s by %s: got %s (%s), want %s" % (
                    request, kind, rel, got, reply.get("message", ""),
                    expect[rel]))
    return checked, wrong


def test_matrix(tmp):
    rows = parse_matrix()
    assert len({r[0] for r in rows}) == 17, "every space request"
    with Server(tmp).start() as s:
        checked, wrong = run_kinds(World(s), rows,
                                   ("open", "invite", "affinity"))
        assert not wrong, "\n".join(wrong)
        assert checked == 17 * 3 * len(RELATIONS), checked


def test_matrix_discoverable(tmp):
    rows = parse_matrix()
    with Server(tmp, conf={"spaces": {
            "discoverable_affinity": "yes"}}).start() as s:
        world = World(s)
        checked, wrong = run_kinds(world, rows, ("affinity*",))
        assert not wrong, "\n".join(wrong)
        assert checked == 17 * len(RELATIONS), checked


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
