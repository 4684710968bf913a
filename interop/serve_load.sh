#!/usr/bin/env bash
# Load comparison (issue 9): `taxii serve` and OpenTAXII 0.9.3 (pinned, gunicorn with 2
# workers) on loopback, wrk -t2 -c16 for DURATION seconds (default 10) per row: TAXII 1.1
# Discovery without and with HTTP Basic, Poll (10 blocks) and Inbox with Basic. Prints
# requests/s, latency percentiles, errors (socket errors, timeouts over 2 s, non-2xx
# answers) and the ratio.
# Standalone: `bash interop/serve_load.sh [DURATION]`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
venv=$(bash "$repo/interop/setup.sh" | tail -1)
cargo build -q --release --bin taxii --manifest-path "$repo/Cargo.toml"
taxii="$repo/target/release/taxii"
duration=${1:-10}

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; wait "$p" 2> /dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 0.2)" 2> /dev/null && return 0; sleep 0.1; done; return 1; }

# taxii serve: one open server, one with the account test/test (default PBKDF2 cost).
open_port=$(free_port)
RUST_LOG=warn "$taxii" serve --listen "127.0.0.1:$open_port" --data "$work/open" > "$work/open.log" 2>&1 &
pids+=($!)
auth_port=$(free_port)
cat > "$work/auth.toml" << TOML
listen = "127.0.0.1:$auth_port"
data = "$work/auth"
[[collection]]
name = "collection-a"
[[account]]
username = "test"
password_hash = "$(echo test | "$taxii" hash-password)"
TOML
RUST_LOG=warn "$taxii" serve --config "$work/auth.toml" > "$work/auth.log" 2>&1 &
pids+=($!)

# OpenTAXII with the project's peer configuration.
ot_port=$(free_port)
sed -e "s#127.0.0.1:9000#127.0.0.1:$ot_port#" -e "s#/tmp/opentaxii-peer#$work#g" \
    -e "s#opentaxii: info#opentaxii: warning#" -e "s#root: info#root: warning#" \
    "$repo/interop/opentaxii.yml" > "$work/opentaxii.yml"
export OPENTAXII_CONFIG="$work/opentaxii.yml"
"$venv/bin/opentaxii-sync-data" "$repo/interop/data.yml" > "$work/sync.log" 2>&1
"$venv/bin/gunicorn" opentaxii.http:app --workers 2 --bind "127.0.0.1:$ot_port" > "$work/gunicorn.log" 2>&1 &
pids+=($!)
wait_port "$open_port"; wait_port "$auth_port"; wait_port "$ot_port"

# wrk scripts: one per request kind.
python3 - "$work" "$repo/testdata/samples/stix_package_1.1.1.xml" << 'PY'
import json, sys
work, sample = sys.argv[1], open(sys.argv[2]).read()
ns = 'xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1"'
bodies = {
    "discovery": f'<taxii_11:Discovery_Request {ns} message_id="1"/>',
    "poll": f'<taxii_11:Poll_Request {ns} message_id="1" collection_name="collection-a">'
            '<taxii_11:Poll_Parameters allow_asynch="false"><taxii_11:Response_Type>FULL'
            '</taxii_11:Response_Type></taxii_11:Poll_Parameters></taxii_11:Poll_Request>',
    "inbox": f'<taxii_11:Inbox_Message {ns} message_id="1"><taxii_11:Destination_Collection_Name>'
             'collection-a</taxii_11:Destination_Collection_Name><taxii_11:Content_Block>'
             '<taxii_11:Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/>'
             f'<taxii_11:Content>{sample}</taxii_11:Content></taxii_11:Content_Block></taxii_11:Inbox_Message>',
}
headers = {
    "Content-Type": "application/xml", "Accept": "application/xml",
    "X-TAXII-Content-Type": "urn:taxii.mitre.org:message:xml:1.1",
    "X-TAXII-Accept": "urn:taxii.mitre.org:message:xml:1.1",
    "X-TAXII-Services": "urn:taxii.mitre.org:services:1.1",
    "X-TAXII-Protocol": "urn:taxii.mitre.org:protocol:http:1.0",
}
for name, body in bodies.items():
    for auth in (False, True):
        h = dict(headers)
        if auth:
            h["Authorization"] = "Basic dGVzdDp0ZXN0"
        lines = ['wrk.method = "POST"', f"wrk.body = {json.dumps(body)}"]
        lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in h.items()]
        lines += ['function done(summary, latency, requests)',
                  '  local e = summary.errors',
                  '  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d\\n", summary.requests / (summary.duration / 1e6),',
                  '    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,',
                  '    e.connect + e.read + e.write + e.status + e.timeout))',
                  'end']
        open(f"{work}/{name}{'_auth' if auth else ''}.lua", "w").write("\n".join(lines) + "\n")
PY

# Seed 10 blocks for the poll rows.
for _ in $(seq 10); do
    "$taxii" push "http://127.0.0.1:$auth_port/services/inbox" "$repo/testdata/samples/stix_package_1.1.1.xml" -c collection-a -u test --password test > /dev/null
    "$taxii" push "http://127.0.0.1:$ot_port/services/inbox-a" "$repo/testdata/samples/stix_package_1.1.1.xml" -c collection-a -u test --password test > /dev/null
done

run() { # script url -> "rps p50 p90 p99 errors"
    wrk -t2 -c16 -d"${duration}s" --latency -s "$work/$1.lua" "$2" 2>&1 | sed -n 's/^RESULT //p'
}
printf '%-26s %12s %12s %9s %9s %9s %7s\n' "request" "server" "requests/s" "p50 ms" "p90 ms" "p99 ms" "errors"
rps=0
row() { # label server script url; sets $rps
    local r p50 p90 p99 errs
    r=$(run "$3" "$4")
    read -r rps p50 p90 p99 errs <<< "$r"
    printf '%-26s %12s %12s %9s %9s %9s %7s\n' "$1" "$2" "$rps" "$p50" "$p90" "$p99" "$errs"
}
compare() { # label our_script our_url ot_script ot_url
    local ours
    row "$1" taxii-rs "$2" "$3"
    ours=$rps
    row "$1" OpenTAXII "$4" "$5"
    python3 -c "print(f'{\"\":26} {\"ratio\":>12} {float(\"$ours\") / max(float(\"$rps\"), 0.001):11.1f}x')"
}
compare "Discovery (no auth)" discovery "http://127.0.0.1:$open_port/services/discovery" discovery "http://127.0.0.1:$ot_port/services/discovery-a"
compare "Discovery (Basic)" discovery_auth "http://127.0.0.1:$auth_port/services/discovery" discovery_auth "http://127.0.0.1:$ot_port/services/discovery-a"
compare "Poll, 10 blocks (Basic)" poll_auth "http://127.0.0.1:$auth_port/services/poll" poll_auth "http://127.0.0.1:$ot_port/services/poll-a"
compare "Inbox, 1 block (Basic)" inbox_auth "http://127.0.0.1:$auth_port/services/inbox" inbox_auth "http://127.0.0.1:$ot_port/services/inbox-a"
