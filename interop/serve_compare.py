"""Compare polled content files with the pushed file, byte for byte.

Peers re-serialise content when they save it: lxml copies the TAXII envelope's namespace
declarations (taxii, taxii_11, tdq) onto the root element and keeps the pretty-printing
whitespace around it. Those are removed, exactly, from the polled file; everything else
must be identical to the pushed file (itself stripped of surrounding whitespace).

Usage: python3 serve_compare.py EXPECTED_FILE COUNT FILE_OR_DIR...
"""
import os
import re
import sys

ENVELOPE = re.compile(
    rb'\s+xmlns:(taxii|taxii_11|tdq)="http://taxii\.mitre\.org/'
    rb'(messages/taxii_xml_binding-1|messages/taxii_xml_binding-1\.1|query/taxii_default_query-1)"'
)


def normalise(data: bytes) -> bytes:
    data = data.strip()
    end = data.find(b">")
    return ENVELOPE.sub(b"", data[:end]) + data[end:]


def main() -> int:
    expected = open(sys.argv[1], "rb").read().strip()
    count = int(sys.argv[2])
    files = []
    for p in sys.argv[3:]:
        if os.path.isdir(p):
            files += [os.path.join(p, f) for f in sorted(os.listdir(p))]
        else:
            files.append(p)
    if len(files) != count:
        print(f"expected {count} files, found {len(files)}: {files}")
        return 1
    for f in files:
        got = normalise(open(f, "rb").read())
        if got != expected:
            at = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
            print(f"{f}: differs from {sys.argv[1]} at byte {at}: {got[at:at+60]!r} vs {expected[at:at+60]!r}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
