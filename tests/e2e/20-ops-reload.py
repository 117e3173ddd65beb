#!/usr/bin/env python3
"""20-ops-reload: SIGHUP. It reloads the protocol templates (a new file is
usable by new sessions, a broken one is rejected with its path and line
and the old set kept, a removed one leaves its live session running), the
certificate (new connections get the new one, open connections keep
theirs; a key from $CREDENTIALS_DIRECTORY, as systemd's LoadCredential=
gives it, at the start and at a reload), and the configuration with the
command line still over it (-v survives). Live protocol sessions carry on
through every reload."""

import os
import signal
import subprocess

import rtharness
from rtharness import SERVER, wait_for
from rtsession import PASSWORD, Member, create, server, started
import rtwire as w
from rttranscript import REPORT, TX_ENTRIES, TX_READ, TX_REPORT
from opslib import make_cert

EXTRA = """
[protocol]
title = Added at run time
min_members = 1

[phase talk]
title = Talk
floor = open
duration = 5m
"""

# Line 6 names a floor that does not exist.
BROKEN = """[protocol]
title = Broken
min_members = 1

[phase a]
floor = nonsense
duration = 1m
"""


def reload(s, until=r"reloaded; |keeping the old"):
    """Send SIGHUP and wait for the reload's outcome in the log; return
    the index of the first log line after the signal."""
    start = len(s.err.snapshot())
    s.proc.send_signal(signal.SIGHUP)
    s.err.wait(until, start=start)
    return start


def talks(sid, speaker, listener, text):
    """speaker's post is acknowledged and reaches listener."""
    r = speaker.post(sid, text)
    assert r["t"] == w.POSTED, r
    listener.wait_kind("post", text=text)


def template_names(m):
    page = m.ok({"t": w.TEMPLATE_LIST}, w.TEMPLATE_PAGE)
    return [t["name"] for t in page["templates"]]


def test_templates_reload(tmp):
    with server(tmp).start() as s:
        tdir = s.conf["sessions"]["templates"]
        adm, sid, (ada, bob) = started(s, "open", ["ada", "bob"])
        talks(sid, ada, bob, "before any reload")
        assert "extra" not in template_names(adm)

        # a new file: new sessions may use it at once
        with open(os.path.join(tdir, "extra.conf"), "w") as f:
            f.write(EXTRA.lstrip())
        at = reload(s)
        s.err.wait(r"reloaded; certificate SHA256:\S+; \d+ protocol "
                   r"templates", start=at)
        assert "extra" in template_names(adm)
        t = adm.ok({"t": w.TEMPLATE_INFO, "name": "extra"}, w.TEMPLATE)
        assert t["title"] == "Added at run time", t
        new = create(adm, "tank", "extra")
        assert adm.join(new)["status"] == "lobby"
        # the running session carried on
        talks(sid, ada, bob, "after adding a template")

        # a broken file: rejected with its path and line, the set kept
        path = os.path.join(tdir, "broken.conf")
        with open(path, "w") as f:
            f.write(BROKEN)
        at = reload(s)
        s.err.wait(r"reload: templates: %s:6: unknown floor 'nonsense'"
                   % path, start=at)
        s.err.wait(r"keeping the old configuration", start=at)
        names = template_names(adm)
        assert "extra" in names and "broken" not in names, names
        adm.fails({"t": w.TEMPLATE_INFO, "name": "broken"}, "not-found")
        create(adm, "tank", "extra")
        talks(sid, bob, ada, "after a broken template")

        # the file of a live session's template removed: the session
        # keeps its own copy and runs on; new sessions cannot use it
        os.remove(path)
        os.remove(os.path.join(tdir, "long.conf"))
        at = reload(s)
        s.err.wait(r"session %d: template long is gone; the session "
                   r"carries on" % sid, start=at)
        adm.fails({"t": w.SESSION_CREATE, "space": "tank",
                   "template": "long"}, "not-found")
        talks(sid, ada, bob, "after its template went")
        again = Member(s, "ada")
        st = again.join(sid)
        assert st["status"] == "running", st
        assert adm.control(sid, "end")["t"] == w.OK
        bob.wait_kind("end")
        # its transcript still reads and reports, without the template
        r = adm.request({"t": TX_READ, "session": sid})
        assert r["t"] == TX_ENTRIES, r
        assert "after its template went" in [e.get("text")
                                             for e in r["entries"]], r
        r = adm.request({"t": TX_REPORT, "session": sid})
        assert r["t"] == REPORT, r


def test_rollback_after_template_removed(tmp):
    """A failed commit puts a session back to its last committed state
    with its own template, even when a reload has removed the template
    from the set (the disk turned read-only by tests/faults/fault-io.c)."""
    lib = os.environ.get("RT_FAULTIO")
    if not lib or not os.path.exists(lib):
        raise rtharness.Skip("the fault injector was not built")
    ctl = os.path.join(tmp, "fault")
    env = {"LD_PRELOAD": lib, "RT_FAULT_FILE": ctl,
           "RT_FAULT_DIR": os.path.join(tmp, "data")}
    with server(tmp, env=env).start() as s:
        adm, sid, (ada, bob) = started(s, "open", ["ada", "bob"])
        talks(sid, ada, bob, "before the reload")
        os.remove(os.path.join(s.conf["sessions"]["templates"], "long.conf"))
        at = reload(s)
        s.err.wait(r"template long is gone", start=at)
        with open(ctl, "w") as f:
            f.write("EROFS\n")
        r = ada.post(sid, "refused by the disk")
        assert r["t"] == w.ERROR and r["name"] == "storage", r
        s.err.wait(r"commit failed .* rolled back")
        os.unlink(ctl)
        wait_for(lambda: ada.post(sid, "after the failure")["t"] == w.POSTED,
                 what="posting once the disk is writable again")
        bob.wait_kind("post", text="after the failure")
        st = Member(s, "bob").join(sid)
        assert st["status"] == "running", st


