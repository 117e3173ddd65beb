#!/usr/bin/env python3
"""20-ops-firststart: the first start with no configuration file, as
`make run` and the README describe it: roundtabled with no -f (or
--no-config where the machine has /etc/roundtable/roundtabled.conf)
creates its data directory in the XDG place, generates a certificate and
prints its fingerprint, prints a one-time administrator password, and a
client logs in with it and must change it. Run as root, the server is
started as nobody, so that the per-user default applies."""

import os
import signal
import stat
import subprocess

import rtharness
from rtharness import SERVER, Lines, child_setup
import rtwire as w

DEFAULT_CONFIG = "/etc/roundtable/roundtabled.conf"
NOBODY = 65534


def first_start(tmp, env, datadir):
    """Start roundtabled with no configuration; check what the first start
    prints and makes; log in with the printed password; stop it."""
    args = [SERVER, "-l", "127.0.0.1:0"]
    if os.path.exists(DEFAULT_CONFIG):
        args.append("--no-config")      # not this machine's settings
    e = {k: v for k, v in os.environ.items() if k not in (
        "ROUNDTABLE_ADMIN_PASSWORD", "STATE_DIRECTORY",
        "CREDENTIALS_DIRECTORY", "JOURNAL_STREAM", "NOTIFY_SOCKET",
        "WATCHDOG_USEC", "XDG_STATE_HOME")}
    e.update(env)
    then = None
    if os.geteuid() == 0:
        for root, dirs, _ in os.walk(tmp):
            for d in [root] + [os.path.join(root, x) for x in dirs]:
                os.chown(d, NOBODY, NOBODY)

        def then():
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
    p = subprocess.Popen(args, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=e, cwd=tmp,
                         preexec_fn=child_setup(then))
    out, err = Lines(p.stdout), Lines(p.stderr)
    try:
        err.wait(r"starting; data directory %s$" % datadir)
        err.wait(r"generated a self-signed ECDSA P-256 certificate: "
                 r"%s/tls/cert\.pem" % datadir)
        fp = err.wait(r"TLS certificate fingerprint (SHA256:[0-9A-F:]+)"
                      ).group(1)
        port = int(err.wait(r"listening on 127\.0\.0\.1:(\d+)").group(1))
        err.wait(r" ready$")
        out.wait(r"First start: created the administrator account")
        assert out.wait(r"user: +(\S+)").group(1) == "admin"
        pw = out.wait(r"password: (\S+)").group(1)
        assert pw not in "\n".join(err.snapshot()), "password in the log"

        st = os.stat(datadir)
        assert stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) == \
            0o700, oct(st.st_mode)
        assert os.path.exists(os.path.join(datadir, "roundtable.db"))
        key = os.path.join(datadir, "tls", "key.pem")
        assert stat.S_IMODE(os.stat(key).st_mode) & 0o077 == 0

        c = w.Conn("127.0.0.1", port, pin=fp)
        assert c.hello()["t"] == w.WELCOME
        r = c.login("admin", pw)
        assert r["t"] == w.LOGIN_OK and r["must_change_password"], r
        r = c.request({"t": w.PASSWD, "old_password": pw,
                       "new_password": "a password of my own"})
        assert r["t"] == w.OK, r
        c.close()
        p.send_signal(signal.SIGTERM)
        assert p.wait(30 * rtharness.SCALE) == 0
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def test_xdg_state_home(tmp):
    home = os.path.join(tmp, "home")
    state = os.path.join(tmp, "xdg-state")
    os.mkdir(home)
    os.mkdir(state)
    first_start(tmp, {"HOME": home, "XDG_STATE_HOME": state},
                os.path.join(state, "roundtable"))


def test_home_default(tmp):
    """Without XDG_STATE_HOME: ~/.local/state/roundtable."""
    home = os.path.join(tmp, "home")
    os.mkdir(home)
    first_start(tmp, {"HOME": home},
                os.path.join(home, ".local", "state", "roundtable"))


def test_state_directory(tmp):
    """Under systemd's StateDirectory=: $STATE_DIRECTORY (the first of
    several)."""
    home = os.path.join(tmp, "home")
    state = os.path.join(tmp, "state")
    os.mkdir(home)
    os.mkdir(state, 0o700)
    first_start(tmp, {"HOME": home, "STATE_DIRECTORY":
                      state + ":" + os.path.join(tmp, "other")}, state)


if __name__ == "__main__":
    rtharness.main(globals())
