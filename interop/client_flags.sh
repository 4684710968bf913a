#!/usr/bin/env bash
# Interop of the client's enterprise flags with real components (issue 17):
# - a real proxy (Debian's tinyproxy, installed when missing) with Basic proxy credentials:
#   --proxy for HTTP and for HTTPS through CONNECT, http_proxy/https_proxy/no_proxy as curl
#   reads them, --proxy none;
# - OpenTAXII's JWT login: our --jwt-auth against OpenTAXII (pinned, from interop/setup.sh);
# - `taxii serve`'s login endpoint: cabby's --jwt-auth, and ours, against it;
# - --header, --raw, --discovery, poll --limit, --key-password (encrypted PKCS#8 client key
#   against a server asking for client certificates), completions and the man page.
# Standalone, no arguments: `bash interop/client_flags.sh`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
venv=$(bash "$repo/interop/setup.sh" | tail -1)
if ! command -v tinyproxy > /dev/null; then
    echo "installing tinyproxy" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq tinyproxy >&2
fi
cargo build -q --release --bin taxii --manifest-path "$repo/Cargo.toml"
taxii="$repo/target/release/taxii"

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; wait "$p" 2> /dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_port() {
    for _ in $(seq 100); do
        if python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 0.2)" 2> /dev/null; then return 0; fi
        sleep 0.1
    done
    echo "nothing listens on port $1" >&2; return 1
}

# Certificates: a CA, the server's certificate for 127.0.0.1, and a client certificate whose
# key is encrypted PKCS#8.
openssl=(openssl)
cd "$work"
"${openssl[@]}" req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca -keyout ca.key -out ca.pem \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2> /dev/null
for who in server client; do
    "${openssl[@]}" req -newkey rsa:2048 -nodes -subj "/CN=$who" -keyout "$who.key" -out "$who.csr" 2> /dev/null
done
printf 'subjectAltName=IP:127.0.0.1\n' > server.ext
"${openssl[@]}" x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem 2> /dev/null
printf 'extendedKeyUsage=clientAuth\n' > client.ext
"${openssl[@]}" x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile client.ext -out client.pem 2> /dev/null
"${openssl[@]}" pkcs8 -topk8 -v2 aes-256-cbc -in client.key -out client-enc.key -passout pass:key-secret
client_fp=$("${openssl[@]}" x509 -in client.pem -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr A-F a-f)
cd - > /dev/null

# taxii serve over HTTP and over HTTPS (client certificates accepted), one account each.
hash=$(printf 'test' | "$taxii" hash-password --iterations 1000)
http_port=$(free_port)
https_port=$(free_port)
for kind in http https; do
    port_var=${kind}_port
    {
        echo "listen = \"127.0.0.1:${!port_var}\""
        echo "data = \"$work/data-$kind\""
        echo '[limits]'
        echo 'poll_page_size = 1'
        echo '[[collection]]'
        echo 'name = "default"'
        echo '[[account]]'
        echo 'username = "test"'
        echo "password_hash = \"$hash\""
        echo "cert_sha256 = \"$client_fp\""
        echo 'read = ["*"]'
        echo 'write = ["*"]'
        if [ "$kind" = https ]; then
            echo '[tls]'
            echo "cert = \"$work/server.pem\""
            echo "key = \"$work/server.key\""
            echo "client_ca = \"$work/ca.pem\""
        fi
    } > "$work/$kind.toml"
    "$taxii" serve --config "$work/$kind.toml" --dump-dir "$work/dump-$kind" > "$work/serve-$kind.log" 2>&1 &
    pids+=($!)
done

# tinyproxy with proxy credentials.
proxy_port=$(free_port)
cat > "$work/tinyproxy.conf" << CONF
Port $proxy_port
Listen 127.0.0.1
Timeout 30
LogLevel Info
LogFile "$work/tinyproxy.log"
MaxClients 20
Allow 127.0.0.1
BasicAuth proxyuser proxy-pass
DisableViaHeader Yes
CONF
tinyproxy -d -c "$work/tinyproxy.conf" > "$work/tinyproxy.out" 2>&1 &
pids+=($!)

