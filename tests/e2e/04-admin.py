#!/usr/bin/env python3
"""04: operating the server: the admin subcommands, `roundtabled -t`,
exit codes for bad configurations, the first administrator, restarts
that keep accounts, and SIGHUP."""

import os
import signal
import subprocess

import rtharness
from rtharness import ADMIN_PASSWORD, SERVER, Server, wait_for
import rtwire as w
from opslib import make_cert


def run(*args, stdin=None, env=None):
    """Run roundtabled; env's entries are added (None: removed)."""
    e = dict(os.environ)
    for k, v in (env or {}).items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return subprocess.run([SERVER] + list(args), capture_output=True,
                          input=stdin.encode() if stdin else None, env=e,
                          timeout=60)


def _refused_config(tmp, name, text):
    """roundtabled -t on a configuration must fail with 78; return its
    errors."""
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    r = run("-t", "-f", path)
    assert r.returncode == 78, r
    return r.stderr.decode()


def test_check_config(tmp):
    conf = os.path.join(tmp, "good.conf")
    with open(conf, "w") as f:
        f.write("[server]\nlisten = 127.0.0.1:7447\n[limits]\n"
                "idle_timeout = 5m\n")
    r = run("-t", "-f", conf)
    assert r.returncode == 0, r
    assert b"configuration OK" in r.stdout, r.stdout
    r = run("-t", "-f", "/dev/null")
    assert r.returncode == 0 and b"configuration OK" in r.stdout
    err = _refused_config(tmp, "bad.conf", "[server]\nworkers = lots\n"
                          "[limits]\nmax_frame = 1\n[nonsense]\nx = 1\n")
    assert "bad.conf:2:" in err and "bad.conf:4:" in err, err
    assert "bad.conf:6:" in err, err
    # limits that contradict each other, at the later key's line
    err = _refused_config(tmp, "pair.conf", "[limits]\nidle_timeout = 30s\n"
                          "max_frame = 2K\nmax_frame_prelogin = 3K\n")
    assert "pair.conf:2: limits.ping_interval must be less than " \
        "limits.idle_timeout" in err, err
    assert "pair.conf:4: limits.max_frame_prelogin must be at most " \
        "limits.max_frame" in err, err
    r = run("-t", "-f", os.path.join(tmp, "missing.conf"))
    assert r.returncode == 78, r
    r = run("-t", "-l", "nonsense")
    assert r.returncode == 78, r
    r = run("--check-config", "-f", conf)
    assert r.returncode == 0 and b"configuration OK" in r.stdout, r
    r = run("-t", "--no-config")
    assert r.returncode == 0, r
    assert b"configuration OK (built-in defaults)" in r.stdout, r
    r = run("-t", "--no-config", "-f", conf)
    assert r.returncode == 64, r
    r = run("--bogus-flag")
    assert r.returncode == 64, r
    r = run("-h")
    assert r.returncode == 0 and b"usage: roundtabled" in r.stdout
    r = run("-V")
    assert r.returncode == 0 and b"roundtabled 0." in r.stdout


GOOD_TEMPLATE = """[protocol]
title = A good one
min_members = 1

[phase talk]
title = Talk
floor = open
duration = 5m
"""


def test_check_templates(tmp):
    """-t checks the built-in templates with no directory set, and the
    directory's files when there is one: the first error with its path
    and line, exit 78."""
    r = run("-t", "--no-config")
    assert r.returncode == 0, r
    tdir = os.path.join(tmp, "protocols")
    os.mkdir(tdir)
    with open(os.path.join(tdir, "good.conf"), "w") as f:
        f.write(GOOD_TEMPLATE)
    conf = os.path.join(tmp, "t.conf")
    with open(conf, "w") as f:
        f.write("[sessions]\ntemplates = %s\n" % tdir)
    r = run("-t", "-f", conf)
    assert r.returncode == 0, r
    assert r.stdout.decode() == "configuration OK: %s\n" % conf, r.stdout
    bad = os.path.join(tdir, "bad.conf")
    with open(bad, "w") as f:
        f.write(GOOD_TEMPLATE.replace("duration = 5m", "duration = soon"))
    r = run("-t", "-f", conf)
    assert r.returncode == 78, r
    assert r.stderr.decode().startswith("%s:8: " % bad), r.stderr
    assert b"configuration OK" not in r.stdout, r.stdout
    with open(conf, "w") as f:
        f.write("[sessions]\ntemplates = %s\n" % os.path.join(tmp, "none"))
    r = run("-t", "-f", conf)
    assert r.returncode == 78 and b"none" in r.stderr, r


