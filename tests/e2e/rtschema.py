"""rtschema: the message schemas of proto/msg-*.c, read from the C source,
so that a test can reach every field of every message without a list of
its own that would fall behind the protocol. It reads the PF_FIELD and
PF_ARRAY rows of each field table, the PF_SCHEMA lines that name them,
and the rows of the message tables (type, name, direction, schema)."""

import os
import re

PROTO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                     "proto")

FLAGS = {"PFF_REQ": 0x01, "PFF_LINES": 0x02, "PFF_SECRET": 0x04,
         "PFF_NAME": 0x08}
DIRS = {"PD_C2S": 1, "PD_S2C": 2, "PD_BOTH": 3}


class Field:
    """One field of a schema: its wire key, type (PF_STR...), flags,
    limit, and for PF_RECS the name of the records' schema."""

    def __init__(self, key, ty, flags, limit, sub):
        self.key, self.type, self.flags = key, ty, flags
        self.limit, self.sub = limit, sub

    @property
    def required(self):
        return bool(self.flags & FLAGS["PFF_REQ"])

    @property
    def lines(self):
        return bool(self.flags & FLAGS["PFF_LINES"])

    @property
    def name(self):
        return bool(self.flags & FLAGS["PFF_NAME"])


class Message:
    def __init__(self, number, name, direction, schema):
        self.number, self.name = number, name
        self.direction, self.schema = direction, schema


def _split_args(s):
    """Split a macro's arguments at the commas outside parentheses."""
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    out.append(cur.strip())
    return out


def _int(expr, consts):
    """Evaluate a limit: a number, a constant, or a product of them."""
    total = 1
    for part in expr.split("*"):
        part = part.strip().strip("()")
        total *= int(part) if part.isdigit() else _int(consts[part], consts)
    return total


def _constants():
    consts = {}
    for name in ["rt-proto.h"] + sorted(os.listdir(PROTO)):
        if not (name.endswith(".c") or name.endswith(".h")):
            continue
        with open(os.path.join(PROTO, name)) as f:
            for m in re.finditer(r"#define\s+(\w+)\s+(\w+(?:\s*\*\s*\w+)?)",
                                 f.read()):
                consts.setdefault(m.group(1), m.group(2))
    with open(os.path.join(PROTO, "rt-proto.h")) as f:
        for m in re.finditer(r"\b(MSG_\w+)\s*=\s*(\d+)", f.read()):
            consts[m.group(1)] = m.group(2)
    return consts


def load():
    """Return (messages by name, schemas by name: lists of Fields)."""
    consts = _constants()
    tables, schemas, messages = {}, {}, {}
    for name in sorted(os.listdir(PROTO)):
        if not re.match(r"msg-\w+\.c$", name):
            continue
        with open(os.path.join(PROTO, name)) as f:
            src = f.read()
        for m in re.finditer(r"struct pfield (\w+)\[\] = \{(.*?)\n\};", src,
                             re.S):
            fields = []
            for row in re.finditer(r"PF_(FIELD|ARRAY)\((.*?)\),\s*$",
                                   m.group(2), re.S | re.M):
                a = _split_args(" ".join(row.group(2).split()))
                if row.group(1) == "FIELD":
                    key, ty, fl, mx, sub = a[2], a[3], a[4], a[5], None
                else:
                    key, ty, fl, mx, sub = a[3], a[4], a[5], a[6], a[7]
                flags = 0
                for flag in fl.split("|"):
                    flags |= FLAGS.get(flag.strip(), 0)
                sub = None if sub in (None, "NULL") else \
                    sub.lstrip("&").replace("_schema", "")
                fields.append(Field(key.strip('"'), ty, flags,
                                    _int(mx, consts), sub))
            tables[m.group(1)] = fields
        for m in re.finditer(r"PF_SCHEMA\((\w+),\s*struct \w+,\s*(\w+)\)",
                             src):
            schemas[m.group(1)] = tables[m.group(2)]
        for m in re.finditer(r"\{\s*(MSG_\w+),\s*\"(\w+)\",\s*(PD_\w+),"
                             r"\s*[\w|\s]+,\s*(&\w+_schema|NULL)\s*\}", src):
            sch = None if m.group(4) == "NULL" else \
                m.group(4)[1:].replace("_schema", "")
            messages[m.group(2)] = Message(int(consts[m.group(1)]),
                                           m.group(2), DIRS[m.group(3)], sch)
    return messages, schemas


def from_server(messages):
    """The messages a server may send."""
    return [m for m in messages.values() if m.direction & DIRS["PD_S2C"]]
