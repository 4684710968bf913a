"""Checks TAXII 1.0 interop with libtaxii's messages_10.

Usage: python libtaxii10_check.py OURS OURS_VIA_LIBTAXII THEIRS THEIRS_VIA_US

- every file of OURS (our encoding) must parse with libtaxii; libtaxii's re-encoding is
  written to OURS_VIA_LIBTAXII (the caller then checks that we decode it to the same message);
- every file of THEIRS (libtaxii's encoding) was decoded and re-encoded by us into
  THEIRS_VIA_US; libtaxii must read that back as a message equal to its original.
"""
import os
import sys

import libtaxii.messages_10 as tm10


def files(d):
    names = sorted(n for n in os.listdir(d) if n.endswith('.xml'))
    assert names, 'no files in ' + d
    return names


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def main():
    ours, ours_via, theirs, theirs_via = sys.argv[1:5]
    os.makedirs(ours_via, exist_ok=True)
    failures = 0
    for name in files(ours):
        try:
            msg = tm10.get_message_from_xml(read(os.path.join(ours, name)))
        except Exception as e:  # noqa: BLE001 - report every failure
            print('FAIL libtaxii cannot parse our %s: %r' % (name, e))
            failures += 1
            continue
        xml = msg.to_xml()
        with open(os.path.join(ours_via, name), 'wb') as f:
            f.write(xml if isinstance(xml, bytes) else xml.encode('utf-8'))
    for name in files(theirs):
        original = tm10.get_message_from_xml(read(os.path.join(theirs, name)))
        try:
            back = tm10.get_message_from_xml(read(os.path.join(theirs_via, name)))
        except Exception as e:  # noqa: BLE001
            print('FAIL libtaxii cannot parse our re-encoding of %s: %r' % (name, e))
            failures += 1
            continue
        if original != back:
            print('FAIL %s changed through us:\n%s\n%s' % (name, original.to_dict(), back.to_dict()))
            failures += 1
    if failures:
        sys.exit(1)
    print('libtaxii messages_10: %d of ours parsed, %d of theirs survived us'
          % (len(files(ours)), len(files(theirs))))


if __name__ == '__main__':
    main()
