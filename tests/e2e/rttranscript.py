"""rttranscript: helpers for the transcript tests (50-transcripts-*.py):
a server with short test templates, spaces with members and mentors,
sessions run to their end over the wire, and the 4xx requests of
PROTOCOL.md section 5.4 (list, read, search, export, report, notes,
redaction, the access log, the policy)."""

import os
import sqlite3
import time

import rtwire as w
from rtharness import ADMIN_PASSWORD, Server, wait_for

PASSWORD = "correct-horse-42"

# 4xx message types (PROTOCOL.md section 5.4).
(TX_LIST, TX_READ, TX_SEARCH, TX_EXPORT, TX_REPORT, TX_ANNOTATE,
 TX_ANNOTATIONS, TX_UNANNOTATE, TX_REDACT, TX_ACCESS,
 TX_POLICY) = range(400, 411)
(TX_PAGE, TX_ENTRIES, SEARCH_PAGE, EXPORT_CHUNK, EXPORT_DONE, REPORT,
 ANNOTATION, ANNOTATION_PAGE, ACCESS_PAGE, POLICY) = range(450, 460)

TEMPLATES = {
    # One open phase: anyone posts, as fast as they like.
    "open": """
[protocol]
title = Open floor
min_members = 1

[phase open]
title = Open floor
floor = open
duration = 30m
""",
    # A presenter phase with a prompt naming the presenter, a go-around
    # with short turns (floor time, passes), an open phase the
    # facilitator ends.
    "rounds": """
[protocol]
title = Rounds for review
min_members = 2

[phase talk]
title = Presenter talk
floor = presenter
duration = 30m
advance = facilitator
prompt = {presenter} presents the dilemma.

[phase round]
title = Go-around
floor = go-around
duration = 30m
turn = 30s
pass = yes
advance = facilitator

[phase open]
title = Open discussion
floor = open
duration = 30m
advance = facilitator
""",
}


def server(tmp, conf=None, **kw):
    """A Server with TEMPLATES and limits loose enough for floods."""
    tdir = os.path.join(tmp, "templates")
    os.makedirs(tdir, exist_ok=True)
    for name, text in TEMPLATES.items():
        with open(os.path.join(tdir, name + ".conf"), "w") as f:
            f.write(text.lstrip())
    c = {"sessions": {"templates": tdir},
         "limits": {"rate": "100000", "burst": "100000"}}
    for section, keys in (conf or {}).items():
        c.setdefault(section, {}).update(keys)
    return Server(tmp, conf=c, **kw)


