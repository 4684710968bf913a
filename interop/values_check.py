"""Checks that our decoder reads every value libtaxii reads: for each XML file, every text or
number leaf of libtaxii's to_dict() must appear among the leaves of our `taxii json` output
(structure-agnostic; timestamps compared as instants, numbers as numbers). Payloads
(`content`) and libtaxii-only bookkeeping keys are skipped, and so is the Default Query's format id,
which our model implies by the query's type.

Usage: python values_check.py TAXII_BIN DIR    (exit 1 if a value is missing)
"""
import datetime
import json
import os
import re
import subprocess
import sys

import libtaxii.messages_11 as tm11
import libtaxii.taxii_default_query  # noqa: F401  (registers the Default Query deserializers)

SKIP = {"content", "content_is_xml", "message_type"}
# Implied by our model rather than stored: a Default Query's format id is its type.
IMPLIED = {("s", "urn:taxii.mitre.org:query:default:1.0")}
TIMESTAMP = re.compile(r"^-?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def norm(v):
    if isinstance(v, datetime.datetime):
        return ("t", v.timestamp())
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return ("n", float(v))
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    if isinstance(v, str):
        s = v.strip()
        if s in ("true", "false"):  # libtaxii keeps some booleans as text (LT-4)
            return None
        if TIMESTAMP.match(s):
            return ("t", datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())
        if NUMBER.match(s):
            return ("n", float(s))
        return ("s", s) if s else None
    return None


def leaves(v, out, key=None):
    if key in SKIP:
        return out
    if isinstance(v, dict):
        for k, x in v.items():
            out.add(norm(k) if key in ("status_detail", "extended_headers") else None)
            leaves(x, out, k)
    elif isinstance(v, (list, tuple, set)):
        for x in v:
            leaves(x, out, key)
    else:
        out.add(norm(v))
    out.discard(None)
    return out


def ours(taxii, path):
    r = subprocess.run([taxii, "json", path], capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        return None
    return leaves(json.loads(r.stdout), set())


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    taxii, d = sys.argv[1:]
    names = sorted(f for f in os.listdir(d) if f.endswith(".xml"))
    bad = 0
    for name in names:
        path = os.path.join(d, name)
        with open(path, "rb") as f:
            theirs = leaves(tm11.get_message_from_xml(f.read()).to_dict(), set()) - IMPLIED
        mine = ours(taxii, path)
        missing = sorted(theirs - mine, key=repr) if mine is not None else ["(not decoded)"]
        if missing:
            bad += 1
            print("MISSING in our reading of %s: %s" % (name, missing))
    print("values: %d of %d messages read with every libtaxii value" % (len(names) - bad, len(names)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