def test_certificate_reload(tmp):
    """A renewed certificate goes to new connections; an open connection
    and a live session on the old one carry on."""
    cert, key, fp1 = make_cert(tmp, "one")
    live_cert = os.path.join(tmp, "tls.crt")
    live_key = os.path.join(tmp, "tls.key")
    os.rename(cert, live_cert)
    os.rename(key, live_key)
    s = server(tmp, conf={"tls": {"cert": live_cert, "key": live_key}})
    with s.start():
        assert s.fingerprint == fp1, (s.fingerprint, fp1)
        adm, sid, (ada, bob) = started(s, "open", ["ada", "bob"])
        old = s.login()
        assert old.fingerprint == fp1

        cert, key, fp2 = make_cert(tmp, "two")
        assert fp2 != fp1
        os.replace(cert, live_cert)
        os.replace(key, live_key)
        at = reload(s)
        got = s.err.wait(r"reloaded; certificate (SHA256:[0-9A-F:]+)",
                         start=at).group(1)
        assert got == fp2, (got, fp2)
        s.fingerprint = fp2

        # new connections are served the new certificate
        c = s.login("bob", PASSWORD)
        assert c.fingerprint == fp2
        c.close()
        try:
            w.Conn("127.0.0.1", s.port, pin=fp1)
        except w.WireError:
            pass
        else:
            raise AssertionError("a new connection got the old certificate")
        # the open ones were not dropped
        assert old.ping()["t"] == w.PONG
        talks(sid, ada, bob, "through a certificate reload")
        talks(sid, bob, ada, "and back")

        # a key that does not match: rejected, the running pair kept
        _, key3, _ = make_cert(tmp, "three")
        os.replace(key3, live_key)
        at = reload(s)
        s.err.wait(r"reload: private key .*mismatch; keeping the old",
                   start=at)
        c = s.login("bob", PASSWORD)
        assert c.fingerprint == fp2
        talks(sid, ada, bob, "after a failed reload")


def test_key_from_credentials(tmp):
    """key = tls.key is found in $CREDENTIALS_DIRECTORY; a reload reads it
    there again; without the directory the start fails (78)."""
    creds = os.path.join(tmp, "creds")
    os.mkdir(creds, 0o700)
    cert, key, fp1 = make_cert(tmp, "one")
    os.rename(key, os.path.join(creds, "tls.key"))
    conf = {"tls": {"cert": cert, "key": "tls.key"}}
    s = server(tmp, conf=conf, env={"CREDENTIALS_DIRECTORY": creds})
    with s.start():
        assert s.fingerprint == fp1, (s.fingerprint, fp1)
        c = s.login()
        assert c.fingerprint == fp1
        # systemd hands over a renewed key the same way
        cert2, key2, fp2 = make_cert(tmp, "two")
        os.replace(cert2, cert)
        os.replace(key2, os.path.join(creds, "tls.key"))
        at = reload(s)
        got = s.err.wait(r"reloaded; certificate (SHA256:[0-9A-F:]+)",
                         start=at).group(1)
        assert got == fp2, (got, fp2)
        s.fingerprint = fp2
        s.login().close()
        assert c.ping()["t"] == w.PONG

    # no credentials directory: tls.key is nowhere to be found
    s2 = server(tmp, conf=conf, env={"CREDENTIALS_DIRECTORY": ""})
    s2.env.pop("CREDENTIALS_DIRECTORY")
    s2.write_conf()
    r = subprocess.run([SERVER, "-f", s2.conf_path, "-d", s2.datadir],
                       capture_output=True, env=s2.env, timeout=60,
                       cwd=tmp)
    assert r.returncode == 78, r
    assert b"tls.key" in r.stderr, r.stderr


def test_reload_keeps_command_line(tmp):
    """-v raises the file's level at the start and at every reload."""
    s = server(tmp, conf={"server": {"log_level": "info"}})
    with s.start(extra_args=["-v"]):
        s.login().close()
        s.err.wait(r" debug roundtabled\[\d+\]: conn \d+: ")
        s.conf["limits"]["ping_interval"] = "30s"
        s.write_conf()
        at = reload(s)
        s.err.wait(r"reloaded; ", start=at)
        c = s.connect()
        assert c.hello()["ping_interval"] == 30      # the file applied
        c.close()
        s.err.wait(r" debug roundtabled\[\d+\]: conn \d+: ", start=at)


def test_missing_file_at_reload(tmp):
    """The -f file gone at a reload: an error, logged; the running
    configuration stays, and so does every session."""
    with server(tmp).start() as s:
        adm, sid, (ada, bob) = started(s, "open", ["ada", "bob"])
        os.remove(s.conf_path)
        at = reload(s)
        s.err.wait(r" error roundtabled\[\d+\]: %s: " % s.conf_path,
                   start=at)
        s.err.wait(r"configuration has errors; keeping the old", start=at)
        talks(sid, ada, bob, "with the file gone")
        s.write_conf()
        at = reload(s)
        s.err.wait(r"reloaded; ", start=at)
        wait_for(lambda: s.alive(), what="the server to run on")


if __name__ == "__main__":
    rtharness.main(globals())