def test_check_tls_files(tmp):
    """-t loads the configured certificate and key: missing, unreadable
    or mismatched files are errors (78); a relative key only the
    credentials directory could hold is noted, and checked there when
    $CREDENTIALS_DIRECTORY is set."""
    cert, key, _ = make_cert(tmp, "a")
    _, other, _ = make_cert(tmp, "b")
    conf = os.path.join(tmp, "tls.conf")

    def check(c, k, env=None):
        with open(conf, "w") as f:
            f.write("[tls]\ncert = %s\nkey = %s\n" % (c, k))
        return run("-t", "-f", conf, env=env)

    r = check(cert, key)
    assert r.returncode == 0 and b"configuration OK" in r.stdout, r
    r = check(os.path.join(tmp, "missing.crt"), key)
    assert r.returncode == 78 and b"missing.crt" in r.stderr, r
    r = check(cert, os.path.join(tmp, "missing.key"))
    assert r.returncode == 78 and b"missing.key" in r.stderr, r
    r = check(cert, other)
    assert r.returncode == 78 and b"tls:" in r.stderr, r
    with open(conf, "w") as f:
        f.write("[tls]\ncert = %s\n" % cert)
    r = run("-t", "-f", conf)
    assert r.returncode == 78 and b"set together" in r.stderr, r
    # key = tls.key, as the unit's LoadCredential= has it: outside the
    # unit there is nothing to check it against
    r = check(cert, "tls.key", env={"CREDENTIALS_DIRECTORY": None})
    assert r.returncode == 0 and b"not checked" in r.stderr, r
    creds = os.path.join(tmp, "creds")
    os.mkdir(creds, 0o700)
    os.rename(key, os.path.join(creds, "tls.key"))
    r = check(cert, "tls.key", env={"CREDENTIALS_DIRECTORY": creds})
    assert r.returncode == 0 and b"not checked" not in r.stderr, r
    os.replace(other, os.path.join(creds, "tls.key"))
    r = check(cert, "tls.key", env={"CREDENTIALS_DIRECTORY": creds})
    assert r.returncode == 78 and b"tls:" in r.stderr, r


def test_user_commands(tmp):
    s = Server(tmp)
    s.write_conf()
    r = s.admin("user", "add", "ada", stdin="lovelace-1815\n")
    assert r.returncode == 0, r
    r = s.admin("user", "add", "ADA", stdin="lovelace-1815\n")
    assert r.returncode == 65 and b"exists" in r.stderr, r
    r = s.admin("user", "add", "bad name", stdin="lovelace-1815\n")
    assert r.returncode == 65, r
    r = s.admin("user", "add", "bob", stdin="short\n")
    assert r.returncode == 65 and b"at least 8" in r.stderr, r
    r = s.admin("user", "add", "bob")
    assert r.returncode == 65 and b"no password" in r.stderr, r
    r = s.admin("user", "add", "root", "--admin", stdin="rooty-toot-toot\n")
    assert r.returncode == 0, r
    r = s.admin("user", "list")
    assert r.returncode == 0, r
    out = r.stdout.decode()
    assert "ada " in out and "root " in out, out
    assert [l for l in out.splitlines() if l.startswith("root ")][0] \
        .split()[1] == "admin", out
    r = s.admin("user", "passwd", "nobody", stdin="whatever-123\n")
    assert r.returncode == 67, r
    r = s.admin("user", "frobnicate")
    assert r.returncode == 64, r
    r = s.admin("bogus")
    assert r.returncode == 64, r

    with s.start():
        c = s.login("ada", "lovelace-1815")
        c.close()
        # disable revokes tokens; the login is refused as disabled
        c = s.connect()
        c.hello()
        tok = c.login("ada", "lovelace-1815")["token"]
        r = s.admin("user", "disable", "ada")
        assert r.returncode == 0, r
        c = s.connect()
        c.hello()
        assert c.login("ada", token=tok)["name"] == "bad-token"
        r = c.login("ada", "lovelace-1815")
        assert r["t"] == w.ERROR and r["name"] == "account-disabled", r
        r = s.admin("user", "enable", "ada")
        assert r.returncode == 0, r
        assert c.login("ada", "lovelace-1815")["t"] == w.LOGIN_OK
        r = s.admin("user", "passwd", "ada", stdin="difference-engine\n")
        assert r.returncode == 0, r
        c = s.connect()
        c.hello()
        assert c.login("ada", "lovelace-1815")["name"] == "auth-failed"
        assert c.login("ada", "difference-engine")["t"] == w.LOGIN_OK


