#!/usr/bin/env python3
"""01: connecting: hello and version negotiation, login by password and
by token, ping, passwd, logout, and the state machine's refusals. The
refusals keep a bystander logged in throughout, which must still be
served (and the server's memory within a bound) after them."""

import os
import sqlite3
import time

import rtharness
from rtharness import ADMIN_PASSWORD, Server
import rtwire as w


def test_hello_login_ping(tmp):
    with Server(tmp).start() as s:
        c = s.connect()
        r = c.hello()
        assert r["t"] == w.WELCOME and r["version"] == 1, r
        assert r["max_frame"] == 65536 and r["ping_interval"] == 60, r
        assert r["server"].startswith("roundtabled "), r
        r = c.login("admin", ADMIN_PASSWORD)
        assert r["t"] == w.LOGIN_OK, r
        assert r["user"] == "admin" and r["admin"] is True, r
        assert r["token"].startswith("rt1."), r
        assert not r.get("must_change_password"), r
        r = c.ping(1234)
        assert r["t"] == w.PONG and r["nonce"] == 1234, r
        c.send({"t": w.BYE, "code": 0, "reason": "done"})
        assert c.closed() is None


def test_version_negotiation(tmp):
    with Server(tmp).start() as s:
        by = s.bystander()
        c = s.connect()
        r = c.hello(1, 7)
        assert r["t"] == w.WELCOME and r["version"] == 1, r
        c.close()
        c = s.connect()
        r = c.hello(2, 9)
        assert r["t"] == w.ERROR and r["name"] == "version", r
        assert "1 to 1" in r["message"], r
        bye = c.closed()
        assert bye is not None and bye["code"] == 111, bye
        c = s.connect()
        r = c.hello(3, 1)
        assert r["t"] == w.ERROR and r["name"] == "bad-value", r
        by.check()


def test_wrong_state(tmp):
    with Server(tmp).start() as s:
        by = s.bystander()
        c = s.connect()
        r = c.request({"t": w.LOGIN, "user": "admin",
                       "password": ADMIN_PASSWORD})
        assert r["t"] == w.ERROR and r["name"] == "bad-state", r
        assert "before hello" in r["message"], r
        r = c.request({"t": w.PASSWD, "old_password": "x" * 8,
                       "new_password": "y" * 8})
        assert r["t"] == w.ERROR and r["code"] == 110, r
        # ping is allowed in any state
        assert c.ping(5)["t"] == w.PONG
        assert c.hello()["t"] == w.WELCOME
        r = c.hello()
        assert r["t"] == w.ERROR and r["name"] == "bad-state", r
        r = c.request({"t": w.LOGOUT})
        assert r["t"] == w.ERROR and "before login" in r["message"], r
        assert c.login("admin", ADMIN_PASSWORD)["t"] == w.LOGIN_OK
        r = c.request({"t": w.LOGIN, "user": "admin",
                       "password": ADMIN_PASSWORD})
        assert r["t"] == w.ERROR and "after login" in r["message"], r
        by.check()


def test_login_failures(tmp):
    with Server(tmp).start() as s:
        by = s.bystander()
        s.add_user("ada", "lovelace-1815")
        c = s.connect()
        c.hello()
        r = c.login("ada", "wrong password")
        assert r["t"] == w.ERROR and r["name"] == "auth-failed", r
        unknown = c.login("nobody", "wrong password")
        assert unknown["t"] == w.ERROR, unknown
        assert unknown["message"] == r["message"], (unknown, r)
        r = c.request({"t": w.LOGIN, "user": "ada"})
        assert r["t"] == w.ERROR and r["name"] == "bad-field", r
        r = c.request({"t": w.LOGIN, "user": "ada", "password": "x",
                       "token": "y"})
        assert r["t"] == w.ERROR and r["name"] == "bad-field", r
        r = c.login("ada", token="rt1.nonsense")
        assert r["t"] == w.ERROR and r["name"] == "bad-token", r
        r = c.login("ada", "lovelace-1815")
        assert r["t"] == w.LOGIN_OK and r["user"] == "ada", r
        assert not r.get("admin"), r
        by.check()


def test_too_many_failures_close(tmp):
    with Server(tmp).start() as s:
        by = s.bystander()
        c = s.connect()
        c.hello()
        for _ in range(4):
            assert c.login("admin", "nope nope")["name"] == "auth-failed"
        c.send({"t": w.LOGIN, "user": "admin", "password": "nope"})
        bye = c.closed()
        assert bye is not None and bye["code"] == 200, bye
        # others are still served
        by.check()


def new_token(s):
    """Log in as admin by password on a connection of its own; return the
    resume token."""
    c = s.connect()
    c.hello()
    tok = c.login("admin", ADMIN_PASSWORD)["token"]
    c.close()
    return tok


