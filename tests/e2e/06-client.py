#!/usr/bin/env python3
"""06: the real client in batch mode: trust on first use, pinned and CA
verification, a changed server key, login failures, commands and their
JSON output, and exit codes."""

import json
import os
import shutil
import shlex
import signal
import socket
import subprocess

import rtharness
from rtharness import ADMIN_PASSWORD, CLIENT, Client, Server
from rttui import Tui


def batch(s, lines, user="admin", password=ADMIN_PASSWORD, args=(),
          home=None):
    """Run the client over a fixed script; return (exit code, events,
    stderr)."""
    c = Client(s, user=user, password=password, args=args, home=home)
    for line in lines:
        c.send(line)
    rc = c.finish()
    return rc, c.events(), "\n".join(c.err.snapshot()), c.home


def types(events):
    return [e["type"] for e in events]


def test_tofu_then_known_then_changed(tmp):
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    with Server(tmp).start() as s:
        rc, ev, err, _ = batch(s, ["/ping"], home=home)
        assert rc == 0, (rc, err)
        conn = ev[types(ev).index("connected")]
        assert conn["trust"] == "new", conn
        assert conn["fingerprint"] == s.fingerprint, conn
        kh = os.path.join(home, "config", "roundtable", "known_hosts")
        assert s.fingerprint in open(kh).read()
        assert os.stat(kh).st_mode & 0o077 == 0
        assert "pong" in types(ev), ev
        rc, ev, err, _ = batch(s, ["/ping"], home=home)
        assert rc == 0
        assert ev[types(ev).index("connected")]["trust"] == "known"
        port = s.port
    # a new server (new key) on the same port is refused loudly
    shutil.rmtree(os.path.join(tmp, "data"))
    s2 = Server(tmp, conf={"server": {"listen": "127.0.0.1:%d" % port}})
    with s2.start():
        rc, ev, err, _ = batch(s2, ["/ping"], home=home)
        assert rc == 77, (rc, err)
        assert "host_key_mismatch" in types(ev), ev
        assert "REMOTE HOST IDENTIFICATION HAS CHANGED" in err, err
        assert "login_ok" not in types(ev)
        # the old key stays recorded
        assert s.fingerprint in open(kh).read()


def test_pinned_and_ca(tmp):
    with Server(tmp).start() as s:
        rc, ev, err, _ = batch(s, ["/ping"],
                               args=["--fingerprint", s.fingerprint])
        assert rc == 0, err
        assert ev[types(ev).index("connected")]["trust"] == "pinned"
        wrong = "SHA256:" + ":".join(["00"] * 32)
        rc, ev, err, _ = batch(s, ["/ping"], args=["--fingerprint", wrong])
        assert rc == 77, (rc, err)
        assert "login_ok" not in types(ev)
        rc, ev, err, _ = batch(s, ["/ping"], args=["--ca", s.cert])
        assert rc == 0, err
        assert ev[types(ev).index("connected")]["trust"] == "ca"
        other = os.path.join(tmp, "other.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                        "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", os.path.join(tmp, "o.key"), "-out", other,
                        "-days", "1", "-subj", "/CN=localhost"],
                       capture_output=True, check=True)
        rc, ev, err, _ = batch(s, ["/ping"], args=["--ca", other])
        assert rc == 76 or rc == 77, (rc, err)
        assert "login_ok" not in types(ev)


def test_login_failures_and_unreachable(tmp):
    with Server(tmp).start() as s:
        rc, ev, err, _ = batch(s, ["/ping"], password="wrong password")
        assert rc == 77, (rc, err)
        e = [x for x in ev if x.get("type") == "error"]
        assert e and e[0]["name"] == "auth-failed", ev
        assert types(ev)[-1] == "disconnected"
        rc, ev, err, _ = batch(s, ["/ping"], password=None)
        assert rc == 64, (rc, err)
    # A port that refuses connections: bound (so nothing else, such as
    # another test's server under ctest -j2, can take it) but not
    # listening, held for as long as the client runs.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as hold:
        hold.bind(("127.0.0.1", 0))
        rc, err = run_client(tmp, "--port", str(hold.getsockname()[1]))
    assert rc == 69, (rc, err)
    assert "cannot connect" in err, err


def run_client(tmp, *args, batch=True):
    """Run the client with args (in batch mode, with a /ping, unless batch
    is false); return (exit code, stderr)."""
    mode = ["--batch"] if batch else []
    p = subprocess.run([CLIENT] + mode + ["--user", "admin"] + list(args),
                       input=b"/ping\n", capture_output=True,
                       env=dict(os.environ, ROUNDTABLE_PASSWORD="x",
                                XDG_CONFIG_HOME=tmp), timeout=60)
    return p.returncode, p.stderr.decode(errors="replace")


def test_exit_codes_before_connecting(tmp):
    rc, err = run_client(tmp, "--no-such-option")
    assert rc == 64, (rc, err)
    rc, err = run_client(tmp, "--port", "not-a-port")
    assert rc == 64, (rc, err)
    rc, err = run_client(tmp, "--password-file", os.path.join(tmp, "none"))
    assert rc == 66, (rc, err)
    # The one-shot export exits as the session does when it cannot connect.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as hold:
        hold.bind(("127.0.0.1", 0))
        out = os.path.join(tmp, "never.md")
        rc, err = run_client(tmp, "--port", str(hold.getsockname()[1]),
                             "export", "1", "md", out, batch=False)
    assert rc == 69, (rc, err)
    assert "cannot connect" in err, err
    assert not os.path.exists(out)
    # An unknown host name is EX_NOHOST, when this machine's resolver says
    # so too (without DNS, a lookup may fail otherwise: EX_UNAVAILABLE).
    host = "no-such-host.invalid"
    try:
        socket.getaddrinfo(host, 7447, type=socket.SOCK_STREAM)
        return  # a resolver that answers for anything: nothing to check
    except socket.gaierror as e:
        unknown = e.errno in (socket.EAI_NONAME,
                              getattr(socket, "EAI_NODATA", socket.EAI_NONAME))
    rc, err = run_client(tmp, "--host", host)
    assert rc == (68 if unknown else 69), (rc, err)
    assert "cannot resolve" in err, err


