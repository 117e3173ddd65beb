#!/usr/bin/env python3
"""20-ops-drain: SIGTERM stops accepting, commits the session events
waiting for their group commit (their replies go out before the byes),
tells every client, lets them drain within server.shutdown_timeout,
checkpoints the WAL (the -wal file ends empty or gone) and exits 0, even
with a client that reads nothing; /healthz answers 503 meanwhile."""

import os
import signal
import sqlite3
import time

import rtharness
from rtharness import Server, wait_for
import rtwire as w
from opslib import http_get, metrics_port, scrape, value
import rtsession
from rttranscript import TX_ENTRIES, TX_READ


def wal_state(datadir):
    """The size of the -wal file, or None if there is none."""
    p = os.path.join(datadir, "roundtable.db-wal")
    return os.path.getsize(p) if os.path.exists(p) else None


def test_clean_stop_checkpoints(tmp):
    s = Server(tmp)
    s.start()
    clients = [s.login() for _ in range(3)]
    # writes that sit in the WAL until the checkpoint
    s.add_user("ada", "lovelace-1815")
    c = s.login("ada", "lovelace-1815")
    assert c.request({"t": w.PASSWD, "old_password": "lovelace-1815",
                      "new_password": "difference engine"})["t"] == w.OK
    assert wal_state(s.datadir)
    t0 = time.monotonic()
    s.proc.send_signal(signal.SIGTERM)
    for x in clients + [c]:
        bye = x.closed()
        assert bye is not None and bye["code"] == 502, bye
    wait_for(lambda: s.proc.poll() is not None, what="exit")
    elapsed = time.monotonic() - t0
    s.err.wait(r"database checkpointed \(\d+ frames\); the WAL is empty")
    assert s.stop() == 0
    assert elapsed < 5, elapsed
    assert wal_state(s.datadir) in (None, 0), wal_state(s.datadir)
    db = sqlite3.connect(os.path.join(s.datadir, "roundtable.db"))
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    # and the change made it
    with s.start():
        s.login("ada", "difference engine").close()


def test_refuses_while_draining(tmp):
    """Once SIGTERM arrives, new connections are refused."""
    conf = {"server": {"shutdown_timeout": "3s"},
            "limits": {"max_output": "512M", "max_output_age": "10m"}}
    s = rtsession.server(tmp, conf=conf)
    s.start()
    stuck = stuck_client(s)
    s.proc.send_signal(signal.SIGTERM)
    s.err.wait(r"shutting down")
    try:
        c = s.connect()
        c.hello()
        refused = False
    except (OSError, w.WireError):
        refused = True
    assert refused, "a connection was served while draining"
    wait_for(lambda: s.proc.poll() is not None, timeout=30, what="exit")
    assert s.stop() == 0
    stuck.close()


def stuck_client(s, posts=1000):
    """A session member's connection, with a small receive window, that
    reads nothing while another member posts: the server's output to it
    piles up past what the socket buffers hold (1000 posts of 8000 bytes
    against some 4 MiB of buffers). The stuck connection sends nothing
    meanwhile, so TCP on loopback never backs off on it (a client that
    floods while its own receive buffer is full can stall for many
    seconds). Return the stuck connection once every post was
    acknowledged, which is when its copy was queued; the others have
    read what they were sent."""
    adm, sid, (ada, bob) = rtsession.started(s, "open", ["ada", "bob"])
    stuck = s.login("bob", rtsession.PASSWORD, rcvbuf=65536)
    r = stuck.request({"t": w.SESSION_JOIN, "session": sid,
                       "since": bob.last_seq})
    assert r["t"] == w.SESSION_STATE, r
    text = "x" * 8000
    for i in range(posts):
        assert ada.post(sid, text)["t"] == w.POSTED
        if i % 20 == 19:
            adm.drain()
            bob.drain()
    for m in (adm, ada, bob):
        m.drain()
    return stuck


