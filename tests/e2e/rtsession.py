"""rtsession: helpers for the session tests (30-session-*.py): a server
with a directory of short test templates, a space with members, and
connections that join sessions and collect their events, all over the
wire as PROTOCOL.md section 5.3 says."""

import os
import time

import rtwire as w
from rtharness import ADMIN_PASSWORD, Server, wait_for

PASSWORD = "correct-horse-42"

# Templates whose phases last seconds, written into the server's
# sessions.templates directory.
TEMPLATES = {
    "quick": """
[protocol]
title = Quick test protocol
norms = Listen to understand.
min_members = 2

[phase talk]
title = Presenter talk
floor = presenter
duration = 3s
prompt = {presenter} presents.

[phase round]
title = Round
floor = go-around
duration = 60s
turn = 4s

[phase open]
title = Open
floor = open
duration = 2s
advance = facilitator
""",
    "long": """
[protocol]
title = Long open phase
min_members = 1

[phase open]
title = Open
floor = open
duration = 10m
""",
}


def server(tmp, conf=None, **kw):
    """A Server whose template directory holds TEMPLATES."""
    tdir = os.path.join(tmp, "templates")
    os.makedirs(tdir, exist_ok=True)
    for name, text in TEMPLATES.items():
        with open(os.path.join(tdir, name + ".conf"), "w") as f:
            f.write(text.lstrip())
    c = {"sessions": {"templates": tdir}}
    for section, keys in (conf or {}).items():
        c.setdefault(section, {}).update(keys)
    return Server(tmp, conf=c, **kw)


class Member:
    """A logged-in connection that joins sessions and keeps every session
    event it receives."""

    def __init__(self, srv, user, password=PASSWORD):
        self.srv = srv
        self.user = user
        self.password = password
        self.conn = srv.login(user, password)
        self.events = []
        self.last_seq = 0

    def _pump(self, timeout):
        """Read one message; keep events, answer pings; return it."""
        m = self.conn.recv(timeout=timeout)
        if m["t"] == w.SESSION_EVENT:
            self.events.append(m)
            if m.get("seq", 0) > self.last_seq:
                self.last_seq = m["seq"]
        elif m["t"] == w.PING:
            self.conn.send({"t": w.PONG, "nonce": m.get("nonce", 0),
                            "id": 0})
        return m

    def drain(self):
        """Read what has arrived, without waiting."""
        try:
            while True:
                self._pump(0.01)
        except TimeoutError:
            pass

    def request(self, msg, timeout=10.0):
        """Send a request; keep the events that arrive before its reply."""
        rid = self.conn.send(msg)
        deadline = time.monotonic() + timeout
        while True:
            m = self._pump(max(0.0, deadline - time.monotonic()))
            if m.get("id") == rid and m["t"] not in (w.PING,
                                                     w.SESSION_EVENT):
                if m["t"] == w.SESSION_STATE and not m.get("truncated"):
                    self.last_seq = max(self.last_seq, m.get("seq", 0))
                return m

    def ok(self, msg, reply=w.OK):
        r = self.request(msg)
        assert r["t"] == reply, (msg, r)
        return r

    def fails(self, msg, name):
        r = self.request(msg)
        assert r["t"] == w.ERROR and r["name"] == name, (msg, name, r)
        return r

    def wait_event(self, pred, timeout=15.0, what="an event"):
        """Wait until an event matching pred has arrived; return it."""
        deadline = time.monotonic() + timeout
        while True:
            for e in self.events:
                if pred(e):
                    return e
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("%s: timed out waiting for %s; got "
                                     "%r" % (self.user, what,
                                             [e.get("kind")
                                              for e in self.events]))
            try:
                self._pump(min(left, 1.0))
            except TimeoutError:
                pass

    def wait_kind(self, kind, timeout=15.0, **fields):
        return self.wait_event(
            lambda e: e.get("kind") == kind and all(
                e.get(k) == v for k, v in fields.items()),
            timeout, "%s %r" % (kind, fields))

    def join(self, sid, **fields):
        msg = {"t": w.SESSION_JOIN, "session": sid}
        msg.update(fields)
        return self.ok(msg, w.SESSION_STATE)

    def post(self, sid, text):
        return self.request({"t": w.SESSION_POST, "session": sid,
                             "text": text})

    def act(self, sid, action, **fields):
        msg = {"t": w.SESSION_ACT, "session": sid, "action": action}
        msg.update(fields)
        return self.request(msg)

    def control(self, sid, action, **fields):
        msg = {"t": w.SESSION_CONTROL, "session": sid, "action": action}
        msg.update(fields)
        return self.request(msg)

    def close(self):
        self.conn.close()


def space_with(srv, slug, kind, members, mentors=(), admin_conn=None):
    """Create a space (as admin) and add accounts: members as members,
    mentors as mentors. Accounts are created when missing. Return the
    admin's Member."""
    adm = admin_conn or Member(srv, "admin", ADMIN_PASSWORD)
    r = adm.request({"t": w.SPACE_CREATE, "slug": slug, "title": slug,
                     "kind": kind})
    assert r["t"] == w.SPACE, r
    for name, role in ([(m, "member") for m in members] +
                       [(m, "mentor") for m in mentors]):
        r = srv.admin("user", "list")
        if (name + " ") not in r.stdout.decode():
            srv.add_user(name, PASSWORD)
        r = adm.request({"t": w.SPACE_ADD, "space": slug, "user": name,
                         "role": role})
        assert r["t"] == w.OK, r
    return adm


def started(srv, kind, names, template="long", slug="tank"):
    """A space of kind with members names, and a session of template in it
    that they have all joined (norms acknowledged) and the admin started.
    Return (admin, session id, [Member for each name])."""
    adm = space_with(srv, slug, kind, names)
    sid = create(adm, slug, template)
    adm.join(sid)
    members = [Member(srv, n) for n in names]
    for m in members:
        m.join(sid)
        m.act(sid, "ack")
    adm.control(sid, "start")
    return adm, sid, members


def create(adm, space, template, **fields):
    msg = {"t": w.SESSION_CREATE, "space": space, "template": template}
    msg.update(fields)
    r = adm.request(msg)
    assert r["t"] == w.SESSION, r
    return r["session"]


__all__ = ["Member", "PASSWORD", "TEMPLATES", "create", "server",
           "space_with", "wait_for"]
