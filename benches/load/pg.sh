#!/usr/bin/env bash
# Server load on PostgreSQL: `taxii serve` on SQLite (one instance), on PostgreSQL (one
# instance) and on PostgreSQL (two instances sharing one database), open servers (no
# account) on loopback, each case `wrk` with benches/load/taxii.lua for LOAD_DURATION.
# Two instances: two wrk processes at once (-t1 -c8 each, 16 connections in all, as the
# one-instance cases), requests/s summed, latency the worse of the two.
#
# Starts a throwaway PostgreSQL cluster in a temporary directory on a free loopback port
# (as the account taxii-ci when run as root; `.ci/postgres.sh` installs what is missing)
# and stops everything it started on exit. LOAD_DURATION (default 10s) shortens runs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
here=benches/load
duration=${LOAD_DURATION:-10s}
seed_blocks=10

command -v wrk > /dev/null || { apt-get update -q && apt-get install -y -q wrk; }
echo "building taxii (release)" >&2
timeout 1800 cargo build --release -q -p taxii --bin taxii
taxii="${CARGO_TARGET_DIR:-$repo/target}/release/taxii"

work=$(mktemp -d "${TMPDIR:-/tmp}/taxii-pg-load.XXXXXX")
. "$here/pg_cluster.sh"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2> /dev/null || true; done
    pg_stop
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_start
url=$pg_url

# Starts `taxii serve` named $1 (SQLite when $2 is empty, else database URL $2); sets
# `base` to its services URL.
serve() {
    local port
    port=$(free_port)
    {
        echo "listen = \"127.0.0.1:$port\""
        echo "data = \"$work/$1-data\""
        if [ -n "$2" ]; then printf '[database]\nurl = "%s"\n' "$2"; fi
    } > "$work/$1.toml"
    RUST_LOG=warn "$taxii" serve --config "$work/$1.toml" > "$work/$1.log" 2>&1 &
    pids+=($!)
    base="http://127.0.0.1:$port/services"
}

post() {
    sed "s/{collection}/$3/" "$2" | timeout 10 curl -sS --max-time 5 -X POST "$1" \
        -H 'Content-Type: application/xml' \
        -H 'X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.1' \
        -H 'X-TAXII-Accept: urn:taxii.mitre.org:message:xml:1.1' \
        -H 'X-TAXII-Services: urn:taxii.mitre.org:services:1.1' \
        -H 'X-TAXII-Protocol: urn:taxii.mitre.org:protocol:http:1.0' --data-binary @-
}

wait_up() {
    for _ in $(seq 1 100); do
        if post "$1/discovery" "$here/discovery_request.xml" x 2> /dev/null | grep -q Discovery_Response; then
            return 0
        fi
        sleep 0.2
    done
    echo "server at $1 did not come up; logs in $work" >&2
    exit 1
}

serve sqlite ""
sqlite=$base
serve pg-a "$url"
pg_a=$base
serve pg-b "$url"
pg_b=$base
for s in "$sqlite" "$pg_a" "$pg_b"; do wait_up "$s"; done
for _ in $(seq 1 "$seed_blocks"); do
    post "$sqlite/inbox" "$here/inbox_message.xml" default | grep -q 'status_type="SUCCESS"'
    post "$pg_a/inbox" "$here/inbox_message.xml" default | grep -q 'status_type="SUCCESS"'
done
sleep 0.1 # past the database clock margin, so the polls below see every seeded block
for s in "$sqlite" "$pg_b"; do
    n=$(post "$s/poll" "$here/poll_request.xml" default | grep -o '<taxii_11:Content_Block>' | wc -l)
    [ "$n" -eq "$seed_blocks" ] || { echo "poll of $s returned $n blocks" >&2; exit 1; }
done

# wrk against $1 with $2 threads and $3 connections: "rps p50 p90 p99 errors requests".
load() {
    LOAD_BODY="$body" LOAD_COLLECTION=default LOAD_AUTH="" LOAD_EXPECT="$expect" \
        timeout 120 wrk -t"$2" -c"$3" -d"$duration" --timeout 10s -s "$here/taxii.lua" "$1" |
        awk '/^RESULT/ { print $2, $3, $4, $5, $6, $7 }'
}

rows=()
run_case() {
    local name=$1 service=$2
    body=$3 expect=$4
    echo "running $name" >&2
    rows+=("$name|SQLite, 1 instance|$(load "$sqlite/$service" 2 16)")
    rows+=("$name|PostgreSQL, 1 instance|$(load "$pg_a/$service" 2 16)")
    load "$pg_a/$service" 1 8 > "$work/two-a" &
    local wa=$!
    load "$pg_b/$service" 1 8 > "$work/two-b"
    wait "$wa"
    rows+=("$name|PostgreSQL, 2 instances|$(awk '{ r += $1; for (i = 2; i <= 4; i++) if ($i > m[i]) m[i] = $i; e += $5; n += $6 }
        END { printf "%.1f %s %s %s %d %d", r, m[2], m[3], m[4], e, n }' "$work/two-a" "$work/two-b")")
}

run_case discovery discovery "$here/discovery_request.xml" Discovery_Response
run_case "poll ($seed_blocks blocks)" poll "$here/poll_request.xml" '<taxii_11:Content_Block>'
run_case "inbox (1 block)" inbox "$here/inbox_message.xml" 'status_type="SUCCESS"'

echo
echo "wrk, 16 connections in all, -d$duration, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| case | store | req/s | p50 ms | p90 ms | p99 ms | errors / requests |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for r in "${rows[@]}"; do
    IFS='|' read -r name store res <<< "$r"
    read -r rps p50 p90 p99 e n <<< "$res"
    echo "| $name | $store | $rps | $p50 | $p90 | $p99 | $e / $n |"
done