# OpenTAXII (its JWT login at /management/auth).
ot_port=$(free_port)
mkdir -p "$work/ot"
sed -e "s#127.0.0.1:9000#127.0.0.1:$ot_port#" -e "s#/tmp/opentaxii-peer#$work/ot#g" \
    "$repo/interop/opentaxii.yml" > "$work/ot/opentaxii.yml"
OPENTAXII_CONFIG="$work/ot/opentaxii.yml" "$venv/bin/opentaxii-sync-data" "$repo/interop/data.yml" > "$work/ot/sync.log" 2>&1
OPENTAXII_CONFIG="$work/ot/opentaxii.yml" "$venv/bin/gunicorn" opentaxii.http:app --workers 1 \
    --bind "127.0.0.1:$ot_port" > "$work/ot/gunicorn.log" 2>&1 &
pids+=($!)
for p in "$http_port" "$https_port" "$proxy_port" "$ot_port"; do wait_port "$p"; done

source "$repo/interop/steps.sh"
files_in() { # dir, expected count
    local n; n=$(find "$1" -name '*.xml' | wc -l)
    [ "$n" -eq "$2" ] || { echo "$1 holds $n files, expected $2"; return 1; }
}

sample="$repo/testdata/samples/stix_package_1.1.1.xml"
http="http://127.0.0.1:$http_port/services"
https="https://127.0.0.1:$https_port/services"
auth=(-u test --password test)
tls=(--ca-bundle "$work/ca.pem")
proxy="http://proxyuser:proxy-pass@127.0.0.1:$proxy_port"
bare_proxy="http://127.0.0.1:$proxy_port"
unset http_proxy https_proxy all_proxy no_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY NO_PROXY

for i in 1 2 3; do
    step "push #$i" expect_in_output SUCCESS "$taxii" push "$http/inbox" "$sample" -c default "${auth[@]}"
done

# Proxy: the proxy wants credentials, so a request that reaches it without them fails
# (407) and one that bypasses it succeeds: that tells which way each request went.
step "--proxy: HTTP poll through tinyproxy" expect_in_output "part 3" "$taxii" poll "$http/poll" "${auth[@]}" --proxy "$proxy"
step "--proxy: HTTPS through CONNECT" expect_in_output "POLL" "$taxii" discover "$https/discovery" "${auth[@]}" "${tls[@]}" --proxy "$proxy"
step "--proxy without credentials: the proxy's 407" expect_failure "407" "$taxii" discover "$http/discovery" "${auth[@]}" --proxy "$bare_proxy"
step "--proxy without credentials, HTTPS: CONNECT refused" expect_failure "407" "$taxii" discover "$https/discovery" "${auth[@]}" "${tls[@]}" --proxy "$bare_proxy"
step "http_proxy is used" expect_failure "407" env http_proxy="$bare_proxy" "$taxii" discover "$http/discovery" "${auth[@]}"
step "HTTP_PROXY is used" expect_in_output "POLL" env HTTP_PROXY="$proxy" "$taxii" discover "$http/discovery" "${auth[@]}"
step "https_proxy is used for HTTPS" expect_failure "407" env https_proxy="$bare_proxy" "$taxii" discover "$https/discovery" "${auth[@]}" "${tls[@]}"
step "HTTPS_PROXY with credentials" expect_in_output "POLL" env HTTPS_PROXY="$proxy" "$taxii" discover "$https/discovery" "${auth[@]}" "${tls[@]}"
step "NO_PROXY bypasses the proxy" expect_in_output "POLL" env http_proxy="$bare_proxy" NO_PROXY=localhost,127.0.0.1 "$taxii" discover "$http/discovery" "${auth[@]}"
step "--proxy none bypasses the environment" expect_in_output "POLL" env http_proxy="$bare_proxy" https_proxy="$bare_proxy" "$taxii" discover "$https/discovery" "${auth[@]}" "${tls[@]}" --proxy none
step "the proxy saw the requests" grep -q "CONNECT" "$work/tinyproxy.log"

