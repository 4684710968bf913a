"""Checks that libtaxii reads our messages as we wrote them: for each file of OURS_DIR (our
encoding) and the file of the same name in LT_DIR (libtaxii's re-encoding of it), our own
decoder (`taxii json`) must give the same message, apart from libtaxii's documented
deviations (checklist section 9.3), which are normalised away:

  LT-16  ds:Signature elements are dropped              -> signatures ignored
  LT-7   timestamps are written with +00:00, not Z      -> compared as instants
  LT-18  numeric Default Query values become floats     -> numbers compared as numbers
  LT-20  defaults are written out (allow_asynch=false, Response_Type FULL,
         partial_count=false, more=false, result_part_number=1)
                                                        -> default values removed
Namespace bindings recorded with raw XML are not compared (libtaxii declares its own).

Usage: python ours_vs_libtaxii.py TAXII_BIN OURS_DIR LT_DIR   (exit 1 on any mismatch)
"""
import datetime
import json
import os
import re
import subprocess
import sys

DEFAULTS = {
    "allow_asynch": False,
    "response_type": "FULL",
    "partial_count": False,
    "more": False,
    "result_part_number": 1,
}
DROPPED = {"signature", "signatures", "namespaces"}
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def normalise(v):
    if isinstance(v, dict):
        return {k: normalise(x) for k, x in v.items()
                if k not in DROPPED and not (k in DEFAULTS and x == DEFAULTS[k])}
    if isinstance(v, list):
        return [normalise(x) for x in v]
    if isinstance(v, str) and TIMESTAMP.match(v):
        return datetime.datetime.fromisoformat(v.replace("Z", "+00:00")).isoformat()
    if isinstance(v, str) and NUMBER.match(v):
        return float(v)
    return v


def as_json(taxii, path):
    r = subprocess.run([taxii, "json", path], capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        return None
    return json.loads(r.stdout)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    taxii, ours, lt = sys.argv[1:]
    names = sorted(f for f in os.listdir(ours) if f.endswith(".xml"))
    if not names:
        sys.exit("ours_vs_libtaxii: no files in %s" % ours)
    bad = 0
    for name in names:
        a, b = as_json(taxii, os.path.join(ours, name)), as_json(taxii, os.path.join(lt, name))
        if a is None or b is None or normalise(a) != normalise(b):
            bad += 1
            print("MISMATCH %s" % name)
            print(json.dumps(normalise(a), indent=1, sort_keys=True))
            print(json.dumps(normalise(b), indent=1, sort_keys=True))
    print("ours vs libtaxii: %d of %d messages read back as written" % (len(names) - bad, len(names)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
