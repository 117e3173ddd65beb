#!/usr/bin/env python3
"""40: the client against a hostile server. The real roundtabled refuses
control characters in everything people type, so this test puts a fake
server in its place: TLS on a loopback port with a certificate of its own
(the client pins its fingerprint), the framing and msgpack of rtwire.py,
and frames no honest server would send.

Every string field of every message a server may send (read from the
schemas in proto/msg-*.c, so that a field added later is covered too) is
sent holding one of: escape sequences (clear screen, a window title, C1
CSI as UTF-8 and as a raw byte), bidi overrides and isolates, invalid
UTF-8 (overlong, a surrogate, a cut sequence), BEL, CR, DEL, newlines and
line separators; to the full-screen interface, batch mode and, for every
other field, line mode, the payload turning from field to field and mode
to mode so that each field meets several and each payload many fields. The
client must reject each such frame cleanly: it says which field held what,
exits with EX_PROTOCOL, and nothing of the payload reaches the terminal:
the bytes written to the pane (tmux pipe-pane) do not hold it, the pane's
title is unchanged, no bell rang, and what was on the screen before is
still there. A first test shows that these probes do see a title change, a
bell and a cleared screen when the bytes do reach the terminal.

Then the characters that are valid protocol text yet steer a terminal
(right-to-left and arabic letter marks, line and paragraph separators),
and newlines and tabs where the protocol allows them, go into every field
the client shows: each reply the commands ask for, a session's state and
events, a refusal, and the server's bye. Each must be shown inert, as
<U+XXXX>, in each mode; batch mode's JSON holds only ASCII, with the
characters escaped."""

import json
import os
import re
import subprocess

import rtharness
import rtschema
import rtwire as w
from rtfake import FakeServer
from rtharness import CLIENT, SCALE
from rttui import Tui

MESSAGES, SCHEMAS = rtschema.load()


def raw(b):
    """A str that rtwire encodes as exactly these bytes (surrogateescape),
    so that a frame can carry bytes that are not UTF-8."""
    return b.decode("utf-8", "surrogateescape")


# What a hostile server puts in a string, and what the client must say:
# the character it names, or that the bytes are not UTF-8. "lines" is
# False for what a multi-line field (PFF_LINES) may hold.
BAD_UTF8 = "is not valid UTF-8"
PAYLOADS = [
    ("clear", "ok\x1b[2J\x1b[H", "U+001B", True),
    ("title", "ok\x1b]0;pwned\x07", "U+001B", True),
    ("c1-csi", "ok\u009b31mred", "U+009B", True),
    ("raw-csi", raw(b"ok\x9b31mred"), BAD_UTF8, True),
    ("bidi", "ok\u202egnp.exe", "U+202E", True),
    ("isolate", "ok\u2067evil\u2069", "U+2067", True),
    ("bad-utf8", raw(b"ok\xc0\xaf\xff"), BAD_UTF8, True),
    ("surrogate", raw(b"ok\xed\xa0\x80"), BAD_UTF8, True),
    ("cut", raw(b"ok\xe6\x97"), BAD_UTF8, True),
    ("bell", "ok\x07", "U+0007", True),
    ("cr", "ok\rfake", "U+000D", True),
    ("del", "ok\x7f", "U+007F", True),
    ("newline", "ok\nfake", "U+000A", False),
    ("lsep", "ok\u2028fake", "U+2028", False),
]


def payload_bytes(p):
    """The bytes of a payload after its harmless "ok"."""
    return p[1][2:].encode("utf-8", "surrogateescape")


def string_paths():
    """Every string field a server may send: (message, path, field), the
    path a tuple of keys through records."""
    out = []

    def walk(msg, schema, path):
        for f in SCHEMAS[schema]:
            if f.type in ("PF_STR", "PF_STRS"):
                out.append((msg, path + (f.key,), f))
            elif f.type == "PF_RECS":
                walk(msg, f.sub, path + (f.key,))
    for m in sorted(rtschema.from_server(MESSAGES), key=lambda m: m.number):
        if m.schema is not None:
            walk(m, m.schema, ())
    return out


def scalar(f):
    """A valid value for a field that is not a string."""
    return {"PF_BOOL": False}.get(f.type, 1)


