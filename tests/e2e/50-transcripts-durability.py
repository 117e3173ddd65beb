#!/usr/bin/env python3
"""50: the transcript is complete and in order. Clients post as fast as
they can into an open floor and the server is killed with SIGKILL in the
middle: after a restart every post whose `posted` came back is in the
transcript, with the seq it was acknowledged with, in the order
acknowledged, and PRAGMA integrity_check is ok (with database.sync normal
and full). A client that rejoins with `since` gets every event it missed
exactly once, with no gap, also across a server restart."""

import threading
import time

import rtharness
import rtwire as w
from rttranscript import (TX_ENTRIES, TX_READ, Person, admin, integrity,
                          server, space, start, wait_for)

POSTERS = 4
TARGET_ACKS = 400


def poster(p, sid, acks, stop):
    """Post back to back until the connection dies; keep every ack."""
    i = 0
    while not stop.is_set():
        text = "%s says %d" % (p.user, i)
        try:
            rid = p.conn.send({"t": w.SESSION_POST, "session": sid,
                               "text": text})
            while True:
                m = p.conn.recv(timeout=10)
                if m.get("id") == rid:
                    break
        except (w.WireError, OSError, TimeoutError):
            return
        if m["t"] != w.POSTED:
            return
        acks.append((m["seq"], text, time.monotonic()))
        i += 1


def read_all(p, sid):
    out, after = [], 0
    while True:
        r = p.request({"t": TX_READ, "session": sid, "after": after})
        assert r["t"] == TX_ENTRIES, r
        out.extend(r.get("entries", []))
        if not r.get("next"):
            return out
        after = r["next"]


def kill_under_load(tmp, sync):
    s = server(tmp, conf={"database": {"sync": sync}}).start()
    adm = admin(s)
    names = ["p%d" % i for i in range(POSTERS)]
    space(s, adm, "load", members=names)
    people = [Person(s, n) for n in names]
    sid = start(adm, people, "load", "open")
    acks = {p.user: [] for p in people}
    stop = threading.Event()
    threads = [threading.Thread(target=poster,
                                args=(p, sid, acks[p.user], stop),
                                daemon=True) for p in people]
    for t in threads:
        t.start()
    wait_for(lambda: sum(len(a) for a in acks.values()) >= TARGET_ACKS,
             60, "%d acknowledged posts" % TARGET_ACKS)
    s.kill9()                       # mid-stream: posts are in flight
    stop.set()
    for t in threads:
        t.join(15)
    for p in people + [adm]:
        p.close()
    assert integrity(s) == [("ok",)], integrity(s)

    s.start()
    adm = admin(s)
    adm.join(sid, facilitator=True)
    adm.control(sid, "end")
    entries = read_all(adm, sid)
    seqs = [e["seq"] for e in entries]
    assert seqs == list(range(1, len(seqs) + 1)), "gap or disorder"
    by_seq = {e["seq"]: e for e in entries}
    total = 0
    for user, a in acks.items():
        got = [seq for seq, _, _ in a]
        assert got == sorted(got) and len(set(got)) == len(got), \
            "%s: acknowledgements out of order" % user
        for seq, text, _ in a:
            e = by_seq.get(seq)
            assert e is not None, "acknowledged seq %d lost" % seq
            assert e["kind"] == "post" and e["text"] == text, (seq, e)
            assert e["user"] == user, (seq, e)
        total += len(a)
    # Each client's posts are in the transcript in the order their
    # acknowledgements came, at the seq each acknowledgement named.
    for user, a in acks.items():
        mine = [e["seq"] for e in entries
                if e["kind"] == "post" and e.get("user") == user]
        got = [seq for seq, _, _ in a]
        assert mine[:len(got)] == got, (user, mine[:5], got[:5])
    print("  sync=%s: %d acknowledged posts, all kept in order; %d "
          "entries" % (sync, total, len(entries)))
    adm.close()
    s.stop()
    assert integrity(s) == [("ok",)]


def test_kill9_under_load_normal(tmp):
    kill_under_load(tmp, "normal")


def test_kill9_under_load_full(tmp):
    kill_under_load(tmp, "full")


def rejoin(srv, user, sid, since):
    """Reconnect and rejoin with since; return (backfilled seqs, state)."""
    p = Person(srv, user)
    st = p.join(sid, since=since)
    seqs = [e["seq"] for e in p.events]
    return p, seqs, st


def test_backfill_no_gap_no_dup(tmp):
    s = server(tmp).start()
    adm = admin(s)
    space(s, adm, "tank", members=["ada", "bob", "cy"])
    ada, bob, cy = (Person(s, n) for n in ("ada", "bob", "cy"))
    sid = start(adm, [ada, bob, cy], "tank", "open")
    cy.post(sid, "before I go")
    last = cy.wait_event(lambda e: e.get("text") == "before I go")["seq"]
    cy.close()
    for i in range(60):
        (ada if i % 2 else bob).post(sid, "while cy is away %d" % i)
    cy, seqs, st = rejoin(s, "cy", sid, last)
    assert seqs == list(range(last + 1, st["seq"] + 1)), (last, seqs, st)
    assert not st.get("truncated"), st
    # Later events follow the state: the next one is state's seq + 1.
    r = ada.post(sid, "welcome back")
    e = cy.wait_event(lambda e: e.get("text") == "welcome back")
    assert e["seq"] == r["seq"], (e, r)
    got = [x["seq"] for x in cy.events]
    assert len(got) == len(set(got)), "duplicate events"
    assert got == list(range(last + 1, e["seq"] + 1)), got

    # Across a restart (SIGKILL): the rejoin still misses nothing.
    last = e["seq"]
    cy.close()
    for i in range(20):
        ada.post(sid, "before the crash %d" % i)
    s.kill9()
    for p in (ada, bob, adm):
        p.close()
    s.start()
    ada = Person(s, "ada")
    ada.join(sid)
    for i in range(20):
        ada.post(sid, "after the restart %d" % i)
    cy, seqs, st = rejoin(s, "cy", sid, last)
    assert seqs == list(range(last + 1, st["seq"] + 1)), (last, seqs, st)
    texts = [x.get("text") for x in cy.events]
    for i in range(20):
        assert "before the crash %d" % i in texts, i
        assert "after the restart %d" % i in texts, i
    assert any(x["kind"] == "resumed" for x in cy.events), \
        [x["kind"] for x in cy.events]
    for p in (ada, cy):
        p.close()
    s.stop()


if __name__ == "__main__":
    rtharness.main(globals())
