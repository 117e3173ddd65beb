#!/usr/bin/env python3
"""08: faults: the database's disk fills up or turns read-only under a
running session. Posting fails with a clear error while the server keeps
running; it recovers when space returns; nothing acknowledged is lost.

A full disk is a small tmpfs under the data directory, which needs root
(mount); without it that test is skipped. Both a full and a read-only
disk are also simulated, without privileges, by a fault injector loaded
with LD_PRELOAD (tests/faults/fault-io.c): while its control file exists,
writes under the data directory fail with the errno it names."""

import os
import sqlite3
import subprocess

import rtharness
from rtharness import Skip, wait_for
from rtsession import Member, create, server, space_with
import rtwire as w


class Tmpfs:
    """A tmpfs of a given size at a path, unmounted at the end."""

    def __init__(self, path, size):
        self.path = path
        os.makedirs(path, exist_ok=True)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o",
                            "size=%s,mode=0700" % size, "tmpfs", path],
                           capture_output=True)
        if r.returncode != 0:
            raise Skip("cannot mount a tmpfs here: %s" %
                       r.stderr.decode().strip())

    def remount(self, opts):
        subprocess.run(["mount", "-o", "remount," + opts, self.path],
                       check=True, capture_output=True)

    def umount(self):
        subprocess.run(["umount", "-l", self.path], capture_output=True)


def session(s):
    adm = space_with(s, "tank", "open", ["ada", "bob"])
    sid = create(adm, "tank", "long")
    adm.join(sid)
    ada, bob = Member(s, "ada"), Member(s, "bob")
    for m in (ada, bob):
        m.join(sid)
        m.act(sid, "ack")
    adm.control(sid, "start")
    return adm, ada, bob, sid


def transcript_texts(s, sid):
    """The posts in the log, in order, read back through rejoins (a long
    log comes in parts)."""
    m = Member(s, "bob")
    since = 1
    while True:
        st = m.join(sid, since=since)
        if not st.get("truncated"):
            break
        assert st["seq"] == m.events[-1]["seq"], (st["seq"], m.events[-1])
        since = st["seq"]
    seqs = [e["seq"] for e in m.events if e.get("seq")]
    assert seqs == sorted(set(seqs)), "gaps or repeats in the backfill"
    return [e["text"] for e in m.events if e.get("kind") == "post"]


def test_disk_full(tmp):
    fs = Tmpfs(os.path.join(tmp, "fs"), "3M")
    try:
        s = server(tmp, conf={"limits": {"rate": "5000",
                                         "burst": "5000"}},
                   datadir=os.path.join(fs.path, "data"))
        s.start()
        adm, ada, bob, sid = session(s)
        by = s.bystander()
        acked = []
        big = "x" * 7000
        failure = None
        for i in range(2000):
            r = ada.post(sid, "%05d %s" % (i, big))
            if r["t"] == w.POSTED:
                acked.append("%05d" % i)
                continue
            failure = r
            break
        assert failure is not None, "the disk never filled"
        assert failure["name"] == "storage", failure
        assert "nothing of it was kept" in failure["message"], failure
        # the server keeps serving
        assert ada.conn.ping()["t"] == w.PONG
        # (as large as the post that did not fit: a smaller one might)
        r = ada.post(sid, "still full " + big)
        assert r["t"] == w.ERROR and r["name"] == "storage", r
        # space returns: posting works again
        fs.remount("size=64M")
        wait_for(lambda: ada.post(sid, "recovered")["t"] == w.POSTED,
                 what="posting after space returned")
        by.check()
        s.stop()
        s.start()
        texts = transcript_texts(s, sid)
        got = [t[:5] for t in texts if t[:5].isdigit()]
        assert got == acked, (len(got), len(acked))
        assert "recovered" in texts
        s.stop()
    finally:
        fs.umount()


def injected(tmp):
    """A server with the fault injector loaded, and its control file."""
    lib = os.environ.get("RT_FAULTIO")
    if not lib or not os.path.exists(lib):
        raise Skip("the fault injector was not built")
    ctl = os.path.join(tmp, "fault")
    datadir = os.path.join(tmp, "data")
    env = {"LD_PRELOAD": lib, "RT_FAULT_FILE": ctl,
           "RT_FAULT_DIR": datadir}
    return server(tmp, env=env), ctl


def integrity_ok(s):
    """PRAGMA integrity_check of the (stopped or live) database."""
    db = sqlite3.connect(os.path.join(s.datadir, "roundtable.db"),
                         timeout=30)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def test_disk_full_injected(tmp):
    """The disk fills up (writes fail with ENOSPC, injected; no
    privileges needed) under a live session, then space returns. Posts
    fail with storage and a clear message while the server serves on;
    posting works again; every acknowledged post is kept, in order, and
    none of the refused ones."""
    s, ctl = injected(tmp)
    s.start()
    adm, ada, bob, sid = session(s)
    by = s.bystander()
    acked = []
    for i in range(20):
        assert ada.post(sid, "before %02d" % i)["t"] == w.POSTED
        acked.append("before %02d" % i)
    with open(ctl, "w") as f:
        f.write("ENOSPC\n")
    for who in (ada, bob, ada):
        r = who.post(sid, "while full")
        assert r["t"] == w.ERROR and r["name"] == "storage", r
        assert "nothing of it was kept" in r["message"], r
    s.err.wait(r"commit failed \(database or disk is full\)")
    # the server serves on (a password login needs to store its token:
    # it gets storage too, checked after the recovery)
    assert bob.conn.ping()["t"] == w.PONG
    by.check(login=False)
    assert s.alive()
    # space returns
    os.unlink(ctl)
    wait_for(lambda: ada.post(sid, "after")["t"] == w.POSTED,
             what="posting after space returned")
    acked.append("after")
    assert bob.post(sid, "bob after")["t"] == w.POSTED
    acked.append("bob after")
    by.check()
    s.stop()
    s.env.pop("LD_PRELOAD")
    assert integrity_ok(s)
    s.start()
    assert transcript_texts(s, sid) == acked
    s.stop()


def test_read_only(tmp):
    """The disk turns read-only (writes fail with EROFS, injected by
    tests/faults/fault-io.c), then writable again."""
    s, ctl = injected(tmp)
    s.start()
    adm, ada, bob, sid = session(s)
    by = s.bystander()
    assert ada.post(sid, "before")["t"] == w.POSTED
    with open(ctl, "w") as f:
        f.write("EROFS\n")
    r = ada.post(sid, "while read-only")
    assert r["t"] == w.ERROR and r["name"] == "storage", r
    r = bob.post(sid, "also refused")
    assert r["t"] == w.ERROR and r["name"] == "storage", r
    assert bob.conn.ping()["t"] == w.PONG
    s.err.wait(r"commit failed")
    by.check(login=False)
    os.unlink(ctl)
    wait_for(lambda: ada.post(sid, "after")["t"] == w.POSTED,
             what="posting after the disk is writable again")
    by.check()
    s.stop()
    s.env.pop("LD_PRELOAD")
    s.start()
    texts = transcript_texts(s, sid)
    assert texts == ["before", "after"], texts
    s.stop()


if __name__ == "__main__":
    rtharness.main(globals())
