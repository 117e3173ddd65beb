"""rtwire: a minimal Roundtable client in Python, written from
proto/PROTOCOL.md alone. The end-to-end tests use it to speak the wire
protocol byte by byte, including on purpose malformed frames.

It holds its own msgpack encoder and decoder (the subset of section 2.1),
so it depends on nothing outside the Python standard library.
"""

import hashlib
import socket
import ssl
import struct
import time

PROTO_VERSION = 1

# Message types (PROTOCOL.md section 5).
HELLO, WELCOME, LOGIN, LOGIN_OK, PING, PONG, BYE, ERROR, OK = range(100, 109)
PASSWD, LOGOUT = 109, 110

# 2xx: spaces (PROTOCOL.md section 5.2). Requests, then replies.
(SPACE_CREATE, SPACE_UPDATE, SPACE_ARCHIVE, SPACE_INFO, SPACE_LIST,
 SPACE_MINE, SPACE_MEMBERS, SPACE_INVITE, SPACE_INVITES, SPACE_REVOKE,
 SPACE_JOIN, SPACE_REQUEST, SPACE_REQUESTS, SPACE_APPROVE, SPACE_DECLINE,
 SPACE_LEAVE, SPACE_ADD, SPACE_REMOVE, SPACE_SET_ROLE,
 SPACE_LOG) = range(200, 220)
(SPACE, SPACE_PAGE, MEMBER_PAGE, INVITE, INVITE_PAGE, REQUEST_PAGE,
 LOG_PAGE) = range(250, 257)

# 3xx: protocol sessions (PROTOCOL.md section 5.3).
(SESSION_CREATE, SESSION_LIST, SESSION_INFO, SESSION_JOIN, SESSION_LEAVE,
 SESSION_POST, SESSION_ACT, SESSION_CONTROL, SESSION_STATS, TEMPLATE_LIST,
 TEMPLATE_INFO) = range(300, 311)
(SESSION, SESSION_PAGE, SESSION_STATE, SESSION_EVENT, POSTED, STATS,
 TEMPLATE_PAGE, TEMPLATE) = range(350, 358)


class WireError(Exception):
    """The peer broke the protocol, or the stream ended."""


def mp_encode(obj):
    """Encode a Python value as msgpack."""
    if obj is None:
        return b"\xc0"
    if obj is True:
        return b"\xc3"
    if obj is False:
        return b"\xc2"
    if isinstance(obj, int):
        if 0 <= obj < 128:
            return bytes([obj])
        if -32 <= obj < 0:
            return struct.pack(">b", obj)
        if 0 <= obj < 1 << 8:
            return b"\xcc" + struct.pack(">B", obj)
        if 0 <= obj < 1 << 16:
            return b"\xcd" + struct.pack(">H", obj)
        if 0 <= obj < 1 << 32:
            return b"\xce" + struct.pack(">I", obj)
        if 0 <= obj < 1 << 64:
            return b"\xcf" + struct.pack(">Q", obj)
        return b"\xd3" + struct.pack(">q", obj)
    if isinstance(obj, float):
        return b"\xcb" + struct.pack(">d", obj)
    if isinstance(obj, str):
        b = obj.encode("utf-8", "surrogateescape")
        return mp_str_header(len(b)) + b
    if isinstance(obj, (bytes, bytearray)):
        n = len(obj)
        if n < 1 << 8:
            return b"\xc4" + bytes([n]) + bytes(obj)
        if n < 1 << 16:
            return b"\xc5" + struct.pack(">H", n) + bytes(obj)
        return b"\xc6" + struct.pack(">I", n) + bytes(obj)
    if isinstance(obj, (list, tuple)):
        n = len(obj)
        head = (bytes([0x90 | n]) if n < 16 else
                b"\xdc" + struct.pack(">H", n) if n < 1 << 16 else
                b"\xdd" + struct.pack(">I", n))
        return head + b"".join(mp_encode(x) for x in obj)
    if isinstance(obj, dict):
        n = len(obj)
        head = (bytes([0x80 | n]) if n < 16 else
                b"\xde" + struct.pack(">H", n) if n < 1 << 16 else
                b"\xdf" + struct.pack(">I", n))
        return head + b"".join(mp_encode(k) + mp_encode(v)
                               for k, v in obj.items())
    raise TypeError("cannot encode %r" % (obj,))


def mp_str_header(n):
    """The header of a string of n bytes."""
    if n < 32:
        return bytes([0xa0 | n])
    if n < 1 << 8:
        return b"\xd9" + bytes([n])
    if n < 1 << 16:
        return b"\xda" + struct.pack(">H", n)
    return b"\xdb" + struct.pack(">I", n)


def mp_decode(data):
    """Decode exactly one msgpack object from data."""
    obj, pos = _mp_decode(data, 0)
    if pos != len(data):
        raise WireError("trailing bytes after msgpack object")
    return obj


