#!/usr/bin/env bash
# Server load against the ceiling of this machine, measured in the same run.
#
# The ceiling is benches/src/bin/ceiling.rs: the same runtime and HTTP library as
# `taxii serve`, answering every request with the bytes of our Discovery_Response and the
# TAXII headers. Each case runs `wrk -t2 -c16` (benches/load/taxii.lua) first against the
# ceiling, with the same request, then against `taxii serve`, and prints our rate as a
# percentage of the ceiling's, and the CPU time each server used per request (from
# /proc/PID/stat; the ceiling's as a share of ours), which depends less on what else runs
# on the machine. Cases: discovery, poll of 10 blocks, inbox of 1 block, each
# without and with HTTP Basic; then the inbox durability cost: the same Basic inbox run
# against a third `taxii serve` started under eatmydata (every fsync a no-op, i.e. SQLite
# with no durability), which is the inbox's own ceiling.
#
# Traffic goes to 127.0.0.1 only; everything started is stopped on exit.
# LOAD_DURATION (default 10s) sets each wrk run; LOAD_ROUNDS (default 1) repeats every
# case, alternating which of the two goes first, and averages the figures; TAXII_BIN
# runs another `taxii` binary (e.g. an older build) instead of this checkout's.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
here=benches/load
duration=${LOAD_DURATION:-10s}
rounds=${LOAD_ROUNDS:-1}
user=test
password=test
seed_blocks=10
py=python3

command -v wrk > /dev/null || { apt-get update -q && apt-get install -y -q wrk; } >&2
command -v eatmydata > /dev/null || { apt-get update -q && apt-get install -y -q eatmydata; } >&2
echo "building taxii and ceiling (release)" >&2
timeout 1800 cargo build --release -q -p taxii --bin taxii
timeout 1800 cargo build --release -q -p taxii-benches --bin ceiling
bin="${CARGO_TARGET_DIR:-$repo/target}/release"
taxii=${TAXII_BIN:-$bin/taxii}

work=$(mktemp -d "${TMPDIR:-/tmp}/taxii-ceiling.XXXXXX")
. "$here/common.sh"
hash=$(printf '%s\n' "$password" | "$taxii" hash-password)

# Starts `taxii serve` as $1 (open | auth | nosync); sets $url to its base URL.
start_taxii() {
    local port wrap=()
    port=$(free_port)
    {
        echo "listen = \"127.0.0.1:$port\""
        echo "data = \"$work/$1\""
        if [ "$1" != open ]; then
            printf '[[account]]\nusername = "%s"\npassword_hash = "%s"\n' "$user" "$hash"
        fi
    } > "$work/$1.toml"
    [ "$1" = nosync ] && wrap=(eatmydata)
    "${wrap[@]}" "$taxii" serve --config "$work/$1.toml" > /dev/null 2> "$work/$1.log" &
    pids+=($!)
    pid=$!
    url="http://127.0.0.1:$port/services"
}
start_taxii open
open=$url open_pid=$pid
start_taxii auth
auth=$url auth_pid=$pid
start_taxii nosync
nosync=$url nosync_pid=$pid
wait_up "$open/discovery"
wait_up "$auth/discovery" "$basic"
wait_up "$nosync/discovery" "$basic"

# The ceiling answers with our own Discovery_Response.
post "$open/discovery" "$here/discovery_request.xml" x > "$work/discovery_response.xml"
grep -q Discovery_Response "$work/discovery_response.xml"
ceiling_port=$(free_port)
"$bin/ceiling" "127.0.0.1:$ceiling_port" "$work/discovery_response.xml" > /dev/null 2> "$work/ceiling.log" &
pids+=($!)
ceiling_pid=$!
ceiling="http://127.0.0.1:$ceiling_port/services"
wait_up "$ceiling/discovery"

