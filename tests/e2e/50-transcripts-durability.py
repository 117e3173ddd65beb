#!/usr/bin/env python3
"""50: the transcript is complete and in order. Clients post as fast as
they can into an open floor and the server is killed with SIGKILL in the
middle: after a restart every post whose `posted` came back is in the
transcript, with the seq it was acknowledged with, in the order
acknowledged, and PRAGMA integrity_check is ok (with database.sync normal
and full). Each client keeps 32 posts in flight; across clients, a post
sent after another's acknowledgement came has the higher seq. A client
that rejoins with `since` gets every event it missed
exactly once, with no gap, also across a server restart."""

import bisect
import threading
import time

import opslib
import rtharness
import rtwire as w
from rttranscript import (PASSWORD, TX_ENTRIES, TX_READ, Person, admin,
                          integrity, server, space, start, wait_for)

POSTERS = 4
WINDOW = 32          # posts each client has in flight at once
TARGET_ACKS = 1200


def poster(p, sid, acks, stop):
    """Post as fast as the server takes it, WINDOW in flight, until the
    connection dies; keep every ack as (seq, text, sent, received)."""
    i = 0
    inflight = {}
    while not stop.is_set():
        try:
            while len(inflight) < WINDOW:
                text = "%s says %d" % (p.user, i)
                i += 1
                sent = time.monotonic()
                rid = p.conn.send({"t": w.SESSION_POST, "session": sid,
                                   "text": text})
                inflight[rid] = (text, sent)
            m = p.conn.recv(timeout=10)
        except (w.WireError, OSError, TimeoutError):
            return
        if m.get("id") not in inflight:
            continue
        text, sent = inflight.pop(m["id"])
        if m["t"] != w.POSTED:
            return
        acks.append((m["seq"], text, sent, time.monotonic()))


def check_real_time_order(all_acks):
    """An ack received before another post was sent (by any client) has
    the lower seq: the order of acknowledgements is the order of seqs."""
    by_recv = sorted(all_acks, key=lambda a: a[3])
    recv = [a[3] for a in by_recv]
    top, best = [], 0
    for a in by_recv:
        best = max(best, a[0])
        top.append(best)
    for seq, text, sent, _ in all_acks:
        n = bisect.bisect_left(recv, sent)     # acks in before it was sent
        if n:
            assert top[n - 1] < seq, (text, seq, top[n - 1])


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
        got = [x[0] for x in a]
        assert got == sorted(got) and len(set(got)) == len(got), \
            "%s: acknowledgements out of order" % user
        for seq, text, _, _ in a:
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
        got = [x[0] for x in a]
        assert mine[:len(got)] == got, (user, mine[:5], got[:5])
    # Across clients: the seq order is the order acknowledgements came in.
    check_real_time_order([x for a in acks.values() for x in a])
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