def build(schema, fill, path=()):
    """A body for a schema: each string field is fill(path, field) (None
    leaves it out), each list of records holds one record, every other
    field is fill's choice or a small valid value."""
    body = {}
    for f in SCHEMAS[schema]:
        p = path + (f.key,)
        if f.type == "PF_STR":
            v = fill(p, f)
        elif f.type == "PF_STRS":
            v = fill(p, f)
            v = None if v is None else [v]
        elif f.type == "PF_RECS":
            v = [build(f.sub, fill, p)]
        else:
            v = scalar(f)
        if v is not None:
            body[f.key] = v
    return body


def fit(value, f):
    """A payload cut to a field's limit, if it has a short one: the bad
    character, third, stays in."""
    b = value.encode("utf-8", "surrogateescape")
    return raw(b[:f.limit]) if f.limit and len(b) > f.limit else value


def hostile_frame(msg, target, value):
    """A message whose only bad string is value, at path target; the other
    required strings are plain."""
    def fill(p, f):
        if p == target:
            return fit(value, f)
        return "x" if f.required else None
    body = build(msg.schema, fill)
    body["t"] = msg.number
    body["id"] = 0
    return body


def tui(fake, mode=(), width=100, height=30, env=None, record=True):
    """The real client in tmux against the fake server, alerts off so that
    any bell is the server's doing."""
    e = {"ROUNDTABLE_PASSWORD": "pw"}
    e.update(env or {})
    t = Tui(fake, "ada", "pw", width=width, height=height,
            args=["--alert", "none"] + list(mode), env=e,
            banner="BEFORE-THE-CLIENT", record=record)
    return t


def assert_untouched(t, payload=None):
    """Nothing of a payload reached the terminal: not in the bytes written
    to the pane, the title as it was, no bell, the banner still shown."""
    out = rtharness.wait_for(lambda: b"[exit " in t.recorded() and
                             t.recorded(), 10, "the recording of the exit")
    if payload is not None:
        assert payload_bytes(payload) not in out, (payload[0], out[-400:])
    text = out.decode("utf-8", "surrogateescape")
    for bad in ("\x1b]", "pwned", "\x07", "\u009b", "\x1b[2J", "\u202e",
                "\u2067"):
        assert bad not in text, (bad, text[-400:])
    assert not re.search("[\udc80-\udcff]", text), ("not UTF-8",
                                                    text[-400:])
    assert t.pane_title() == "rt-test", t.pane_title()
    assert not t.bell(), "a bell rang"
    assert "BEFORE-THE-CLIENT" in "\n".join(t.screen(history=True)), \
        t.text()


def rejected(reason, key, payload):
    """Whether the client's reason names the field and what it held."""
    return ("protocol error: the server sent a bad frame: field '%s'" % key
            in reason and payload[2] in reason)


def cases(offset):
    """Each string field with one payload; the payload a field gets turns
    with the offset, so that the modes between them try several on each
    field, and every payload on many fields."""
    out = []
    n = 0
    for msg, path, f in string_paths():
        usable = [p for p in PAYLOADS if p[3] or not f.lines]
        out.append((msg, path, f, usable[(n + offset) % len(usable)]))
        n += 1
    return out


def push_after_login(fake, frame):
    def go(conn):
        conn.send(frame)
    fake.after_login = go


def test_probes_see_a_leak(tmp):
    """The probes work: bytes that do reach the pane retitle it, ring its
    bell and clear it, and the recording holds them."""
    fake = FakeServer(tmp)
    t = Tui(fake, "ada", "pw", banner="BEFORE-THE-CLIENT", record=True,
            command="printf 'ok\\033]0;pwned\\007\\a\\033[2J\\033[Hafter\\n'")
    try:
        rtharness.wait_for(lambda: t.pane_title() == "pwned", 10,
                           "the pane's title to change")
        rtharness.wait_for(t.bell, 10, "the bell")
        t.wait(r"after")
        rtharness.wait_for(lambda: "BEFORE-THE-CLIENT" not in t.text(),
                           10, "the screen to be cleared")
        rtharness.wait_for(lambda: b"\x1b]0;pwned\x07" in t.recorded(), 10,
                           "the recording")
    finally:
        t.kill()
        fake.close()


