"""opslib: helpers for the operations tests (20-ops-*.py): the metrics
listener over HTTP, a strict parser of the Prometheus text format, and a
listener for systemd's notification socket."""

import http.client
import os
import re
import socket
import ssl
import subprocess
import threading
import time

import rtwire
from rtharness import wait_for

_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_LABEL = r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"'
_SAMPLE = re.compile(r"^(%s)(\{(?:%s)(?:,%s)*\})? (\S+)$"
                     % (_NAME, _LABEL, _LABEL))
_VALUE = re.compile(r"^-?(?:[0-9]+(?:\.[0-9]+)?|\+Inf)$")


def metrics_port(server):
    """The port of a server's metrics listener, from its log."""
    m = server.err.wait(r"metrics listening on 127\.0\.0\.1:(\d+)")
    return int(m.group(1))


def http_get(port, path, method="GET", headers=None, timeout=10.0):
    """One HTTP request; return (status, headers dict, body text)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, headers=headers or {})
        r = c.getresponse()
        body = r.read().decode("utf-8")
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body
    finally:
        c.close()


def parse_metrics(text):
    """Parse the Prometheus text format strictly. Return ({(name,
    frozenset of label pairs): value}, {name: type}). Fail on anything
    that is not a HELP or TYPE line or a well-formed sample, on a sample
    before its TYPE, and on a metric declared twice."""
    assert text.endswith("\n"), "no final newline"
    samples, types, helps = {}, {}, set()
    for line in text[:-1].split("\n"):
        if line.startswith("# HELP "):
            name = line.split(" ", 3)[2]
            assert name not in helps, "HELP twice: %s" % name
            helps.add(name)
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind in ("counter", "gauge", "histogram"), line
            assert name not in types, "TYPE twice: %s" % name
            assert name in helps, "TYPE before HELP: %s" % name
            types[name] = kind
            continue
        m = _SAMPLE.match(line)
        assert m, "not a sample line: %r" % line
        name, value = m.group(1), m.group(m.lastindex)
        assert _VALUE.match(value), "bad value: %r" % line
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        assert name in types or (base in types and
                                 types[base] == "histogram"), \
            "sample before its TYPE: %r" % line
        labels = frozenset(re.findall(_LABEL, m.group(2) or ""))
        key = (name, labels)
        assert key not in samples, "sample twice: %r" % line
        samples[key] = float(value)
    return samples, types


def scrape(port):
    """GET /metrics and parse it."""
    status, headers, body = http_get(port, "/metrics")
    assert status == 200, (status, body)
    assert headers["content-type"].startswith(
        "text/plain; version=0.0.4"), headers
    return parse_metrics(body)[0]


def value(samples, name, **labels):
    """One sample's value, 0 if absent."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def total(samples, name):
    """The sum of a metric over all its labels."""
    return sum(v for (n, _), v in samples.items() if n == name)


def wait_metric(port, pred, timeout=20.0, what="metrics"):
    """Scrape until pred(samples) holds; return those samples."""
    def check():
        s = scrape(port)
        return s if pred(s) else None
    return wait_for(check, timeout, what)


class NotifySocket:
    """An AF_UNIX datagram socket standing in for systemd's notification
    socket: collects each message as a dict of its KEY=VALUE lines."""

    def __init__(self, tmp):
        self.path = os.path.join(tmp, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.settimeout(0.2)
        self.messages = []
        self.lock = threading.Lock()
        self.done = False
        self.t = threading.Thread(target=self._run, daemon=True)
        self.t.start()

    def _run(self):
        while not self.done:
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            msg = {}
            for line in data.decode("utf-8").split("\n"):
                if "=" in line:
                    k, v = line.split("=", 1)
                    msg[k] = v
            with self.lock:
                self.messages.append(msg)

    def snapshot(self):
        with self.lock:
            return list(self.messages)

    def wait(self, pred, start=0, timeout=20.0, what="a notification"):
        """Wait for a message at index >= start matching pred; return its
        index."""
        def find():
            for i, m in enumerate(self.snapshot()):
                if i >= start and pred(m):
                    return i + 1
            return None
        return wait_for(find, timeout, what) - 1

    def close(self):
        self.done = True
        self.t.join(5)
        self.sock.close()


def make_cert(tmp, name):
    """A self-signed ECDSA P-256 certificate and key made with openssl,
    in tmp; return (cert path, key path, fingerprint)."""
    cert = os.path.join(tmp, name + ".crt")
    key = os.path.join(tmp, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=localhost"], check=True,
                   capture_output=True, timeout=60)
    with open(cert) as f:
        der = ssl.PEM_cert_to_DER_cert(f.read())
    return cert, key, rtwire.fingerprint(der)


def monotonic_usec():
    return int(time.clock_gettime(time.CLOCK_MONOTONIC) * 1000000)
