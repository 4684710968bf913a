#!/usr/bin/env bash
# Interop suite (run by .ci/run): our TAXII 1.1 encoder and decoder against the official
# XSDs and libtaxii, the reference Python implementation (pinned, see requirements.txt).
#
#  1. Our corpus (every message type and optional field, taxii-messages/examples/
#     interop_corpus.rs) is valid against the 1.1 and Default Query XSDs; libtaxii reads
#     it, and what libtaxii writes back we decode to the message we wrote.
#  2. Messages generated with libtaxii (interop/libtaxii_generate.py, every 1.1 message
#     type and status type, and the options libtaxii can express) go through our decoder
#     and encoder unchanged for libtaxii and stay schema-valid; our decoder reads every
#     value libtaxii reads (interop/values_check.py).
#  3. Every TAXII 1.1 body of the wire captures and the samples re-encodes schema-valid
#     and unchanged for libtaxii.
# Any mismatch fails the suite.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

venv=$(bash interop/setup.sh | tail -n 1)
py="$venv/bin/python"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build -q -p taxii --bin taxii
taxii="${CARGO_TARGET_DIR:-$repo/target}/debug/taxii"

# fmt_dir IN OUT: decode and re-encode every IN/*.xml with `taxii fmt` into OUT.
fmt_dir() {
    local f
    mkdir -p "$2"
    for f in "$1"/*.xml; do
        if ! "$taxii" fmt "$f" > "$2/$(basename "$f")"; then
            echo "FAIL: taxii fmt $f" >&2
            return 1
        fi
    done
}

echo "-- 1. our corpus: XSD, read by libtaxii, libtaxii's re-encoding read by us"
cargo run -q -p taxii-interop-corpus --bin interop_corpus -- "$work/ours"
"$py" interop/xsd_check.py "$work/ours"
"$py" interop/libtaxii_check.py reencode "$work/ours" "$work/ours_by_libtaxii"
fmt_dir "$work/ours_by_libtaxii" "$work/ours_back"
"$py" interop/libtaxii_check.py compare "$work/ours" "$work/ours_back"
"$py" interop/ours_vs_libtaxii.py "$taxii" "$work/ours" "$work/ours_by_libtaxii"

echo "-- 2. libtaxii's messages through our decoder and encoder"
"$py" interop/libtaxii_generate.py "$work/lt"
fmt_dir "$work/lt" "$work/lt_by_us"
"$py" interop/xsd_check.py "$work/lt_by_us"
"$py" interop/libtaxii_check.py compare "$work/lt" "$work/lt_by_us"
"$py" interop/values_check.py "$taxii" "$work/lt"

echo "-- 3. wire captures and samples: re-encoded, schema-valid, equal for libtaxii"
mkdir -p "$work/wire"
cp testdata/wire/bodies/*.xml testdata/samples/taxii11_*.xml "$work/wire/"
fmt_dir "$work/wire" "$work/wire_by_us"
"$py" interop/xsd_check.py "$work/wire_by_us"
"$py" interop/libtaxii_check.py compare "$work/wire" "$work/wire_by_us"
"$py" interop/values_check.py "$taxii" "$work/wire"

echo "interop: all checks passed"
