#!/usr/bin/env bash
# CI for fuzz/ on a stable toolchain: format, lints, every fuzz target compiles (linked
# against libFuzzer), and the seed corpus, every saved crash and the structured targets
# on a fixed pseudo-random stream replay as ordinary tests (tests/replay.rs).
#
#   fuzz/ci.sh                     the checks above
#   FUZZ_SECONDS=60 fuzz/ci.sh     also runs each fuzzer that long (needs cargo-fuzz;
#                                  uses RUSTC_BOOTSTRAP=1 when no nightly is installed)
set -euo pipefail
cd "$(dirname "$0")"
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings
cargo build --locked --bins
cargo test --locked
if [ -n "${FUZZ_SECONDS:-}" ]; then
    if cargo fuzz --version >/dev/null 2>&1; then
        ./run.sh "$FUZZ_SECONDS"
        if ls artifacts/*/crash-* artifacts/*/oom-* artifacts/*/timeout-* >/dev/null 2>&1; then
            echo "fuzzing found inputs under fuzz/artifacts/" >&2
            exit 1
        fi
    else
        echo "cargo-fuzz not installed: fuzzers not run" >&2
    fi
fi
