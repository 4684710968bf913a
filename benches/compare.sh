#!/usr/bin/env bash
# Compares taxii-rs with libtaxii (pinned in interop/requirements.txt) on the same generated
# TAXII 1.1 messages: decode throughput and peak memory (max RSS from /usr/bin/time -v),
# with the ratio per case. Installs nothing by hand: the peers come from interop/setup.sh.
# Throughput is bytes per second of CPU time of the decoding thread (wall-clock rates,
# also printed, depend on how many other processes share the cores).
#
#   bash benches/compare.sh            # all cases, incl. the 1 GB streaming one
#   SKIP_1GB=1 bash benches/compare.sh # without the 1 GB case
#   MIN_SECS=5 bash benches/compare.sh # repeat each decode for at least 5 s (default 2)
#
# Generated files go to target/bench-data (nothing large is committed).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
min_secs=${MIN_SECS:-2}
data="$repo/target/bench-data"
mkdir -p "$data"

venv=$(bash interop/setup.sh | tail -1)
python="$venv/bin/python"
cargo build --release -q -p taxii-benches --bins
bin="$repo/target/release"

gen() { # name kind count
    [ -s "$data/$1" ] || "$bin/gen_message" "$2" "$3" "$data/$1"
}
gen poll_1.xml poll 1
gen poll_100.xml poll 100
gen poll_10000.xml poll 10000
gen inbox_1.xml inbox 1
[ -n "${SKIP_1GB:-}" ] || gen poll_1GB.xml poll-bytes 1000000000

# measure CMD... -> "cpu_MB/s maxrss_KiB wall_MB/s" (the command prints
# `mode bytes runs s MB/s blocks cpu_s cpu_MB/s`)
measure() {
    local out rss
    out=$(/usr/bin/time -v "$@" 2> "$data/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$data/time.txt")
    echo "$(echo "$out" | awk '{print $8}') $rss $(echo "$out" | awk '{print $5}')"
}

mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.1fx", a / b; else print "-"}'; }

echo "load: $(uptime | sed 's/.*load average/load average/')"
echo
echo "| case | bytes | taxii-rs MB/s | taxii-rs peak MiB | libtaxii MB/s | libtaxii peak MiB | speed ratio | memory ratio | wall MB/s (rs / lt) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
row() { # label file mode(whole|stream) run_libtaxii(1|0)
    local label=$1 file="$data/$2" mode=$3 peer=$4 ours theirs size
    size=$(stat -c %s "$file")
    if [ "$mode" = stream ]; then
        ours=$(measure "$bin/decode_file" --stream "$file")
    else
        ours=$(measure "$bin/decode_file" --min-secs "$min_secs" "$file")
    fi
    read -r our_rate our_rss our_wall <<< "$ours"
    if [ "$peer" = 1 ]; then
        theirs=$(measure "$python" benches/compare/libtaxii_decode.py "$file" "$min_secs")
        read -r their_rate their_rss their_wall <<< "$theirs"
        echo "| $label | $size | $our_rate | $(mib "$our_rss") | $their_rate | $(mib "$their_rss") |" \
            "$(ratio "$our_rate" "$their_rate") | $(ratio "$their_rss" "$our_rss") | $our_wall / $their_wall |"
    else
        echo "| $label | $size | $our_rate | $(mib "$our_rss") | not run | not run | - | - | $our_wall / - |"
    fi
}
row "Poll_Response, 1 block" poll_1.xml whole 1
row "Inbox_Message, 1 block" inbox_1.xml whole 1
row "Poll_Response, 100 blocks" poll_100.xml whole 1
row "Poll_Response, 10,000 blocks" poll_10000.xml whole 1
row "Poll_Response, 10,000 blocks, streamed" poll_10000.xml stream 1
[ -n "${SKIP_1GB:-}" ] || row "Poll_Response, 1 GB, streamed" poll_1GB.xml stream 0
echo
echo "libtaxii always decodes whole messages; it is not run on the 1 GB file (it would need"
echo "about 27x the input in memory). Memory ratio = libtaxii peak / taxii-rs peak."
