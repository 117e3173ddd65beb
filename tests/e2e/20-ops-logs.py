#!/usr/bin/env python3
"""20-ops-logs: the server's logs: no password, token or post body ever
appears in them (at the default level, info, at debug or at trace);
journald priority prefixes when stderr is the journal stream, timestamps
otherwise; and log levels."""

import os
import re
import signal
import subprocess

import rtharness
from rtharness import ADMIN_PASSWORD, SERVER, Lines, Server
import rtwire as w
from opslib import NotifySocket
import rtsession

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z "
                   r"(error|warn|info|debug|trace) roundtabled\[\d+\]: ")


def exercise(s, secrets):
    """Log in, fail, change a password, add an account: everything that
    handles a password."""
    s.add_user("ada", secrets[0])
    c = s.login("ada", secrets[0])
    assert c.request({"t": w.PASSWD, "old_password": secrets[0],
                      "new_password": secrets[1]})["t"] == w.OK
    d = s.connect()
    d.hello()
    assert d.login("ada", secrets[2])["name"] == "auth-failed"
    assert d.login("nobody", secrets[2])["name"] == "auth-failed"
    r = d.request({"t": w.PASSWD, "old_password": secrets[2],
                   "new_password": secrets[3]})
    assert r["t"] == w.ERROR, r
    tok = s.connect()
    tok.hello()
    token = tok.login("ada", secrets[1])["token"]
    t2 = s.connect()
    t2.hello()
    assert t2.login("ada", token=token)["t"] == w.LOGIN_OK
    for x in (c, d, tok, t2):
        x.close()
    return token


def discuss(s, words):
    """A running session in which each word is posted (and heard)."""
    adm, sid, (poster, reader) = rtsession.started(s, "open",
                                                   ["poster", "reader"])
    for word in words:
        r = poster.post(sid, "my point is %s, really" % word)
        assert r["t"] == w.POSTED, r
        reader.wait_kind("post", text="my point is %s, really" % word)
    for m in (adm, poster, reader):
        m.close()


def test_no_secrets(tmp):
    """Passwords, tokens and post bodies are logged at no level."""
    for level in ("info", "debug", "trace"):
        secrets = ["first-%s-secret" % level, "second-%s-secret" % level,
                   "wrong-%s-guess" % level, "never-%s-used" % level]
        words = ["quokka%sxyzzy" % level, "zanzibar%splugh" % level]
        s = rtsession.server(tmp, datadir=os.path.join(tmp, level),
                             conf={"server": {"log_level": level}})
        with s.start():
            token = exercise(s, secrets)
            discuss(s, words)
        text = "\n".join(s.err.snapshot() + s.out.snapshot())
        assert "logged in" in text and "failed login" in text, text
        assert "session" in text and "created" in text, text
        for secret in secrets + words + [ADMIN_PASSWORD, rtsession.PASSWORD,
                                         token]:
            assert secret not in text, "%s logged at %s" % (secret, level)


def test_timestamps_and_levels(tmp):
    s = Server(tmp)
    with s.start():
        s.login().close()
    for line in s.err.snapshot():
        assert STAMP.match(line), line
    # warn: the info lines go, the warnings stay
    s = Server(tmp, datadir=os.path.join(tmp, "warn"),
               conf={"server": {"log_level": "warn"}})
    s.write_conf()
    ns = NotifySocket(tmp)          # silent at warn: readiness from here
    s.env["NOTIFY_SOCKET"] = ns.path
    p = subprocess.Popen([SERVER, "-f", s.conf_path, "-d", s.datadir],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=s.env, preexec_fn=rtharness.child_setup())
    err = Lines(p.stderr)
    Lines(p.stdout)
    ns.wait(lambda m: m.get("READY") == "1", what="READY=1")
    ns.close()
    with open(s.conf_path, "a") as f:
        f.write("[limits]\nping_interval = never\n")
    p.send_signal(signal.SIGHUP)
    err.wait(r"keeping the old")
    p.send_signal(signal.SIGTERM)
    assert p.wait(30) == 0
    lines = err.snapshot()
    assert lines and all(" warn " in l or " error " in l
                         for l in lines if STAMP.match(l)), lines
    assert not any(" info " in l for l in lines), lines


def test_journal_prefixes(tmp):
    """With $JOURNAL_STREAM naming the stderr it writes to, each line
    starts with its syslog priority and carries no timestamp."""
    s = Server(tmp)
    s.write_conf()
    r, wfd = os.pipe()
    st = os.fstat(wfd)
    env = dict(s.env)
    env["JOURNAL_STREAM"] = "%d:%d" % (st.st_dev, st.st_ino)
    p = subprocess.Popen([SERVER, "-v", "-f", s.conf_path, "-d",
                          s.datadir], stdout=subprocess.DEVNULL,
                         stderr=wfd, env=env,
                         preexec_fn=rtharness.child_setup())
    os.close(wfd)
    err = Lines(os.fdopen(r, "rb"))
    port = int(err.wait(r"^<6>listening on 127\.0\.0\.1:(\d+)").group(1))
    err.wait(r"^<6>ready$")
    fp = err.wait(r"fingerprint (SHA256:\S+)").group(1)
    c = w.Conn("127.0.0.1", port, pin=fp)
    c.hello()
    assert c.login("admin", "wrong password here")["name"] == "auth-failed"
    c.close()
    err.wait(r"^<7>conn \d+: ")                     # debug, from -v
    with open(s.conf_path, "a") as f:
        f.write("[limits]\nping_interval = never\n")
    p.send_signal(signal.SIGHUP)
    err.wait(r"^<4>reload: configuration has errors")
    # the file's errors go through the log too, each with its line
    n = sum(1 for _ in open(s.conf_path))
    err.wait(r"^<3>%s:%d: limits\.ping_interval: cannot parse 'never'"
             % (re.escape(s.conf_path), n))
    p.send_signal(signal.SIGTERM)
    assert p.wait(30) == 0
    err.t.join(5)
    for line in err.snapshot():
        assert re.match(r"^<[3467]>", line), line
        assert not STAMP.match(line[3:]), line
    # a JOURNAL_STREAM that is not our stderr is ignored
    with Server(tmp, env={"JOURNAL_STREAM": "1:1"}) as s2:
        s2.start()
        assert STAMP.match(s2.err.snapshot()[0])


if __name__ == "__main__":
    rtharness.main(globals())
