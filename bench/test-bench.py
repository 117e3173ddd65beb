"""bench.smoke: roundtable-bench against a real roundtabled (started as
the e2e tests do: idle, token logins, a fan-out in one session, and
timers in sessions on 1-second turns) and against a minimal IRC relay
written here, each for a second or two. Checks only that it connects,
logs in, joins, posts, receives turn changes and writes a well-formed
JSON result. Nothing here asserts on timings."""

import asyncio
import json
import os
import sqlite3
import ssl
import subprocess
import threading

import rtharness

BENCH = os.environ.get("RT_BENCH", "roundtable-bench")
CLIENTS = 4


def bench(*args, timeout=60, status=0):
    """Run roundtable-bench with the JSON on stdout; return it parsed."""
    r = subprocess.run([BENCH, "-q", "-j", "-"] + list(args),
                       capture_output=True, text=True, timeout=timeout)
    assert r.returncode == status, (r.returncode, r.stderr)
    assert "roundtable-bench" in r.stderr, r.stderr   # the summary line
    data = json.loads(r.stdout)
    for key in ("tool", "proto", "workload", "clients", "summary"):
        assert key in data, key
    assert status != 0 or "setup" in data, data
    return data


def check_hist(h):
    for key in ("count", "p50", "p90", "p99", "p99_9", "max", "mean"):
        assert isinstance(h[key], (int, float)), (key, h)
    assert h["p50"] <= h["p90"] <= h["p99"] <= h["p99_9"] <= h["max"], h


TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "templates")
ROOM_CONF = {
    "sessions": {"templates": TEMPLATES},
    "spaces": {"user_create": "yes", "user_create_max": "0"},
    "limits": {"rate": "100000", "burst": "100000"},
}


def add_accounts(srv, n):
    for i in range(n):
        srv.add_user("b%d" % i, "bench-pw-%d" % i)


def test_roundtabled_idle_and_tokens(tmp):
    with rtharness.Server(tmp) as srv:
        srv.write_conf()
        add_accounts(srv, CLIENTS)
        srv.start()
        tokens = os.path.join(tmp, "tokens")
        d = bench("-P", "rt", "-p", str(srv.port), "-w", "idle", "-n",
                  str(CLIENTS), "--hold", "1", "--pid", str(srv.proc.pid),
                  "-T", tokens)
        st = d["setup"]
        assert st["ready"] == CLIENTS and st["failed"] == 0, st
        assert st["logins_password"] == CLIENTS, st
        check_hist(st["connect_ms"])
        check_hist(st["login_ms"])
        assert d["idle"]["connections"] == CLIENTS, d["idle"]
        assert d["idle"]["rss_kib"] > 0, d["idle"]
        # The second run resumes with the tokens the first was issued.
        d = bench("-P", "rt", "-p", str(srv.port), "-w", "connect", "-n",
                  str(CLIENTS), "-T", tokens)
        assert d["setup"]["logins_token"] == CLIENTS, d["setup"]


def stored_posts(srv):
    """The post events in the server's database, and its sessions'
    record modes (0 attributed, 1 chatham, 2 off the record)."""
    db = sqlite3.connect(os.path.join(srv.datadir, "roundtable.db"))
    try:
        posts = db.execute("SELECT count(*) FROM session_events "
                           "WHERE kind = 'post'").fetchone()[0]
        modes = {r[0] for r in db.execute("SELECT record FROM sessions")}
    finally:
        db.close()
    return posts, modes


def fanout(tmp, *extra):
    with rtharness.Server(tmp, conf=ROOM_CONF) as srv:
        srv.write_conf()
        add_accounts(srv, CLIENTS)
        srv.start()
        d = bench("-P", "rt", "-p", str(srv.port), "-w", "fanout", "-n",
                  str(CLIENTS), "-S", "2", "-r", "20,40", "--warmup", "0.2",
                  "-d", "1", "--drain", "1", "--stop-p99", "1e6",
                  "--stop-loss", "100", "--pid", str(srv.proc.pid), *extra)
        srv.stop()
        stored = stored_posts(srv)
    assert d["setup"]["joined"] == CLIENTS, d["setup"]
    assert len(d["steps"]) == 2, d["steps"]
    for s in d["steps"]:
        assert s["posts"] > 0 and s["delivered"] > 0, s
        assert s["delivered"] <= s["expected"], s
        assert s["post_errors"] == 0, s
        check_hist(s["latency_ms"])
    return d, stored


def test_roundtabled_fanout(tmp):
    d, (posts, modes) = fanout(tmp)
    assert d["record"] == "attributed", d
    assert modes == {0} and posts >= sum(s["posts"] for s in d["steps"]), \
        (posts, modes)


