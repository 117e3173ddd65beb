#!/usr/bin/env python3
"""50: redaction. A member redacts their own words, a facilitator
anyone's, in a live session (members joined now are told, members who
rejoin get it in their backfill) or an ended one. The words are removed,
not hidden: gone from the transcript, from search, and from the bytes of
the database files once the index is merged and the WAL checkpointed; a
tombstone remains."""

import os
import sqlite3

import rtharness
import rtwire as w
from rttranscript import (SEARCH_PAGE, TX_ACCESS, TX_LIST, TX_READ,
                          TX_REDACT, TX_SEARCH, Person, admin, db_path,
                          server, space, start, wait_for)

SECRET = "xylophonequartz"
OTHER = "zanzibarite"
KEEP = "keepmeplease"


def file_bytes(srv):
    """The database file and its WAL, as they are on disk now."""
    out = b""
    for suffix in ("", "-wal"):
        try:
            with open(db_path(srv) + suffix, "rb") as f:
                out += f.read()
        except FileNotFoundError:
            pass
    return out


def setup(tmp):
    s = server(tmp).start()
    adm = admin(s)
    space(s, adm, "tank", members=["ada", "bob", "cy"], mentors=["mia"])
    return s, adm


def test_redaction_removes_words_everywhere(tmp):
    s, adm = setup(tmp)
    ada, bob, cy = (Person(s, n) for n in ("ada", "bob", "cy"))
    sid = start(adm, [ada, bob, cy], "tank", "open")
    with s:
        mine = ada.post(sid, "the password is %s, sorry" % SECRET)["seq"]
        bobs = bob.post(sid, "bob once said %s" % OTHER)["seq"]
        ada.post(sid, "this one stays: %s" % KEEP)
        cy.post(sid, "cy was here")
        last = cy.wait_event(lambda e: e.get("text") == "cy was here")
        cy.close()
        # Only one's own words, unless a steward; mentors never.
        r = ada.tx(TX_REDACT, session=sid, seq=bobs)
        assert r["t"] == w.ERROR and r["name"] == "denied", r
        r = Person(s, "mia").tx(TX_REDACT, session=sid, seq=mine)
        assert r["t"] == w.ERROR and r["name"] == "denied", r
        assert ada.tx(TX_REDACT, session=sid, seq=1)["name"] == "bad-value"
        assert ada.tx(TX_REDACT, session=sid, seq=9999)["name"] == \
            "not-found"
        assert ada.tx(TX_REDACT, session=sid, seq=mine)["t"] == w.OK
        ev = bob.wait_event(lambda e: e.get("kind") == "redacted")
        assert ev["value"] == mine and ev["user"] == "ada", ev
        assert ev["target"] == "ada" and ev["seq"] > mine, ev
        assert adm.tx(TX_REDACT, session=sid, seq=bobs)["t"] == w.OK
        assert ada.tx(TX_REDACT, session=sid, seq=mine)["t"] == w.OK
        # A member who rejoins hears of it in the backfill.
        cy = Person(s, "cy")
        cy.join(sid, since=last["seq"])
        red = [e for e in cy.events if e["kind"] == "redacted"]
        assert sorted(e["value"] for e in red) == sorted([mine, bobs]), red
        adm.control(sid, "end")
        mia = Person(s, "mia")
        entries = {e["seq"]: e for e in mia.read_all(sid)}
        for seq, who in ((mine, "ada"), (bobs, "admin")):
            e = entries[seq]
            assert e["kind"] == "post" and e["redacted"], e
            assert "text" not in e and e["redacted_by"] == who, e
            assert e["redacted_at"] > 0, e
            assert SECRET not in e["msg"] and OTHER not in e["msg"], e
        # (A facilitator searches: a mentor's query would be written in
        # the access log, and the word with it.)
        r = adm.tx(TX_SEARCH, space="tank", query=SECRET)
        assert r["t"] == SEARCH_PAGE and not r.get("hits"), r
        assert not adm.tx(TX_SEARCH, space="tank", query=OTHER).get("hits")
        assert len(adm.tx(TX_SEARCH, space="tank",
                          query=KEEP)["hits"]) == 1
        # The index is merged and the WAL checkpointed on a timer: then
        # the words are in no file at all.
        wait_for(lambda: SECRET.encode() not in file_bytes(s) and
                 OTHER.encode() not in file_bytes(s), 30,
                 "the redacted words to leave the database files")
        for p in (ada, bob, cy, mia, adm):
            p.close()
    # After a clean stop: still gone, the index agrees with the log.
    data = file_bytes(s)
    assert SECRET.encode() not in data and OTHER.encode() not in data
    assert KEEP.encode() in data
    db = sqlite3.connect(db_path(s))
    db.execute("INSERT INTO transcript_fts (transcript_fts, rank) "
               "VALUES ('integrity-check', 1)")
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db.close()


