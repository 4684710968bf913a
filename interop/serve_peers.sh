#!/usr/bin/env bash
# Interop: real peers (cabby's CLI and libtaxii's scripts, pinned) against `taxii serve`.
# Starts the server on a free loopback port with a temporary data directory, runs every
# peer command, and checks that what was pushed is what is polled, byte for byte.
# Standalone, no arguments: `bash interop/serve_peers.sh`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
venv=$(bash "$repo/interop/setup.sh" | tail -1)
export PATH="$venv/bin:$PATH"
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
cat > "$work/taxii.toml" << TOML
listen = "127.0.0.1:$port"
data = "$work/data"
[limits]
poll_page_size = 2
[[collection]]
name = "default"
description = "interop collection"
[[collection]]
name = "second"
description = "second collection"
[[collection]]
name = "bulk"
description = "more blocks than one store page"
[[collection]]
name = "quiet"
description = "never written to"
writable = false
TOML
"$taxii" serve --config "$work/taxii.toml" --dump-dir "$work/dump" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2> /dev/null; then break; fi
    sleep 0.1
done

source "$repo/interop/steps.sh"
expect_line() { # extended regex a whole output line must match, command...
    local pattern=$1; shift
    "$@" > "$work/cmd.txt" 2>&1 || { cat "$work/cmd.txt"; return 1; }
    grep -Eq -- "^($pattern)\$" "$work/cmd.txt" || { echo "no line matching '^($pattern)\$' in:"; cat "$work/cmd.txt"; return 1; }
}
# The subscription id the last peer command printed.
subscription_id() {
    sed -n 's/.*Subscription ID: *\([^ ,]*\).*/\1/p' "$work/cmd.txt" | head -1
}
require() { # step name, value that must not be empty
    [ -n "$2" ] || step "$1" false
}
same_files() { # dir, expected file, count
    python3 "$repo/interop/serve_compare.py" "$2" "$3" "$1"
}

sample="$repo/testdata/samples/stix_package_1.1.1.xml"
common=(--host 127.0.0.1 --port "$port")

# cabby, TAXII 1.1
# cabby's CLI never imports libtaxii's Default Query module, so it cannot read the
# Supported_Query a server advertises; a cabby user runs it with the module registered.
cabby_discovery_with_query() {
    python3 -c 'import sys, libtaxii.taxii_default_query; from cabby.cli import discover_services; sys.argv[0] = "taxii-discovery"; sys.exit(discover_services())' "$@"
}
step "cabby discovery 1.1 (Default Query advertised)" expect_in_output "urn:taxii.mitre.org:query:default:1.0" cabby_discovery_with_query "${common[@]}" --path /services/discovery
step "cabby collections 1.1" expect_in_output "second" taxii-collections "${common[@]}" --path /services/collection-management
for i in 1 2 3; do
    step "cabby push 1.1 #$i" taxii-push "${common[@]}" --path /services/inbox -f "$sample" --dest default
done
mkdir -p "$work/cabby11" "$work/cabby11sub"
step "cabby poll 1.1 (multi-part: 3 blocks, 2 per part)" taxii-poll "${common[@]}" --path /services/poll -c default --dest-dir "$work/cabby11"
step "cabby 1.1: polled == pushed, byte for byte" same_files "$work/cabby11" "$sample" 3
step "cabby poll 1.1 count-only" expect_line '.*Content blocks count: 3, is partial: False.*' taxii-poll "${common[@]}" --path /services/poll -c default --count-only
step "cabby subscribe 1.1" expect_in_output "ACTIVE" taxii-subscription "${common[@]}" --path /services/collection-management -c default -a subscribe
sub=$(subscription_id)
require "cabby subscribe 1.1 printed a subscription id" "$sub"
step "cabby subscription status 1.1" expect_in_output "$sub" taxii-subscription "${common[@]}" --path /services/collection-management -c default -a status
step "cabby subscription pause 1.1" expect_in_output "PAUSED" taxii-subscription "${common[@]}" --path /services/collection-management -c default -a pause -s "$sub"
step "cabby subscription resume 1.1" expect_in_output "ACTIVE" taxii-subscription "${common[@]}" --path /services/collection-management -c default -a resume -s "$sub"
step "cabby poll 1.1 by subscription" taxii-poll "${common[@]}" --path /services/poll -c default -s "$sub" --dest-dir "$work/cabby11sub"
step "cabby 1.1 subscription poll: polled == pushed" same_files "$work/cabby11sub" "$sample" 3
step "cabby subscription unsubscribe 1.1" expect_in_output "UNSUBSCRIBED" taxii-subscription "${common[@]}" --path /services/collection-management -c default -a unsubscribe -s "$sub"

