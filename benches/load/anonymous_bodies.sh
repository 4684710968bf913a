#!/usr/bin/env bash
# Anonymous large posts against a server with accounts (issue 19, item 7): 128 clients at
# once each announce and send a 15 MB body to the inbox without credentials. The server
# answers UNAUTHORIZED from the headers and reads no body, so its peak RSS stays near its
# idle RSS. Prints idle RSS, peak RSS (VmHWM) and their ratio, measured in the same run.
# Loopback only; no arguments; CLIENTS and BODY_MB override the load.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
clients=${CLIENTS:-128}
body_mb=${BODY_MB:-15}
cargo build -q --release --bin taxii --manifest-path "$repo/Cargo.toml"
work=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
token_sha=$(printf 'bench-token' | sha256sum | cut -d' ' -f1)
cat > "$work/taxii.toml" << TOML
listen = "127.0.0.1:$port"
data = "$work/data"
[limits]
max_body_bytes = $(((body_mb + 1) * 1024 * 1024))
body_timeout_secs = 120
[[account]]
username = "bench"
token_sha256 = "$token_sha"
read = ["*"]
write = ["*"]
TOML
"$repo/target/release/taxii" serve --config "$work/taxii.toml" > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2> /dev/null; then break; fi
    sleep 0.1
done
rss() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"; }
idle=$(rss VmRSS)
answers=$(python3 - "$port" "$clients" "$body_mb" << 'PY'
import socket, sys, threading
port, clients, mb = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
size = mb * 1024 * 1024
head = (f"POST /services/inbox HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\n"
        "X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.1\r\n"
        "X-TAXII-Services: urn:taxii.mitre.org:services:1.1\r\n"
        f"Content-Length: {size}\r\n\r\n").encode()
chunk = b"<" * (1024 * 1024)
unauthorized = 0
lock = threading.Lock()
start = threading.Barrier(clients)
def post():
    global unauthorized
    s = socket.create_connection(("127.0.0.1", port))
    start.wait()
    try:
        s.sendall(head)
        for _ in range(mb):
            s.sendall(chunk)
    except OSError:
        pass  # answered and closed before the body was sent: what we expect
    got = b""
    try:
        while b"Status_Message>" not in got:
            part = s.recv(65536)
            if not part:
                break
            got += part
    except OSError:
        pass
    if b'status_type="UNAUTHORIZED"' in got:
        with lock:
            unauthorized += 1
threads = [threading.Thread(target=post) for _ in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
print(unauthorized)
PY
)
peak=$(rss VmHWM)
echo "anonymous posts: $clients x $body_mb MB, answered UNAUTHORIZED: $answers"
echo "server RSS idle: $idle kB, peak: $peak kB, peak/idle: $(python3 -c "print(f'{$peak / $idle:.2f}')")"
