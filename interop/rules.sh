#!/usr/bin/env bash
# The decode contract against libtaxii (issue 14). interop/libtaxii_rules.py builds, with
# libtaxii, messages valid against the official XSDs that break one spec rule beyond them
# (file RULE__case.xml). For each one:
#  1. it is schema-valid (xmllint with the TAXII 1.1 / 1.0 and Default Query XSDs);
#  2. `taxii validate` decodes it (exit 0) and reports RULE (none for `none__` files);
#     `taxii validate --strict` exits 1 when RULE is a MUST rule;
#  3. `taxii fmt` re-encodes it schema-valid and equal for libtaxii.
#  4. `taxii serve` answers Default Queries built and sent by libtaxii with exactly the
#     matching blocks (interop/libtaxii_query.py).
# Any mismatch fails the script.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

venv=$(bash interop/setup.sh | tail -n 1)
py="$venv/bin/python"
work=$(mktemp -d)
server=""
trap '[ -z "$server" ] || kill "$server" 2> /dev/null; rm -rf "$work"' EXIT

cargo build -q -p taxii --bin taxii
taxii="${CARGO_TARGET_DIR:-$repo/target}/debug/taxii"

"$py" interop/libtaxii_rules.py generate "$work/lt"

xsd10() {
    local f ok=0
    for f in "$1"/*.xml; do
        xmllint --noout --nonet --schema testdata/xsd/TAXII_XMLMessageBinding_Schema.xsd "$f" \
            2> "$work/xmllint.err" || { cat "$work/xmllint.err" >&2; ok=1; }
    done
    return $ok
}

echo "-- 1. the corpus is schema-valid"
"$py" interop/xsd_check.py "$work/lt/11"
xsd10 "$work/lt/10"

echo "-- 2. we decode every message and report its rule"
fail=0
count=0
for f in "$work"/lt/1[01]/*.xml; do
    name=$(basename "$f" .xml)
    rule=${name%%__*}
    count=$((count + 1))
    if ! out=$("$taxii" validate "$f" 2>&1); then
        echo "FAIL: $name does not decode: $out" >&2
        fail=1
        continue
    fi
    diagnostics=$(printf '%s\n' "$out" | grep -c -E ': (MUST|SHOULD) ' || true)
    if [ "$rule" = none ]; then
        [ "$diagnostics" -eq 0 ] || { echo "FAIL: $name: unexpected $out" >&2; fail=1; }
        continue
    fi
    if ! printf '%s\n' "$out" | grep -q -E ": (MUST|SHOULD) $rule at "; then
        echo "FAIL: $name: $rule not reported: $out" >&2
        fail=1
    fi
    strict=0
    "$taxii" validate --strict "$f" > /dev/null 2>&1 || strict=$?
    if printf '%s\n' "$out" | grep -q -E ": MUST $rule at "; then
        [ "$strict" -eq 1 ] || { echo "FAIL: $name: --strict exited $strict" >&2; fail=1; }
    fi
done
echo "rules: $count messages checked"

echo "-- 3. our re-encoding is schema-valid and equal for libtaxii"
for v in 11 10; do
    mkdir -p "$work/us/$v"
    for f in "$work/lt/$v"/*.xml; do
        "$taxii" fmt "$f" > "$work/us/$v/$(basename "$f")"
    done
done
"$py" interop/xsd_check.py "$work/us/11"
xsd10 "$work/us/10"
"$py" interop/libtaxii_rules.py compare "$work/lt/11" "$work/us/11"
"$py" interop/libtaxii_rules.py compare "$work/lt/10" "$work/us/10"

echo "-- 4. libtaxii's queries against taxii serve"
port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/serve.toml" <<TOML
listen = "127.0.0.1:$port"
data = "$work/data"
TOML
"$taxii" serve --config "$work/serve.toml" 2> "$work/serve.log" &
server=$!
for _ in $(seq 50); do
    "$py" -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2> /dev/null && break
    sleep 0.2
done
for doc in "Phishing wave:80" "Botnet C2:20" "phishing kit:55"; do
    title=${doc%%:*}
    f="$work/${doc##*:}.xml"
    printf '<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" xmlns:indicator="http://stix.mitre.org/Indicator-2" id="example:Package-%s" version="1.1.1"><stix:STIX_Header><stix:Title>%s</stix:Title></stix:STIX_Header><stix:Indicators><stix:Indicator id="example:i-%s"><indicator:Confidence>%s</indicator:Confidence></stix:Indicator></stix:Indicators></stix:STIX_Package>' \
        "${doc##*:}" "$title" "${doc##*:}" "${doc##*:}" > "$f"
    "$taxii" push "http://127.0.0.1:$port/services/inbox" "$f" -c default > /dev/null
done
"$py" interop/libtaxii_query.py "$port" || fail=1
exit $fail
