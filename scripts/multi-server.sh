#!/usr/bin/env bash
# Two application servers behind one nginx, sharing one database and one Redis, on localhost (D62).
#
#   scripts/multi-server.sh start DIR   redis-server on 6390, gunicorn on 8191 and 8192, nginx on 8190 in
#                                       front of both (the upstream of docs/deployment.md), the database of
#                                       DATABASE_URL migrated (SQLite in DIR when unset); writes DIR/env for
#                                       tests/servers (SIFASUO_TEST_NGINX, SIFASUO_TEST_INSTANCES, ...)
#   scripts/multi-server.sh stop DIR    stops what `start` started (by the pid files in DIR) and deletes DIR
#
# Needs Debian's redis-server and nginx (`apt-get install redis-server nginx`). Ports move up when taken.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
command="${1:?usage: multi-server.sh start|stop DIR}"
dir="${2:?usage: multi-server.sh start|stop DIR}"
UV="${UV:-uv}"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p="$1"; while port_in_use "$p"; do p=$((p + 1)); done; echo "$p"; }

stop_pid() {  # pid file
    [ -f "$1" ] || return 0
    local pid
    pid="$(cat "$1")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}

case "$command" in
start)
    command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install redis-server)" >&2; exit 1; }
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is not installed (apt-get install nginx)" >&2; exit 1; }
    NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
    mkdir -p "$dir/data" "$dir/nginx-temp"
    # nginx's workers (user nobody when started as root) buffer large answers in nginx-temp.
    chmod 1777 "$dir/nginx-temp"
    dir="$(cd "$dir" && pwd)"
    redis_port="$(free_port 6390)"
    nginx_port="$(free_port 8190)"
    first_port="$(free_port $((nginx_port + 1)))"
    second_port="$(free_port $((first_port + 1)))"

    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir" --daemonize yes \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save "" --appendonly no
    for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

    password="$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
    # The same settings on both servers: one secret key, one database, one Redis.
    export SIFASUO_SECRET_KEY="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
    export SIFASUO_REDIS_URL="redis://127.0.0.1:${redis_port}/0"
    export SIFASUO_DATA_DIR="$dir/data"
    export SIFASUO_PROXY_COUNT=1
    export DATABASE_URL="${DATABASE_URL:-sqlite:///${dir}/data/sifasuo.sqlite3}"
    "$UV" run --frozen sifasuo migrate --noinput -v 0
    MS_PASSWORD="$password" "$UV" run --frozen sifasuo shell -c "
import os
from sifasuo.accounts.models import User
for name in ('ms_admin', 'ms_locked'):
    User.objects.filter(username=name).delete()
    User.objects.create_superuser(name, '', os.environ['MS_PASSWORD'], full_name=name,
                                  two_factor_exempt=True)   # these tests are not about two-factor login
"
    for port in "$first_port" "$second_port"; do
        "$UV" run --frozen gunicorn sifasuo.wsgi:application --bind "127.0.0.1:${port}" --workers 2 \
            --daemon --pid "$dir/gunicorn-${port}.pid" --access-logfile "$dir/gunicorn-${port}.log" \
            --error-logfile "$dir/gunicorn-${port}.log" --capture-output
    done
    cat >"$dir/nginx.conf" <<NGINX
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
events { worker_connections 256; }
http {
    access_log ${dir}/nginx-access.log;
    client_body_temp_path ${dir}/nginx-temp/body;
    proxy_temp_path ${dir}/nginx-temp/proxy;
    fastcgi_temp_path ${dir}/nginx-temp/fastcgi;
    uwsgi_temp_path ${dir}/nginx-temp/uwsgi;
    scgi_temp_path ${dir}/nginx-temp/scgi;
    upstream sifasuo {
        server 127.0.0.1:${first_port};
        server 127.0.0.1:${second_port};
    }
    server {
        listen 127.0.0.1:${nginx_port};
        client_max_body_size 25m;
        location / {
            proxy_pass         http://sifasuo;
            proxy_set_header   Host              \$http_host;
            proxy_set_header   X-Forwarded-For   \$proxy_add_x_forwarded_for;
            proxy_set_header   X-Forwarded-Proto \$scheme;
            proxy_read_timeout 120s;
            # For the tests only: which server answered.
            add_header         X-Upstream        \$upstream_addr always;
        }
    }
}
NGINX
    "$NGINX" -e "$dir/nginx-error.log" -p "$dir" -c "$dir/nginx.conf"
    for port in "$first_port" "$second_port" "$nginx_port"; do
        ok=""
        for _ in $(seq 1 100); do
            if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:${port}/accounts/login/', timeout=2)" 2>/dev/null; then
                ok=1; break
            fi
            sleep 0.2
        done
        [ -n "$ok" ] || { echo "nothing answers on 127.0.0.1:${port}" >&2; tail -20 "$dir"/*.log >&2; exit 1; }
    done
    cat >"$dir/env" <<ENV
SIFASUO_TEST_NGINX=http://127.0.0.1:${nginx_port}
SIFASUO_TEST_INSTANCES=http://127.0.0.1:${first_port},http://127.0.0.1:${second_port}
SIFASUO_TEST_REDIS=redis://127.0.0.1:${redis_port}/0
SIFASUO_TEST_PASSWORD=${password}
ENV
    echo "[multi-server] nginx 127.0.0.1:${nginx_port} → gunicorn 127.0.0.1:${first_port} and :${second_port}; redis :${redis_port} (${dir})"
    ;;
stop)
    [ -d "$dir" ] || exit 0
    NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
    if [ -f "$dir/nginx.pid" ]; then
        "$NGINX" -e "$dir/nginx-error.log" -p "$dir" -c "$dir/nginx.conf" -s quit 2>/dev/null || stop_pid "$dir/nginx.pid"
        for _ in $(seq 1 50); do [ -f "$dir/nginx.pid" ] || break; sleep 0.1; done
    fi
    for pidfile in "$dir"/gunicorn-*.pid "$dir/redis.pid"; do stop_pid "$pidfile"; done
    rm -rf "$dir"
    ;;
*)
    echo "usage: multi-server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