def test_first_admin_and_restart(tmp):
    s = Server(tmp, admin_password=None)
    with s.start():
        pw = s.out.wait(r"password: (\S+)").group(1)
        assert len(pw) == 23, pw
        c = s.connect()
        c.hello()
        r = c.login("admin", pw)
        assert r["must_change_password"] is True, r
        assert c.request({"t": w.PASSWD, "old_password": pw,
                          "new_password": "new admin password"})["t"] == w.OK
    # the second start keeps the account and prints no password
    with s.start():
        s.login("admin", "new admin password").close()
        assert not any("password:" in l for l in s.out.snapshot())
        assert s.err.wait(r"fingerprint (SHA256:\S+)")


def test_admin_password_from_env(tmp):
    with Server(tmp, env={"ROUNDTABLE_ADMIN_PASSWORD": "given by the ops"},
                admin_password=False).start() as s:
        assert not any("password:" in l for l in s.out.snapshot())
        c = s.login("admin", "given by the ops")
        c.close()
    s = Server(os.path.join(tmp), datadir=os.path.join(tmp, "d2"),
               env={"ROUNDTABLE_ADMIN_PASSWORD": "short"},
               admin_password=False)
    s.write_conf()
    p = subprocess.run([SERVER, "-f", s.conf_path, "-d", s.datadir],
                       capture_output=True, env=s.env, timeout=60)
    # a configuration error: 78, so systemd does not restart in a loop
    assert p.returncode == 78, p
    assert b"ROUNDTABLE_ADMIN_PASSWORD is not an acceptable password" in \
        p.stderr and b"at least 8" in p.stderr, p.stderr


def test_fingerprint_stable_and_key_private(tmp):
    s = Server(tmp)
    with s.start():
        fp1 = s.fingerprint
    key = os.path.join(s.datadir, "tls", "key.pem")
    assert os.stat(key).st_mode & 0o077 == 0, oct(os.stat(key).st_mode)
    assert os.stat(s.datadir).st_mode & 0o077 == 0
    with s.start():
        assert s.fingerprint == fp1


def test_sighup_reload(tmp):
    s = Server(tmp, conf={"limits": {"ping_interval": "60s"}})
    with s.start():
        c = s.connect()
        assert c.hello()["ping_interval"] == 60
        c.close()
        s.conf["limits"]["ping_interval"] = "30s"
        s.write_conf()
        s.proc.send_signal(signal.SIGHUP)
        s.err.wait(r"reloaded; certificate SHA256:")
        c = s.connect()
        assert c.hello()["ping_interval"] == 30
        # a broken file keeps the old configuration
        with open(s.conf_path, "a") as f:
            f.write("[limits]\nping_interval = never\n")
        s.proc.send_signal(signal.SIGHUP)
        s.err.wait(r"keeping the old")
        c = s.connect()
        assert c.hello()["ping_interval"] == 30


def test_shutdown_tells_clients(tmp):
    s = Server(tmp)
    s.start()
    c = s.login()
    s.proc.send_signal(signal.SIGTERM)
    bye = c.closed()
    assert bye is not None and bye["code"] == 502, bye
    wait_for(lambda: s.proc.poll() is not None, what="server exit")
    assert s.stop() == 0


if __name__ == "__main__":
    rtharness.main(globals())