def test_token_login_and_logout(tmp):
    with Server(tmp).start() as s:
        by = s.bystander()
        tok = new_token(s)
        c = s.connect()
        c.hello()
        r = c.login("admin", token=tok)
        assert r["t"] == w.LOGIN_OK and "token" not in r, r
        assert r["token_expires"] > 0
        r = c.request({"t": w.LOGOUT})
        assert r["t"] == w.OK, r
        bye = c.closed()
        assert bye is not None and bye.get("code", 0) == 0, bye
        c = s.connect()
        c.hello()
        r = c.login("admin", token=tok)
        assert r["t"] == w.ERROR and r["name"] == "bad-token", r
        # a token is bound to its account
        c2 = s.connect()
        c2.hello()
        tok2 = c2.login("admin", ADMIN_PASSWORD)["token"]
        s.add_user("ada", "lovelace-1815")
        r = c.login("ada", token=tok2)
        assert r["t"] == w.ERROR and r["name"] == "bad-token", r
        by.check()


def test_expired_token(tmp):
    """A resume token past its expiry is refused like an unknown one,
    and dropped from the database on sight."""
    with Server(tmp).start() as s:
        by = s.bystander()
        tok = new_token(s)
        # age the newest token (this one) past its expiry, on the live
        # database (WAL: the server reads it on the next login)
        db = sqlite3.connect(os.path.join(s.datadir, "roundtable.db"),
                             timeout=30)
        now = int(time.time())
        with db:
            n = db.execute("UPDATE tokens SET expires = ? WHERE tid = "
                           "(SELECT max(tid) FROM tokens)",
                           (now - 1,)).rowcount
        assert n == 1
        c = s.connect()
        c.hello()
        r = c.login("admin", token=tok)
        assert r["t"] == w.ERROR and r["name"] == "bad-token", r
        assert "expired" in r["message"], r
        left = db.execute("SELECT count(*) FROM tokens WHERE expires <= ?",
                          (now,)).fetchone()[0]
        db.close()
        assert left == 0, left
        # the password still works, and others were served throughout
        assert c.login("admin", ADMIN_PASSWORD)["t"] == w.LOGIN_OK
        by.check()


def test_logout_all(tmp):
    with Server(tmp).start() as s:
        toks = []
        for _ in range(3):
            c = s.connect()
            c.hello()
            toks.append(c.login("admin", ADMIN_PASSWORD)["token"])
            c.close()
        c = s.connect()
        c.hello()
        c.login("admin", token=toks[0])
        assert c.request({"t": w.LOGOUT, "all": True})["t"] == w.OK
        for t in toks:
            c = s.connect()
            c.hello()
            assert c.login("admin", token=t)["name"] == "bad-token"


def test_passwd(tmp):
    with Server(tmp).start() as s:
        s.add_user("ada", "lovelace-1815")
        old = s.connect()
        old.hello()
        old_tok = old.login("ada", "lovelace-1815")["token"]
        c = s.login("ada", "lovelace-1815")
        r = c.request({"t": w.PASSWD, "old_password": "lovelace-1815",
                       "new_password": "short"})
        assert r["t"] == w.ERROR and r["name"] == "weak-password", r
        r = c.request({"t": w.PASSWD, "old_password": "lovelace-1815",
                       "new_password": "ADA"})
        assert r["name"] == "weak-password", r
        r = c.request({"t": w.PASSWD, "old_password": "wrong-password",
                       "new_password": "analytical-engine"})
        assert r["t"] == w.ERROR and r["name"] == "auth-failed", r
        r = c.request({"t": w.PASSWD, "old_password": "lovelace-1815",
                       "new_password": "analytical-engine"})
        assert r["t"] == w.OK, r
        # the other connection's token was revoked
        x = s.connect()
        x.hello()
        assert x.login("ada", token=old_tok)["name"] == "bad-token"
        assert x.login("ada", "lovelace-1815")["name"] == "auth-failed"
        assert x.login("ada", "analytical-engine")["t"] == w.LOGIN_OK


def test_generated_admin_must_change(tmp):
    with Server(tmp, admin_password=None).start() as s:
        pw = s.out.wait(r"password: (\S+)").group(1)
        c = s.connect()
        c.hello()
        r = c.login("admin", pw)
        assert r["t"] == w.LOGIN_OK and r["must_change_password"], r
        assert c.ping()["t"] == w.PONG
        r = c.request({"t": w.PASSWD, "old_password": pw,
                       "new_password": "a-better-password"})
        assert r["t"] == w.OK, r
        c.close()
        c = s.connect()
        c.hello()
        r = c.login("admin", "a-better-password")
        assert r["t"] == w.LOGIN_OK, r
        assert not r.get("must_change_password"), r


def test_requests_in_order_during_login(tmp):
    """Frames pipelined behind a password login are handled after it,
    in order, and replied to in order."""
    with Server(tmp).start() as s:
        c = s.connect()
        c.hello()
        ids = [c.send({"t": w.LOGIN, "user": "admin",
                       "password": ADMIN_PASSWORD})]
        for n in range(5):
            ids.append(c.send({"t": w.PING, "nonce": n}))
        got = []
        while len(got) < len(ids):
            m = c.recv()
            got.append(m)
        assert [m["id"] for m in got] == ids, got
        assert got[0]["t"] == w.LOGIN_OK
        assert all(m["t"] == w.PONG for m in got[1:])


if __name__ == "__main__":
    rtharness.main(globals())
