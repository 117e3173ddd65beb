#!/usr/bin/env python3
"""gen-dicts.py: write the libFuzzer dictionaries tests/fuzz/NAME.dict
from the tables they follow, so that they stay complete as the tables
grow:

  fuzz-frame     msgpack type markers, every field key (proto/msg-*.c)
                 and every message type number (proto/rt-proto.h), all
                 as msgpack would encode them
  fuzz-display   the same (it decodes server frames), plus terminal
                 escapes and the Unicode controls sanitize() defuses
  fuzz-config    section headers and keys (server/options-table.c),
                 unit suffixes and the enumerated values
  fuzz-template  section headers, keys, enumerated values and floor
                 names (server/engine/template.c, floor-*.c)
  fuzz-cmdline   every command and alias (client/cmd-*.c), quoting
  fuzz-engine    none: its input is a packed sequence of small numbers

With --check, compare instead and exit 1 if a dictionary is stale (ctest
runs this as fuzz.dicts).
"""

import glob
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fuzz")


def read(*parts):
    with open(os.path.join(ROOT, *parts)) as f:
        return f.read()


def esc(b):
    """A dictionary value: printable ASCII as is, the rest as \\xNN."""
    out = []
    for c in b:
        if 0x20 <= c < 0x7f and c not in (0x22, 0x5c):
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    return '"' + "".join(out) + '"'


def mp_str(s):
    b = s.encode()
    if len(b) < 32:
        return bytes([0xa0 | len(b)]) + b
    return b"\xd9" + bytes([len(b)]) + b


def mp_uint(n):
    if n < 128:
        return bytes([n])
    if n < 256:
        return b"\xcc" + bytes([n])
    return b"\xcd" + struct.pack(">H", n)


def proto_keys():
    keys = set()
    for path in sorted(glob.glob(os.path.join(ROOT, "proto", "msg-*.c"))):
        with open(path) as f:
            keys.update(re.findall(r'PF_FIELD\([^,]+,\s*\w+,\s*"([^"]+)"',
                                   f.read(), re.S))
    return sorted(keys | {"t", "id"})


def proto_types():
    text = read("proto", "rt-proto.h")
    return sorted({int(n) for n in re.findall(r"\bMSG_\w+ = (\d+),", text)
                   if 0 < int(n) < 999})


MP_MARKERS = [b"\xc0", b"\xc1", b"\xc2", b"\xc3", b"\xc4\x00", b"\xc5",
              b"\xc6", b"\xca", b"\xcb", b"\xcc", b"\xcd", b"\xce", b"\xcf",
              b"\xd0", b"\xd1", b"\xd2", b"\xd3", b"\xd4", b"\xd8", b"\xd9",
              b"\xda", b"\xdb", b"\xdc", b"\xdd", b"\xde", b"\xdf",
              b"\x80", b"\x81", b"\x8f", b"\x90", b"\x91", b"\x9f", b"\xa0",
              b"\xff", b"\xe0", b"\xdd\xff\xff\xff\xff",
              b"\xdf\xff\xff\xff\xff", b"\xdb\xff\xff\xff\xff",
              b"\x00\x00\x00\x00", b"\x00\x01\x00\x00", b"\xff\xff\xff\xff"]


def frame_dict():
    out = [("marker", m) for m in MP_MARKERS]
    out += [("key_" + k, mp_str(k)) for k in proto_keys()]
    out += [("type_%d" % n, mp_str("t") + mp_uint(n))
            for n in proto_types()]
    return out


TERMINAL = [b"\x1b[", b"\x1b]", b"\x1bP", b"\x1b[2J", b"\x1b]0;", b"\x07",
            b"\x08", b"\r", b"\n", b"\t", b"\x7f", b"\xc2\x85", b"\xc2\x9b",
            b"\xc2\x9d", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xe2\x80\xaa",
            b"\xe2\x80\xae", b"\xe2\x81\xa6", b"\xe2\x81\xa9",
            b"\xe2\x80\x8b", b"\xcc\x81", b"\xe4\xb8\xad",
            b"\xf0\x9f\x98\x80", b"\xc0\xaf", b"\xed\xa0\x80"]


