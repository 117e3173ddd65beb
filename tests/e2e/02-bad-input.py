#!/usr/bin/env python3
"""02: hostile and broken input. Each case gets its error code, or a bye
with a reason where the stream cannot continue, and the server goes on
serving everyone else with bounded memory: every test keeps a bystander
logged in from before the hostile input to after it (rtharness
Bystander), which must still be answered, with the server's resident
memory within a bound."""

import socket
import struct

import rtharness
from rtharness import Server
import rttranscript as rx
import rtwire as w
from rtwire import frame, mp_encode


def hello_conn(s):
    c = s.connect()
    assert c.hello()["t"] == w.WELCOME
    return c


def expect_bye(c, code):
    bye = c.closed()
    assert bye is not None, "no bye before close"
    assert bye["code"] == code, bye
    return bye


def expect_error(c, name):
    m = c.recv()
    assert m["t"] == w.ERROR and m["name"] == name, m
    return m


def dup_key_map(pairs):
    """A msgpack map from (key, value) pairs, repeats kept (a dict cannot
    hold them)."""
    assert len(pairs) < 16
    return bytes([0x80 | len(pairs)]) + b"".join(
        mp_encode(k) + mp_encode(v) for k, v in pairs)


def login_bytes(user_bytes):
    """A login frame whose user field is the raw bytes given."""
    return frame(b"\x83" + mp_encode("t") + mp_encode(w.LOGIN) +
                 mp_encode("user") + w.mp_str_header(len(user_bytes)) +
                 user_bytes + mp_encode("password") + mp_encode("x"))


def test_lengths(tmp):
    with Server(tmp).start() as s:
        by = s.bystander()
        c = s.connect()
        c.send_raw(b"\x00\x00\x00\x00")
        expect_bye(c, 101)
        c = s.connect()
        c.send_raw(struct.pack(">I", 4097) + b"\x80")
        bye = expect_bye(c, 100)
        assert "4096" in bye["reason"], bye
        c = s.connect()
        c.send_raw(b"\xff\xff\xff\xff")
        expect_bye(c, 100)
        # after login the limit is max_frame
        c = s.login()
        c.send_raw(struct.pack(">I", 65537))
        expect_bye(c, 100)
        c = s.login()
        body = mp_encode({"t": w.PING, "nonce": 1, "pad": "x" * 60000})
        c.send_raw(frame(body))
        assert c.recv()["t"] == w.PONG
        by.check()


def test_truncated(tmp):
    with Server(tmp, conf={"server": {"log_level": "debug"}}).start() as s:
        by = s.bystander()
        # a length cut short, then the client goes away
        c = s.connect()
        c.send_raw(b"\x00\x00")
        c.close()
        # a body cut short
        c = s.connect()
        c.send_raw(struct.pack(">I", 100) + b"\x81\xa1t")
        c.close()
        # both noticed as truncated and cleaned up
        s.err.wait(r"stream ended inside a frame \(2 bytes\)")
        s.err.wait(r"stream ended inside a frame \(7 bytes\)")
        # a half-close inside a frame: the server notices, says so with a
        # bye frame-truncated (102) it can still send, and closes
        c = s.connect()
        assert c.hello()["t"] == w.WELCOME
        c.send_raw(b"\x00\x00\x00\x10\x81")
        # shut down the TCP stream under TLS; SSLSocket.shutdown would
        # drop the TLS layer, and the bye could not be read
        socket.socket.shutdown(c.sock, socket.SHUT_WR)
        bye = expect_bye(c, 102)
        assert "ended inside a frame" in bye["reason"], bye
        s.err.wait(r"stream ended inside a frame \(5 bytes\)")
        by.check()


def test_not_msgpack(tmp):
    bombs = [
        b"\xdd\xff\xff\xff\xff",
        b"\xdf\xff\xff\xff\xff",
        b"\x91\xdd\xff\xff\xff\xff",
        b"\x81\xa1t\xdd\xff\xff\xff\xff",
        b"\xdc\x00\x01\xdf\xff\xff\xff\xff",
        b"\x92\x92\x92\x92\xc0\xc0",
        b"\x91" * 9 + b"\x00",
        b"\x81\xa1t\x68\x00",          # trailing byte
        b"\xc1",
        b"\xd4\x01\x00",
        b"\xa5ab",
    ]
    with Server(tmp).start() as s:
        by = s.bystander()
        for body in bombs:
            c = s.connect()
            c.send_raw(frame(body))
            bye = expect_bye(c, 103)
            assert bye["reason"], bye
        by.check()


