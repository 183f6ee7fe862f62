#!/usr/bin/env bash
# A throw-away PostgreSQL primary and its streaming replica on localhost, for the replica tests (D61).
#
#   scripts/pg-replica.sh start DIR [PORT]   initdb a primary in DIR/primary on PORT (default 55432),
#                                            pg_basebackup -R a standby of it into DIR/standby on PORT+1,
#                                            start both and write DIR/env (DATABASE_URL, DATABASE_REPLICA_URL)
#   scripts/pg-replica.sh stop DIR           stop both and delete DIR
#
# Uses Debian's postgresql-15 binaries (SIFASUO_CI_PG_VERSION for another version). As root, the clusters
# run as the `postgres` user (runuser); otherwise as the calling user. Only 127.0.0.1 is listened on, logins
# need a random password written to DIR/env.
set -euo pipefail

PG_VERSION="${SIFASUO_CI_PG_VERSION:-15}"
PG_BIN="/usr/lib/postgresql/${PG_VERSION}/bin"
command="${1:?usage: pg-replica.sh start|stop DIR [PORT]}"
dir="${2:?usage: pg-replica.sh start|stop DIR [PORT]}"
port="${3:-55432}"

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "$command" in
start)
    [ -x "${PG_BIN}/postgres" ] || { echo "PostgreSQL ${PG_VERSION} is not installed at ${PG_BIN}" >&2; exit 1; }
    while port_in_use "$port" || port_in_use $((port + 1)); do port=$((port + 2)); done
    standby_port=$((port + 1))
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
    as_owner "${PG_BIN}/initdb" -D "${dir}/primary" -U postgres -E UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    # Streaming replication from 127.0.0.1 for the role `replicator`.
    as_owner bash -c "echo 'host replication replicator 127.0.0.1/32 scram-sha-256' >> '${dir}/primary/pg_hba.conf'"
    as_owner "${PG_BIN}/pg_ctl" -D "${dir}/primary" -l "${dir}/primary.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c wal_level=replica" start >/dev/null
    as_owner "${PG_BIN}/psql" -h "$dir" -p "$port" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
        -v pw="$password" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'pw';
CREATE ROLE sifasuo WITH LOGIN CREATEDB PASSWORD :'pw';
SQL
    # The replica tests pause and resume replay on the standby to make it lag for real. Function rights are
    # kept per database: grant them in template1, which the test database is copied from, then copy it.
    as_owner "${PG_BIN}/psql" -h "$dir" -p "$port" -U postgres -d template1 -X -q -v ON_ERROR_STOP=1 <<'SQL'
GRANT EXECUTE ON FUNCTION pg_wal_replay_pause() TO sifasuo;
GRANT EXECUTE ON FUNCTION pg_wal_replay_resume() TO sifasuo;
SQL
    as_owner "${PG_BIN}/psql" -h "$dir" -p "$port" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
        -c "CREATE DATABASE sifasuo OWNER sifasuo ENCODING 'UTF8' TEMPLATE template1"
    # The standby: a base backup of the primary with -R (standby.signal and primary_conninfo written).
    as_owner env PGPASSWORD="$password" "${PG_BIN}/pg_basebackup" -h 127.0.0.1 -p "$port" -U replicator \
        -D "${dir}/standby" -R -X stream -c fast
    as_owner "${PG_BIN}/pg_ctl" -D "${dir}/standby" -l "${dir}/standby.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p ${standby_port} -k ${dir} -c hot_standby=on" start >/dev/null
    recovery="$(as_owner "${PG_BIN}/psql" -h "$dir" -p "$standby_port" -U postgres -d postgres -X -At \
        -c 'SELECT pg_is_in_recovery()')"
    [ "$recovery" = t ] || { echo "the standby on ${standby_port} is not in recovery" >&2; exit 1; }
    cat >"${dir}/env" <<ENV
DATABASE_URL=postgres://sifasuo:${password}@127.0.0.1:${port}/sifasuo
DATABASE_REPLICA_URL=postgres://sifasuo:${password}@127.0.0.1:${standby_port}/sifasuo
ENV
    chmod 644 "${dir}/env"
    echo "[pg-replica] primary on 127.0.0.1:${port}, streaming standby on 127.0.0.1:${standby_port} (${dir})"
    ;;
stop)
    for cluster in standby primary; do
        if [ -f "${dir}/${cluster}/postmaster.pid" ]; then
            as_owner "${PG_BIN}/pg_ctl" -D "${dir}/${cluster}" -m immediate -w stop >/dev/null || true
        fi
    done
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg-replica.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