def _mp_decode(d, i):
    b = d[i]
    i += 1
    if b <= 0x7f:
        return b, i
    if b >= 0xe0:
        return b - 256, i
    if 0x80 <= b <= 0x8f:
        return _mp_map(d, i, b & 0x0f)
    if 0x90 <= b <= 0x9f:
        return _mp_array(d, i, b & 0x0f)
    if 0xa0 <= b <= 0xbf:
        n = b & 0x1f
        return d[i:i + n].decode("utf-8"), i + n
    fixed = {0xc0: (None, 0), 0xc2: (False, 0), 0xc3: (True, 0)}
    if b in fixed:
        return fixed[b][0], i
    ints = {0xcc: ">B", 0xcd: ">H", 0xce: ">I", 0xcf: ">Q",
            0xd0: ">b", 0xd1: ">h", 0xd2: ">i", 0xd3: ">q",
            0xca: ">f", 0xcb: ">d"}
    if b in ints:
        fmt = ints[b]
        n = struct.calcsize(fmt)
        return struct.unpack(fmt, d[i:i + n])[0], i + n
    lens = {0xd9: ">B", 0xda: ">H", 0xdb: ">I",
            0xc4: ">B", 0xc5: ">H", 0xc6: ">I",
            0xdc: ">H", 0xdd: ">I", 0xde: ">H", 0xdf: ">I"}
    if b in lens:
        fmt = lens[b]
        w = struct.calcsize(fmt)
        n = struct.unpack(fmt, d[i:i + w])[0]
        i += w
        if b in (0xd9, 0xda, 0xdb):
            return d[i:i + n].decode("utf-8"), i + n
        if b in (0xc4, 0xc5, 0xc6):
            return bytes(d[i:i + n]), i + n
        if b in (0xdc, 0xdd):
            return _mp_array(d, i, n)
        return _mp_map(d, i, n)
    raise WireError("unsupported msgpack byte 0x%02x" % b)


def _mp_array(d, i, n):
    out = []
    for _ in range(n):
        v, i = _mp_decode(d, i)
        out.append(v)
    return out, i


def _mp_map(d, i, n):
    out = {}
    for _ in range(n):
        k, i = _mp_decode(d, i)
        v, i = _mp_decode(d, i)
        out[k] = v
    return out, i


def frame(body):
    """Put the 4-byte big-endian length prefix on a body."""
    return struct.pack(">I", len(body)) + body


def fingerprint(der):
    """SHA256:AB:CD:... for a DER certificate, as the server prints it."""
    h = hashlib.sha256(der).hexdigest().upper()
    return "SHA256:" + ":".join(h[i:i + 2] for i in range(0, len(h), 2))


class Conn:
    """One TLS connection to roundtabled."""

    def __init__(self, host, port, cafile=None, pin=None, timeout=10.0,
                 source=None, rcvbuf=None):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        if cafile:
            ctx.load_verify_locations(cafile)
        else:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        if rcvbuf is None:
            raw = socket.create_connection(
                (host, port), timeout=timeout,
                source_address=(source, 0) if source else None)
        else:
            # a receive buffer set before connecting bounds the window
            raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            raw.settimeout(timeout)
            if source:
                raw.bind((source, 0))
            raw.connect((host, port))
        self.sock = ctx.wrap_socket(raw, server_hostname=host)
        self.fingerprint = fingerprint(self.sock.getpeercert(True))
        if pin is not None and pin != self.fingerprint:
            self.sock.close()
            raise WireError("server fingerprint %s is not the pinned %s"
                            % (self.fingerprint, pin))
        self.buf = b""
        self.next_id = 1

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send_raw(self, data):
        """Send bytes as they are (for malformed-input tests)."""
        self.sock.sendall(data)

    def send(self, msg):
        """Send one message (a dict); give it an id if it has none.
        Return the id."""
        msg = dict(msg)
        if "id" not in msg:
            msg["id"] = self.next_id
            self.next_id += 1
        self.send_raw(frame(mp_encode(msg)))
        return msg["id"]

    def _fill(self, n, deadline):
        while len(self.buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no frame before the deadline")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise TimeoutError("no frame before the deadline")
            except ssl.SSLError as e:
                raise WireError("TLS error: %s" % e)
            if not chunk:
                raise WireError("connection closed")
            self.buf += chunk

    def recv(self, timeout=10.0):
        """Receive one message (a dict)."""
        deadline = time.monotonic() + timeout
        self._fill(4, deadline)
        n = struct.unpack(">I", self.buf[:4])[0]
        if n == 0 or n > 1 << 20:
            raise WireError("bad frame length %d from server" % n)
        self._fill(4 + n, deadline)
        body, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
        msg = mp_decode(body)
        if not isinstance(msg, dict) or "t" not in msg:
            raise WireError("server frame is not a message: %r" % (msg,))
        return msg

    def recv_until(self, pred, timeout=10.0):
        """Receive messages until pred(msg) holds; return that message.
        Answer server pings on the way."""
        deadline = time.monotonic() + timeout
        while True:
            m = self.recv(max(0.0, deadline - time.monotonic()))
            if m["t"] == PING and not pred(m):
                self.send({"t": PONG, "nonce": m.get("nonce", 0), "id": 0})
                continue
            if pred(m):
                return m

    def reply(self, req_id, timeout=10.0):
        """Wait for the reply to request req_id."""
        return self.recv_until(lambda m: m.get("id") == req_id and
                               m["t"] != PING, timeout)

    def request(self, msg, timeout=10.0):
        """Send a request and wait for its reply."""
        return self.reply(self.send(msg), timeout)

    def closed(self, timeout=10.0):
        """Wait until the server closes; return the bye it sent, if any."""
        deadline = time.monotonic() + timeout
        bye = None
        while True:
            try:
                m = self.recv(max(0.0, deadline - time.monotonic()))
            except WireError:
                return bye
            except (ConnectionError, OSError):
                return bye
            if m["t"] == BYE:
                bye = m

    def hello(self, vmin=PROTO_VERSION, vmax=PROTO_VERSION):
        return self.request({"t": HELLO, "version_min": vmin,
                             "version_max": vmax, "client": "rtwire"})

    def login(self, user, password=None, token=None):
        m = {"t": LOGIN, "user": user}
        if password is not None:
            m["password"] = password
        if token is not None:
            m["token"] = token
        return self.request(m)

    def ping(self, nonce=1):
        return self.request({"t": PING, "nonce": nonce})
