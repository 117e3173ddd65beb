"""rttui: drive the real client's full-screen interface in tmux, on an
isolated tmux server (its own socket, no config file) with a fixed
terminal size, and read the screen with capture-pane. Every wait polls
the screen until the text appears or a deadline passes; nothing sleeps
and hopes. The tmux server is killed when the test is done."""

import itertools
import os
import re
import shutil
import subprocess
import tempfile
import time

from rtharness import ADMIN_PASSWORD, CLIENT, SCALE

TMUX = shutil.which("tmux")


class Tui:
    """One roundtable full-screen client in a detached tmux session."""

    def __init__(self, server, user, password=ADMIN_PASSWORD, width=100,
                 height=30, args=(), env=None, home=None, banner=None,
                 record=False, command=None):
        """Start the client (or command instead) in a new tmux server.
        banner is printed in the pane before the client starts; record
        keeps every byte written to the pane (recorded()), from before the
        first one: the command waits on a FIFO until the recording runs."""
        if TMUX is None:
            raise AssertionError("tmux is not installed (scripts/deps.sh)")
        # A name never used before: id(self) comes back once the last
        # client is freed, and a new-session reaching that client's tmux
        # server while kill-server stops it fails ("server exited
        # unexpectedly").
        self.sock = "rt-tui-%d-%d" % (os.getpid(), next(_serial))
        self.home = home or tempfile.mkdtemp(prefix="rt-tui-",
                                             dir=server.tmp)
        self.err = os.path.join(self.home, "client.err")
        e = {
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC",
            "TERM": "tmux-256color", "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, "config"),
            "NO_COLOR": "1", "ROUNDTABLE_PASSWORD": password,
        }
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "PATH"):
            if k in os.environ:
                e[k] = os.environ[k]
        e.update(env or {})
        self.env = e
        argv = [CLIENT, "--host", "127.0.0.1", "--port", str(server.port),
                "--user", user, "--fingerprint", server.fingerprint]
        argv += list(args)
        # The shell records the exit status, then the pane stays to be read.
        if command is None:
            command = "%s 2>%s" % (" ".join(_quote(a) for a in argv),
                                   _quote(self.err))
        cmd = "%s; echo \"[exit $?]\"; sleep 600" % command
        if banner is not None:
            cmd = "printf '%%s\\n' %s; %s" % (_quote(banner), cmd)
        self.rec = os.path.join(self.home, "pane.raw")
        if record:
            gate = os.path.join(self.home, "pane.go")
            os.mkfifo(gate)
            cmd = "read _ < %s; %s" % (_quote(gate), cmd)
        envargs = []
        for k, v in e.items():
            envargs += ["-e", "%s=%s" % (k, v)]
        self.tmux("new-session", "-d", "-x", str(width), "-y", str(height),
                  *envargs, cmd)
        self.tmux("select-pane", "-T", "rt-test")
        if record:
            self.tmux("pipe-pane", "-O", "cat >> %s" % _quote(self.rec))
            with open(gate, "w") as f:
                f.write("go\n")

    def tmux(self, *args, check=True):
        r = subprocess.run([TMUX, "-L", self.sock, "-f", "/dev/null"] +
                           list(args), capture_output=True, timeout=30)
        if check and r.returncode != 0:
            raise AssertionError("tmux %s: %s" % (args[0],
                                 r.stderr.decode(errors="replace")))
        return r.stdout.decode("utf-8", "replace")

    def screen(self, joined=False, history=False):
        """The screen as text, one string per row; joined: rows the
        terminal wrapped are one; history: with the rows scrolled off the
        top (both for line mode)."""
        args = ["capture-pane", "-p"] + (["-J"] if joined else []) + \
            (["-S", "-"] if history else [])
        return self.tmux(*args).split("\n")

    def attributes(self):
        """The screen with its attributes and colours as escape
        sequences (capture-pane -e)."""
        return self.tmux("capture-pane", "-p", "-e")

    def pane_title(self):
        return self.tmux("display-message", "-p", "#{pane_title}").strip()

    def bell(self):
        """Whether the pane has rung its bell."""
        return self.tmux("display-message", "-p",
                         "#{window_bell_flag}").strip() == "1"

    def recorded(self):
        """Every byte written to the pane so far (record=True)."""
        try:
            with open(self.rec, "rb") as f:
                return f.read()
        except OSError:
            return b""

    def text(self):
        return "\n".join(self.screen())

    def wait(self, pattern, timeout=15.0, what=None, joined=False):
        """Poll the screen until the regular expression matches; return
        the match. The timeout is scaled by RT_TIMEOUT_SCALE; joined
        matches rows the terminal wrapped as one (line mode)."""
        deadline = time.monotonic() + timeout * SCALE
        delay = 0.02
        rx = re.compile(pattern)
        while True:
            m = rx.search("\n".join(self.screen(joined=joined)))
            if m:
                return m
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for %s on the "
                                     "screen:\n%s\n--- stderr:\n%s" % (
                                         what or repr(pattern), self.text(),
                                         self.stderr()))
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def wait_gone(self, pattern, timeout=15.0):
        """Poll the screen until the pattern is gone (timeout scaled)."""
        deadline = time.monotonic() + timeout * SCALE
        while re.search(pattern, self.text()):
            if time.monotonic() > deadline:
                raise AssertionError("%r still on the screen:\n%s" % (
                    pattern, self.text()))
            time.sleep(0.05)

    def status(self):
        """The status bar: the row above the input line."""
        rows = self.screen()
        while rows and rows[-1] == "":
            rows.pop()
        return rows[-2] if len(rows) >= 2 else ""

    def input_line(self):
        rows = self.screen()
        while rows and rows[-1] == "":
            rows.pop()
        return rows[-1] if rows else ""

    def type(self, text):
        """Type text literally (no Enter)."""
        self.tmux("send-keys", "-l", text)

    def keys(self, *keys):
        self.tmux("send-keys", *keys)

    def line(self, text):
        self.type(text)
        self.keys("Enter")

    def resize(self, width, height):
        self.tmux("resize-window", "-x", str(width), "-y", str(height))

    def stderr(self):
        try:
            with open(self.err, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def quit(self):
        """Type /quit; require a clean exit (status 0) and, under the
        sanitizers, no report on stderr."""
        self.keys("C-u")
        self.line("/quit")
        m = self.wait(r"\[exit (\d+)\]", what="the client to exit")
        err = self.stderr()
        for bad in ("Sanitizer", "runtime error:"):
            assert bad not in err, err
        assert m.group(1) == "0", (m.group(1), err)

    def kill(self):
        self.tmux("kill-server", check=False)


_serial = itertools.count(1)


def _quote(s):
    return "'" + s.replace("'", "'\\''") + "'"