def run_batch(fake, lines, env=None, timeout=30):
    e = dict(os.environ)
    e.update({"ROUNDTABLE_PASSWORD": "pw", "HOME": fake.tmp,
              "XDG_CONFIG_HOME": os.path.join(fake.tmp, "config")})
    e.update(env or {})
    r = subprocess.run([CLIENT, "--batch", "--host", "127.0.0.1", "--port",
                        str(fake.port), "--user", "ada", "--fingerprint",
                        fake.fingerprint],
                       input="".join(l + "\n" for l in lines).encode(),
                       capture_output=True, env=e, timeout=timeout * SCALE)
    return r.returncode, r.stdout, r.stderr


def batch_events(out):
    """Batch output: JSON lines, ASCII only (every other character is
    escaped)."""
    out.decode("ascii")
    return [json.loads(l) for l in out.decode().splitlines()]


def test_rejected_in_batch(tmp):
    fake = FakeServer(tmp)
    try:
        for msg, path, f, p in cases(0):
            push_after_login(fake, hostile_frame(msg, path, p[1]))
            # The frame comes right after login_ok; the client stays until
            # it: the ping waits for its pong.
            rc, out, err = run_batch(fake, ["/ping"])
            what = "%s.%s with %s" % (msg.name, ".".join(path), p[0])
            assert rc == 76, (what, rc, out, err)
            ev = batch_events(out)
            assert ev[-1]["type"] == "disconnected", (what, ev[-1])
            assert rejected(ev[-1]["reason"], path[-1], p), (what, ev[-1])
            assert payload_bytes(p) not in out + err, what
            assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f-\xff]",
                                 out + err), (what, out, err)
    finally:
        fake.close()


def run_rejections(tmp, mode, offset, check, step=1):
    """Start the client in mode against each hostile frame in turn (every
    step-th field), and check how it ends."""
    fake = FakeServer(tmp)
    try:
        for msg, path, f, p in cases(offset)[::step]:
            push_after_login(fake, hostile_frame(msg, path, p[1]))
            what = "%s.%s with %s" % (msg.name, ".".join(path), p[0])
            t = tui(fake, mode)
            try:
                m = t.wait(r"\[exit (\d+)\]", what="the client to exit "
                           "on %s" % what)
                assert m.group(1) == "76", (what, t.text(), t.stderr())
                check(t, path[-1], p, what)
                assert_untouched(t, p)
            finally:
                t.kill()
    finally:
        fake.close()


def test_rejected_in_tui(tmp):
    def check(t, key, p, what):
        err = t.stderr()
        assert rejected(err, key, p), (what, err)
        assert "Sanitizer" not in err and "runtime error" not in err, err
    run_rejections(tmp, (), 1, check)


def test_rejected_in_line_mode(tmp):
    def check(t, key, p, what):
        screen = "\n".join(t.screen(joined=True))
        assert "*** Disconnected: protocol error" in screen, (what, screen)
        assert rejected(screen, key, p), (what, screen)
    # Every other field: line mode ends the way batch mode does, and the
    # full-screen interface has had every field.
    run_rejections(tmp, ("--line",), 2, check, step=2)


# The inert half: characters the protocol lets through but a terminal
# would act on. Each string field gets a tag of its own, Q000 to Q999, and
# after it a right-to-left mark (multi-line fields add a paragraph
# separator, a tab and a newline); names, which are [A-Za-z0-9._-], get
# the tag alone. Shown inert, a tag is followed by "<U+200F>".
STEER = "\u200f"
SHOWN = "<U+200F>"
TAGS = {}       # (message, path) -> tag
for _i, (_m, _p, _f) in enumerate(string_paths()):
    TAGS[(_m.name, _p)] = "Q%03d" % _i
PATHS = {v: k for k, v in TAGS.items()}
NAMES = {TAGS[(m.name, p)] for m, p, f in string_paths() if f.name}


def tagged_value(msg, path, f):
    tag = TAGS[(msg, path)]
    if f.name:
        return tag
    if f.lines:
        return tag + STEER + "\u2029\u061c\u200e\tmore\nlast"
    return tag + STEER


def tagged(name, rid=0, **over):
    """A message of this name with every string field tagged; over sets
    fields (a value of None leaves one out)."""
    msg = MESSAGES[name]
    body = build(msg.schema, lambda p, f: None if f.type == "PF_STR" and
                 f.flags & rtschema.FLAGS["PFF_SECRET"] else
                 tagged_value(name, p, f)) if msg.schema else {}
    for k, v in over.items():
        if v is None:
            body.pop(k, None)
        else:
            body[k] = v
    body["t"] = msg.number
    body["id"] = rid
    return body


