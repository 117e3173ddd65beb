#!/usr/bin/env python3
"""50: exports stream. One transcript of 100,000 entries (made once, in
the database, with the server stopped: the wire would take minutes) is
exported in each of the four formats by a reader that stays slow from
the first chunk to the last: the server's peak memory (VmHWM, reset
before each format) stays within a bound far below the export's size,
and the connection is never cut off. Then the real client exports it
with `roundtable export`, and its own peak memory is bounded too."""

import hashlib
import importlib.util
import os
import resource
import subprocess
import time

import rtharness
import rtwire as w
from rttranscript import (EXPORT_DONE, PASSWORD, REPORT, TX_READ, TX_REPORT,
                          Person)

_spec = importlib.util.spec_from_file_location(
    "tx_export", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              "50-transcripts-export.py"))
tx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tx)

ENTRIES = 100000
SIZE = 150                  # bytes of words per post
FORMATS = ("markdown", "html", "jsonl", "text")
SLOW = 0.002                # the reader's pause after each chunk, seconds


def status_kib(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def reset_peak(pid):
    """Start VmHWM again from the current RSS (Linux: clear_refs 5);
    False where that is not allowed (then the peak is since the start)."""
    try:
        with open("/proc/%d/clear_refs" % pid, "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def slow_export(p, srv, sid, fmt):
    """Export as a slow reader; return (bytes, chunks, export_done)."""
    rid = p.conn.send({"t": 403, "session": sid, "format": fmt})
    sha = hashlib.sha256()
    nbytes = chunks = 0
    while True:
        m = p.conn.recv(timeout=60)
        if m["t"] == w.PING:
            p.conn.send({"t": w.PONG, "nonce": m.get("nonce", 0), "id": 0})
            continue
        if m["t"] == 453:
            data = m["data"].encode()
            sha.update(data)
            nbytes += len(data)
            chunks += 1
            time.sleep(SLOW)        # slow from the first chunk to the last
            continue
        assert m.get("id") == rid, m
        assert m["t"] == EXPORT_DONE, m
        assert m["bytes"] == nbytes and m["sha256"] == sha.hexdigest(), m
        return nbytes, chunks, m


def client_export(srv, tmp, sid, fmt, path):
    """Run `roundtable export`; return (exit status, its peak RSS KiB)."""
    env = dict(os.environ)
    env.update({"ROUNDTABLE_PASSWORD": PASSWORD,
                "XDG_CONFIG_HOME": os.path.join(tmp, "cfg-mia"),
                "HOME": tmp})
    proc = subprocess.Popen(
        [rtharness.CLIENT, "--host", "127.0.0.1", "--port", str(srv.port),
         "--user", "mia", "--fingerprint", srv.fingerprint, "export",
         str(sid), fmt, path], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, preexec_fn=rtharness.child_setup())
    err = proc.stderr.read()
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, (proc.returncode, err)
    return ru.ru_maxrss         # KiB on Linux


def test_large_exports_stream_with_flat_memory(tmp):
    rtharness.not_under_valgrind("a large export's memory")
    s, adm = tx.setup(tmp)
    sid = tx.hostile_session(s, adm)
    small = tx.hostile_session(s, adm)
    adm.close()
    s.stop()
    total = tx.big_transcript(s, sid, ENTRIES, SIZE)
    s.start()
    mia = Person(s, "mia")
    pid = s.proc.pid
    bound = 8 * 1024                # KiB: half the smallest export
    limit = rtharness.mem_bound(bound)
    sizes = {}
    for fmt in FORMATS:
        base = status_kib(pid, "VmRSS")
        resettable = reset_peak(pid)
        t0 = time.monotonic()
        nbytes, chunks, done = slow_export(mia, s, sid, fmt)
        peak = status_kib(pid, "VmHWM")
        grew = peak - base
        print("  %s: %d entries, %.1f MB in %d chunks, %.1f s; server RSS "
              "%d KiB, peak %d KiB%s" % (
                  fmt, done["events"], nbytes / 1e6, chunks,
                  time.monotonic() - t0, base, peak,
                  "" if resettable else " (peak since the start)"))
        assert done["events"] == total, (done, total)
        assert nbytes > 2 * bound * 1024, (fmt, nbytes, bound)
        assert grew < limit, (fmt, base, peak, limit)
        sizes[fmt] = nbytes
        # Never cut off: the connection still answers.
        assert mia.tx(TX_READ, session=sid, after=total - 2)["t"] == 451

    # The client streams it to the file too: its own peak stays small.
    # (Its peak for a small session is the baseline to compare with.)
    kib0 = client_export(s, tmp, small, "markdown",
                         os.path.join(tmp, "small.md"))
    path = os.path.join(tmp, "big.md")
    kib = client_export(s, tmp, sid, "markdown", path)
    got = os.path.getsize(path)
    print("  roundtable export: %.1f MB written, client peak RSS %d KiB "
          "(%d KiB for a small one)" % (got / 1e6, kib, kib0))
    assert abs(got - sizes["markdown"]) < 4096, (got, sizes["markdown"])
    assert kib - kib0 < limit, (kib0, kib, limit)
    # Long reports do not hold up logins: transcript jobs have their own
    # threads. With one reader and one worker thread, five 100,000-entry
    # reports run one after another; a login sent after them is answered
    # before the last (on a shared pool it waited behind all five).
    mia.close()
    s.stop()
    s.conf.setdefault("transcripts", {})["readers"] = "1"
    s.conf.setdefault("server", {})["workers"] = "1"
    s.start()
    readers = [Person(s, "mia") for _ in range(5)]
    t0 = time.monotonic()
    rids = [p.conn.send({"t": TX_REPORT, "session": sid}) for p in readers]
    ada = s.login("ada", PASSWORD)
    t_login = time.monotonic() - t0
    try:
        early = readers[-1].conn.recv(timeout=0.01)
    except TimeoutError:
        early = None
    assert early is None, ("the last report came before the login", early)
    for p, rid in zip(readers, rids):
        r = p.conn.reply(rid, timeout=120)
        assert r["t"] == REPORT, r
    print("  login answered after %.2f s, the reports after %.2f s" %
          (t_login, time.monotonic() - t0))
    ada.close()
    for p in readers:
        p.close()
    s.stop()


if __name__ == "__main__":
    rtharness.main(globals())
