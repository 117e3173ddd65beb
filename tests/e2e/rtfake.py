"""rtfake: a fake roundtabled for tests of the client against a server
that misbehaves on purpose. It listens on a loopback port with TLS 1.3
and a self-signed certificate of its own (the client pins its
fingerprint), speaks the framing and msgpack of rtwire.py, answers hello
and login as PROTOCOL.md says, and otherwise does what the test asks:
after_login(conn) runs once a client is logged in, replies[type](conn,
msg) answers a request (a request with no entry gets ok), and a test may
send any frame on the latest connection, or drop it."""

import os
import socket
import ssl
import subprocess
import threading

import rtwire as w


class FakeConn:
    """One client connected to the fake server."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.lock = threading.Lock()
        self.got = []           # the messages the client sent

    def send(self, msg):
        with self.lock:
            try:
                self.sock.sendall(w.frame(w.mp_encode(msg)))
            except OSError:
                pass

    def recv(self):
        while True:
            if len(self.buf) >= 4:
                n = int.from_bytes(self.buf[:4], "big")
                if len(self.buf) >= 4 + n:
                    body, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
                    return w.mp_decode(body)
            try:
                chunk = self.sock.recv(65536)
            except (OSError, ssl.SSLError):
                return None
            if not chunk:
                return None
            self.buf += chunk

    def close(self):
        """Drop the connection, as a network that goes away would (no
        bye): the thread serving it wakes and releases the descriptor.
        Only that thread closes it: OpenSSL in a read woken by the
        shutdown writes an alert to the descriptor number it holds,
        which, closed here, could be the next pipe or socket opened."""
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def release(self):
        """Close the descriptor; only the serving thread calls this."""
        self.close()
        try:
            self.sock.close()
        except OSError:
            pass


class FakeServer:
    """A roundtabled that does what the test asks (see the module's
    docstring); last() is the latest connection."""

    def __init__(self, tmp):
        self.tmp = tmp
        key = os.path.join(tmp, "fake.key")
        cert = os.path.join(tmp, "fake.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                        "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", key, "-out", cert, "-days", "1",
                        "-subj", "/CN=localhost"],
                       capture_output=True, check=True)
        with open(cert) as f:
            self.fingerprint = w.fingerprint(
                ssl.PEM_cert_to_DER_cert(f.read()))
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        self.ctx.load_cert_chain(cert, key)
        self.lsock = socket.socket()
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(16)
        self.port = self.lsock.getsockname()[1]
        self.server_name = "fake"
        self.after_login = None
        self.replies = {}
        self.conns = []
        self.acceptor = threading.Thread(target=self._accept, daemon=True)
        self.acceptor.start()

    def _accept(self):
        while True:
            try:
                s, _ = self.lsock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(s,),
                             daemon=True).start()

    def _serve(self, s):
        try:
            s = self.ctx.wrap_socket(s, server_side=True)
        except (OSError, ssl.SSLError):
            s.close()
            return
        c = FakeConn(s)
        self.conns.append(c)
        try:
            self._talk(c)
        finally:
            c.release()     # a failing script ends the connection

    def _talk(self, c):
        while True:
            m = c.recv()
            if m is None or not isinstance(m, dict):
                break
            c.got.append(m)
            t, rid = m.get("t"), m.get("id", 0)
            if t in self.replies and t not in (w.HELLO, w.LOGIN):
                self.replies[t](c, m)
            elif t == w.HELLO:
                c.send({"t": w.WELCOME, "id": rid, "version": 1,
                        "server": self.server_name, "max_frame": 1 << 20,
                        "ping_interval": 600})
            elif t == w.LOGIN:
                c.send({"t": w.LOGIN_OK, "id": rid, "uid": 1,
                        "user": m.get("user", "ada"), "token": "t" * 43,
                        "token_expires": 4102444800})
                if self.after_login is not None:
                    self.after_login(c)
            elif t == w.PING:
                c.send({"t": w.PONG, "id": rid, "nonce": m.get("nonce", 0)})
            elif t == w.BYE:
                break
            elif t == w.PONG:
                continue
            else:
                c.send({"t": w.OK, "id": rid})

    def last(self):
        return self.conns[-1] if self.conns else None

    def close(self):
        # Wake the accept first: a closed descriptor that a thread still
        # waits on would be the next socket's, another server's.
        try:
            self.lsock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.acceptor.join(10)
        self.lsock.close()
        for c in self.conns:
            c.close()