def test_roundtabled_fanout_off_record(tmp):
    # Persistence off: the same workload in a session off the record
    # delivers every post and stores none.
    d, (posts, modes) = fanout(tmp, "--record", "off-record")
    assert d["record"] == "off-record", d
    assert modes == {2} and posts == 0, (posts, modes)


def test_record_mode_refused(tmp):
    r = subprocess.run([BENCH, "--record", "secret"], capture_output=True,
                       text=True, timeout=10)
    assert r.returncode == 64 and "record mode" in r.stderr, r.stderr


# bench-goaround (bench/templates) on 1-second turns, so that a short run
# sees several turn changes.
FAST_GOAROUND = """[protocol]
title = Bench go-around, fast
facilitator = speaks
min_members = 1

[phase rounds]
title = Timed rounds
floor = talking-piece
turn = 1s
done = no
rounds = 100
summary = no
"""


def test_roundtabled_timers(tmp):
    templates = os.path.join(tmp, "templates")
    os.mkdir(templates)
    with open(os.path.join(templates, "bench-fast.conf"), "w") as f:
        f.write(FAST_GOAROUND)
    conf = dict(ROOM_CONF, sessions={"templates": templates})
    with rtharness.Server(tmp, conf=conf) as srv:
        srv.write_conf()
        add_accounts(srv, CLIENTS)
        srv.start()
        d = bench("-P", "rt", "-p", str(srv.port), "-w", "timers", "-n",
                  str(CLIENTS), "-R", "2", "--template", "bench-fast",
                  "--warmup", "0.2", "-d", "3", "--drain", "1", "--pid",
                  str(srv.proc.pid))
    assert d["workload"] == "timers" and d["template"] == "bench-fast", d
    assert d["setup"]["joined"] == CLIENTS, d["setup"]
    t = d["timers"]
    assert t["sessions"] == 2 and t["members"] == 2, t
    assert t["turn_starts"] > 0 and t["by_kind"]["turn-start"] > 0, t
    assert t["events"] == sum(t["by_kind"].values()), t
    assert t["lateness_ms"]["count"] == t["events"], t
    check_hist(t["lateness_ms"])


def test_irc_timers_refused(tmp):
    # IRC has no timers: status 3 before anything connects.
    d = bench("-P", "irc", "-p", "1", "-w", "timers", "-n", "2", status=3)
    assert d["workload"] == "timers" and "error" in d, d


class Relay:
    """Just enough of an IRC server over TLS: 001 on USER, 366 on JOIN,
    PRIVMSG relayed to the channel's other members."""

    def __init__(self, cert, key):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(cert, key)
        self.channels = {}
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.t = threading.Thread(target=self.run, daemon=True)
        self.t.start()
        self.ready.wait(10)

    def run(self):
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(
            self.client, "127.0.0.1", 0, ssl=self.ctx))
        self.port = self.server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()

    async def client(self, reader, writer):
        nick = "?"
        joined = []
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                words = line.decode().rstrip("\r\n").split(" ", 2)
                cmd = words[0]
                if cmd == "NICK":
                    nick = words[1]
                elif cmd == "USER":
                    writer.write(b":relay 001 %s :hi\r\n" % nick.encode())
                elif cmd == "JOIN":
                    self.channels.setdefault(words[1], []).append(writer)
                    joined.append(words[1])
                    writer.write(b":relay 366 %s %s :End\r\n" % (
                        nick.encode(), words[1].encode()))
                elif cmd == "PRIVMSG":
                    out = b":%s!u@h %s" % (nick.encode(), line)
                    for w in self.channels.get(words[1], []):
                        if w is not writer:
                            w.write(out)
                elif cmd == "QUIT":
                    break
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            for ch in joined:
                self.channels[ch].remove(writer)
            writer.close()

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)


def test_irc_fanout(tmp):
    cert, key = os.path.join(tmp, "c.pem"), os.path.join(tmp, "k.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "1", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    relay = Relay(cert, key)
    try:
        d = bench("-P", "irc", "-p", str(relay.port), "-w", "fanout", "-n",
                  str(CLIENTS), "-S", "2", "-r", "20,40", "--warmup",
                  "0.2", "-d", "1", "--drain", "1", "--stop-p99", "1e6",
                  "--stop-loss", "100")
    finally:
        relay.stop()
    assert d["setup"]["joined"] == CLIENTS, d["setup"]
    assert len(d["steps"]) == 2, d["steps"]
    for s in d["steps"]:
        assert s["posts"] > 0 and s["delivered"] > 0, s
        assert s["delivered"] <= s["expected"], s
        check_hist(s["latency_ms"])


if __name__ == "__main__":
    rtharness.main(globals())