def record(name, key, **over):
    """One tagged record of a message's list field, with fields set (a
    value of None leaves one out)."""
    f = [x for x in SCHEMAS[MESSAGES[name].schema] if x.key == key][0]
    r = build(f.sub, lambda p, g: tagged_value(name, (key,) + p, g))
    for k, v in over.items():
        if v is None:
            r.pop(k, None)
        else:
            r[k] = v
    return r


SID = 5


def event(kind, seq, **over):
    """A session event of a kind (None: a kind unknown to the client, its
    tag), every other string tagged."""
    e = tagged("session_event", session=SID, seq=seq, left_ms=60000,
               total_ms=60000, value=0, phase=1, round=1)
    if kind is not None:
        e["kind"] = kind
    for k, v in over.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return e


def session_events():
    """What the fake server sends a client that joins its session: the
    kinds whose fields the client shows, each field tagged."""
    return [
        event("phase-start", 1, msg=None),
        event("turn-start", 2, msg=None),
        event("post", 3),
        event("post", 4, text=None),
        event("board-post", 5, card=1, parent=0),
        event("note", 6),
        event("warning", 7, value=1),
        event("hand", 8, value=1),
        event("join", 9),
        event(None, 10, msg=None),
        event("presenter", 11),
        event("end", 12),
        event("post", 13, text="END-OF-EVENTS", msg=None, user="bob"),
    ]


def entries():
    """A transcript page whose entries show every field of an entry."""
    def entry(kind, seq, **over):
        fields = dict(kind=kind, seq=seq, phase=1, total_ms=60000,
                      redacted=False)
        fields.update(over)
        return record("transcript_entries", "entries", **fields)
    return [
        entry("phase-start", 1),
        entry("post", 2),
        entry("post", 3, redacted=True),
        entry("board-post", 4, card=1, parent=0),
        entry("note", 5),
        entry("join", 6),
        entry("pass", 7, msg=None),
    ]


def replies(fake):
    """The fake server's answers: every reply tagged."""
    def answer(name, **over):
        def fn(conn, m):
            conn.send(tagged(name, m["id"], **over))
        return fn

    def join(conn, m):
        st = tagged("session_state", m["id"], session=SID, seq=0,
                    status="running", phase=1, nphases=2,
                    phase_left_ms=600000, turn_left_ms=60000,
                    members=[record("session_state", "members",
                                    user="ada", role="participant"),
                             record("session_state", "members")],
                    truncated=False, norms_acked=False)
        conn.send(st)

    def act(conn, m):
        conn.send({"t": w.OK, "id": m["id"]})
        for e in session_events():
            conn.send(e)

    def entries_page(conn, m):
        conn.send(tagged("transcript_entries", m["id"], session=SID,
                         last_seq=7, next=0, entries=entries()))

    def refuse(conn, m):
        conn.send(tagged("error", m["id"], code=401, req_type=w.SESSION_POST,
                         position=2, eta_ms=30000, holder_left_ms=20000))

    def search(conn, m):
        conn.send(tagged("search_page", m["id"], next=0, hits=[record(
            "search_page", "hits", session=SID, seq=2, marks=[])]))
    return {
        w.SPACE_INFO: answer("space"),
        w.SPACE_LIST: answer("space_page"),
        w.SPACE_MEMBERS: answer("member_page"),
        w.SPACE_INVITE: answer("invite"),
        w.SPACE_INVITES: answer("invite_page"),
        w.SPACE_REQUESTS: answer("request_page"),
        w.SPACE_LOG: answer("log_page"),
        w.SESSION_INFO: answer("session", session=SID),
        w.SESSION_LIST: answer("session_page", next=0),
        w.TEMPLATE_LIST: answer("template_page"),
        w.TEMPLATE_INFO: answer("template"),
        w.SESSION_JOIN: join,
        w.SESSION_ACT: act,
        w.SESSION_POST: refuse,
        w.SESSION_STATS: answer("stats", session=SID),
        400: answer("transcript_page", next=0),
        401: entries_page,
        402: search,
        404: answer("report", session=SID),
        405: answer("annotation", session=SID),
        406: answer("annotation_page", next=0),
        409: answer("access_page", next=0),
        410: answer("policy"),
        w.PING: lambda conn, m: conn.send(tagged(
            "bye", code=201, id=0)),
    }