def test_group_commit(tmp):
    """Posts that arrive together are committed together: four clients
    with 32 posts in flight each get all their posts acknowledged in far
    fewer commits (journal flushes) than posts."""
    s = server(tmp, conf={"metrics": {"listen": "127.0.0.1:0"}}).start()
    port = opslib.metrics_port(s)
    adm = admin(s)
    names = ["g%d" % i for i in range(4)]
    space(s, adm, "batch", members=names)
    people = [Person(s, n) for n in names]
    sid = start(adm, people, "batch", "open")
    before = opslib.scrape(port)
    acks = {}
    threads = [threading.Thread(target=lambda p=p: acks.__setitem__(
        p.user, p.flood(sid, ["%s %d" % (p.user, i) for i in range(250)])))
        for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sum(len(a) for a in acks.values()) == 1000, \
        {k: len(v) for k, v in acks.items()}
    after = opslib.scrape(port)

    def delta(name):
        return opslib.value(after, name) - opslib.value(before, name)
    posts = delta("roundtable_posts_total")
    commits = delta("roundtable_journal_flush_seconds_count")
    print("  %d posts in %d commits" % (posts, commits))
    assert posts >= 1000, posts
    assert 0 < commits < posts / 2, (posts, commits)
    for p in people + [adm]:
        p.close()
    s.stop()


MISSED = 2300      # several parts of a backfill (500 at most each)


def test_backfill_in_parts_real_client(tmp):
    """A long absence comes in parts: the real client joins again from
    the last event of each part until the last, then hears live events;
    it sees every event once, with no gap."""
    s = server(tmp).start()
    adm = admin(s)
    space(s, adm, "long", members=["ada", "cy"])
    ada = Person(s, "ada")
    sid = start(adm, [ada], "long", "open")
    acks = ada.flood(sid, ["missed %d" % i for i in range(MISSED)])
    assert len(acks) == MISSED
    cy = rtharness.Client(s, user="cy", password=PASSWORD)
    try:
        cy.send("/session join %d -since 1" % sid)
        st = cy.wait_event(lambda e: e.get("type") == "session_state" and
                           not e.get("truncated"), timeout=60,
                           what="the last part's session_state")
        parts = [e for e in cy.events() if e.get("type") == "session_state"]
        assert len(parts) >= 2 and all(p.get("truncated")
                                       for p in parts[:-1]), parts
        joins = [e for e in cy.events() if e.get("type") == "sent" and
                 e.get("req") == "session_join"]
        assert len(joins) == len(parts), (len(joins), len(parts))
        r = ada.post(sid, "live after the catch-up")
        live = cy.wait_event(lambda e: e.get("type") == "session_event" and
                             e.get("text") == "live after the catch-up",
                             timeout=30, what="the live post")
        assert live["seq"] == r["seq"], (live, r)
        seqs = [e["seq"] for e in cy.events()
                if e.get("type") == "session_event" and e.get("seq")]
        assert seqs == list(range(2, live["seq"] + 1)), \
            "gap or duplicate: %d events, %r..%r" % (len(seqs), seqs[:3],
                                                     seqs[-3:])
        texts = {e.get("text") for e in cy.events()
                 if e.get("type") == "session_event"}
        for _, t in acks:
            assert t in texts, t
        assert st["seq"] >= acks[-1][0], (st, acks[-1])
    finally:
        cy.finish()
    for p in (ada, adm):
        p.close()
    s.stop()


def test_rejoin_while_connected_posts_in_flight(tmp):
    """A second connection of an account that is still joined rejoins
    while posts wait for their commit (a long commit delay keeps them
    waiting): the state's seq is the last committed event, so the posts
    still to commit reach the new connection after it; nothing is
    dropped as a repeat."""
    s = server(tmp, conf={"database": {"commit_delay": "1s"}}).start()
    adm = admin(s)
    space(s, adm, "race", members=["ada", "bob"])
    ada, bob = Person(s, "ada"), Person(s, "bob")
    sid = start(adm, [ada, bob], "race", "open")
    hit = 0
    for attempt in range(5):
        last = bob.post(sid, "settled %d" % attempt)["seq"]
        ids = [bob.conn.send({"t": w.SESSION_POST, "session": sid,
                              "text": "in flight %d.%d" % (attempt, i)})
               for i in range(32)]
        ada2 = Person(s, "ada")         # ada's first connection stays
        st = ada2.join(sid, since=last)
        nback = len(ada2.events)        # the backfill came before it
        acked = []
        while len(acked) < len(ids):
            m = bob._pump(30)
            if m.get("id") in ids and m["t"] == w.POSTED:
                acked.append(m["seq"])
        top = max(acked)
        ada2.wait_event(lambda e: e.get("seq") == top, 30,
                        "the last post in flight")
        # What a client keeps: the backfill, then what follows the state
        # above its seq (at or below it is taken for a repeat).
        seqs = [e["seq"] for e in ada2.events[:nback]]
        seqs += [e["seq"] for e in ada2.events[nback:]
                 if e.get("seq", 0) > st["seq"]]
        assert seqs == list(range(last + 1, top + 1)), \
            (attempt, last, st["seq"], seqs)
        ada2.close()
        if any(e.get("seq", 0) > last for e in ada2.events[nback:]):
            hit += 1                    # the join came before the commit
            if hit >= 2:
                break
    assert hit > 0, "no rejoin came while posts were in flight"
    for p in (ada, bob, adm):
        p.close()
    s.stop()


if __name__ == "__main__":
    rtharness.main(globals())
