#!/usr/bin/env bash
# Streamed TAXII 1.0 polls (issue 19, finding 9): the server's peak RSS while it answers a
# 1.0 poll of a whole feed, at two collection sizes.
#
# TAXII 1.0 has no multi-part results, so the whole feed goes in one Poll_Response; the
# server encodes it from store pages as it sends, so its memory should not follow the
# collection. Builds the 1,000-block Inbox_Message of scale.sh (libtaxii, interop venv),
# starts `taxii serve` (release) on a fresh data directory, pushes it until the feed holds
# each size, then resets the server's peak RSS (/proc/PID/clear_refs = 5), polls the feed
# in TAXII 1.0 with curl (body to a file; its blocks counted) and reads the peak (VmHWM).
# Prints one row per size and the ratios of the last size to the first.
#
# V10_SIZES (default "10000 100000"). Loopback only; everything started is stopped on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"
sizes=${V10_SIZES:-"10000 100000"}

venv=$(bash interop/setup.sh | tail -n 1)
py="$venv/bin/python"
echo "building taxii (release)" >&2
timeout 1800 cargo build --release -q -p taxii --bin taxii
taxii="${CARGO_TARGET_DIR:-$repo/target}/release/taxii"

work=$(mktemp -d "${TMPDIR:-/tmp}/taxii-v10poll.XXXXXX")
user="" password=""
source "$here/common.sh"

"$py" "$here/scale_inbox.py" testdata/samples/stix_package_1.1.1.xml 1000 default \
    > "$work/inbox.xml"
port=$(free_port)
base="http://127.0.0.1:$port/services"
cat > "$work/taxii.toml" << EOF2
listen = "127.0.0.1:$port"
data = "$work/data"
[limits]
max_body_bytes = 8388608
EOF2
"$taxii" serve --config "$work/taxii.toml" > "$work/server.log" 2>&1 &
server=$!
pids+=("$server")
wait_up "$base/discovery"

# POSTs file $2 to $1 in TAXII version $3 (1.1 or 1.0); the answer goes to $4; prints
# seconds.
post_file() {
    local binding=urn:taxii.mitre.org:message:xml:$3 services=urn:taxii.mitre.org:services:$3
    curl -sS --max-time 600 -X POST "$1" -o "$4" -w '%{time_total}' \
        -H 'Content-Type: application/xml' \
        -H "X-TAXII-Content-Type: $binding" -H "X-TAXII-Accept: $binding" \
        -H "X-TAXII-Services: $services" \
        -H 'X-TAXII-Protocol: urn:taxii.mitre.org:protocol:http:1.0' \
        --data-binary @"$2"
}

printf '<taxii:Poll_Request xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1" message_id="2" feed_name="default"/>' > "$work/poll10.xml"

kib() { awk -v k="$1" '$1 == k ":" { print $2 }' "/proc/$server/status"; }
held=0
first_peak="" first_mib=""
printf '| blocks | body MiB | poll s | RSS before MiB | peak RSS during the poll MiB |\n'
printf '| --- | --- | --- | --- | --- |\n'
for size in $sizes; do
    while [ "$held" -lt "$size" ]; do
        post_file "$base/inbox" "$work/inbox.xml" 1.1 "$work/out" > /dev/null
        grep -q 'status_type="SUCCESS"' "$work/out" || { cat "$work/out" >&2; exit 1; }
        held=$((held + 1000))
    done
    before=$(kib VmRSS)
    echo 5 > "/proc/$server/clear_refs" # the peak restarts from the current RSS
    poll_s=$(post_file "$base/poll" "$work/poll10.xml" 1.0 "$work/body.xml")
    peak=$(kib VmHWM)
    blocks=$(grep -o '<taxii:Content_Block>' "$work/body.xml" | wc -l)
    [ "$blocks" = "$held" ] || { echo "the 1.0 poll carried $blocks blocks, want $held" >&2; exit 1; }
    tail -c 40 "$work/body.xml" | grep -q '</taxii:Poll_Response>$' || { echo "body not closed" >&2; exit 1; }
    mib=$(stat -c %s "$work/body.xml")
    printf '| %s | %.1f | %.2f | %.1f | %.1f |\n' "$held" "$(echo "$mib / 1048576" | bc -l)" \
        "$poll_s" "$(echo "$before / 1024" | bc -l)" "$(echo "$peak / 1024" | bc -l)"
    if [ -z "$first_peak" ]; then first_peak=$peak first_mib=$mib; fi
    last_peak=$peak last_mib=$mib
    rm -f "$work/body.xml"
done
printf '\nlast/first: body %.1fx, server peak RSS %.2fx\n' \
    "$(echo "$last_mib / $first_mib" | bc -l)" "$(echo "$last_peak / $first_peak" | bc -l)"