# What the user types, in order; each step waits for the reply's tag.
STEPS = [
    ("/space list", ("space_page", ("spaces", "title"))),
    ("/space members tank", ("member_page", ("members", "role"))),
    ("/space invite tank", ("invite", ("role",))),
    ("/space invites tank", ("invite_page", ("invites", "state"))),
    ("/space requests tank", ("request_page", ("requests", "message"))),
    ("/space log tank", ("log_page", ("entries", "detail"))),
    ("/session list tank", ("session_page", ("sessions", "created_by"))),
    ("/session info %d" % SID, ("session", ("created_by",))),
    ("/templates", ("template_page", ("templates", "title"))),
    ("/template open-discussion", ("template", ("norms",))),
    ("/transcript list tank", ("transcript_page",
                               ("transcripts", "created_by"))),
    ("/transcript search tank word", ("search_page", ("hits", "snippet"))),
    ("/transcript notes %d" % SID, ("annotation_page", ("notes", "text"))),
    ("/transcript access tank", ("access_page", ("entries", "detail"))),
    ('/send transcript_policy {"space": "tank"}', ("policy",
                                                   ("annotations",))),
    ("/space info tank", ("space", ("statement",))),
    ("/transcript read %d" % SID, ("transcript_entries",
                                   ("entries", "redacted_by"))),
    ("/transcript report %d" % SID, ("report", ("phases", "floor"))),
    ("/transcript annotate %d 2 a note" % SID, ("annotation", ("text",))),
    ("/session join %d" % SID, ("session_state", ("title",))),
    ("/raise", None),           # the events come: END-OF-EVENTS
    ("my words", ("error", ("message",))),
    ("/session stats", ("stats", ("unheard",))),
]

# The fields the client shows, by message: each must have been seen, inert.
SHOWN_FIELDS = {
    "welcome": "server",
    "bye": "reason",
    "error": "message name reason holder",
    "space": "slug title kind description statement role",
    "space_page": "spaces.slug spaces.title spaces.kind spaces.role next",
    "member_page": "members.role next",
    "invite": "code role",
    "invite_page": "invites.state invites.role invites.by",
    "request_page": "requests.message",
    "log_page": "entries.actor entries.action entries.subject entries.detail",
    "session": "space title template record status created_by phase_title",
    "session_page": "sessions.title sessions.created_by",
    "session_state": (
        "title template record norms role phase_title floor holder "
        "presenter queue"),
    "session_event": "kind user target phase_title floor text msg",
    "stats": "members.role unheard",
    "template_page": "templates.name templates.title",
    "template": (
        "name title summary source norms phases.id phases.title "
        "phases.floor"),
    "transcript_page": (
        "transcripts.title transcripts.template transcripts.record "
        "transcripts.created_by"),
    "transcript_entries": (
        "record entries.user entries.phase_title entries.floor "
        "entries.text entries.msg entries.redacted_by"),
    "search_page": "hits.kind hits.user hits.title hits.snippet",
    "report": "members.user members.role phases.title phases.floor",
    "annotation": "author text",
    "annotation_page": "notes.author notes.text",
    "access_page": "entries.user entries.what entries.detail",
    "policy": "space readers annotations",
}
MUST_SHOW = [(m, f) for m, fs in SHOWN_FIELDS.items()
             for f in fs.split()]


# What only the full-screen interface shows: the status bar, the title
# bar and the roster.
TUI_ONLY = [("session_state", "holder"), ("session_state", "presenter"),
            ("session_state", "queue")]


def tag_of(name, dotted):
    return TAGS[(name, tuple(dotted.split(".")))]


STEERING = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e"
                      "\u200f\u2028-\u202e\u2066-\u2069]")


def seen_inert(text, seen):
    """Note the tags in some text; fail on a tag shown with anything but
    its marker made visible, or on a steering character."""
    for m in re.finditer(r"(Q\d\d\d)(.?)", text):
        seen.add(m.group(1))
    bad = STEERING.search(text)
    assert bad is None, ("a steering character %r" % bad.group(0),
                         text[max(0, bad.start() - 80):bad.end() + 80])


