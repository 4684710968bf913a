#!/usr/bin/env bash
# TAXII 1.0 interop: our 1.0 output validates against the official 1.0 XSD, libtaxii's
# messages_10 decodes it to the same message, and we decode (to the same message) what
# libtaxii encodes for every 1.0 message type. No arguments.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
venv=$(bash interop/setup.sh | tail -n 1)
py="$venv/bin/python"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus() { cargo run -q -p taxii-messages --example interop_corpus10 -- "$@"; }

echo "== our TAXII 1.0 corpus against TAXII_XMLMessageBinding_Schema.xsd"
corpus write "$work/ours"
for f in "$work"/ours/*.xml testdata/samples/taxii10_*.xml; do
    xmllint --noout --nonet --schema testdata/xsd/TAXII_XMLMessageBinding_Schema.xsd "$f"
done

echo "== libtaxii messages_10 encodes every 1.0 message type"
"$py" interop/libtaxii10_encode.py "$work/theirs"
for f in "$work"/theirs/*.xml; do
    xmllint --noout --nonet --schema testdata/xsd/TAXII_XMLMessageBinding_Schema.xsd "$f"
done

echo "== we decode libtaxii's messages and re-encode them"
corpus reencode "$work/theirs" "$work/theirs_via_us"
corpus compare "$work/theirs" "$work/theirs_via_us"

echo "== libtaxii decodes ours; libtaxii reads our re-encoding of its messages unchanged"
"$py" interop/libtaxii10_check.py "$work/ours" "$work/ours_via_libtaxii" \
    "$work/theirs" "$work/theirs_via_us"

echo "== libtaxii decoded our messages to the same messages"
corpus compare "$work/ours" "$work/ours_via_libtaxii"
echo "TAXII 1.0 interop: ok"
