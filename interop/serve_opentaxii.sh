#!/usr/bin/env bash
# Interop: our `taxii` client against OpenTAXII 0.9.3 (pinned), configured from
# interop/opentaxii.yml + interop/data.yml, served by gunicorn on a free loopback port.
# Discover, collections, push, poll (single and multi-part), subscription actions.
# Standalone, no arguments: `bash interop/serve_opentaxii.sh`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
venv=$(bash "$repo/interop/setup.sh" | tail -1)
cargo build -q --release --bin taxii --manifest-path "$repo/Cargo.toml"
taxii="$repo/target/release/taxii"

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2> /dev/null || true; wait "$server_pid" 2> /dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
sed -e "s#127.0.0.1:9000#127.0.0.1:$port#" -e "s#/tmp/opentaxii-peer#$work#g" \
    "$repo/interop/opentaxii.yml" > "$work/opentaxii.yml"
export OPENTAXII_CONFIG="$work/opentaxii.yml"
"$venv/bin/opentaxii-sync-data" "$repo/interop/data.yml" > "$work/sync.log" 2>&1
"$venv/bin/gunicorn" opentaxii.http:app --workers 2 --bind "127.0.0.1:$port" > "$work/gunicorn.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2> /dev/null; then break; fi
    sleep 0.1
done

base="http://127.0.0.1:$port/services"
auth=(--username test --password test)
source "$repo/interop/steps.sh"
sample="$repo/testdata/samples/stix_package_1.1.1.xml"

step "discover" expect_in_output "POLL" "$taxii" discover "$base/discovery-a" "${auth[@]}"
step "collections" expect_in_output "collection-b" "$taxii" collections "$base/collection-management-a" "${auth[@]}"
step "collections --json" expect_in_output '"CollectionInformationResponse"' "$taxii" collections "$base/collection-management-a" "${auth[@]}" --json
step "bad password is UNAUTHORIZED" expect_failure "UNAUTHORIZED" "$taxii" poll "$base/poll-a" -c collection-a --username test --password wrong
for i in 1 2 3; do
    step "push #$i" expect_in_output "SUCCESS" "$taxii" push "$base/inbox-a" "$sample" -c collection-a "${auth[@]}"
done
step "push to a read-only collection is refused" expect_failure "UNAUTHORIZED\|DENIED\|FAILURE" "$taxii" push "$base/inbox-a" "$sample" -c collection-b "${auth[@]}"
step "poll" "$taxii" poll "$base/poll-a" -c collection-a "${auth[@]}" --dest-dir "$work/poll-a"
step "poll: polled == pushed" python3 "$repo/interop/serve_compare.py" "$sample" 3 "$work/poll-a"
step "poll multi-part (1 block per part)" expect_in_output "part 3" "$taxii" poll "$base/poll-b" -c collection-a "${auth[@]}" --dest-dir "$work/poll-b"
step "multi-part: polled == pushed" python3 "$repo/interop/serve_compare.py" "$sample" 3 "$work/poll-b"
step "poll count-only" expect_in_output "3 record" "$taxii" poll "$base/poll-a" -c collection-a "${auth[@]}" --count-only
step "subscribe" expect_in_output "ACTIVE" "$taxii" subscribe "$base/collection-management-a" -c collection-a "${auth[@]}"
sub=$(sed -n 's/^subscription \([^ ]*\) on .*/\1/p' "$work/cmd.txt" | head -1)
step "subscription status" expect_in_output "$sub" "$taxii" subscribe "$base/collection-management-a" -c collection-a "${auth[@]}" --action status --subscription-id "$sub"
step "subscription pause" expect_in_output "PAUSED" "$taxii" subscribe "$base/collection-management-a" -c collection-a "${auth[@]}" --action pause --subscription-id "$sub"
step "subscription resume" expect_in_output "ACTIVE" "$taxii" subscribe "$base/collection-management-a" -c collection-a "${auth[@]}" --action resume --subscription-id "$sub"
step "subscription unsubscribe" expect_in_output "UNSUBSCRIBED" "$taxii" subscribe "$base/collection-management-a" -c collection-a "${auth[@]}" --action unsubscribe --subscription-id "$sub"

# TAXII 1.0 (OpenTAXII's inbox requires destination collections, which 1.0 cannot name,
# so content comes from the 1.1 pushes above)
v10=(--taxii 1.0)
step "discover 1.0" expect_in_output "POLL" "$taxii" discover "$base/discovery-a" "${auth[@]}" "${v10[@]}"
step "feeds 1.0" expect_in_output "collection-b" "$taxii" collections "$base/collection-management-a" "${auth[@]}" "${v10[@]}"
step "poll 1.0" "$taxii" poll "$base/poll-a" -c collection-a "${auth[@]}" "${v10[@]}" --dest-dir "$work/poll-10"
step "poll 1.0: polled == pushed" python3 "$repo/interop/serve_compare.py" "$sample" 3 "$work/poll-10"
step "subscribe 1.0" expect_in_output "subscription" "$taxii" subscribe "$base/collection-management-a" -c collection-a "${auth[@]}" "${v10[@]}"

echo "serve_opentaxii: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
