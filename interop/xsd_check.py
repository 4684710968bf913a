"""Validates TAXII 1.1 messages against the official XSDs with xmllint: the message against
the XML Message Binding 1.1 schema, and every tdq:Default_Query / tdq:Default_Query_Info
inside it (which that schema skips) against the Default Query schema.

Usage: python xsd_check.py FILE_OR_DIR...     (exit 1 if anything is invalid)
"""
import os
import subprocess
import sys
import tempfile

from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
XSD = os.path.join(HERE, "..", "testdata", "xsd")
MESSAGE_XSD = os.path.join(XSD, "TAXII_XMLMessageBinding_Schema_11.xsd")
QUERY_XSD = os.path.join(XSD, "TAXII_DefaultQuery_Schema.xsd")
TDQ = "http://taxii.mitre.org/query/taxii_default_query-1"


def xmllint(schema, path):
    r = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", schema, path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
    return r.returncode == 0


def check(path, tmp):
    ok = xmllint(MESSAGE_XSD, path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.parse(path, parser).getroot()
    queries = root.iter("{%s}Default_Query" % TDQ, "{%s}Default_Query_Info" % TDQ)
    for i, q in enumerate(one_info_each(queries)):
        part = os.path.join(tmp, "%s.query%d.xml" % (os.path.basename(path), i))
        with open(part, "wb") as f:
            f.write(etree.tostring(q))
        if not xmllint(QUERY_XSD, part):
            sys.stderr.write("  (in %s)\n" % path)
            ok = False
    return ok


def one_info_each(queries):
    """The fragments to validate. The Default Query spec allows several
    Targeting_Expression_Info per Default_Query_Info, one per vocabulary; the published XSD
    allows exactly one (checklist AMB-3: follow the spec). So a Default_Query_Info with n of
    them is checked as n copies holding one each."""
    tei = "{%s}Targeting_Expression_Info" % TDQ
    for q in queries:
        infos = q.findall(tei)
        if len(infos) <= 1:
            yield q
            continue
        for keep in range(len(infos)):
            copy = etree.fromstring(etree.tostring(q))
            for j, t in enumerate(copy.findall(tei)):
                if j != keep:
                    copy.remove(t)
            yield copy


def main():
    files = []
    for arg in sys.argv[1:]:
        if os.path.isdir(arg):
            files += sorted(os.path.join(arg, f) for f in os.listdir(arg) if f.endswith(".xml"))
        else:
            files.append(arg)
    if not files:
        sys.exit("xsd_check: no files")
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            if not check(f, tmp):
                bad += 1
    print("xsd: %d of %d files valid" % (len(files) - bad, len(files)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
