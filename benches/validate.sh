#!/usr/bin/env bash
# `taxii validate` of the 10,000-block TAXII 1.1 Poll_Response (23 MB) as a whole process,
# against libtaxii decoding the same file in a whole Python process
# (benches/compare/libtaxii_decode.py, one run), both under /usr/bin/time -v: CPU time
# (user + system), wall time and peak RSS; each side run RUNS times (default 5), the
# median (by CPU time) shown, and the ratios libtaxii / taxii and peak RSS / input size.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
runs=${RUNS:-5}
venv=$(bash interop/setup.sh | tail -n 1)
timeout 1800 cargo build --release -q -p taxii --bin taxii
timeout 1800 cargo build --release -q -p taxii-benches --bin gen_message
bin="${CARGO_TARGET_DIR:-$repo/target}/release"
data="${CARGO_TARGET_DIR:-$repo/target}/bench-data"
mkdir -p "$data"
file="$data/poll_response_10000.xml"
[ -s "$file" ] || "$bin/gen_message" poll 10000 "$file"
size=$(stat -c %s "$file")

# Runs "$@" RUNS times; prints the median "cpu_s wall_s max_rss_kib" (CPU and wall time
# from bash's `time`, to the millisecond; peak RSS from /usr/bin/time in a separate run).
measure() {
    local TIMEFORMAT='%3U %3S %3R'
    for _ in $(seq 1 "$runs"); do
        { time "$@" > /dev/null; } 2> "$data/time.txt"
        /usr/bin/time -f '%M' -o "$data/rss.txt" "$@" > /dev/null
        awk -v m="$(cat "$data/rss.txt")" '{ printf "%.3f %.3f %d\n", $1 + $2, $3, m }' \
            "$data/time.txt"
    done | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2)'
}

read -r rc rw rm <<< "$(measure "$bin/taxii" validate "$file")"
read -r lc lw lm <<< "$(measure "$venv/bin/python" benches/compare/libtaxii_decode.py "$file" 0)"
echo "file $size bytes, $runs runs each (median), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| process | CPU s | wall s | peak RSS MiB | peak RSS / input |"
echo "| --- | ---: | ---: | ---: | ---: |"
awk -v c="$rc" -v w="$rw" -v m="$rm" -v s="$size" 'BEGIN {
    printf "| taxii validate | %.3f | %.3f | %.1f | %.2fx |\n", c, w, m / 1024, m * 1024 / s }'
awk -v c="$lc" -v w="$lw" -v m="$lm" -v s="$size" 'BEGIN {
    printf "| libtaxii 1.1.119 | %.3f | %.3f | %.1f | %.2fx |\n", c, w, m / 1024, m * 1024 / s }'
awk -v rc="$rc" -v rw="$rw" -v lc="$lc" -v lw="$lw" 'BEGIN {
    printf "| ratio libtaxii / taxii | %.1fx | %.1fx | | |\n", lc / rc, lw / rw }'