def test_decoding_errors(tmp):
    with Server(tmp).start() as s:
        by = s.bystander()
        c = s.connect()
        c.send_raw(frame(mp_encode([1, 2, 3])))
        expect_error(c, "not-a-map")
        c.send_raw(frame(mp_encode("hello")))
        expect_error(c, "not-a-map")
        c.send_raw(frame(mp_encode({"id": 4})))
        expect_error(c, "unknown-type")
        c.send_raw(frame(mp_encode({"t": 4242, "id": 5})))
        m = expect_error(c, "unknown-type")
        assert m["id"] == 5, m
        c.send_raw(frame(mp_encode({"t": w.WELCOME, "version": 1})))
        expect_error(c, "unknown-type")
        c.send_raw(frame(mp_encode({"t": w.HELLO, "version_min": "1",
                                    "version_max": 1, "id": 6})))
        m = expect_error(c, "bad-field")
        assert m["id"] == 6 and m["req_type"] == w.HELLO, m
        assert "version_min" in m["message"], m
        c.send_raw(frame(mp_encode({"t": w.HELLO, "version_min": 1})))
        expect_error(c, "bad-field")
        # a reversed version range is a bad value, and hello may follow
        c.send_raw(frame(mp_encode({"t": w.HELLO, "version_min": 2,
                                    "version_max": 1, "id": 7})))
        m = expect_error(c, "bad-value")
        assert m["id"] == 7 and m["req_type"] == w.HELLO, m
        # the connection is still usable, and still before hello
        assert c.hello()["t"] == w.WELCOME
        # a key twice, in the body and among the reserved keys (a fresh
        # connection: ten errors would close one)
        c = s.connect()
        c.send_raw(frame(dup_key_map([("t", w.HELLO), ("version_min", 1),
                                      ("version_min", 1),
                                      ("version_max", 1)])))
        m = expect_error(c, "bad-field")
        assert "appears twice" in m["message"], m
        c.send_raw(frame(dup_key_map([("t", w.HELLO), ("t", w.HELLO),
                                      ("version_min", 1),
                                      ("version_max", 1)])))
        expect_error(c, "bad-field")
        # the connection is still usable
        assert c.hello()["t"] == w.WELCOME
        # a fresh connection: ten errors would close this one
        c = hello_conn(s)
        bad_utf8 = [b"a\xff",              # not UTF-8 at all
                    b"\xc0\xaf",           # overlong "/"
                    b"\xe0\x80\xaf",       # overlong, three bytes
                    b"\xed\xa0\x80",       # a UTF-16 surrogate
                    b"a\xe2\x82",           # truncated
                    b"\xf4\x90\x80\x80"]   # past U+10FFFF
        for raw in bad_utf8:
            c.send_raw(login_bytes(raw))
            expect_error(c, "bad-utf8")
        c.send_raw(frame(mp_encode({"t": w.LOGIN, "user": "a\x1b[2J",
                                    "password": "x"})))
        expect_error(c, "bad-chars")
        # a fresh connection: ten errors would close this one
        c = hello_conn(s)
        c.send_raw(frame(mp_encode({"t": w.LOGIN, "user": "a" * 33,
                                    "password": "x"})))
        expect_error(c, "too-long")
        c.send_raw(frame(mp_encode({"t": w.LOGIN, "user": "no spaces",
                                    "password": "x"})))
        expect_error(c, "bad-value")
        c.send_raw(frame(mp_encode({"t": w.PING, "nonce": -1})))
        expect_error(c, "bad-field")


def test_too_many_errors(tmp):
    with Server(tmp).start() as s:
        by = s.bystander()
        c = s.connect()
        for _ in range(9):
            c.send_raw(frame(mp_encode([0])))
            expect_error(c, "not-a-map")
        c.send_raw(frame(mp_encode([0])))
        expect_error(c, "not-a-map")
        bye = expect_bye(c, 104)
        assert "too many" in bye["reason"], bye
        by.check()


def test_bounded_memory(tmp):
    """Hundreds of hostile connections leave the server's memory within a
    bound and the server responsive."""
    with Server(tmp).start() as s:
        by = s.bystander(bound_kib=32 * 1024)
        for i in range(300):
            c = s.connect()
            kind = i % 4
            if kind == 0:
                c.send_raw(frame(b"\xdd\xff\xff\xff\xff"))
            elif kind == 1:
                c.send_raw(frame(b"\xdd" + struct.pack(">I", 4000) +
                                 b"\x00" * 4000))
            elif kind == 2:
                c.send_raw(struct.pack(">I", 4000) + b"\x80" * 3000)
            else:
                c.send_raw(frame(b"\x91" * 4000))
            c.close()
        by.check()


# Strings that would break a statement built by pasting text into SQL, or
# a LIKE pattern, or a quoting layer: every one must come back as sent.
SQL_HOSTILE = [
    "'; DROP TABLE users; --",
    "Robert'); DELETE FROM events WHERE ('1'='1",
    "100% _done_ %_%",
    'say "hi" \\" and \\\' and \\',
    "O'Brien said ''quoted'' \\n",
    "\" OR 1=1 --",
]


