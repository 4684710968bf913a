#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages where it is missing, and the unprivileged
# account (`taxii-ci`) that the tests' throwaway clusters run as (PostgreSQL refuses root).
# The tests find the server binaries with `pg_config --bindir` or under /usr/lib/postgresql.
set -euo pipefail

have_server() {
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1
}

if ! have_server; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "PostgreSQL is missing and this is not root: run 'sudo $0'" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends postgresql
fi

if [ "$(id -u)" -eq 0 ] && ! id taxii-ci >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin taxii-ci
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
echo "PostgreSQL server binaries: ${bindir:-$(dirname "$(command -v initdb)")}"
