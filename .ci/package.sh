#!/usr/bin/env bash
# The three library crates as crates.io would get them: `cargo package` builds each .crate
# (metadata, readme, licenses, crate-local test data) and compiles it; then every crate's
# tests run from its unpacked sources, away from the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
crates=(taxii-messages taxii-http-binding taxii-services)

args=()
for c in "${crates[@]}"; do args+=(-p "$c"); done
# Verification builds each crate against the others as a registry would serve them, and
# cargo never rebuilds a registry crate of an unchanged version: start those from scratch.
export CARGO_TARGET_DIR="$PWD/target/package-verify"
rm -rf "$CARGO_TARGET_DIR/package"
cargo clean --quiet "${args[@]}"
# Cargo unpacks the temporary registry's crates under CARGO_HOME, keyed by the registry's
# path (the same in every clone at this place) and never unpacks a version again: remove
# what an earlier run left there, or verification compiles against those older sources.
version=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="taxii-messages"))')
for c in "${crates[@]}"; do
    rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/"$c-$version"
done
cargo package --allow-dirty "${args[@]}"

# A fixed place, so that test binaries built from an earlier run are never reused with a
# CARGO_MANIFEST_DIR that no longer exists.
unpacked="$CARGO_TARGET_DIR/unpacked"
rm -rf "$unpacked"
mkdir -p "$unpacked"

for c in "${crates[@]}"; do
    crate_file="$CARGO_TARGET_DIR/package/$c-$version.crate"
    for f in Cargo.toml README.md LICENSE-MIT LICENSE-APACHE; do
        tar -tzf "$crate_file" "$c-$version/$f" >/dev/null ||
            { echo "$crate_file lacks $f" >&2; exit 1; }
    done
    # --touch: fresh mtimes, so cargo rebuilds from these sources rather than trusting
    # binaries built from an earlier unpacking
    tar --touch -xzf "$crate_file" -C "$unpacked"
done
if grep -rn 'example\.invalid' "$unpacked"/*/Cargo.toml; then
    echo "placeholder URL in a packaged manifest" >&2
    exit 1
fi

for c in "${crates[@]}"; do
    dir="$unpacked/$c-$version"
    # The unpacked crates find each other through [patch], as they would on crates.io.
    printf '\n[workspace]\n\n[patch.crates-io]\n' >>"$dir/Cargo.toml"
    for other in "${crates[@]}"; do
        [ "$other" = "$c" ] ||
            echo "$other = { path = \"$unpacked/$other-$version\" }" >>"$dir/Cargo.toml"
    done
    echo "== tests of $c from its package (all features)"
    cargo test --manifest-path "$dir/Cargo.toml" --all-features
done