class Person:
    """A logged-in connection; keeps the session events it receives."""

    def __init__(self, srv, user, password=PASSWORD):
        self.srv = srv
        self.user = user
        self.password = password
        self.conn = srv.login(user, password)
        self.events = []

    def _pump(self, timeout):
        m = self.conn.recv(timeout=timeout)
        if m["t"] == w.SESSION_EVENT:
            self.events.append(m)
        elif m["t"] == w.PING:
            self.conn.send({"t": w.PONG, "nonce": m.get("nonce", 0),
                            "id": 0})
        return m

    def request(self, msg, timeout=20.0):
        """Send a request; keep events that come first; return the reply."""
        rid = self.conn.send(msg)
        deadline = time.monotonic() + timeout
        while True:
            m = self._pump(max(0.0, deadline - time.monotonic()))
            if m.get("id") == rid and m["t"] not in (w.PING,
                                                     w.SESSION_EVENT):
                return m

    def ok(self, msg, reply=w.OK):
        r = self.request(msg)
        assert r["t"] == reply, (self.user, msg, r)
        return r

    def fails(self, msg, name):
        r = self.request(msg)
        assert r["t"] == w.ERROR and r["name"] == name, (self.user, msg,
                                                         name, r)
        return r

    def wait_event(self, pred, timeout=15.0, what="an event"):
        deadline = time.monotonic() + timeout
        while True:
            for e in self.events:
                if pred(e):
                    return e
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("%s: no %s in %r" % (
                    self.user, what, [e.get("kind") for e in self.events]))
            try:
                self._pump(min(left, 1.0))
            except TimeoutError:
                pass

    def join(self, sid, **fields):
        msg = {"t": w.SESSION_JOIN, "session": sid}
        msg.update(fields)
        return self.ok(msg, w.SESSION_STATE)

    def post(self, sid, text):
        return self.ok({"t": w.SESSION_POST, "session": sid, "text": text},
                       w.POSTED)

    def act(self, sid, action, **fields):
        msg = {"t": w.SESSION_ACT, "session": sid, "action": action}
        msg.update(fields)
        return self.request(msg)

    def control(self, sid, action, **fields):
        msg = {"t": w.SESSION_CONTROL, "session": sid, "action": action}
        msg.update(fields)
        r = self.request(msg)
        assert r["t"] == w.OK, (self.user, action, r)
        return r

    def flood(self, sid, texts, window=32, timeout=60.0):
        """Post texts pipelined, window in flight at a time; return the
        acknowledgements, (seq, text), in the order they came."""
        pending, acks = {}, []
        texts = list(texts)
        deadline = time.monotonic() + timeout
        while texts or pending:
            while texts and len(pending) < window:
                t = texts.pop(0)
                pending[self.conn.send({"t": w.SESSION_POST,
                                        "session": sid, "text": t})] = t
            m = self._pump(max(0.0, deadline - time.monotonic()))
            if m.get("id") in pending and m["t"] != w.SESSION_EVENT:
                assert m["t"] == w.POSTED, (self.user, m)
                acks.append((m["seq"], pending.pop(m["id"])))
        return acks

    def close(self):
        self.conn.close()

    # Transcript requests.
    def tx(self, t, **fields):
        msg = {"t": t}
        msg.update(fields)
        return self.request(msg)

    def read_all(self, sid, limit=0):
        """Every entry of a transcript, page by page."""
        out, after = [], 0
        while True:
            f = {"session": sid, "after": after}
            if limit:
                f["limit"] = limit
            r = self.tx(TX_READ, **f)
            assert r["t"] == TX_ENTRIES, r
            out.extend(r.get("entries", []))
            if not r.get("next"):
                return out
            # (next can pass entries this reader does not see)
            assert not out or r["next"] >= out[-1]["seq"], r
            after = r["next"]

    def export(self, sid, fmt, timeout=120.0, **fields):
        """Stream an export; return (bytes, export_done or error)."""
        msg = {"t": TX_EXPORT, "session": sid, "format": fmt}
        msg.update(fields)
        rid = self.conn.send(msg)
        chunks = []
        deadline = time.monotonic() + timeout
        while True:
            m = self._pump(max(0.0, deadline - time.monotonic()))
            if m["t"] == EXPORT_CHUNK:
                assert m["req"] == rid, m
                chunks.append(m["data"].encode("utf-8"))
            elif m.get("id") == rid:
                return b"".join(chunks), m


def account(srv, name):
    r = srv.admin("user", "list")
    if (name + " ") not in r.stdout.decode():
        srv.add_user(name, PASSWORD)


def space(srv, adm, slug, kind="invite", members=(), mentors=(),
          facilitators=(), mentor_members=()):
    """Create a space as adm (the admin) and add people by role."""
    r = adm.request({"t": w.SPACE_CREATE, "slug": slug, "title": slug,
                     "kind": kind})
    assert r["t"] == w.SPACE, r
    roles = ([(m, "member", False) for m in members] +
             [(m, "mentor", False) for m in mentors] +
             [(m, "facilitator", False) for m in facilitators] +
             [(m, "member", True) for m in mentor_members])
    for name, role, mentor in roles:
        account(srv, name)
        f = {"t": w.SPACE_ADD, "space": slug, "user": name, "role": role}
        if mentor:
            f["mentor"] = True
        r = adm.request(f)
        assert r["t"] == w.OK, r


def admin(srv):
    return Person(srv, "admin", ADMIN_PASSWORD)


def start(adm, people, slug, template="open", record=None, presenter=None,
          title=None):
    """Create a session, everyone joins and acknowledges, start it."""
    msg = {"t": w.SESSION_CREATE, "space": slug, "template": template}
    if record:
        msg["record"] = record
    if title:
        msg["title"] = title
    sid = adm.ok(msg, w.SESSION)["session"]
    adm.join(sid)
    for p in people:
        p.join(sid)
        p.act(sid, "ack")
    if presenter:
        adm.control(sid, "role", user=presenter, role="presenter")
    adm.control(sid, "start")
    return sid


def db_path(srv):
    return os.path.join(srv.datadir, "roundtable.db")


def integrity(srv):
    """PRAGMA integrity_check of the (stopped) server's database."""
    db = sqlite3.connect(db_path(srv))
    try:
        return db.execute("PRAGMA integrity_check").fetchall()
    finally:
        db.close()


__all__ = ["Person", "PASSWORD", "TEMPLATES", "account", "admin",
           "db_path", "integrity", "server", "space", "start", "wait_for"]