# Every polled collection holds the same 10 blocks; each poll answer carries all of them.
for base in "$open" "$auth" "$nosync"; do
    for _ in $(seq 1 "$seed_blocks"); do
        post "$base/inbox" "$here/inbox_message.xml" default "$basic" |
            grep 'status_type="SUCCESS"' > /dev/null
    done
    check_poll "$base/poll" default
done

rows=()
# Averages "rps p50 p90 p99 errors requests cpu" lines (errors and requests summed).
sum_rows() {
    awk '{ r += $1; a += $2; b += $3; c += $4; e += $5; n += $6; u += $7; k++ }
        END { printf "%.1f %.2f %.2f %.2f %d %d %.1f\n", r / k, a / k, b / k, c / k, e, n, u / k }'
}
# case name, ceiling URL and pid, our URL and pid, body, Authorization, our expected
# answer, the ceiling's
run_case() {
    local name=$1 top=$2 top_pid=$3 ours=$4 our_pid=$5 body=$6 auth=$7 expect=$8 top_expect=$9
    echo "running $name" >&2
    local a="" b="" i
    for i in $(seq 1 "$rounds"); do
        if [ $((i % 2)) -eq 1 ]; then
            a+=$(load "$top" "$body" default "$auth" "$top_expect" "$top_pid")$'\n'
            b+=$(load "$ours" "$body" default "$auth" "$expect" "$our_pid")$'\n'
        else
            b+=$(load "$ours" "$body" default "$auth" "$expect" "$our_pid")$'\n'
            a+=$(load "$top" "$body" default "$auth" "$top_expect" "$top_pid")$'\n'
        fi
    done
    rows+=("$name|$(printf '%s' "$a" | sum_rows)|$(printf '%s' "$b" | sum_rows)")
}

d=Discovery_Response
c="$ceiling $ceiling_pid"
run_case "discovery" $c "$open/discovery" $open_pid "$here/discovery_request.xml" "" $d $d
run_case "discovery, Basic" $c "$auth/discovery" $auth_pid \
    "$here/discovery_request.xml" "$basic" $d $d
run_case "poll (10 blocks)" $c "$open/poll" $open_pid "$here/poll_request.xml" "" \
    '<taxii_11:Content_Block>' $d
run_case "poll (10 blocks), Basic" $c "$auth/poll" $auth_pid "$here/poll_request.xml" \
    "$basic" '<taxii_11:Content_Block>' $d
run_case "inbox (1 block)" $c "$open/inbox" $open_pid "$here/inbox_message.xml" "" \
    'status_type="SUCCESS"' $d
run_case "inbox (1 block), Basic" $c "$auth/inbox" $auth_pid "$here/inbox_message.xml" \
    "$basic" 'status_type="SUCCESS"' $d
run_case "inbox (1 block), Basic: synced vs fsync off" "$nosync/inbox" $nosync_pid \
    "$auth/inbox" $auth_pid "$here/inbox_message.xml" "$basic" \
    'status_type="SUCCESS"' 'status_type="SUCCESS"'

echo
echo "wrk -t2 -c16 -d$duration x $rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| case | ceiling req/s | taxii req/s | % of ceiling | CPU µs/request: ceiling / taxii | ceiling's CPU share | taxii p50 / p90 / p99 ms | errors / requests (taxii) | errors (ceiling) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for r in "${rows[@]}"; do
    IFS='|' read -r name a b <<< "$r"
    read -r ar _ _ _ ae _ au <<< "$a"
    read -r br b50 b90 b99 be bn bu <<< "$b"
    pct=$(awk -v x="$br" -v y="$ar" 'BEGIN { if (y > 0) printf "%.0f %%", 100 * x / y; else print "-" }')
    share=$(awk -v x="$au" -v y="$bu" 'BEGIN { if (y > 0) printf "%.0f %%", 100 * x / y; else print "-" }')
    echo "| $name | $ar | $br | $pct | $au / $bu | $share | $b50 / $b90 / $b99 | $be / $bn | $ae |"
done
