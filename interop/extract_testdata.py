"""Extracts the TAXII 1.1 XML samples of testdata/seeds/002_*.txt and 004_*.txt into
testdata/seed-samples/, and the TAXII 1.1 bodies of testdata/wire/*.http into
testdata/wire/bodies/. Run once from the repository root; the outputs are committed."""
import os
import re
import sys

NS11 = "http://taxii.mitre.org/messages/taxii_xml_binding-1.1"
ROOT_RE = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?([A-Z][A-Za-z_]+)(?:[\s/>]|$)")


def seed_samples(path, tag):
    lines = open(path, encoding="utf-8").read().split("\n")
    out, i, n = [], 0, 0
    while i < len(lines):
        line = lines[i]
        start = line.find("<")
        if start < 0 or line[start:].startswith("</") or line[start:].startswith("<!--"):
            i += 1
            continue
        text = line[start:]
        decl = ""
        if text.startswith("<?xml"):
            decl = text.rstrip("'") + "\n"
            i += 1
            if i >= len(lines):
                break
            text = lines[i]
        m = ROOT_RE.match(text)
        if not m or NS11 not in "\n".join(lines[i:i + 4]):
            i += 1
            continue
        root = m.group(0)[1:].rstrip("/> \t")
        body = []
        while i < len(lines):
            cur = lines[i]
            body.append(cur)
            joined = "\n".join(body)
            tag_end = joined.find(">")
            if tag_end >= 0 and joined[tag_end - 1] == "/" and len(body) >= 1 and joined.count("<") == 1:
                break
            if "</" + root + ">" in cur:
                break
            i += 1
        i += 1
        xml = decl + "\n".join(body)
        xml = xml.rstrip().rstrip("'")
        if xml.endswith("```"):
            xml = xml[:-3].rstrip()
        n += 1
        local = m.group(1)
        out.append(("%s_%02d_%s.xml" % (tag, n, local), xml + "\n"))
    return out


def wire_bodies(path):
    raw = open(path, "rb").read()
    parts = []
    for chunk in re.split(rb"(?m)^(?=(?:POST |HTTP/1\.[01] ))", raw):
        if not chunk.strip():
            continue
        sep = chunk.find(b"\r\n\r\n")
        seplen = 4
        if sep < 0:
            sep = chunk.find(b"\n\n")
            seplen = 2
        if sep < 0:
            continue
        head, body = chunk[:sep], chunk[sep + seplen:]
        kind = "request" if head.startswith(b"POST") else "response"
        parts.append((kind, body.strip()))
    return parts


def root_namespace(body):
    m = re.search(rb"<([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*[\s/>]", body)
    if not m:
        return None
    prefix = (m.group(1) or b":")[:-1]
    attr = b"xmlns:" + prefix if prefix else b"xmlns"
    d = re.search(re.escape(attr) + rb'\s*=\s*["\']([^"\']*)', body)
    return d.group(1).decode() if d else None


def main():
    seeds = "testdata/seeds"
    dest = "testdata/seed-samples"
    os.makedirs(dest, exist_ok=True)
    for f in sorted(os.listdir(seeds)):
        if f.startswith(("002_", "004_")):
            for name, xml in seed_samples(os.path.join(seeds, f), f[:3]):
                with open(os.path.join(dest, name), "w", encoding="utf-8") as o:
                    o.write(xml)
    wire = "testdata/wire"
    dest = "testdata/wire/bodies"
    os.makedirs(dest, exist_ok=True)
    for f in sorted(os.listdir(wire)):
        if not f.endswith(".http"):
            continue
        for kind, body in wire_bodies(os.path.join(wire, f)):
            if root_namespace(body) != NS11:
                continue
            name = "%s_%s.xml" % (f[:-5], kind)
            with open(os.path.join(dest, name), "wb") as o:
                o.write(body + b"\n")


if __name__ == "__main__":
    sys.exit(main())
