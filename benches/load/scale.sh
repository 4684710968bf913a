#!/usr/bin/env bash
# Polls that scale (issue 12): `taxii serve` with 10 k, 100 k, 1 M blocks.
#
# Builds a 1,000-block TAXII 1.1 Inbox_Message with libtaxii (interop venv) from
# testdata/samples/stix_package_1.1.1.xml, starts `taxii serve` (release) on a fresh data
# directory, and pushes the message until the collection holds each size in turn. At each
# size it prints: ingest blocks/s (for the pushes that reached the size), the count-only
# poll time, the first part's latency (Poll_Request) and the last part's (its
# Poll_Fulfillment), the full poll end to end with `taxii poll --dest-dir`, and the
# server's peak RSS so far (VmHWM). Loopback only; everything started is stopped on exit.
#
# SCALE_SIZES (default "10000 100000 1000000"), SCALE_PAGE (blocks per part, default
# 100; the client follows at most 1,000 parts, so 1 M blocks need SCALE_PAGE=1000 for the
# full poll, which is skipped otherwise), SCALE_FULL=0 skips the full polls.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
sizes=${SCALE_SIZES:-"10000 100000 1000000"}
page=${SCALE_PAGE:-100}
full=${SCALE_FULL:-1}

venv=$(bash interop/setup.sh | tail -n 1)
py="$venv/bin/python"
echo "building taxii (release)" >&2
timeout 1800 cargo build --release -q -p taxii --bin taxii
taxii="${CARGO_TARGET_DIR:-$repo/target}/release/taxii"

work=$(mktemp -d "${TMPDIR:-/tmp}/taxii-scale.XXXXXX")
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2> /dev/null || true
        wait "$server" 2> /dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$py" benches/load/scale_inbox.py testdata/samples/stix_package_1.1.1.xml 1000 default \
    > "$work/inbox.xml"
port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port/services"
cat > "$work/taxii.toml" << EOF2
listen = "127.0.0.1:$port"
data = "$work/data"
[limits]
poll_page_size = $page
max_body_bytes = 8388608
EOF2
"$taxii" serve --config "$work/taxii.toml" > "$work/server.log" 2>&1 &
server=$!

# POSTs file $2 to $1 with the TAXII 1.1 headers; the answer goes to $3; prints seconds.
post() {
    curl -sS --max-time 600 -X POST "$1" -o "$3" -w '%{time_total}' \
        -H 'Content-Type: application/xml' \
        -H 'X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.1' \
        -H 'X-TAXII-Accept: urn:taxii.mitre.org:message:xml:1.1' \
        -H 'X-TAXII-Services: urn:taxii.mitre.org:services:1.1' \
        -H 'X-TAXII-Protocol: urn:taxii.mitre.org:protocol:http:1.0' \
        --data-binary @"$2"
}

printf '<taxii_11:Discovery_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="1"/>' > "$work/discovery.xml"
for _ in $(seq 1 100); do
    if post "$base/discovery" "$work/discovery.xml" "$work/out" > /dev/null 2>&1 \
        && grep -q Discovery_Response "$work/out"; then
        break
    fi
    sleep 0.2
done

poll_body() { # $1 = FULL or COUNT_ONLY
    printf '<taxii_11:Poll_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="2" collection_name="default"><taxii_11:Poll_Parameters allow_asynch="false"><taxii_11:Response_Type>%s</taxii_11:Response_Type></taxii_11:Poll_Parameters></taxii_11:Poll_Request>' "$1"
}
poll_body FULL > "$work/poll.xml"
poll_body COUNT_ONLY > "$work/count.xml"

now() { date +%s.%N; }
held=0
printf '| blocks | ingest blocks/s | count-only poll s | first part s | last part s | last/first | full poll s | server peak RSS MiB |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- |\n'
for size in $sizes; do
    start=$(now)
    pushed=0
    while [ "$held" -lt "$size" ]; do
        post "$base/inbox" "$work/inbox.xml" "$work/out" > /dev/null
        grep -q 'status_type="SUCCESS"' "$work/out" || { cat "$work/out" >&2; exit 1; }
        held=$((held + 1000))
        pushed=$((pushed + 1000))
    done
    ingest=$(echo "$pushed / ($(now) - $start)" | bc -l)
    count_s=$(post "$base/poll" "$work/count.xml" "$work/out")
    counted=$(grep -o '<taxii_11:Record_Count[^>]*>[0-9]*' "$work/out" | grep -o '[0-9]*$')
    [ "$counted" = "$held" ] || { echo "count-only said $counted, want $held" >&2; exit 1; }
    first_s=$(post "$base/poll" "$work/poll.xml" "$work/out")
    rid=$(grep -o 'result_id="[^"]*"' "$work/out" | head -1 | cut -d'"' -f2)
    parts=$(((held + page - 1) / page))
    printf '<taxii_11:Poll_Fulfillment xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="3" collection_name="default" result_id="%s" result_part_number="%s"/>' \
        "$rid" "$parts" > "$work/last.xml"
    last_s=$(post "$base/poll" "$work/last.xml" "$work/out")
    grep -q 'more="false"' "$work/out" || { head -c 600 "$work/out" >&2; exit 1; }
    full_s="-"
    if [ "$full" = 1 ] && [ "$parts" -le 1000 ]; then
        rm -rf "$work/dest"
        t0=$(now)
        "$taxii" poll "$base/poll" --dest-dir "$work/dest" > /dev/null 2> "$work/poll.err"
        full_s=$(echo "$(now) - $t0" | bc -l)
        got=$(find "$work/dest" -type f | wc -l)
        [ "$got" = "$held" ] || { echo "full poll wrote $got files, want $held" >&2; exit 1; }
        # removed in the background (a million files take minutes on a busy disk)
        mv "$work/dest" "$work/old-$held"
        rm -rf "$work/old-$held" &
    fi
    rss=$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$server/status")
    ratio=$(echo "$last_s / $first_s" | bc -l)
    printf '| %s | %.0f | %.3f | %.3f | %.3f | %.2f | %s | %s |\n' \
        "$held" "$ingest" "$count_s" "$first_s" "$last_s" "$ratio" \
        "$( [ "$full_s" = - ] && echo - || printf '%.2f' "$full_s")" "$rss"
done