def test_redaction_of_an_ended_session_and_off_record(tmp):
    s, adm = setup(tmp)
    ada, bob = Person(s, "ada"), Person(s, "bob")
    with s:
        sid = start(adm, [ada, bob], "tank", "open")
        seq = ada.post(sid, "an old %s" % SECRET)["seq"]
        adm.control(sid, "end")
        n = ada.tx(TX_LIST, space="tank")["transcripts"][0]["events"]
        assert ada.tx(TX_REDACT, session=sid, seq=seq)["t"] == w.OK
        t = ada.tx(TX_LIST, space="tank")["transcripts"][0]
        assert t["events"] == n + 1, t      # the tombstone event
        entries = ada.read_all(sid)
        assert entries[-1]["kind"] == "redacted", entries[-1]
        assert entries[-1]["value"] == seq, entries[-1]
        assert not ada.tx(TX_SEARCH, space="tank", query=SECRET).get("hits")
        # Off the record nothing was kept, so nothing can be redacted:
        # the post has no seq, and the markers hold no words.
        off = start(adm, [ada, bob], "tank", "open", record="off-record")
        r = ada.post(off, "never kept %s" % OTHER)
        assert not r.get("seq"), r
        adm.control(off, "end")
        entries = adm.read_all(off)
        assert all(x["kind"] != "post" for x in entries), entries
        r = adm.tx(TX_REDACT, session=off, seq=entries[0]["seq"])
        assert r["t"] == w.ERROR and r["name"] == "bad-value", r
        # Who took part is not kept either: to the default policy ada
        # never joined it.
        r = ada.tx(TX_READ, session=off)
        assert r["t"] == w.ERROR and r["name"] == "denied", r
        for p in (ada, bob, adm):
            p.close()
    assert OTHER.encode() not in file_bytes(s)


def redaction_state(srv, sid, seq):
    """(text removed, tombstone kept) for an entry, as committed now."""
    db = sqlite3.connect("file:%s?mode=ro" % db_path(srv), uri=True)
    try:
        text = db.execute("SELECT text FROM session_events WHERE "
                          "session = ? AND seq = ?", (sid, seq)).fetchone()
        tomb = db.execute("SELECT count(*) FROM session_events WHERE "
                          "session = ? AND kind = 'redacted' AND "
                          "value = ?", (sid, seq)).fetchone()[0]
        return text[0] is None, tomb > 0
    finally:
        db.close()


def test_live_redaction_is_one_transaction(tmp):
    """A live redaction takes the words out and appends its tombstone in
    one commit: killed at any moment, the server keeps both or neither,
    and the redaction is acknowledged only once it is committed. (The
    long commit delay would leave a gap between two commits wide open.)"""
    s = server(tmp, conf={"database": {"commit_delay": "1s"}}).start()
    adm = admin(s)
    space(s, adm, "tank", members=["ada", "bob"])
    ada, bob = Person(s, "ada"), Person(s, "bob")
    sid = start(adm, [ada, bob], "tank", "open")
    seq = ada.post(sid, "soon struck %s" % SECRET)["seq"]
    ada.conn.send({"t": TX_REDACT, "session": sid, "seq": seq})
    # Kill it as soon as either half is committed (or after a while).
    try:
        wait_for(lambda: any(redaction_state(s, sid, seq)), 5,
                 "the redaction committed")
    except AssertionError:
        pass
    s.kill9()
    for p in (ada, bob, adm):
        p.close()
    removed, tomb = redaction_state(s, sid, seq)
    assert removed == tomb, "text removed %s, tombstone %s" % (removed,
                                                               tomb)
    # Acknowledged means committed, both halves.
    s.start()
    adm, ada = admin(s), Person(s, "ada")
    assert ada.tx(TX_REDACT, session=sid, seq=seq)["t"] == w.OK
    assert redaction_state(s, sid, seq) == (True, True)
    for p in (ada, adm):
        p.close()
    s.stop()


