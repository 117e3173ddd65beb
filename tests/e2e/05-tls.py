#!/usr/bin/env python3
"""05: TLS: version 1.3 only, the generated ECDSA P-256 certificate and
its fingerprint, verification with the certificate as a CA file, a
configured certificate, no session tickets, and abrupt client exits."""

import os
import re
import socket
import ssl
import subprocess

import rtharness
from rtharness import Server, wait_for
import rtwire as w


def tls_connect(s, ctx, host="localhost"):
    raw = socket.create_connection(("127.0.0.1", s.port), timeout=10)
    return ctx.wrap_socket(raw, server_hostname=host)


def test_tls12_refused(tmp):
    with Server(tmp).start() as s:
        by = s.bystander()
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        try:
            tls_connect(s, ctx)
        except (ssl.SSLError, ConnectionError):
            pass
        else:
            raise AssertionError("TLS 1.2 handshake succeeded")
        by.check()


def test_certificate(tmp):
    with Server(tmp).start() as s:
        text = subprocess.run(["openssl", "x509", "-in", s.cert, "-noout",
                               "-text"], capture_output=True,
                              check=True).stdout.decode()
        assert "id-ecPublicKey" in text and "prime256v1" in text, text
        assert "DNS:localhost" in text and "IP Address:127.0.0.1" in text
        fp = subprocess.run(["openssl", "x509", "-in", s.cert, "-noout",
                             "-fingerprint", "-sha256"], capture_output=True,
                            check=True).stdout.decode().strip()
        assert fp.split("=", 1)[1] == s.fingerprint[len("SHA256:"):], fp

        # the certificate verifies as its own CA, by name and by address
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(s.cert)
        for host in ("localhost", "127.0.0.1"):
            t = tls_connect(s, ctx, host)
            assert t.version() == "TLSv1.3", t.version()
            t.close()
        try:
            tls_connect(s, ctx, "example.org")
        except ssl.SSLCertVerificationError:
            pass
        else:
            raise AssertionError("wrong host name verified")

        # no session tickets are issued
        c = w.Conn("127.0.0.1", s.port, cafile=s.cert)
        c.hello()
        assert c.sock.session is None or not c.sock.session.has_ticket


def test_configured_certificate(tmp):
    key = os.path.join(tmp, "k.pem")
    cert = os.path.join(tmp, "c.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost"],
                   capture_output=True, check=True)
    conf = {"tls": {"cert": cert, "key": key}}
    with Server(tmp, conf=conf).start() as s:
        c = s.connect()
        assert c.fingerprint == s.fingerprint
        assert not os.path.exists(os.path.join(s.datadir, "tls"))
        c.close()
    # a key that does not match is refused at start, with exit code 78
    other = os.path.join(tmp, "k2.pem")
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey",
                    "-noout", "-out", other], capture_output=True,
                   check=True)
    s = Server(tmp, conf={"tls": {"cert": cert, "key": other}})
    s.write_conf()
    p = subprocess.run([rtharness.SERVER, "-f", s.conf_path, "-d",
                        s.datadir], capture_output=True, env=s.env,
                       timeout=60)
    assert p.returncode == 78, p
    assert b"mismatch" in p.stderr, p.stderr


def test_abrupt_close(tmp):
    with Server(tmp, conf={"server": {"log_level": "debug"}}).start() as s:
        by = s.bystander()
        for _ in range(20):
            c = s.login()
            # close the TCP socket without a TLS close_notify
            os.close(c.sock.detach())
        wait_for(lambda: len([x for x in s.err.snapshot() if re.search(
            r"admin \(127\.0\.0\.1:\d+\) disconnected: end of stream",
            x)]) == 20, what="twenty ordinary disconnects")
        by.check()


if __name__ == "__main__":
    rtharness.main(globals())
