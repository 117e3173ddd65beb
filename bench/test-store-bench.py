"""bench.store-smoke: store-bench for a second (write) and with a tiny
archive (fill) into a temporary directory; checks that each writes a
well-formed JSON result, that the archive is what a live server leaves
(ended sessions, fully indexed), and that roundtabled comes up on it and
finds its words. Nothing here asserts on timings."""

import json
import os
import sqlite3
import subprocess

import rtharness
import rttranscript as rt

STORE_BENCH = os.environ.get("RT_STORE_BENCH", "store-bench")


def store_bench(*args, timeout=60):
    """Run store-bench with the JSON on stdout; return it parsed."""
    r = subprocess.run([STORE_BENCH] + list(args) + ["-q", "-j", "-"],
                       capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, (r.returncode, r.stderr)
    assert r.stderr.startswith("store-bench %s" % args[0]), r.stderr
    data = json.loads(r.stdout)
    for key in ("tool", "mode", "sqlite", "schema", "config", "summary"):
        assert key in data, key
    assert data["tool"] == "store-bench" and data["mode"] == args[0], data
    return data


def check_hist(h):
    for key in ("count", "p50", "p90", "p99", "p99_9", "max", "mean"):
        assert isinstance(h[key], (int, float)), (key, h)
    assert h["p50"] <= h["p90"] <= h["p99"] <= h["p99_9"] <= h["max"], h


def test_write(tmp):
    d = store_bench("write", "-D", os.path.join(tmp, "w1"), "-d", "1",
                    "-S", "10")
    assert d["posts"] > 0 and d["transactions"] > 0, d
    assert d["posts"] <= d["transactions"] * d["config"]["batch"], d
    assert d["posts_per_s"] > 0 and d["db_bytes"] > 0, d
    for key in ("commit_us", "transaction_us"):
        check_hist(d[key])
        assert d[key]["count"] == d["transactions"], (key, d)
    # A number of posts instead of a time, small batches, sync full.
    d = store_bench("write", "-D", os.path.join(tmp, "w2"), "-d", "0",
                    "-n", "500", "-b", "64", "-y", "full", "-S", "3")
    assert d["posts"] == 500 and d["transactions"] == 8, d
    assert d["config"]["sync"] == "full", d
    db = sqlite3.connect(os.path.join(tmp, "w2", "roundtable.db"))
    try:
        n = db.execute("SELECT count(*) FROM session_events "
                       "WHERE kind = 'post'").fetchone()[0]
        seqs = db.execute("SELECT count(*) FROM sessions s WHERE last_seq "
                          "= (SELECT max(seq) FROM session_events e "
                          "WHERE e.session = s.id)").fetchone()[0]
    finally:
        db.close()
    assert n == 500 and seqs == 3, (n, seqs)
    # It will not write over a database.
    r = subprocess.run([STORE_BENCH, "write", "-q", "-d", "1", "-D",
                        os.path.join(tmp, "w2")], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode != 0 and "exists" in r.stderr, r.stderr


def test_fill_and_serve(tmp):
    data = os.path.join(tmp, "data")
    d = store_bench("fill", "-D", data, "-n", "2000", "-S", "4", "-p", "2")
    assert d["posts"] == 2000 and d["sessions"] == 4, d
    assert d["events"] == 2000 + 4 * (2 * 10 + 4), d
    db = sqlite3.connect(os.path.join(data, "roundtable.db"))
    try:
        rows = db.execute("SELECT status, fts_seq = last_seq, last_seq "
                          "FROM sessions").fetchall()
        hits = db.execute("SELECT count(*) FROM transcript_fts WHERE "
                          "transcript_fts MATCH 'welcome'").fetchone()[0]
    finally:
        db.close()
    assert rows == [(3, 1, 524)] * 4, rows
    assert hits == 4, hits
    assert not os.path.exists(os.path.join(data, "roundtable.db-wal")) or \
        os.path.getsize(os.path.join(data, "roundtable.db-wal")) == 0

    with rtharness.Server(tmp, datadir=data) as srv:
        srv.start()
        owner = rt.Person(srv, d["owner"], d["password"])
        r = owner.tx(rt.TX_SEARCH, space="archive-1", query="welcome")
        assert r["t"] == rt.SEARCH_PAGE, r
        assert sorted(h["session"] for h in r["hits"]) == [2, 4], r
        r = owner.tx(rt.TX_LIST, space="archive-0")
        assert [t["session"] for t in r["transcripts"]] == [3, 1], r
        owner.close()


if __name__ == "__main__":
    rtharness.main(globals())
