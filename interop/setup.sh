#!/usr/bin/env bash
# Installs what the interop suites need and prints the virtualenv's path on its last line:
# xmllint and wrk (Debian packages) and the pinned Python peers (libtaxii, cabby, OpenTAXII).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
venv=${TAXII_PEERS_VENV:-$repo/target/peers-venv}
reqs="$repo/interop/requirements.txt"

need_apt=()
command -v xmllint > /dev/null || need_apt+=(libxml2-utils)
command -v wrk > /dev/null || need_apt+=(wrk)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "installing ${need_apt[*]}" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >&2
fi

stamp="$venv/.requirements"
if ! cmp -s "$reqs" "$stamp" 2> /dev/null; then
    echo "installing the pinned peers into $venv" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$reqs" >&2
    cp "$reqs" "$stamp"
fi
echo "$venv"
