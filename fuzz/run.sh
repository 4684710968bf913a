#!/usr/bin/env bash
# Runs fuzz targets one after another (one job: the machine is shared) and keeps each
# target's libFuzzer log in fuzz/logs/<target>.log.
#
#   fuzz/run.sh SECONDS [TARGET...]      default: every target, 600 s each
#
# Needs cargo-fuzz; on a stable toolchain RUSTC_BOOTSTRAP=1 stands in for nightly.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(decode_message decode_default_query roundtrip_message roundtrip_default_query)
fi
cargo run -q --manifest-path fuzz/Cargo.toml --example seed_corpus >/dev/null
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
    echo "== $t for ${secs}s"
    RUSTC_BOOTSTRAP=1 cargo fuzz run -O -j1 "$t" -- \
        -max_total_time="$secs" -dict=fuzz/taxii.dict -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 >"fuzz/logs/$t.log" 2>&1 || echo "$t: exit $? (see fuzz/logs/$t.log)"
    grep -aE "^(stat::|Done)|cov:|INFO: fuzzed for|crash-|timeout-|oom-" "fuzz/logs/$t.log" | tail -12
done