# JWT: our client against OpenTAXII's login, cabby's and ours against taxii serve's.
ot="http://127.0.0.1:$ot_port"
step "--jwt-auth against OpenTAXII: poll" expect_in_output "collection-a" "$taxii" collections "$ot/services/collection-management-a" --jwt-auth "$ot/management/auth" "${auth[@]}"
step "--jwt-auth against OpenTAXII: wrong password" expect_failure "401" "$taxii" collections "$ot/services/collection-management-a" --jwt-auth "$ot/management/auth" -u test --password wrong
step "--jwt-auth through the proxy to OpenTAXII" expect_in_output "collection-a" "$taxii" collections "$ot/services/collection-management-a" --jwt-auth "$ot/management/auth" "${auth[@]}" --proxy "$proxy"
login="http://127.0.0.1:$http_port/management/auth"
step "cabby --jwt-auth against taxii serve" expect_in_output "default" "$venv/bin/taxii-collections" --host 127.0.0.1 --port "$http_port" --path /services/collection-management --jwt-auth "$login" --username test --password test
mkdir -p "$work/cabby"
step "cabby --jwt-auth poll against taxii serve" "$venv/bin/taxii-poll" --host 127.0.0.1 --port "$http_port" --path /services/poll -c default --dest-dir "$work/cabby" --jwt-auth "$login" --username test --password test
step "cabby --jwt-auth: polled == pushed" python3 "$repo/interop/serve_compare.py" "$sample" 3 "$work/cabby"
step "cabby --jwt-auth, wrong password, is refused" expect_in_output "status code 401" "$venv/bin/taxii-discovery" --host 127.0.0.1 --port "$http_port" --path /services/discovery --jwt-auth "$login" --username test --password wrong
step "our --jwt-auth against taxii serve" expect_in_output "part 3" "$taxii" poll "$http/poll" --jwt-auth "$login" "${auth[@]}"

# The other cabby flags.
step "--header through the proxy" expect_in_output "POLL" "$taxii" discover "$http/discovery" "${auth[@]}" --header 'X-Request-Tag: interop-42' --proxy "$proxy"
step "--raw shows the XML exchanged" expect_in_output "Discovery_Response" "$taxii" discover "$http/discovery" "${auth[@]}" --raw
step "--discovery finds the poll service" expect_in_output "part 3" "$taxii" poll --discovery "$http/discovery" "${auth[@]}"
step "--discovery finds the inbox" expect_in_output SUCCESS "$taxii" push --discovery "$http/discovery" -c default "${auth[@]}" "$sample"
step "poll --limit 2" "$taxii" poll "$http/poll" "${auth[@]}" --limit 2 --dest-dir "$work/limited"
step "poll --limit 2 wrote 2 files" files_in "$work/limited" 2
step "poll --max-parts 2 stops with its name" expect_failure "more than 2 parts" "$taxii" poll "$http/poll" "${auth[@]}" --max-parts 2
step "--key-password opens an encrypted client key" expect_in_output "POLL" "$taxii" discover "$https/discovery" "${tls[@]}" --cert "$work/client.pem" --key "$work/client-enc.key" --key-password key-secret
step "a wrong --key-password is an error" expect_failure "key-password" "$taxii" discover "$https/discovery" "${tls[@]}" --cert "$work/client.pem" --key "$work/client-enc.key" --key-password nope
step "completions bash" expect_in_output "_taxii" "$taxii" completions bash
step "completions zsh" expect_in_output "#compdef taxii" "$taxii" completions zsh
step "completions fish" expect_in_output "complete -c taxii" "$taxii" completions fish
step "man page" expect_in_output '^\.TH' "$taxii" man

echo "client flags: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