# cabby, TAXII 1.0 (the same server answers both versions)
v10=(-t 1.0)
mkdir -p "$work/cabby10" "$work/cabby10b"
step "cabby discovery 1.0" expect_in_output "POLL" taxii-discovery "${common[@]}" "${v10[@]}" --path /services/discovery
step "cabby collections (feeds) 1.0" expect_in_output "second" taxii-collections "${common[@]}" "${v10[@]}" --path /services/collection-management
step "cabby poll 1.0" taxii-poll "${common[@]}" "${v10[@]}" --path /services/poll -c default --dest-dir "$work/cabby10"
step "cabby 1.0: polled == pushed (1.1 pushes)" same_files "$work/cabby10" "$sample" 3
# A 1.0 poll answer is streamed from the store one page (500 blocks) at a time: this one
# spans three pages; its body is checked against the 1.0 XSD with the others below.
bulk=1100
mapfile -t bulk_files < <(yes "$sample" | head -n "$bulk")
step "taxii push $bulk blocks in one message" "$taxii" push "http://127.0.0.1:$port/services/inbox" -c bulk "${bulk_files[@]}"
mkdir -p "$work/cabby10bulk"
step "cabby poll 1.0 of $bulk blocks (streamed, 3 store pages)" taxii-poll "${common[@]}" "${v10[@]}" --path /services/poll -c bulk --dest-dir "$work/cabby10bulk"
step "cabby 1.0 streamed poll: polled == pushed" same_files "$work/cabby10bulk" "$sample" "$bulk"
streamed_body_dumped() { # the 1.0 answer of $bulk blocks, whole and closed, is in the dump
    local f
    for f in "$work"/dump/*-response.xml; do
        if [ "$(grep -o '<taxii:Content_Block>' "$f" | wc -l)" -eq "$bulk" ] \
            && tail -c 30 "$f" | grep -q '</taxii:Poll_Response>$'; then
            return 0
        fi
    done
    echo "no dumped 1.0 Poll_Response with $bulk blocks"
    return 1
}
step "the streamed 1.0 answer is in the dump (XSD-checked below)" streamed_body_dumped
step "cabby subscribe 1.0" expect_in_output "Subscription ID" taxii-subscription "${common[@]}" "${v10[@]}" --path /services/collection-management -c second -a subscribe
sub10=$(subscription_id)
require "cabby subscribe 1.0 printed a subscription id" "$sub10"
step "cabby subscription status 1.0" expect_in_output "$sub10" taxii-subscription "${common[@]}" "${v10[@]}" --path /services/collection-management -c second -a status -s "$sub10"
step "cabby subscription unsubscribe 1.0" taxii-subscription "${common[@]}" "${v10[@]}" --path /services/collection-management -c second -a unsubscribe -s "$sub10"

# libtaxii scripts, TAXII 1.1 and 1.0 (they write polled content into the current directory)
cd "$work"
lt=(--host 127.0.0.1 --port "$port")
step "libtaxii discovery_client" expect_in_output "Discovery_Response" discovery_client "${lt[@]}" --path /services/discovery --xml-output
step "libtaxii collection_information_client" expect_in_output "Collection_Information_Response" collection_information_client "${lt[@]}" --path /services/collection-management --xml-output
step "libtaxii inbox_client" expect_in_output "SUCCESS" inbox_client "${lt[@]}" --path /services/inbox --content-file "$sample" --dcn second --xml-output
step "libtaxii poll_client" expect_in_output "Poll_Response" poll_client "${lt[@]}" --path /services/poll --collection second --xml-output
result_id=$("$taxii" poll "http://127.0.0.1:$port/services/poll" -c default --json 2> /dev/null | sed -n 's/.*"result_id":"\([^"]*\)".*/\1/p' | head -1)
require "taxii poll --json gave a multi-part result id" "$result_id"
step "libtaxii fulfillment_client" expect_in_output "Poll_Response" fulfillment_client "${lt[@]}" --path /services/poll --collection default --result-id "$result_id" --result-part-number 2 --xml-output

step "libtaxii discovery_client_10" expect_in_output "Discovery_Response" discovery_client_10 "${lt[@]}" --path /services/discovery --xml-output
step "libtaxii feed_information_client_10" expect_in_output "Feed_Information_Response" feed_information_client_10 "${lt[@]}" --path /services/collection-management --xml-output
step "libtaxii inbox_client_10" expect_in_output "SUCCESS" inbox_client_10 "${lt[@]}" --path /services/inbox --content-file "$sample" --xml-output
# poll_client_10 of libtaxii 1.1.119 crashes while saving content blocks (it reads
# PollResponse.collection_name, which 1.0 responses do not have), so it polls a feed that
# holds none; the feed with content is polled by cabby 1.0 above.
step "libtaxii poll_client_10" expect_in_output "Poll_Response" poll_client_10 "${lt[@]}" --path /services/poll --feed quiet --xml-output

# our client against the same server (mixed: pushed by cabby/libtaxii, polled by us)
step "taxii poll (ours)" "$taxii" poll "http://127.0.0.1:$port/services/poll" -c default --dest-dir "$work/ours"
# 3 pushed by cabby 1.1 + 1 by inbox_client_10 (no destination: every writable collection)
step "ours: polled == pushed" same_files "$work/ours" "$sample" 4

# Every body exchanged (requests from the peers, answers from us) against the official XSDs.
validate_dump() {
    local v11=() v10=() f ns
    for f in "$work"/dump/*.xml; do
        ns=$("$venv/bin/python" -c 'import sys; from lxml import etree; print(etree.QName(etree.parse(sys.argv[1]).getroot()).namespace)' "$f")
        case "$ns" in
            http://taxii.mitre.org/messages/taxii_xml_binding-1.1) v11+=("$f") ;;
            *) v10+=("$f") ;;
        esac
    done
    echo "$((${#v11[@]} + ${#v10[@]})) bodies: ${#v11[@]} TAXII 1.1, ${#v10[@]} TAXII 1.0"
    [ "${#v11[@]}" -gt 0 ] && [ "${#v10[@]}" -gt 0 ] || { echo "no bodies of one version"; return 1; }
    "$venv/bin/python" "$repo/interop/xsd_check.py" "${v11[@]}" || return 1
    local out status=0
    out=$(xmllint --noout --nonet --schema "$repo/testdata/xsd/TAXII_XMLMessageBinding_Schema.xsd" "${v10[@]}" 2>&1) || status=$?
    if [ "$status" -ne 0 ] || grep -v ' validates$' <<< "$out"; then
        echo "TAXII 1.0 bodies fail the XSD (xmllint exit $status)"
        return 1
    fi
}
step "every body exchanged validates against the XSDs" validate_dump
grep -q "bodies" "$work/out.txt" && grep "bodies" "$work/out.txt"

echo "serve_peers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