def test_drain_is_bounded(tmp):
    """A client that never reads cannot hold the shutdown past the
    timeout: the rest is closed, the WAL checkpointed, and the exit is 0.
    /healthz says 503 while it drains."""
    conf = {"server": {"shutdown_timeout": "2s"},
            "limits": {"max_output": "512M", "max_output_age": "10m"},
            "metrics": {"listen": "127.0.0.1:0"}}
    s = rtsession.server(tmp, conf=conf)
    s.start()
    port = metrics_port(s)
    good = s.login()
    stuck = stuck_client(s)
    assert http_get(port, "/healthz")[0] == 200
    t0 = time.monotonic()
    s.proc.send_signal(signal.SIGTERM)
    bye = good.closed()
    assert bye is not None and bye["code"] == 502, bye
    status, _, body = http_get(port, "/healthz")
    assert (status, body) == (503, "shutting down\n"), (status, body)
    wait_for(lambda: s.proc.poll() is not None, timeout=30, what="exit")
    elapsed = time.monotonic() - t0
    s.err.wait(r"closing 1 connections that did not drain in time")
    s.err.wait(r"database checkpointed")
    assert s.stop() == 0
    # it waited for the timeout, and not for the stuck client
    assert 1.5 < elapsed < 30, elapsed
    assert wal_state(s.datadir) in (None, 0), wal_state(s.datadir)
    stuck.close()


def test_second_signal(tmp):
    """A second SIGTERM during the drain exits at once, still cleanly."""
    conf = {"server": {"shutdown_timeout": "60s"},
            "limits": {"max_output": "512M", "max_output_age": "10m"}}
    s = rtsession.server(tmp, conf=conf)
    s.start()
    stuck = stuck_client(s)
    s.proc.send_signal(signal.SIGTERM)
    s.err.wait(r"shutting down")
    t0 = time.monotonic()
    s.proc.send_signal(signal.SIGTERM)
    wait_for(lambda: s.proc.poll() is not None, timeout=30, what="exit")
    assert time.monotonic() - t0 < 10
    s.err.wait(r"second signal: exiting now")
    assert s.stop() == 0
    stuck.close()


def test_commits_pending_at_sigterm(tmp):
    """With a long commit delay, a post waits for its commit when SIGTERM
    comes (the journal gauge shows it recorded and not yet committed): it
    is committed, acknowledged before the bye, heard, and there after a
    restart. A post sent after the bye is neither acknowledged nor kept."""
    s = rtsession.server(tmp, conf={"database": {"commit_delay": "1s"},
                                    "metrics": {"listen": "127.0.0.1:0"}})
    with s.start():
        port = metrics_port(s)
        adm, sid, (ada, bob) = rtsession.started(s, "open", ["ada", "bob"])
        sent, acked = {}, {}

        def post_caught_pending():
            """Post; True if the scrape saw it waiting for its commit,
            else (committed already: a slow scrape) take its reply."""
            text = "pending at the stop %d" % len(sent)
            rid = ada.conn.send({"t": w.SESSION_POST, "session": sid,
                                 "text": text})
            sent[rid] = text
            if value(scrape(port), "roundtable_journal_pending_events") >= 1:
                return True
            r = ada.conn.recv_until(lambda m: m.get("id") == rid, 30)
            assert r["t"] == w.POSTED, r
            acked[rid] = r["seq"]
            return False
        wait_for(post_caught_pending, 60, "a post waiting for its commit")
        s.proc.send_signal(signal.SIGTERM)
        bye = None
        while bye is None:
            m = ada.conn.recv(timeout=30)
            if m["t"] == w.POSTED:
                acked[m["id"]] = m["seq"]
            elif m["t"] == w.BYE:
                bye = m
        assert bye["code"] == 502, bye
        # every post was acknowledged, in order, before the bye
        assert sorted(acked) == sorted(sent), (acked, sent)
        seqs = [acked[i] for i in sorted(acked)]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(sent), acked
        # bob heard them before his bye too
        for text in sent.values():
            bob.wait_kind("post", text=text)
        # after the bye the server reads nothing more
        late = bob.conn.recv_until(lambda m: m["t"] == w.BYE, 30)
        assert late["code"] == 502, late
        try:
            bob.conn.send({"t": w.SESSION_POST, "session": sid,
                           "text": "after the bye"})
        except OSError:
            pass
        wait_for(lambda: s.proc.poll() is not None, 30, "the exit")
    assert s.proc is None or s.proc.returncode == 0

    with s.start():
        adm = rtsession.Member(s, "admin", rtharness.ADMIN_PASSWORD)
        adm.join(sid)
        assert adm.control(sid, "end")["t"] == w.OK
        r = adm.request({"t": TX_READ, "session": sid, "limit": 500})
        assert r["t"] == TX_ENTRIES, r
        kept = {e.get("seq"): e.get("text") for e in r["entries"]}
        for rid, seq in acked.items():
            assert kept.get(seq) == sent[rid], (seq, kept)
        assert "after the bye" not in kept.values(), kept


if __name__ == "__main__":
    rtharness.main(globals())
