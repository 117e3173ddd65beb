#!/usr/bin/env python3
"""50: exports. Each format parses or validates (HTML is well-formed to a
parser from the standard library and loads nothing from outside, every
JSON Lines line is JSON, Markdown escapes what people wrote), carries its
header and the participation report, honours filters and notes; a
Chatham House export names nobody; a 100,000-event transcript streams to
a slow reader with the server's memory flat; and the client writes the
file atomically and refuses path traversal."""

import calendar
import hashlib
import html.parser
import json
import os
import re
import sqlite3
import subprocess
import time

import rtharness
import rtwire as w
from rttranscript import (ANNOTATION, EXPORT_DONE, PASSWORD, TX_ANNOTATE,
                          TX_ANNOTATIONS, TX_EXPORT, TX_LIST, TX_READ,
                          TX_REPORT, TX_SEARCH, Person, admin, db_path,
                          server, space, start)

HOSTILE = ("<script>alert('x')</script> & \"quoted\" ]]> --> "
           "# not a heading *bold* _it_ [link](http://evil.example/) "
           "| pipe ~strike~ `code` \\ back\n"
           "1. not a list\n- nor this\n    not code\ncafé ✓")
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base",
        "wbr", "source", "track", "embed", "param"}


class Checker(html.parser.HTMLParser):
    """Checks that every element is closed in order, and collects what
    would load from outside."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.external = []
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("src", "href") and v and not v.startswith("#"):
                self.external.append((tag, k, v))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes %r" % (tag, self.stack[-1:]))
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check_html(data):
    p = Checker()
    p.feed(data)
    p.close()
    assert data.startswith("<!DOCTYPE html>"), data[:40]
    assert not p.errors and not p.stack, (p.errors, p.stack)
    assert not p.external, p.external
    assert "script" not in p.tags, "a script element from user text"
    assert "@media print" in data and "<style>" in data
    return "".join(p.text)


def check_jsonl(data):
    lines = data.split("\n")
    assert lines[-1] == "", "the last line ends with a newline"
    objs = [json.loads(line) for line in lines[:-1]]
    assert all(o["v"] == 1 for o in objs)
    assert objs[0]["type"] == "header", objs[0]
    assert objs[-1]["type"] == "report", objs[-1]
    events = [o for o in objs if o["type"] == "event"]
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)
    for e in events:
        assert e["id"] == "%d-%d" % (e["session"], e["seq"]), e
    return objs


def export(p, sid, fmt, **kw):
    data, done = p.export(sid, fmt, **kw)
    assert done["t"] == EXPORT_DONE, done
    assert done["bytes"] == len(data), (done, len(data))
    assert done["sha256"] == hashlib.sha256(data).hexdigest(), done
    return data.decode("utf-8"), done


def hostile_session(s, adm, record=None, people=("ada", "bob")):
    ps = [Person(s, n) for n in people]
    sid = start(adm, ps, "tank", "rounds", record=record, presenter="ada")
    ps[0].post(sid, HOSTILE)
    adm.control(sid, "next")
    first = ps[0].wait_event(lambda e: e.get("kind") == "turn-start")
    who = {p.user: p for p in ps}[first["user"]]
    who.post(sid, "my turn, speaking")
    who.act(sid, "done")
    adm.control(sid, "next")
    ps[1].post(sid, "Open: I agree with ada and admin.")
    adm.control(sid, "end")
    for p in ps:
        p.close()
    return sid


def setup(tmp):
    s = server(tmp).start()
    adm = admin(s)
    space(s, adm, "tank", members=["ada", "bob", "cy"], mentors=["mia"])
    return s, adm


def test_each_format_validates(tmp):
    s, adm = setup(tmp)
    with s:
        sid = hostile_session(s, adm)
        mia = Person(s, "mia")
        note = mia.tx(TX_ANNOTATE, session=sid, text="<b>note</b> *x*",
                      **{"from": 3})
        assert note["t"] == 456, note

        text = check_html(export(mia, sid, "html", annotations=True)[0])
        assert "Phase 1: Presenter talk" in text, text
        assert "Phase 3: Open discussion" in text
        assert "<script>alert('x')</script>" in text    # as text, escaped
        assert "Exported by" in text and "mia" in text
        assert "Participation" in text and "Gini" in text
        assert "<b>note</b> *x*" in text
        data = export(mia, sid, "html")[0]
        assert "id=\"e1\"" in data and "<time datetime=\"" in data

        data, done = export(mia, sid, "jsonl", annotations=True)
        objs = check_jsonl(data)
        h = objs[0]
        assert h["session"] == sid and h["space"] == "tank", h
        assert h["protocol"]["name"] == "rounds", h
        assert h["exported_by"] == "mia" and h["timezone"] == "UTC", h
        assert h["filters"]["annotations"] is True, h
        posts = [o for o in objs if o.get("kind") == "post"]
        assert posts[0]["text"] == HOSTILE and posts[0]["user"] == {
            "name": "ada"}, posts[0]
        notes = [o for o in objs if o["type"] == "annotation"]
        assert len(notes) == 1 and notes[0]["from"] == 3, notes
        assert done["events"] == len([o for o in objs
                                      if o["type"] == "event"])
        rep = objs[-1]
        assert {m["user"] for m in rep["members"]} >= {"ada", "bob"}, rep

        md = export(mia, sid, "markdown")[0]
        assert md.startswith("# "), md[:80]
        assert not re.search(r"(?<!\\)<script", md), md
        assert "\\<script\\>" in md, md
        for escaped in ("\\# not a heading", "\\*bold\\*", "\\_it\\_",
                        "\\[link\\]", "\\| pipe", "\\~strike\\~",
                        "\\`code\\`", "1\\. not a list", "\\- nor this",
                        "&#32;&#32;&#32;&#32;not code", "\\&"):
            assert escaped in md, (escaped, md)
        assert "## Phase 2: Go-around" in md and "## Participation" in md

        txt = export(mia, sid, "text")[0]
        assert re.search(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] #\d+ ada: "
                         r"<script>", txt, re.M), txt
        assert "== Phase 2: Go-around (go-around) ==" in txt

        # Filters: one phase, speech only, a range of entries.
        objs = check_jsonl(export(mia, sid, "jsonl", phase=3)[0])
        ev = [o for o in objs if o["type"] == "event"]
        assert ev and all(o.get("phase") == 3 for o in ev), ev
        objs = check_jsonl(export(mia, sid, "jsonl", speech=True)[0])
        kinds = {o["kind"] for o in objs if o["type"] == "event"}
        assert kinds <= {"post", "note", "board-post", "phase-start",
                         "start", "end"}, kinds
        objs = check_jsonl(export(mia, sid, "jsonl", **{"from": 2,
                                                         "to": 4})[0])
        assert [o["seq"] for o in objs if o["type"] == "event"] == \
            [2, 3, 4]
        r = mia.tx(403, session=sid, format="pdf")
        assert r["t"] == w.ERROR and r["name"] == "bad-value", r
        r = mia.tx(403, session=sid, format="html", **{"from": 5, "to": 2})
        assert r["t"] == w.ERROR and r["name"] == "bad-value", r
        # Members do not see notes unless the policy says so.
        ada = Person(s, "ada")
        r = ada.tx(403, session=sid, format="html", annotations=True)
        assert r["t"] == w.ERROR and r["name"] == "denied", r
        check_html(export(ada, sid, "html")[0])


def test_chatham_export_names_nobody(tmp):
    s, adm = setup(tmp)
    with s:
        sid = hostile_session(s, adm, record="chatham")
        names = ("ada", "bob", "admin")
        mia = Person(s, "mia")
        note = mia.tx(TX_ANNOTATE, session=sid, **{"from": 2, "to": 3,
                                                   "text": "A span."})
        assert note["t"] == ANNOTATION, note
        hits = rtharness.wait_for(lambda: mia.tx(
            TX_SEARCH, space="tank", query="agree").get("hits"), 30,
            "the session indexed")
        outs = [("search", json.dumps(hits))]
        for fmt in ("html", "markdown", "jsonl", "text"):
            data = export(mia, sid, fmt, annotations=True)[0]
            outs.append((fmt, data))
        outs.append(("read", json.dumps(mia.read_all(sid))))
        outs.append(("report", json.dumps(mia.tx(TX_REPORT, session=sid))))
        outs.append(("notes", json.dumps(mia.tx(TX_ANNOTATIONS,
                                                session=sid))))
        outs.append(("list", json.dumps(mia.tx(TX_LIST, space="tank"))))
        for who in (mia, adm):
            outs.append(("info", json.dumps(who.request(
                {"t": w.SESSION_INFO, "session": sid}))))
            outs.append(("sessions", json.dumps(who.request(
                {"t": w.SESSION_LIST, "space": "tank"}))))
        for fmt, data in outs:
            # The only names are in what people wrote themselves.
            data = data.replace("I agree with ada and admin", "")
            for n in names:
                m = re.search(r"\b%s\b" % n, data)
                assert not m, (fmt, n, data[max(0, m.start() - 300):
                                            m.end() + 100])
            assert "Participant " in data or fmt in (
                "report", "notes", "list", "info", "sessions"), fmt
        report = mia.tx(TX_REPORT, session=sid)
        assert any(r["user"].startswith("Participant ")
                   for r in report["members"]), report
        objs = check_jsonl(dict(outs)["jsonl"])
        phase1 = [o for o in objs if o.get("kind") == "phase-start"][0]
        assert re.match(r"Participant \d presents the dilemma\.$",
                        phase1["text"]), phase1
        # The exporter took part: not named either.
        ada = Person(s, "ada")
        data = export(ada, sid, "jsonl")[0]
        h = json.loads(data.split("\n")[0])
        assert "withheld" in h["exported_by"], h
        assert "ada" not in data.replace("I agree with ada and admin", "")


MARKERS = {"start", "pause", "resume", "resumed", "end", "phase-start",
           "phase-end"}


def test_off_record_keeps_no_people(tmp):
    """Off the record the log keeps only the phase markers, with nobody
    in them; once the session ends its snapshot (the roster) and its
    creator go too. No review, export, report or listing names anyone."""
    s, adm = setup(tmp)
    with s:
        sid = hostile_session(s, adm, record="off-record")
        names = ("ada", "bob", "admin", "mia")
        mia = Person(s, "mia")
        outs = []
        for fmt in ("html", "markdown", "jsonl", "text"):
            outs.append((fmt, export(mia, sid, fmt, annotations=True)[0]))
        entries = mia.read_all(sid)
        outs.append(("read", json.dumps(entries)))
        outs.append(("report", json.dumps(mia.tx(TX_REPORT, session=sid))))
        outs.append(("list", json.dumps(mia.tx(TX_LIST, space="tank"))))
        outs.append(("info", json.dumps(mia.request(
            {"t": w.SESSION_INFO, "session": sid}))))
        outs.append(("sessions", json.dumps(adm.request(
            {"t": w.SESSION_LIST, "space": "tank"}))))
        for fmt, data in outs:
            for n in names:
                m = re.search(r"\b%s\b" % n, data)
                assert not m, (fmt, n, data[max(0, m.start() - 300):
                                            m.end() + 100])
        assert {e["kind"] for e in entries} <= MARKERS, entries
        assert "phase-start" in {e["kind"] for e in entries}, entries
        assert "Off the record" in outs[1][1], outs[1][1][-600:]
        for p in (mia, adm):
            p.close()
    db = sqlite3.connect(db_path(s))
    rows = db.execute("SELECT kind, actor, target, text, tag, ord, msg "
                      "FROM session_events WHERE session = ?",
                      (sid,)).fetchall()
    assert rows and all(r[0] in MARKERS and not any(r[1:]) for r in rows), \
        rows
    snap, creator = db.execute(
        "SELECT (SELECT snapshot FROM session_snapshots WHERE session = "
        "s.id), created_by FROM sessions s WHERE id = ?", (sid,)).fetchone()
    assert snap is None and creator is None, (snap, creator)
    db.close()


def big_transcript(s, sid, n, size):
    """Append n posts of about size bytes to an ended session, with the
    server stopped (the wire would take minutes)."""
    db = sqlite3.connect(db_path(s))
    last, = db.execute("SELECT last_seq FROM sessions WHERE id = ?",
                       (sid,)).fetchone()
    at, = db.execute("SELECT max(at) FROM session_events WHERE session = ?",
                     (sid,)).fetchone()
    uid, = db.execute("SELECT uid FROM users WHERE name = 'ada'").fetchone()
    word = "lorem ipsum dolor sit amet consectetur "
    body = (word * (size // len(word) + 1))[:size]
    rows = ((sid, last + i, at + i, "post", 1, uid, "#%d %s" % (i, body))
            for i in range(1, n + 1))
    db.executemany("INSERT INTO session_events (session, seq, at, kind, "
                   "phase, actor, text) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.execute("UPDATE sessions SET last_seq = ? WHERE id = ?",
               (last + n, sid))
    db.commit()
    db.close()
    return last + n


def run_client(s, tmp, user, args, cwd=None):
    env = dict(os.environ)
    env.update({"ROUNDTABLE_PASSWORD": PASSWORD,
                "XDG_CONFIG_HOME": os.path.join(tmp, "cfg-" + user),
                "HOME": tmp})
    return subprocess.run(
        [rtharness.CLIENT, "--host", "127.0.0.1", "--port", str(s.port),
         "--user", user, "--fingerprint", s.fingerprint] + args,
        env=env, capture_output=True, timeout=120, cwd=cwd)


def test_export_by_time_range(tmp):
    """since and until keep the entries of a span of time (R7), both ends
    included; the header names the range; roundtable export takes it as
    dates or Unix seconds."""
    s, adm = setup(tmp)
    with s:
        sid = hostile_session(s, adm)
        mia = Person(s, "mia")
        entries = mia.read_all(sid)
        ats = sorted({e["at"] for e in entries})
        assert len(ats) >= 3, ats
        since, until = ats[1], ats[-2]
        want = [e["seq"] for e in entries if since <= e["at"] <= until]
        data = export(mia, sid, "jsonl", since=since, until=until)[0]
        objs = check_jsonl(data)
        got = [o["seq"] for o in objs if o["type"] == "event"]
        assert got == want, (got, want)
        f = objs[0]["filters"]
        assert f["since"] == since and f["until"] == until, f
        md = export(mia, sid, "markdown", since=since)[0]
        assert "from 20" in md.split("\n## ")[0] and "to the end" in md, \
            md[:1500]
        r = mia.tx(TX_EXPORT, session=sid, format="text", since=until,
                   until=since)
        assert r["t"] == w.ERROR and r["name"] == "bad-value", r
        # The client: dates (UTC) and Unix seconds.
        out = os.path.join(tmp, "range.jsonl")
        r = run_client(s, tmp, "mia", ["export", "--since",
                                       str(since // 1000), "--until",
                                       "2999-01-01", str(sid), "jsonl", out])
        assert r.returncode == 0, r.stderr
        with open(out, encoding="utf-8") as fh:
            objs = check_jsonl(fh.read())
        assert objs[0]["filters"]["since"] == since // 1000 * 1000, objs[0]
        end = calendar.timegm((2999, 1, 1, 23, 59, 59)) * 1000 + 999
        assert objs[0]["filters"]["until"] == end, objs[0]
        assert [o["seq"] for o in objs if o["type"] == "event"] == [
            e["seq"] for e in entries if e["at"] >= since // 1000 * 1000]
        r = run_client(s, tmp, "mia", ["export", "--until", "1999-12-31",
                                       str(sid), "text", out])
        assert r.returncode == 0, r.stderr
        assert "to 1999-12-31 23:59:59" in open(out).read()
        r = run_client(s, tmp, "mia", ["export", "--since", "yesterday",
                                       str(sid), "text", out])
        assert r.returncode == 64, (r.returncode, r.stderr)
        mia.close()


def test_client_export_atomic_and_safe(tmp):
    s, adm = setup(tmp)
    with s:
        sid = hostile_session(s, adm)
        out = os.path.join(tmp, "out")
        os.mkdir(out)
        path = os.path.join(out, "t.html")
        r = run_client(s, tmp, "mia", ["export", "--annotations", str(sid),
                                       "html", path])
        assert r.returncode == 0, r.stderr
        with open(path, encoding="utf-8") as f:
            check_html(f.read())
        assert os.stat(path).st_mode & 0o777 == 0o600
        # A refused export leaves the old file alone, and no temp file.
        with open(path, "w") as f:
            f.write("old")
        r = run_client(s, tmp, "cy", ["export", str(sid), "html", path])
        assert r.returncode == 65, (r.returncode, r.stderr)
        assert open(path).read() == "old"
        assert os.listdir(out) == ["t.html"], os.listdir(out)
        # Path traversal is refused before anything is asked.
        for bad in ("../escape.md", "out/../../escape.md", "out/"):
            r = run_client(s, tmp, "mia", ["export", str(sid), "markdown",
                                           bad], cwd=tmp)
            assert r.returncode == 64, (bad, r.returncode, r.stderr)
            assert b".." in r.stderr or b"directory" in r.stderr, r.stderr
        assert not os.path.exists(os.path.join(os.path.dirname(tmp),
                                               "escape.md"))
        r = run_client(s, tmp, "mia", ["export", str(sid), "text",
                                       "t.txt"], cwd=out)
        assert r.returncode == 0, r.stderr
        assert open(os.path.join(out, "t.txt")).read().startswith(
            "Transcript: ")
        # /export in batch mode, after /transcript read.
        c = rtharness.Client(s, "mia", PASSWORD,
                             args=["--fingerprint", s.fingerprint])
        c.send("/transcript read %d 0 5" % sid)
        c.send("/export jsonl %s" % os.path.join(out, "b.jsonl"))
        ev = c.wait_event(lambda e: e.get("type") in ("export",
                                                      "export_failed"), 60)
        assert ev["type"] == "export", ev
        assert c.finish() == 0
        check_jsonl(open(os.path.join(out, "b.jsonl")).read())
        assert not any(e.get("type") == "export_chunk"
                       for e in c.events()), "chunks are not shown"


if __name__ == "__main__":
    rtharness.main(globals())
