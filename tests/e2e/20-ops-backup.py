#!/usr/bin/env python3
"""20-ops-backup: `roundtabled backup FILE` against a running server with
a client logged in; restoring the copy into a fresh data directory and
logging in there; backing up while clients work, and while a live
session's posts keep being acknowledged, without stalling them; and the
refusals."""

import os
import shutil
import sqlite3
import stat
import subprocess
import threading

import rtharness
from rtharness import ADMIN_PASSWORD, SERVER, Server, wait_for
import rtsession
import rtwire as w


def integrity(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def test_backup_and_restore(tmp):
    s = Server(tmp)
    backup = os.path.join(tmp, "backups", "roundtable.db")
    os.mkdir(os.path.dirname(backup))
    with s.start():
        s.add_user("ada", "lovelace-1815")
        c = s.login()                   # stays logged in throughout
        r = s.admin("backup", backup)
        assert r.returncode == 0, r
        out = r.stdout.decode()
        assert "integrity ok" in out and "schema version" in out, out
        assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
        assert os.listdir(os.path.dirname(backup)) == ["roundtable.db"]
        assert integrity(backup) == "ok"
        # after the backup: not in it
        s.add_user("late", "too-late-for-it")
        assert c.ping()["t"] == w.PONG
        # a second backup replaces the first atomically
        r = s.admin("backup", backup)
        assert r.returncode == 0, r
        assert os.listdir(os.path.dirname(backup)) == ["roundtable.db"]
        c.close()

    # restore the second copy into a fresh data directory
    restored = os.path.join(tmp, "restored")
    os.mkdir(restored, 0o700)
    shutil.copy(backup, os.path.join(restored, "roundtable.db"))
    s2 = Server(tmp, datadir=restored)
    with s2.start():
        s2.login("ada", "lovelace-1815").close()
        s2.login("late", "too-late-for-it").close()
        s2.login("admin", ADMIN_PASSWORD).close()
        r = s2.admin("user", "list")
        assert b"ada " in r.stdout and b"late " in r.stdout, r.stdout


def test_restore_older_copy(tmp):
    """Restoring replaces the database: what came after the copy is gone,
    and the server starts on it (stale -wal and -shm removed first)."""
    s = Server(tmp)
    backup = os.path.join(tmp, "early.db")
    with s.start():
        s.add_user("ada", "lovelace-1815")
        assert s.admin("backup", backup).returncode == 0
        s.add_user("late", "too-late-for-it")
    db = os.path.join(s.datadir, "roundtable.db")
    shutil.copy(backup, db)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    with s.start():
        s.login("ada", "lovelace-1815").close()
        c = s.connect()
        c.hello()
        assert c.login("late", "too-late-for-it")["name"] == "auth-failed"


def pad_database(s):
    """Make the server's database a few megabytes, so that a backup takes
    many steps."""
    with s.start():
        pass
    db = sqlite3.connect(os.path.join(s.datadir, "roundtable.db"))
    pad = "x" * 2000
    with db:
        db.executemany(
            "INSERT INTO users (name, pwhash, created) VALUES (?, ?, 0)",
            (("pad%d" % i, pad) for i in range(3000)))
    db.close()


def test_backup_while_busy(tmp):
    """A backup of a database of a few megabytes, taken while one client
    pings and others log in (writing tokens), finishes, checks out, and
    the clients keep being answered meanwhile."""
    s = Server(tmp)
    pad_database(s)
    backup = os.path.join(tmp, "busy.db")
    with s.start():
        pinger = s.login()
        stop = threading.Event()
        pings = [0]
        logins = [0]
        errors = []

        def ping():
            try:
                while not stop.is_set():
                    pinger.ping(pings[0])
                    pings[0] += 1
            except Exception as e:      # reported below
                errors.append(e)

        def login():
            try:
                while not stop.is_set():
                    s.login().close()
                    logins[0] += 1
            except Exception as e:
                errors.append(e)
        threads = [threading.Thread(target=f, daemon=True)
                   for f in (ping, login)]
        for t in threads:
            t.start()
        wait_for(lambda: logins[0] >= 2, what="logins under way")
        before, pinged = logins[0], pings[0]
        r = s.admin("backup", backup)
        during = logins[0] - before
        stop.set()
        for t in threads:
            t.join(30)
        assert r.returncode == 0, r
        assert not errors, errors
        # Under valgrind a login takes longer than the whole backup (0.06
        # s), so none may finish inside it; the answers are still checked.
        if not rtharness.VALGRIND:
            assert during >= 1, "no login got through during the backup"
            assert pings[0] > pinged, \
                "no ping was answered during the backup"
        print("  %s; %d logins and %d pings meanwhile"
              % (r.stdout.decode().strip(), during, pings[0] - pinged))
    assert integrity(backup) == "ok"
    db = sqlite3.connect(backup)
    assert db.execute("SELECT count(*) FROM users WHERE name LIKE 'pad%'"
                      ).fetchone()[0] == 3000
    db.close()


def test_backup_during_session(tmp):
    """A live session's posts keep being acknowledged, and heard, while a
    backup runs; the copy holds a consistent prefix of the session."""
    s = rtsession.server(tmp)
    pad_database(s)
    backup = os.path.join(tmp, "session.db")
    with s.start():
        adm, sid, (ada, bob) = rtsession.started(s, "open", ["ada", "bob"])
        stop = threading.Event()
        acked = []
        errors = []

        def post():
            try:
                while not stop.is_set():
                    r = ada.post(sid, "during the backup %d" % len(acked))
                    if r["t"] != w.POSTED:
                        errors.append(r)
                        return
                    acked.append(r["seq"])
            except Exception as e:      # reported below
                errors.append(e)
        t = threading.Thread(target=post, daemon=True)
        t.start()
        wait_for(lambda: len(acked) >= 2 or errors, what="posts under way")
        before = len(acked)
        p = subprocess.Popen([SERVER, "-f", s.conf_path, "-d", s.datadir,
                              "backup", backup], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=s.env)
        out, err = p.communicate(timeout=300)
        during = len(acked) - before
        stop.set()
        t.join(30)
        assert p.returncode == 0, (out, err)
        assert not errors, errors
        assert during >= 1, "no post was acknowledged during the backup"
        assert acked == sorted(acked) and len(set(acked)) == len(acked)
        # everything acknowledged was heard
        bob.wait_kind("post", text="during the backup %d" % (len(acked) - 1),
                      timeout=60)
        print("  %s; %d posts acknowledged meanwhile"
              % (out.decode().strip(), during))
    assert integrity(backup) == "ok"
    db = sqlite3.connect(backup)
    seqs = [row[0] for row in db.execute(
        "SELECT seq FROM session_events WHERE session = ? ORDER BY seq",
        (sid,))]
    db.close()
    # a prefix: no gap, whatever moment the copy caught
    assert seqs == list(range(1, len(seqs) + 1)), seqs[:10]


def test_refusals(tmp):
    s = Server(tmp)
    with s.start():
        pass
    r = s.admin("backup")
    assert r.returncode == 64, r
    r = s.admin("backup", "a", "b")
    assert r.returncode == 64, r
    r = s.admin("backup", os.path.join(s.datadir, "roundtable.db"))
    assert r.returncode == 64 and b"live database" in r.stderr, r
    r = s.admin("backup", os.path.join(tmp, "no", "such", "dir", "x.db"))
    assert r.returncode == 73, r
    assert not os.path.exists(os.path.join(tmp, "no"))
    # nothing was left behind by the failures
    assert sorted(os.listdir(s.datadir)) == ["roundtable.db", "tls"], \
        os.listdir(s.datadir)


if __name__ == "__main__":
    rtharness.main(globals())
