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
# SCALE_STORES (default "sqlite") names the stores measured in turn, each on a fresh
# server: "sqlite" (the data directory) and "postgres" (a throwaway PostgreSQL cluster
# started by this script, see pg_cluster.sh, and stopped on exit, even on failure). With
# both, it also prints the ratios PostgreSQL/SQLite of every column.
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
stores=${SCALE_STORES:-sqlite}

venv=$(bash interop/setup.sh | tail -n 1)
py="$venv/bin/python"
echo "building taxii (release)" >&2
timeout 1800 cargo build --release -q -p taxii --bin taxii
taxii="${CARGO_TARGET_DIR:-$repo/target}/release/taxii"

work=$(mktemp -d "${TMPDIR:-/tmp}/taxii-scale.XXXXXX")
server=""
pg_stop() { :; }
stop_server() {
    if [ -n "$server" ]; then
        kill "$server" 2> /dev/null || true
        wait "$server" 2> /dev/null || true
        server=""
    fi
}
cleanup() {
    stop_server
    pg_stop
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
case " $stores " in *" postgres "*) . benches/load/pg_cluster.sh ;; esac

"$py" benches/load/scale_inbox.py testdata/samples/stix_package_1.1.1.xml 1000 default \
    > "$work/inbox.xml"

# Starts `taxii serve` on store $1 (sqlite or postgres) with an empty collection; sets
# $server and $base.
serve() {
    local port
    port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    base="http://127.0.0.1:$port/services"
    rm -rf "$work/data"
    if [ "$1" = postgres ]; then pg_start; fi
    {
        echo "listen = \"127.0.0.1:$port\""
        echo "data = \"$work/data\""
        if [ "$1" = postgres ]; then printf '[database]\nurl = "%s"\n' "$pg_url"; fi
        printf '[limits]\npoll_page_size = %s\nmax_body_bytes = 8388608\n' "$page"
    } > "$work/taxii.toml"
    "$taxii" serve --config "$work/taxii.toml" > "$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 100); do
        if post "$base/discovery" "$work/discovery.xml" "$work/out" > /dev/null 2>&1 \
            && grep -q Discovery_Response "$work/out"; then
            return 0
        fi
        sleep 0.2
    done
    echo "server on $1 did not come up:" >&2
    cat "$work/server.log" >&2
    exit 1
}

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

poll_body() { # $1 = FULL or COUNT_ONLY
    printf '<taxii_11:Poll_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="2" collection_name="default"><taxii_11:Poll_Parameters allow_asynch="false"><taxii_11:Response_Type>%s</taxii_11:Response_Type></taxii_11:Poll_Parameters></taxii_11:Poll_Request>' "$1"
}
poll_body FULL > "$work/poll.xml"
poll_body COUNT_ONLY > "$work/count.xml"

now() { date +%s.%N; }

# Measures store $1 at every size; appends one line of raw figures per size to
# $work/rows-$1: blocks ingest count first last last/first full rss.
measure() {
    local store=$1 held=0 size start pushed ingest count_s counted first_s rid parts last_s
    local full_s t0 got rss
    serve "$store"
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
        sleep 0.1 # past the PostgreSQL clock margin: the polls below see every block
        count_s=$(post "$base/poll" "$work/count.xml" "$work/out")
        counted=$(grep -o '<taxii_11:Record_Count[^>]*>[0-9]*' "$work/out" | grep -o '[0-9]*$')
        [ "$counted" = "$held" ] || { echo "$store: count-only said $counted, want $held" >&2; exit 1; }
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
            [ "$got" = "$held" ] || { echo "$store: full poll wrote $got files, want $held" >&2; exit 1; }
            # removed in the background (a million files take minutes on a busy disk)
            mv "$work/dest" "$work/old-$store-$held"
            rm -rf "$work/old-$store-$held" &
        fi
        rss=$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$server/status")
        echo "$held $ingest $count_s $first_s $last_s $(echo "$last_s / $first_s" | bc -l) $full_s $rss" \
            >> "$work/rows-$store"
    done
    stop_server
    pg_stop
}

# The table of store $1's figures.
table() {
    echo "$1:"
    echo
    echo '| blocks | ingest blocks/s | count-only poll s | first part s | last part s | last/first | full poll s | server peak RSS MiB |'
    echo '| --- | --- | --- | --- | --- | --- | --- | --- |'
    awk '{ printf "| %s | %.0f | %.3f | %.3f | %.3f | %.2f | %s | %s |\n", $1, $2, $3, $4, $5, $6,
        ($7 == "-" ? "-" : sprintf("%.2f", $7)), $8 }' "$work/rows-$1"
    echo
}

for store in $stores; do
    echo "measuring $store" >&2
    measure "$store"
done
echo "SCALE_SIZES=\"$sizes\" SCALE_PAGE=$page, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
for store in $stores; do table "$store"; done
if [ -f "$work/rows-sqlite" ] && [ -f "$work/rows-postgres" ]; then
    echo 'postgres / sqlite (time columns: above 1 is slower on PostgreSQL):'
    echo
    echo '| blocks | ingest blocks/s | count-only poll | first part | last part | full poll | server peak RSS |'
    echo '| --- | --- | --- | --- | --- | --- | --- |'
    paste -d' ' "$work/rows-postgres" "$work/rows-sqlite" | awk '
        function r(a, b) { return (a == "-" || b == "-" || b == 0) ? "-" : sprintf("%.2f", a / b) }
        { printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, r($2, $10), r($3, $11), r($4, $12),
            r($5, $13), r($7, $15), r($8, $16) }'
fi