def test_checkpoint_waits_out_a_reader(tmp):
    """A reader in another process holds the WAL: the truncating
    checkpoint after a redaction cannot finish, and is tried again until
    it can; the words then leave the files."""
    s = server(tmp, conf={"server": {"log_level": "debug"}}).start()
    adm = admin(s)
    space(s, adm, "tank", members=["ada", "bob"])
    ada, bob = Person(s, "ada"), Person(s, "bob")
    with s:
        sid = start(adm, [ada, bob], "tank", "open")
        seq = ada.post(sid, "held back %s" % SECRET)["seq"]
        adm.control(sid, "end")
        wait_for(lambda: adm.tx(TX_SEARCH, space="tank",
                                query=SECRET).get("hits"), 30, "indexed")
        reader = sqlite3.connect(db_path(s), isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM session_events").fetchone()
        assert ada.tx(TX_REDACT, session=sid, seq=seq)["t"] == w.OK
        wait_for(lambda: "checkpoint postponed" in "\n".join(
            s.err.snapshot()), 30, "a checkpoint held back by the reader")
        assert SECRET.encode() in file_bytes(s)     # still in the WAL
        reader.execute("COMMIT")
        reader.close()
        wait_for(lambda: SECRET.encode() not in file_bytes(s), 60,
                 "the checkpoint once the reader is gone")
        for p in (ada, bob, adm):
            p.close()


def test_redaction_withholds_logged_queries(tmp):
    """A mentor's search is logged with its query, so a query for a word
    that is redacted later would keep the word: the redaction withholds
    every logged query of the space that shares a word with the entry
    (folded as the index folds it), and keeps the others."""
    s, adm = setup(tmp)
    ada, bob = Person(s, "ada"), Person(s, "bob")
    folded = "Zanzíbarité"                  # OTHER with diacritics
    with s:
        sid = start(adm, [ada, bob], "tank", "open")
        seq = ada.post(sid, "secret: %s and %s" % (SECRET, OTHER))["seq"]
        bob.post(sid, "this one stays: %s" % KEEP)
        adm.control(sid, "end")
        mia = Person(s, "mia")
        for q in (SECRET.upper(), folded, KEEP):
            wait_for(lambda: mia.tx(TX_SEARCH, space="tank",
                                    query=q).get("hits"), 30,
                     "a hit for %s" % q)
        assert ada.tx(TX_REDACT, session=sid, seq=seq)["t"] == w.OK
        log = adm.tx(TX_ACCESS, space="tank")["entries"]
        details = [e.get("detail", "") for e in log if e["what"] == "search"]
        assert KEEP in details, details
        assert not any(SECRET in d.lower() or "zanz" in d.lower()
                       for d in details), details
        assert sum("withheld" in d for d in details) >= 2, details
        wait_for(lambda: all(x not in file_bytes(s) for x in (
            SECRET.encode(), SECRET.upper().encode(), folded.encode())),
            30, "the words and the queries to leave the files")
        for p in (ada, bob, mia, adm):
            p.close()


def index_terms(srv):
    """Every term in the (stopped) server's full-text index, as the index
    itself holds them: fts5vocab over its segments, not its content."""
    db = sqlite3.connect(db_path(srv))
    try:
        out = set()
        for kind in ("row", "instance"):
            db.execute("CREATE VIRTUAL TABLE temp.v_%s USING fts5vocab("
                       "main, transcript_fts, %s)" % (kind, kind))
            out |= {r[0] for r in db.execute("SELECT term FROM v_%s" %
                                              kind)}
        return out
    finally:
        db.close()


def test_redaction_of_an_indexed_session(tmp):
    """A session is indexed when it ends: redacting one of its posts
    takes the term out of the index's segments (merged until the deleted
    entries are dropped), and out of the file bytes once the WAL is
    checkpointed and truncated. Other sessions' words stay indexed."""
    s, adm = setup(tmp)
    ada, bob = Person(s, "ada"), Person(s, "bob")
    with s:
        # Several sessions, so the index has several segments.
        for i in range(4):
            sid = start(adm, [ada, bob], "tank", "open")
            bob.post(sid, "session %d keeps %s%d" % (i, KEEP, i))
            if i == 2:
                seq = ada.post(sid, "an indexed %s here" % SECRET)["seq"]
                red = sid
            adm.control(sid, "end")
            wait_for(lambda: adm.tx(TX_SEARCH, space="tank",
                                    query="%s%d" % (KEEP, i)).get("hits"),
                     30, "session %d indexed" % i)
        hits = adm.tx(TX_SEARCH, space="tank", query=SECRET)["hits"]
        assert [h["seq"] for h in hits] == [seq], hits
        assert ada.tx(TX_REDACT, session=red, seq=seq)["t"] == w.OK
        assert not adm.tx(TX_SEARCH, space="tank", query=SECRET).get("hits")
        wait_for(lambda: SECRET.encode() not in file_bytes(s), 30,
                 "the redacted word to leave the database files")
        try:
            wal = os.path.getsize(db_path(s) + "-wal")
        except FileNotFoundError:
            wal = 0
        assert wal == 0, "the WAL was not truncated (%d bytes)" % wal
        for i in range(4):
            assert adm.tx(TX_SEARCH, space="tank",
                          query="%s%d" % (KEEP, i)).get("hits"), i
        for p in (ada, bob, adm):
            p.close()
    terms = index_terms(s)
    assert SECRET not in terms, "the term is still in the index"
    assert "%s2" % KEEP in terms and "indexed" not in terms, sorted(terms)
    assert SECRET.encode() not in file_bytes(s)


if __name__ == "__main__":
    rtharness.main(globals())
