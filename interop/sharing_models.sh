#!/usr/bin/env bash
# The two sharing models of seed 001 (cargo examples source_subscriber and peer_to_peer)
# run over loopback; every message body our client sent or received validates against
# the official TAXII 1.1 XSD. No arguments; needs xmllint (interop/setup.sh installs it).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for example in source_subscriber peer_to_peer; do
    echo "== $example"
    cargo run -q -p taxii-sharing-models --example "$example" -- --save-bodies "$work/$example" \
        > "$work/$example.txt"
    tail -n 3 "$work/$example.txt"
    ls "$work/$example"/*.xml > /dev/null
    if ! out=$(xmllint --noout --nonet \
        --schema testdata/xsd/TAXII_XMLMessageBinding_Schema_11.xsd "$work/$example"/*.xml 2>&1)
    then
        echo "$out" | grep -v ' validates$'
        exit 1
    fi
    echo "$(ls "$work/$example" | wc -l) bodies valid"
done
echo "sharing models: every body valid"