def display_dict():
    return frame_dict() + [("term_%d" % i, t)
                           for i, t in enumerate(TERMINAL)]


def config_dict():
    text = read("server", "options-table.c")
    pairs = re.findall(r'O\("(\w+)",\s*"(\w+)"', text)
    out = [("section_" + s, ("[%s]" % s).encode())
           for s in sorted({s for s, _ in pairs})]
    out += [("key_" + k, ("%s = " % k).encode())
            for k in sorted({k for _, k in pairs})]
    for v in ("yes", "no", "normal", "full", "info", "debug", "trace",
              "warn", "error", "ms", "s", "m", "h", "d", "K", "M", "G", "=",
              "\n", ";", "#", ":0", "127.0.0.1:", "[::1]:", ",", " "):
        out.append(("value_%d" % len(out), v.encode()))
    return out


def template_dict():
    text = read("server", "engine", "template.c")
    keys = sorted(set(re.findall(r'\{ "(\w+)", SEC_', text)))
    values = sorted({v for group in re.findall(
        r"_names\[\] = \{([^}]*)\}", text) for v in re.findall(
            r'"([\w-]+)"', group)})
    floors = set()
    for path in glob.glob(os.path.join(ROOT, "server", "engine",
                                       "floor-*.c")):
        with open(path) as f:
            floors.update(re.findall(r'\.name = "([\w-]+)"', f.read()))
    out = [("section_protocol", b"[protocol]"),
           ("section_phase", b"[phase "), ("close", b"]")]
    out += [("key_" + k, ("%s = " % k).encode()) for k in keys]
    out += [("value_" + v, v.encode()) for v in values]
    out += [("floor_" + f, f.encode()) for f in sorted(floors)]
    for v in ("{presenter}", "10s", "5m", "1h", "\n", "\\", "#"):
        out.append(("extra_%d" % len(out), v.encode()))
    return out


def cmdline_dict():
    names = set()
    for path in glob.glob(os.path.join(ROOT, "client", "cmd-*.c")):
        with open(path) as f:
            m = re.search(r'cmd_entry cmd_\w+_entry = \{\s*"([^"]+)",\s*'
                          r'(NULL|"([^"]*)")', f.read())
        if m:
            names.add(m.group(1))
            if m.group(3):
                names.add(m.group(3))
    out = [("cmd_" + n, ("/" + n + " ").encode()) for n in sorted(names)]
    for v in ("\"", "'", "\\", "\\\"", "{", "}", "[", "]", ":", ",",
              "18446744073709551616", "-1", "true", "null", "\t", "//"):
        out.append(("extra_%d" % len(out), v.encode()))
    return out


DICTS = {
    "fuzz-frame": frame_dict,
    "fuzz-display": display_dict,
    "fuzz-config": config_dict,
    "fuzz-template": template_dict,
    "fuzz-cmdline": cmdline_dict,
}


def render(name, entries):
    lines = ["# %s.dict: generated by tests/fuzz/gen-dicts.py from the "
             "tables it" % name,
             "# follows; run it again after changing them (ctest checks)."]
    seen = set()
    for label, value in entries:
        if value in seen:
            continue
        seen.add(value)
        lines.append("%s=%s" % (re.sub(r"\W", "_", label), esc(value)))
    return "\n".join(lines) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for name, make in DICTS.items():
        path = os.path.join(OUT, name + ".dict")
        text = render(name, make())
        if check:
            try:
                with open(path) as f:
                    if f.read() == text:
                        continue
            except OSError:
                pass
            stale.append(path)
        else:
            with open(path, "w") as f:
                f.write(text)
    if stale:
        print("stale dictionaries (run tests/fuzz/gen-dicts.py): " +
              " ".join(stale))
        sys.exit(1)


if __name__ == "__main__":
    main()
