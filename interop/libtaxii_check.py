"""libtaxii's view of TAXII 1.1 messages, for `interop/run.sh`.

  reencode IN_DIR OUT_DIR   parse each IN_DIR/*.xml with libtaxii and write its to_xml()
  compare A_DIR B_DIR       every A_DIR/*.xml and the B_DIR file of the same name must parse
                            with libtaxii to equal messages (to_dict); prints the difference
Exit status 1 on any failure.
"""
import os
import pprint
import sys

import libtaxii.messages_11 as tm11
import libtaxii.taxii_default_query  # noqa: F401  (registers the Default Query deserializers)


def xml_files(d):
    files = sorted(f for f in os.listdir(d) if f.endswith(".xml"))
    if not files:
        sys.exit("libtaxii_check: no XML files in %s" % d)
    return files


def parse(path):
    with open(path, "rb") as f:
        return tm11.get_message_from_xml(f.read())


def reencode(src, dst):
    os.makedirs(dst, exist_ok=True)
    for name in xml_files(src):
        xml = parse(os.path.join(src, name)).to_xml()
        with open(os.path.join(dst, name), "wb") as f:
            f.write(xml if isinstance(xml, bytes) else xml.encode("utf-8"))
    return 0


def compare(a, b):
    bad = 0
    names = xml_files(a)
    for name in names:
        pb = os.path.join(b, name)
        if not os.path.exists(pb):
            print("MISSING %s" % pb)
            bad += 1
            continue
        da, db = parse(os.path.join(a, name)).to_dict(), parse(pb).to_dict()
        if da != db:
            bad += 1
            print("MISMATCH %s" % name)
            print("--- %s" % os.path.join(a, name))
            pprint.pprint(da)
            print("+++ %s" % pb)
            pprint.pprint(db)
    print("libtaxii: %d of %d messages equal" % (len(names) - bad, len(names)))
    return 1 if bad else 0


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("reencode", "compare"):
        sys.exit(__doc__)
    cmd, a, b = sys.argv[1:]
    return reencode(a, b) if cmd == "reencode" else compare(a, b)


if __name__ == "__main__":
    sys.exit(main())