def screen_inert(t, seen):
    """The screen, with its attributes: only SGR sequences (no colour,
    NO_COLOR is set), and every tag inert."""
    attrs = t.attributes()
    for sgr in re.findall(r"\x1b\[([0-9;]*)m", attrs):
        for code in sgr.split(";"):
            assert code == "" or not (30 <= int(code) <= 49 or
                                      90 <= int(code) <= 107) or \
                int(code) in (39, 49), ("a colour", sgr)
    seen_inert(re.sub(r"\x1b\[[0-9;]*m", "", attrs), seen)
    seen_inert(t.pane_title(), seen)


def missing(seen, skip=()):
    return [(n, f) for n, f in MUST_SHOW if tag_of(n, f) not in seen and
            (n, f) not in skip]


def test_inert_in_tui(tmp):
    fake = FakeServer(tmp)
    fake.server_name = tagged_value("welcome", ("server",),
                                    SCHEMAS["welcome"][1])
    fake.replies = replies(fake)
    seen = set()
    t = tui(fake, width=250, height=80)
    try:
        t.wait(r"Logged in as ada")
        screen_inert(t, seen)
        for line, want in STEPS:
            t.keys("C-u")       # a refused post stays in the line
            t.line(line)
            rx = "END-OF-EVENTS" if want is None else \
                TAGS[(want[0], want[1])] + re.escape(SHOWN)
            # The reply is shown here, or in a window of its own (a space,
            # a session) that the status bar says has something new.
            t.wait(rx + r"|\[Act: ", what="the reply to %s" % line)
            if not re.search(rx, t.text()):
                t.keys("M-a")
                t.wait(rx, what="the reply to %s in its window" % line)
            screen_inert(t, seen)
        fake.last().send(tagged("bye", code=201))
        m = t.wait(r"\[exit (\d+)\]", what="the exit on bye")
        assert m.group(1) == "77", (t.text(), t.stderr())
        seen_inert(t.stderr(), seen)
        assert tag_of("bye", "reason") + SHOWN in t.stderr(), t.stderr()
        assert missing(seen) == [], missing(seen)
        assert_untouched(t)
    finally:
        t.kill()
        fake.close()


def test_inert_in_line_mode(tmp):
    fake = FakeServer(tmp)
    fake.server_name = tagged_value("welcome", ("server",),
                                    SCHEMAS["welcome"][1])
    fake.replies = replies(fake)
    seen = set()
    t = tui(fake, ("--line",), width=250, height=80)
    try:
        t.wait(r"Logged in as ada")
        for line, want in STEPS:
            t.keys("C-u")
            t.line(line)
            if want is None:
                t.wait(r"END-OF-EVENTS")
            else:
                t.wait(TAGS[(want[0], want[1])] + re.escape(SHOWN),
                       what="the reply to %s" % line)
        fake.last().send(tagged("bye", code=201))
        m = t.wait(r"\[exit (\d+)\]", what="the exit on bye")
        assert m.group(1) == "77", t.text()
        text = "\n".join(t.screen(joined=True, history=True))
        seen_inert(text, seen)
        seen_inert(t.stderr(), seen)
        # What went to the terminal, less line mode's own "\r\033[K" that
        # erases its prompt and the terminal's echo of Ctrl-U (backspaces).
        seen_inert(re.sub(r"\r|\x1b\[K|\x08", "",
                          t.recorded().decode("utf-8")), seen)
        assert missing(seen, TUI_ONLY) == [], missing(seen, TUI_ONLY)
        assert_untouched(t)
    finally:
        t.kill()
        fake.close()


def test_inert_in_batch(tmp):
    fake = FakeServer(tmp)
    fake.server_name = tagged_value("welcome", ("server",),
                                    SCHEMAS["welcome"][1])
    fake.replies = replies(fake)
    lines = [line for line, _ in STEPS] + ["/ping"]
    rc, out, err = run_batch(fake, lines)
    assert rc == 77, (rc, out[-2000:], err)
    ev = batch_events(out)          # ASCII only: escaped
    seen = set()
    for line in out.decode().splitlines():
        for m in re.finditer(r"(Q\d\d\d)(\\u200[fF])?", line):
            assert m.group(2) or m.group(1) in NAMES, \
                ("%s not escaped" % m.group(1), line)
            seen.add(m.group(1))
    want = [tag_of(n, f) for n, f in MUST_SHOW]
    assert set(want) <= seen, sorted(PATHS[x] for x in set(want) - seen)
    assert ev[-1]["type"] == "disconnected", ev[-1]
    assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f-\xff]", err), err


if __name__ == "__main__":
    rtharness.main(globals())
