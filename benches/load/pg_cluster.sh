# Shared by the load scripts (sourced): a throwaway PostgreSQL cluster in $work/pg on a
# free loopback port, run as the account taxii-ci when the script runs as root
# (`.ci/postgres.sh` installs what is missing). Expects $work (a temporary directory).
# `pg_start` sets $pg_url to an empty database `taxii`; `pg_stop` stops the cluster
# (call it from the script's EXIT trap: it does nothing when none was started).

bash .ci/postgres.sh > /dev/null
pg_bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
pg_run_as=()
if [ "$(id -u)" -eq 0 ]; then
    pg_run_as=(runuser -u taxii-ci --)
    chown taxii-ci "$work"
fi

# Starts the cluster and creates the database; sets $pg_url.
pg_start() {
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${pg_run_as[@]}" "$pg_bindir/initdb" -D "$work/pg" -U taxii --auth=trust -E UTF8 > /dev/null
    "${pg_run_as[@]}" "$pg_bindir/pg_ctl" start -w -D "$work/pg" -l "$work/pg.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c max_connections=200" > /dev/null
    "$pg_bindir/createdb" -h 127.0.0.1 -p "$port" -U taxii taxii
    pg_url="postgres://taxii@127.0.0.1:$port/taxii"
}

# Stops the cluster when one runs.
pg_stop() {
    if [ -f "$work/pg/postmaster.pid" ]; then
        "${pg_run_as[@]}" "$pg_bindir/pg_ctl" stop -m immediate -D "$work/pg" > /dev/null 2>&1 || true
    fi
}