def test_commands_and_exit_codes(tmp):
    with Server(tmp).start() as s:
        s.add_user("ada", "lovelace-1815")
        rc, ev, err, _ = batch(s, ["/help", "/nonsense", "/ping"],
                               user="ada", password="lovelace-1815")
        assert rc == 65, (rc, err)
        assert "help" in types(ev) and "command_error" in types(ev)
        assert "pong" in types(ev), ev
        rc, ev, err, _ = batch(s, ["/send ping {\"nonce\": 42}"],
                               user="ada", password="lovelace-1815")
        assert rc == 0, err
        assert [e for e in ev if e["type"] == "pong"][0]["nonce"] == 42
        rc, ev, err, _ = batch(s, ["/send space_info {\"space\": \"nope\"}"],
                               user="ada", password="lovelace-1815")
        assert rc == 65, err
        assert [e for e in ev if e["type"] == "error"][0]["name"] == \
            "not-found"
        rc, ev, err, _ = batch(s, ["a post outside any session"],
                               user="ada", password="lovelace-1815")
        assert rc == 65, err
        rc, ev, err, _ = batch(s, ["/passwd lovelace-1815 difference-engine"],
                               user="ada", password="lovelace-1815")
        assert rc == 0, err
        assert "ok" in types(ev)
        rc, ev, err, _ = batch(s, ["/ping"], user="ada",
                               password="difference-engine")
        assert rc == 0, err
        for e in ev:
            assert "difference-engine" not in json.dumps(e)


def test_server_goes_away(tmp):
    s = Server(tmp)
    with s.start():
        c = Client(s)
        c.wait_type("login_ok")
        s.proc.send_signal(signal.SIGTERM)
        rc = c.proc.wait(30)
        ev = c.events()
        assert rc == 75, (rc, ev)
        d = ev[-1]
        assert d["type"] == "disconnected" and d["by"] == "server", d
        assert d["code"] == 502, d
        # Let the server finish its shutdown: a second SIGTERM from stop()
        # would stop it at once (exit -15), as it is meant to.
        rtharness.wait_for(lambda: s.proc.poll() is not None, 30,
                           "the server to exit")


def line_client(s, home):
    """The line-mode client on a terminal, with no password and no pinned
    fingerprint, so that it asks for both on the terminal."""
    argv = [CLIENT, "--line", "--host", "127.0.0.1", "--port", str(s.port),
            "--user", "admin"]
    return Tui(s, "admin", password="", home=home,
               command=" ".join(shlex.quote(a) for a in argv))


def test_line_mode_trust_prompt_and_password(tmp):
    """On a terminal, an unknown server is asked about as ssh does (the
    fingerprint shown; yes, no, or the fingerprint typed), a yes is
    remembered in known_hosts, and the password is asked for."""
    with Server(tmp).start() as s:
        home = os.path.join(tmp, "line-home")
        os.makedirs(home)
        known = os.path.join(home, "config", "roundtable", "known_hosts")
        tui = line_client(s, home)
        try:
            tui.wait(r"authenticity of server '127\.0\.0\.1:%d' .*"
                     r"can't be established" % s.port,
                     what="the trust prompt")
            assert s.fingerprint in tui.text().replace("\n", ""), tui.text()
            tui.line("perhaps")
            tui.wait(r"Please type 'yes' or 'no'")
            tui.line("yes")
            tui.wait(r"Permanently added 127\.0\.0\.1:%d" % s.port)
            tui.wait(r"Password for admin@127\.0\.0\.1:\d+:",
                     what="the password prompt")
            tui.line(ADMIN_PASSWORD)
            tui.wait(r"\*\*\* Logged in as admin")
            assert ADMIN_PASSWORD not in tui.text(), "the password echoed"
            tui.line("/quit")
            tui.wait(r"\[exit 0\]")
        finally:
            tui.kill()
        with open(known) as f:
            assert s.fingerprint in f.read()

        # Known now: no question, straight to the password.
        tui = line_client(s, home)
        try:
            tui.wait(r"Password for admin@", what="the password prompt")
            assert "authenticity" not in tui.text(), tui.text()
            tui.line(ADMIN_PASSWORD)
            tui.wait(r"\*\*\* Logged in as admin")
            tui.line("/quit")
            tui.wait(r"\[exit 0\]")
        finally:
            tui.kill()

        # A fresh home and a no: not trusted, EX_NOPERM, nothing stored.
        other = os.path.join(tmp, "line-other")
        os.makedirs(other)
        tui = line_client(s, other)
        try:
            tui.wait(r"Are you sure you want to continue connecting",
                     what="the trust prompt")
            tui.line("no")
            tui.wait(r"\[exit 77\]")
            assert "not trusted" in tui.text(), tui.text()
        finally:
            tui.kill()
        assert not os.path.exists(os.path.join(other, "config", "roundtable",
                                               "known_hosts"))


if __name__ == "__main__":
    rtharness.main(globals())
