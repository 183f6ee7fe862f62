#!/usr/bin/env bash
# A province installation and a national installation on localhost, each with its own database and its own
# gunicorn server, for the national roll-up tests (D63).
#
#   scripts/two-installations.sh start DIR   migrates PROVINCE_DATABASE_URL and NATIONAL_DATABASE_URL (SQLite
#                                            files in DIR when unset), creates the account rollup_admin on both,
#                                            starts the national server on 8290 and the province's on 8291
#                                            (next free ports) and writes DIR/env for tests/servers
#   scripts/two-installations.sh stop DIR    stops both servers and deletes DIR
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
command="${1:?usage: two-installations.sh start|stop DIR}"
dir="${2:?usage: two-installations.sh start|stop DIR}"
UV="${UV:-uv}"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p="$1"; while port_in_use "$p"; do p=$((p + 1)); done; echo "$p"; }

case "$command" in
start)
    mkdir -p "$dir/province" "$dir/national"
    dir="$(cd "$dir" && pwd)"
    password="$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
    national_port="$(free_port 8290)"
    province_port="$(free_port $((national_port + 1)))"
    declare -A database=(
        [national]="${NATIONAL_DATABASE_URL:-sqlite:///${dir}/national/sifasuo.sqlite3}"
        [province]="${PROVINCE_DATABASE_URL:-sqlite:///${dir}/province/sifasuo.sqlite3}"
    )
    declare -A port=([national]="$national_port" [province]="$province_port")
    for side in national province; do
        # Each installation: its own database, data folder and secret key.
        cat >"$dir/$side/env" <<ENV
DATABASE_URL=${database[$side]}
SIFASUO_DATA_DIR=${dir}/${side}/data
SIFASUO_SECRET_KEY=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
ENV
        (
            set -a; . "$dir/$side/env"; set +a
            "$UV" run --frozen sifasuo migrate --noinput -v 0
            MS_PASSWORD="$password" "$UV" run --frozen sifasuo shell -c "
import os
from sifasuo.accounts.models import User
User.objects.filter(username='rollup_admin').delete()
User.objects.create_superuser('rollup_admin', '', os.environ['MS_PASSWORD'], full_name='rollup_admin',
                        two_factor_exempt=True)   # the roll-up, not two-factor login, is tested here
" >/dev/null
            "$UV" run --frozen gunicorn sifasuo.wsgi:application --bind "127.0.0.1:${port[$side]}" --workers 2 \
                --daemon --pid "$dir/$side/gunicorn.pid" --access-logfile "$dir/$side/gunicorn.log" \
                --error-logfile "$dir/$side/gunicorn.log" --capture-output
        )
    done
    for side in national province; do
        ok=""
        for _ in $(seq 1 100); do
            if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${port[$side]}/accounts/login/', timeout=2)" 2>/dev/null; then
                ok=1; break
            fi
            sleep 0.2
        done
        [ -n "$ok" ] || { echo "the ${side} server does not answer" >&2; tail -20 "$dir/$side/gunicorn.log" >&2; exit 1; }
    done
    cat >"$dir/env" <<ENV
SIFASUO_TEST_NATIONAL_SERVER=http://127.0.0.1:${national_port}
SIFASUO_TEST_PROVINCE_SERVER=http://127.0.0.1:${province_port}
SIFASUO_TEST_NATIONAL_ENV=${dir}/national/env
SIFASUO_TEST_PROVINCE_ENV=${dir}/province/env
SIFASUO_TEST_ROLLUP_PASSWORD=${password}
ENV
    echo "[two-installations] national 127.0.0.1:${national_port}, province 127.0.0.1:${province_port} (${dir})"
    ;;
stop)
    [ -d "$dir" ] || exit 0
    for side in national province; do
        pidfile="$dir/$side/gunicorn.pid"
        [ -f "$pidfile" ] || continue
        pid="$(cat "$pidfile")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$dir"
    ;;
*)
    echo "usage: two-installations.sh start|stop DIR" >&2
    exit 2
    ;;
esac
