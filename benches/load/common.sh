# Shared by the load scripts (sourced): stopping what they start, posting TAXII messages
# with curl, waiting for a server, and running wrk with taxii.lua. Expects $here (this
# directory), $work (a temporary directory, removed on exit), $duration, $py, $user and
# $password; sets $basic (their Authorization value) and $pids (add every process started).

pids=()
basic="Basic $(printf '%s:%s' "$user" "$password" | base64)"

# Stops every process in $pids and removes $work.
cleanup() {
    for p in "${pids[@]}"; do
        kill "$p" 2> /dev/null || true
    done
    for p in "${pids[@]}"; do
        wait "$p" 2> /dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free TCP port on 127.0.0.1.
free_port() {
    "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# POSTs body file $2 (collection $3) to URL $1 with the TAXII headers and the
# Authorization value $4 (none when empty); prints the answer.
post() {
    local auth=()
    [ -n "${4:-}" ] && auth=(-H "Authorization: $4")
    sed "s/{collection}/$3/" "$2" | timeout 10 curl -sS --max-time 5 -X POST "$1" \
        -H 'Content-Type: application/xml' \
        -H 'X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.1' \
        -H 'X-TAXII-Accept: urn:taxii.mitre.org:message:xml:1.1' \
        -H 'X-TAXII-Services: urn:taxii.mitre.org:services:1.1' \
        -H 'X-TAXII-Protocol: urn:taxii.mitre.org:protocol:http:1.0' \
        "${auth[@]}" --data-binary @-
}

# Waits (bounded) until URL $1 answers a Discovery_Request sent with Authorization $2.
wait_up() {
    for _ in $(seq 1 100); do
        if post "$1" "$here/discovery_request.xml" x "${2:-}" 2> /dev/null | grep -q Discovery_Response; then
            return 0
        fi
        sleep 0.2
    done
    echo "server at $1 did not come up; logs in $work" >&2
    exit 1
}

# CPU time (user + system, clock ticks) process $1 has used.
cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# Runs wrk: $1 URL, $2 body file, $3 collection, $4 Authorization value, $5 expected text,
# $6 the server's process id (optional). Prints "rps p50 p90 p99 errors requests
# cpu_us_per_request" (the last from the server's CPU time, 0 without $6).
load() {
    local out before=0 after=0
    [ -n "${6:-}" ] && before=$(cpu_ticks "$6")
    out=$(LOAD_BODY="$2" LOAD_COLLECTION="$3" LOAD_AUTH="$4" LOAD_EXPECT="$5" \
        timeout 120 wrk -t2 -c16 -d"$duration" --timeout 10s -s "$here/taxii.lua" "$1")
    [ -n "${6:-}" ] && after=$(cpu_ticks "$6")
    echo "$out" | grep '^FIRST_ERROR' | sed "s#^#  $1: #" >&2 || true
    echo "$out" | awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '/^RESULT/ {
        print $2, $3, $4, $5, $6, $7, ($7 > 0 ? t * 1e6 / hz / $7 : 0) }'
}

# Fails unless a poll of collection $2 at URL $1 answers with all $seed_blocks blocks.
check_poll() {
    local n
    n=$(post "$1" "$here/poll_request.xml" "$2" "$basic" | grep -o '<taxii_11:Content_Block>' | wc -l)
    if [ "$n" -ne "$seed_blocks" ]; then
        echo "poll of $1 returned $n blocks, not $seed_blocks" >&2
        exit 1
    fi
}
