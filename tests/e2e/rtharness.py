"""rtharness: start a real roundtabled on an ephemeral loopback port with
a temporary data directory, drive it with rtwire connections and with the
real client in batch mode, and stop it checking that it exited cleanly.

Tests poll for conditions with deadlines; nothing sleeps and hopes.
"""

import json
import os
import queue
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import rtwire

ADMIN_PASSWORD = "correct horse battery"
# `make valgrind` runs the servers and the clients under valgrind and gives
# every wait more time; see docs/SECURITY.md. A memory error or a definite
# leak makes the process exit 99, which fails the test.
VALGRIND = ["valgrind", "--quiet", "--error-exitcode=99",
            "--leak-check=full", "--errors-for-leak-kinds=definite",
            "--show-leak-kinds=definite"] \
    if os.environ.get("RT_VALGRIND") else []
SCALE = float(os.environ.get("RT_TIMEOUT_SCALE", "1"))
_started = []           # servers of the running test, for failure logs
SERVER = os.environ.get("RT_SERVER", "roundtabled")
CLIENT = os.environ.get("RT_CLIENT", "roundtable")


def _valgrind_client():
    """Under valgrind, CLIENT is a script that runs the real client under
    valgrind, so every test that starts one (batch, line or full-screen
    mode) is covered without knowing it."""
    import atexit
    d = tempfile.mkdtemp(prefix="rt-vg-")
    atexit.register(shutil.rmtree, d, True)
    path = os.path.join(d, "roundtable")
    real = shutil.which(CLIENT) or CLIENT
    with open(path, "w") as f:
        f.write("#!/bin/sh\nexec %s %s \"$@\"\n" % (
            " ".join(VALGRIND), real))
    os.chmod(path, 0o755)
    return path


if VALGRIND:
    CLIENT = _valgrind_client()