def test_sql_metacharacters(tmp):
    """SQL metacharacters (quotes, comment and statement separators, LIKE
    wildcards, backslashes) in every kind of stored text: space titles and
    descriptions, session titles, posts, facilitator notes, mentors'
    annotations, and search queries. Each comes back verbatim, searches
    find what they should, and the database is intact."""
    with rx.server(tmp).start() as s:
        by = s.bystander()
        adm = rx.admin(s)
        rx.space(s, adm, "tank", "open", members=["ada"], mentors=["mia"])
        ada, mia = rx.Person(s, "ada"), rx.Person(s, "mia")
        title = "'; DROP TABLE spaces; -- %_\"\\"
        desc = "\n".join(SQL_HOSTILE)
        r = adm.request({"t": w.SPACE_UPDATE, "space": "tank",
                         "title": title, "description": desc})
        assert r["t"] == w.SPACE, r
        r = ada.request({"t": w.SPACE_INFO, "space": "tank"})
        assert r["title"] == title and r["description"] == desc, r
        sid = rx.start(adm, [ada], "tank", "open", title=title)
        r = ada.request({"t": w.SESSION_INFO, "session": sid})
        assert r["title"] == title, r
        for text in SQL_HOSTILE:
            ada.post(sid, text)
        assert adm.control(sid, "note", text=SQL_HOSTILE[0])["t"] == w.OK
        assert adm.control(sid, "end")["t"] == w.OK
        entries = mia.read_all(sid)
        posts = [e["text"] for e in entries if e["kind"] == "post"]
        assert posts == SQL_HOSTILE, posts
        assert any(e["kind"] == "note" and e["text"] == SQL_HOSTILE[0]
                   for e in entries), entries
        first = [e for e in entries if e["kind"] == "post"][0]["seq"]
        for text in SQL_HOSTILE:
            r = mia.tx(rx.TX_ANNOTATE, session=sid, text=text,
                       **{"from": first})
            assert r["t"] == rx.ANNOTATION and r["text"] == text, r
        r = mia.tx(rx.TX_ANNOTATIONS, session=sid)
        assert [n["text"] for n in r["notes"]] == SQL_HOSTILE, r
        # queries with the same characters: words, never SQL or FTS5
        for query, want in (("DROP TABLE", SQL_HOSTILE[0]),
                            ("'1'='1", SQL_HOSTILE[1]),
                            ("100% _done_", SQL_HOSTILE[2]),
                            ('"hi"', SQL_HOSTILE[3]),
                            ("O'Brien ''quoted''", SQL_HOSTILE[4]),
                            ('" OR 1=1 --', SQL_HOSTILE[5])):
            r = mia.tx(rx.TX_SEARCH, space="tank", query=query)
            assert r["t"] == rx.SEARCH_PAGE, (query, r)
            seqs = {h["seq"] for h in r.get("hits", [])}
            want_seq = [e["seq"] for e in entries
                        if e.get("text") == want][0]
            assert want_seq in seqs, (query, r)
        # nothing but punctuation: no word (bad-value) or no hit, never a
        # wildcard that matches everything
        for query in ("%_%", "'", "--", "\\", "%", "_"):
            r = mia.tx(rx.TX_SEARCH, space="tank", query=query)
            assert (r["t"] == w.ERROR and r["name"] == "bad-value") or \
                (r["t"] == rx.SEARCH_PAGE and not r.get("hits")), (query, r)
        by.check()
    assert rx.integrity(s) == [("ok",)]


# A terminal escape, a C1 control introducer and a bidi override: the
# ways a stored string could later steer someone's terminal or text.
ESCAPES = ["\x1b[2Jgone", "\u009b31mred", "abc\u202edlrow"]


def test_escapes_in_stored_text(tmp):
    """Terminal escapes in the texts kept for others to read (session
    titles, facilitator notes, posts, mentors' annotations, search
    queries, messages with requests to join) get bad-chars, and nothing
    of them is stored. (Every field of every request: unit
    test-proto-hostile-strings.)"""
    with rx.server(tmp).start() as s:
        by = s.bystander()
        adm = rx.admin(s)
        rx.space(s, adm, "tank", "open", members=["ada"], mentors=["mia"])
        ada, mia = rx.Person(s, "ada"), rx.Person(s, "mia")
        sid = rx.start(adm, [ada], "tank", "open")
        ada.post(sid, "plain words")

        def refused(who, msg):
            r = who.request(msg)
            assert r["t"] == w.ERROR and r["name"] == "bad-chars", (msg, r)
        for bad in ESCAPES:
            refused(adm, {"t": w.SESSION_CREATE, "space": "tank",
                          "template": "open", "title": bad})
            refused(adm, {"t": w.SESSION_CONTROL, "session": sid,
                          "action": "note", "text": bad})
            refused(ada, {"t": w.SESSION_POST, "session": sid,
                          "text": bad})
            refused(ada, {"t": w.SPACE_REQUEST, "space": "tank",
                          "message": bad})
        assert adm.control(sid, "end")["t"] == w.OK
        entries = mia.read_all(sid)
        for bad in ESCAPES:
            refused(mia, {"t": rx.TX_ANNOTATE, "session": sid,
                          "from": entries[0]["seq"], "text": bad})
            refused(mia, {"t": rx.TX_SEARCH, "space": "tank",
                          "query": bad})
        # nothing of them was kept
        page = adm.request({"t": w.SESSION_LIST, "space": "tank"})
        assert len(page["sessions"]) == 1, page
        assert [e["text"] for e in entries if e.get("text")] == \
            ["plain words"], entries
        r = mia.tx(rx.TX_ANNOTATIONS, session=sid)
        assert not r.get("notes"), r
        by.check()


if __name__ == "__main__":
    rtharness.main(globals())
