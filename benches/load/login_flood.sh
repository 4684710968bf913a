#!/usr/bin/env bash
# Login flood (issue 19, finding 3): `taxii serve` with real PBKDF2 hashes (600000
# iterations); uncached logins from 127.0.0.2 timed alone, then while FLOOD_THREADS
# (default 16) threads send wrong passwords from 127.0.0.1 for FLOOD_SECS (default 20).
# Prints both medians and the ratio. Loopback only; everything started is stopped on exit.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
threads=${FLOOD_THREADS:-16}
secs=${FLOOD_SECS:-20}
victims=${VICTIMS:-16}
timeout 1800 cargo build --release -q -p taxii --bin taxii --manifest-path "$repo/Cargo.toml"
taxii="$repo/target/release/taxii"

work=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

hash=$(printf 'right' | "$taxii" hash-password)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
{
    echo "listen = \"127.0.0.1:$port\""
    echo "data = \"$work/data\""
    echo '[limits]'
    echo 'max_connections = 512'
    echo 'max_connections_per_ip = 256'
    for i in $(seq 0 $((victims - 1))); do
        echo '[[account]]'
        echo "username = \"victim$i\""
        echo "password_hash = \"$hash\""
        echo 'read = ["*"]'
    done
} > "$work/taxii.toml"
"$taxii" serve --config "$work/taxii.toml" > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2> /dev/null; then break; fi
    sleep 0.1
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$repo/benches/load/login_flood.py" "$port" "$threads" "$secs" "$victims"