def _pdeathsig():
    """Ask the kernel to kill this child when the test process dies, so a
    test killed by its ctest timeout leaves no server behind."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)      # PR_SET_PDEATHSIG


def child_setup(then=None):
    """A preexec_fn for test children: die with the test, then run `then`.
    PR_SET_PDEATHSIG fires when the spawning thread ends, so only children
    spawned from the main thread get it."""
    main = threading.current_thread() is threading.main_thread()

    def setup():
        if main:
            _pdeathsig()
        if then is not None:
            then()
    return setup


def mem_bound(kib):
    """A memory bound in KiB for an RSS growth check; sanitizers keep
    freed memory in quarantine and add shadow memory, so allow more."""
    if VALGRIND:
        return kib * 10
    return kib * (4 if os.environ.get("RT_SANITIZED") else 1)


def not_under_valgrind(what):
    """Skip a test that measures time or memory, which valgrind changes."""
    if VALGRIND:
        raise Skip("%s is not meaningful under valgrind" % what)


class Skip(Exception):
    """Raised by a test that cannot run here (it says why)."""


def wait_for(pred, timeout=10.0, what="condition"):
    """Poll pred() until it returns a true value; fail at the deadline."""
    deadline = time.monotonic() + timeout * SCALE
    delay = 0.005
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for %s" % what)
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


class Lines:
    """Collects a pipe's lines on a thread, for polling."""

    def __init__(self, pipe, echo=None):
        self.lines = []
        self.lock = threading.Lock()
        self.closed = False
        self.echo = echo
        self.t = threading.Thread(target=self._run, args=(pipe,),
                                  daemon=True)
        self.t.start()

    def _run(self, pipe):
        for raw in iter(pipe.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if self.echo:
                self.echo.write(line + "\n")
            with self.lock:
                self.lines.append(line)
        with self.lock:
            self.closed = True

    def snapshot(self):
        with self.lock:
            return list(self.lines)

    def wait(self, pattern, timeout=10.0, start=0):
        """Wait for a line matching a regex; return the match."""
        rx = re.compile(pattern)

        def find():
            for line in self.snapshot()[start:]:
                m = rx.search(line)
                if m:
                    return m
            return None
        return wait_for(find, timeout, "a line matching %r" % pattern)


class Server:
    """One roundtabled process."""

    def __init__(self, tmp, conf=None, env=None, admin_password=True,
                 datadir=None, preexec=None):
        self.tmp = tmp
        self.preexec = preexec      # run in the child before exec
        self.datadir = datadir or os.path.join(tmp, "data")
        self.conf_path = os.path.join(tmp, "roundtabled.conf")
        # Cheap hashes, and limits out of the way of tests that do not
        # test them (07-limits does).
        self.conf = {
            "server": {"listen": "127.0.0.1:0"},
            "auth": {"hash_ops": "1", "hash_mem": "8M",
                     "throttle_after": "1000"},
            "limits": {"rate": "1000000", "burst": "1000000",
                       "post_rate": "1000000", "post_burst": "1000000",
                       "max_per_address": "0"},
        }
        for section, keys in (conf or {}).items():
            self.conf.setdefault(section, {}).update(keys)
        self.env = dict(os.environ)
        self.env.update(env or {})
        if admin_password is True:
            self.env["ROUNDTABLE_ADMIN_PASSWORD"] = ADMIN_PASSWORD
        elif admin_password is None:
            self.env.pop("ROUNDTABLE_ADMIN_PASSWORD", None)
        self.proc = None
        self.port = None

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is not None:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            return False
        self.stop()
        return False

    def write_conf(self):
        with open(self.conf_path, "w") as f:
            for section, keys in self.conf.items():
                f.write("[%s]\n" % section)
                for k, v in keys.items():
                    f.write("%s = %s\n" % (k, v))

    def start(self, extra_args=()):
        self.write_conf()
        self.proc = subprocess.Popen(
            VALGRIND + [SERVER, "-f", self.conf_path, "-d", self.datadir] +
            list(extra_args),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env,
            preexec_fn=child_setup(self.preexec))
        self.out = Lines(self.proc.stdout)
        self.err = Lines(self.proc.stderr)
        _started.append(self)
        m = self.err.wait(r"listening on 127\.0\.0\.1:(\d+)")
        self.port = int(m.group(1))
        self.err.wait(r" ready$")
        self.fingerprint = self.err.wait(
            r"fingerprint (SHA256:[0-9A-F:]+)").group(1)
        return self

    @property
    def cert(self):
        return os.path.join(self.datadir, "tls", "cert.pem")

    def connect(self, **kw):
        return rtwire.Conn("127.0.0.1", self.port, pin=self.fingerprint,
                           **kw)

    def login(self, user="admin", password=ADMIN_PASSWORD, **kw):
        """A connection that has said hello and logged in (kw go to
        rtwire.Conn: source, rcvbuf)."""
        c = self.connect(**kw)
        w = c.hello()
        assert w["t"] == rtwire.WELCOME, w
        r = c.login(user, password)
        assert r["t"] == rtwire.LOGIN_OK, r
        return c

    def admin(self, *args, stdin=None):
        """Run an administration subcommand against the data dir."""
        return subprocess.run(
            [SERVER, "-f", self.conf_path, "-d", self.datadir] + list(args),
            input=stdin.encode() if stdin is not None else None,
            capture_output=True, env=self.env, timeout=60)

    def add_user(self, name, password, admin=False):
        args = ["user", "add", name] + (["--admin"] if admin else [])
        r = self.admin(*args, stdin=password + "\n")
        assert r.returncode == 0, r.stderr
        return r

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=20.0):
        """SIGTERM, and require a clean exit (code 0: under ASan this also
        means no leak was found)."""
        if self.proc is None:
            return 0
        # A test may have sent the signal itself: a second one would cut
        # the exit short (under valgrind, its leak check at exit).
        if self.proc.poll() is None and not any(
                re.search(r"received \w+: shutting down", line)
                for line in self.err.snapshot()):
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout * SCALE)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("server did not stop within %ss" % timeout)
        self.out.t.join(5)
        self.err.t.join(5)
        self.proc = None
        assert rc == 0, "server exited with %d" % rc
        return rc

    def kill9(self):
        self.proc.kill()
        self.proc.wait()
        self.proc = None

    def rss_kib(self):
        return self.status_field("VmRSS", 0)

    def status_field(self, name, default=None):
        """The first value of a /proc/PID/status line (kB for sizes)."""
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith(name + ":"):
                    return int(line.split()[1], 16 if name.startswith(
                        "Sig") else 10)
        return default

    def cpu_ms(self):
        """The user and system CPU time the server used, in ms."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        tick = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) * 1000 // tick

    def fd_count(self):
        """The descriptors the server has open."""
        return len(os.listdir("/proc/%d/fd" % self.proc.pid))

    def set_fd_limit(self, soft, hard=None):
        """Change the running server's descriptor limit (prlimit)."""
        resource.prlimit(self.proc.pid, resource.RLIMIT_NOFILE,
                         (soft, soft if hard is None else hard))

    def bystander(self, bound_kib=32 * 1024, source=None):
        """A client logged in now that stays connected through a test;
        its check() asserts it is still served and that the server's
        memory grew less than bound_kib meanwhile. source is the local
        address it connects from (for tests that get theirs throttled)."""
        return Bystander(self, bound_kib, source)


class Bystander:
    """Someone else on the server, logged in before the hostile input
    and expected to be served throughout and after it (the bad-input
    catalogue's "the server still serves the other clients" and "memory
    grows no further than a bound")."""

    def __init__(self, server, bound_kib, source=None):
        self.server = server
        self.bound_kib = bound_kib
        self.source = source
        self.conn = server.login(source=source)
        self.nonce = 0
        self.rss0 = server.rss_kib()

    def check(self, login=True):
        """Still served (a ping is answered, and unless login is false a
        fresh password login works: it stores a token) and the server's
        resident memory within the bound; return the growth."""
        self.nonce += 1
        r = self.conn.ping(self.nonce)
        assert r["t"] == rtwire.PONG and r["nonce"] == self.nonce, r
        if login:
            c = self.server.login(source=self.source)
            assert c.ping(7)["t"] == rtwire.PONG
            c.close()
        grown = self.server.rss_kib() - self.rss0
        assert grown < mem_bound(self.bound_kib), \
            "server memory grew %d KiB (bound %d)" % (
                grown, mem_bound(self.bound_kib))
        return grown


class Client:
    """The real client, roundtable --batch, driven over pipes."""

    def __init__(self, server, user="admin", password=ADMIN_PASSWORD,
                 args=(), env=None, home=None):
        self.home = home or tempfile.mkdtemp(prefix="rt-client-",
                                             dir=server.tmp)
        e = dict(os.environ)
        e["XDG_CONFIG_HOME"] = os.path.join(self.home, "config")
        e["XDG_STATE_HOME"] = os.path.join(self.home, "state")
        e["HOME"] = self.home
        if password is not None:
            e["ROUNDTABLE_PASSWORD"] = password
        e.update(env or {})
        self.proc = subprocess.Popen(
            [CLIENT, "--batch", "--host", "127.0.0.1",
             "--port", str(server.port), "--user", user] + list(args),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=e, preexec_fn=child_setup())
        self.out = Lines(self.proc.stdout)
        self.err = Lines(self.proc.stderr)

    def events(self):
        if self.proc.poll() is not None:
            self.out.t.join(5)      # an exited client: read all it wrote
        out = []
        for line in self.out.snapshot():
            try:
                out.append(json.loads(line))
            except ValueError:
                raise AssertionError("batch output is not JSON: %r" % line)
        return out

    def send(self, line):
        """Write a line to the client; a client that already exited (say,
        on a host key mismatch) is not an error here: its exit code is."""
        try:
            self.proc.stdin.write((line + "\n").encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass

    def wait_event(self, pred, timeout=10.0, what="event"):
        def find():
            for e in self.events():
                if pred(e):
                    return e
            return None
        return wait_for(find, timeout, what)

    def wait_type(self, t, timeout=10.0):
        return self.wait_event(lambda e: e.get("type") == t, timeout,
                               "a %s event" % t)

    def finish(self, timeout=20.0):
        """Close stdin and wait for the exit status."""
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        rc = self.proc.wait(timeout)
        self.out.t.join(5)
        self.err.t.join(5)
        return rc

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def main(namespace):
    """Run every test_* function of a test file, each with a fresh
    temporary directory; print a summary; exit non-zero on failure."""
    tests = sorted((k, v) for k, v in namespace.items()
                   if k.startswith("test_") and callable(v))
    only = sys.argv[1:]
    failed = 0
    ran = 0
    skipped = 0
    for name, fn in tests:
        if only and name not in only:
            continue
        tmp = tempfile.mkdtemp(prefix="rt-e2e-")
        del _started[:]
        ran += 1
        t0 = time.monotonic()
        try:
            fn(tmp)
        except Skip as e:
            print("SKIP %s: %s" % (name, e))
            shutil.rmtree(tmp, ignore_errors=True)
            sys.stdout.flush()
            ran -= 1
            skipped += 1
            continue
        except Exception:
            failed += 1
            print("FAIL %s (%.2fs)" % (name, time.monotonic() - t0))
            traceback.print_exc()
            for srv in _started:
                print("--- server log (last 80 lines) ---")
                for line in srv.err.snapshot()[-80:]:
                    print("  " + line)
            keep = os.environ.get("RT_KEEP")
            if keep:
                print("  kept %s" % tmp)
        else:
            print("PASS %s (%.2fs)" % (name, time.monotonic() - t0))
            shutil.rmtree(tmp, ignore_errors=True)
        sys.stdout.flush()
    print("%d passed, %d failed" % (ran - failed, failed))
    if skipped:
        print("%d skipped" % skipped)
    sys.exit(1 if failed or ran + skipped == 0 else 0)
