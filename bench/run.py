"""`make bench`: measure sifasuo on the province dataset, on SQLite and PostgreSQL, and write docs/benchmarks.md.

For each database it
  1. builds (first run) or reuses the `province` dataset of `sifasuo seed --scale province --seed 1`
     in a database of its own (data/bench/sifasuo_bench.sqlite3; PostgreSQL database sifasuo_bench),
  2. times the subtree listing and the scope filter over every county (bench.worker, in-process),
     and EXPLAINs them,
  3. serves the project with gunicorn (2 workers, bench.settings = project settings + a bare view)
     and measures pages with wrk at 16 connections, checking that every response is a 200,
  4. profiles the list page with the test client when it misses its throughput budget,
  5. measures recruitment (bench.worker recruitment): quotas for every county from the database; and,
     once per run, `sifasuo screen` on 50,000 synthetic applicants and the ranking of 50,000 candidates.

Environment: BENCH_DATABASES (default "sqlite,postgresql"), BENCH_PG_URL (an existing PostgreSQL
database to use instead of setting one up; it is flushed and re-seeded if its row count is wrong),
BENCH_DURATION (seconds of wrk per target, default 10), BENCH_PROFILE=1 (profile even when the
budget is met), BENCH_OUTPUT (default docs/benchmarks.md).

Exit status: 0 when every database was measured (a missed budget is reported as FAIL, not an error);
1 when some database could not be measured (the report says which); 2 when nothing could be measured.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import cpu, report

REPO = Path(__file__).resolve().parent.parent
BENCH_DATA = REPO / "data" / "bench"
SQLITE_FILE = BENCH_DATA / "sifasuo_bench.sqlite3"
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_status.lua"
PG_ROLE = PG_DB = PG_PASSWORD = "sifasuo_bench"  # a throw-away local benchmark database, not a secret

CONNECTIONS = 16
WRK_THREADS = 2
GUNICORN_WORKERS = 2
WARMUP_SECONDS = 2
QUERY_BUDGET_MS = 20.0
THROUGHPUT_BUDGET = 300.0


class BenchError(Exception):
    """Something that stops a measurement; the message is for the reader (Chinese)."""


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# --- tools and machine ----------------------------------------------------------------------------

def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if not is_root():
        raise BenchError("未找到 wrk。请先安装 Debian 软件包 wrk（sudo apt-get install wrk），或以 root 运行 make bench 自动安装。")
    say("安装 wrk（apt-get install wrk）…")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    done = subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env)
    path = shutil.which("wrk")
    if done.returncode != 0 or not path:
        raise BenchError("apt-get install wrk 失败，无法测量 HTTP 吞吐。")
    return path


def _first(pattern: str, text: str, default: str = "") -> str:
    m = re.search(pattern, text, re.MULTILINE)
    return m.group(1).strip() if m else default


def machine_info(wrk: str) -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace") if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kb = int(_first(r"^MemTotal:\s+(\d+)", meminfo, "0"))
    wrk_version = subprocess.run([wrk, "-v"], capture_output=True, text=True)
    import django
    import gunicorn
    import psycopg
    import sqlite3

    return {
        "cpu": _first(r"^model name\s*:\s*(.+)$", cpuinfo, platform.processor() or "unknown"),
        "cores": os.cpu_count(),
        "memory_gib": mem_kb / 1024 / 1024,
        "os": _first(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text())
        if Path("/etc/os-release").exists() else platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "psycopg": psycopg.__version__,
        "sqlite_module": sqlite3.sqlite_version,
        "wrk": (wrk_version.stdout + wrk_version.stderr).splitlines()[0].split(" [")[0].strip(),
    }


def load_average() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except OSError:
        return None


def idle_check(seconds: float = 2.0) -> dict | None:
    """What other processes use while the benchmark does nothing (it may share the machine)."""
    before = cpu.snapshot()
    time.sleep(seconds)
    return cpu.others(before, cpu.snapshot())


# --- databases ------------------------------------------------------------------------------------

def _pg_connects(url: str) -> str | None:
    """None when `url` accepts a connection, else the error."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
        return None
    except Exception as exc:  # noqa: BLE001
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _psql(port: str, sql: str) -> str:
    done = subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-p", port, "-X", "-v", "ON_ERROR_STOP=1",
                           "-Atc", sql], capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchError(f"psql 失败：{done.stderr.strip()}")
    return done.stdout.strip()


def _pg_cluster() -> tuple[str, str, str, str] | None:
    """(version, name, port, status) of the local Debian PostgreSQL cluster, preferring the newest "main"."""
    if not shutil.which("pg_lsclusters"):
        return None
    done = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True)
    clusters = [line.split()[:4] for line in done.stdout.splitlines() if len(line.split()) >= 4]
    if not clusters:
        return None
    clusters.sort(key=lambda c: (c[1] == "main", float(c[0]) if c[0].replace(".", "").isdigit() else 0))
    return tuple(clusters[-1])  # type: ignore[return-value]


def postgres_url() -> str:
    given = os.environ.get("BENCH_PG_URL")
    if given:
        error = _pg_connects(given)
        if error:
            raise BenchError(f"无法连接 BENCH_PG_URL：{error}")
        return given
    cluster = _pg_cluster()
    port = cluster[2] if cluster else "5432"
    url = f"postgres://{PG_ROLE}:{PG_PASSWORD}@127.0.0.1:{port}/{PG_DB}"
    if _pg_connects(url) is None:
        return url
    if not is_root():
        raise BenchError("无法连接基准数据库 sifasuo_bench。请设置 BENCH_PG_URL 指向一个可写的 PostgreSQL 数据库，"
                         "或以 root 运行（将自动启动本机 PostgreSQL 并建立角色与数据库）。")
    if cluster is None:
        raise BenchError("本机没有 PostgreSQL 集群（pg_lsclusters 无输出）。请安装 postgresql 或设置 BENCH_PG_URL。")
    version, name, port, status = cluster
    if status != "online":
        say(f"启动 PostgreSQL {version}/{name}…")
        subprocess.run(["pg_ctlcluster", version, name, "start"], check=False)
        for _ in range(30):
            if _pg_cluster() and _pg_cluster()[3] == "online":
                break
            time.sleep(1)
    say(f"建立角色与数据库 {PG_DB}（PostgreSQL {version}/{name}，端口 {port}）…")
    _psql(port, f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PG_ROLE}') THEN "
                f"CREATE ROLE {PG_ROLE} LOGIN PASSWORD '{PG_PASSWORD}'; END IF; END $$;")
    _psql(port, f"ALTER ROLE {PG_ROLE} LOGIN PASSWORD '{PG_PASSWORD}'")
    if not _psql(port, f"SELECT 1 FROM pg_database WHERE datname = '{PG_DB}'"):
        _psql(port, f"CREATE DATABASE {PG_DB} OWNER {PG_ROLE}")
    error = _pg_connects(url)
    if error:
        raise BenchError(f"建立后仍无法连接 {PG_DB}：{error}")
    return url


def database_url(vendor: str) -> str:
    if vendor == "sqlite":
        BENCH_DATA.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{SQLITE_FILE}"
    if vendor == "postgresql":
        return postgres_url()
    raise BenchError(f"未知数据库「{vendor}」（BENCH_DATABASES 可选 sqlite、postgresql）")


def django_env(db_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SIFASUO_DEBUG", None)  # production behaviour: DEBUG off
    python_path = [str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        SIFASUO_DATA_DIR=str(BENCH_DATA),
        SIFASUO_ALLOWED_HOSTS="127.0.0.1",
        PYTHONPATH=os.pathsep.join(python_path),
    )
    return env


def run_worker(env: dict[str, str], step: str, *args: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    try:
        # Pass the worker's progress through, and keep its last lines for the report if it fails.
        process = subprocess.Popen([sys.executable, "-m", "bench.worker", step, "--out", out, *args], cwd=REPO,
                                   env=env, stderr=subprocess.PIPE, text=True, errors="replace")
        tail: list[str] = []
        for line in process.stderr:
            sys.stderr.write(line)
            tail = (tail + [line.rstrip()])[-3:]
        if process.wait() != 0:
            last = next((line.strip() for line in reversed(tail) if line.strip()), "")
            raise BenchError(f"bench.worker {step} 失败（退出码 {process.returncode}）：{last}")
        return json.loads(Path(out).read_text(encoding="utf-8"))
    finally:
        Path(out).unlink(missing_ok=True)


# --- HTTP -----------------------------------------------------------------------------------------

@dataclass
class Target:
    key: str
    label: str
    path: str
    with_session: bool
    budget: float | None
    check: str = ""  # "list", "api", "bare" or "page"
    session: str = "clerk"          # whose session: the county clerk's or the province administrator's
    ratio: float | None = None      # budget: at least this share of the bare view's (with a session) rate


# A page's budget as a share of the bare view with a session, measured in the same run (issue 15).
PAGE_RATIO = 1 / 20

TARGETS = [
    Target("bare_session", "空视图（带会话）", "/bench/bare/", True, None, "bare"),
    Target("bare_anonymous", "空视图（匿名）", "/bench/bare/", False, None, "bare"),
    Target("list", "组织机构列表页", "/org/?level=4", True, THROUGHPUT_BUDGET, "list"),
    # the budget is the list page's (issue 2); the API list is measured beside it for reference
    Target("api", "API 列表", "/api/org-units/?level=4", True, None, "api"),
    Target("home", "首页", "/", True, None, "page", ratio=PAGE_RATIO),
    Target("cases", "收结案登记簿", "/casework/cases/", True, None, "page", ratio=PAGE_RATIO),
    Target("correction", "社区矫正", "/correction/", True, None, "page", ratio=PAGE_RATIO),
    Target("resettlement", "安置帮教", "/resettlement/", True, None, "page", ratio=PAGE_RATIO),
    Target("staff", "工作人员", "/staff/", True, None, "page", ratio=PAGE_RATIO),
    Target("standards", "司法所达标情况", "/standards/offices/", True, None, "page", ratio=PAGE_RATIO),
    Target("reports", "报表列表", "/reporting/reports/", True, None, "page", ratio=PAGE_RATIO),
    Target("dashboard", "工作指标看板", "/indicators/", True, None, "page", ratio=PAGE_RATIO),
    Target("inbox", "待办提醒", "/alerts/", True, None, "page", ratio=PAGE_RATIO),
    Target("dashboard_province", "工作指标看板（省级管理员）", "/indicators/", True, None, "page", "province",
           PAGE_RATIO),
    Target("inbox_province", "待办提醒（省级管理员）", "/alerts/", True, None, "page", "province", PAGE_RATIO),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port: int, path: str, session: str | None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Cookie": f"sessionid={session}"} if session else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@dataclass
class Gunicorn:
    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log.write_text("")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "sifasuo.wsgi:application", "-w", str(GUNICORN_WORKERS),
             "-b", f"127.0.0.1:{self.port}", "--chdir", str(REPO), "--log-level", "warning",
             "--error-logfile", str(self.log)],
            cwd=REPO, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn 启动失败（退出码 {self.process.returncode}）：{self.log_tail()}")
            try:
                status, _, _ = http_get(self.port, "/bench/bare/", None)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise BenchError(f"gunicorn 60 秒内未就绪：{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def check_response(target: Target, port: int, session: str, clerk: dict) -> str:
    """Fetch the target once; raise unless it is the logged-in clerk's 200 page. Returns a note."""
    status, headers, body = http_get(port, target.path, session if target.with_session else None)
    if status != 200:
        where = headers.get("location", "")
        raise BenchError(f"{target.path} 返回 {status}{'，跳转到 ' + where if where else ''}，不是已登录的 200 页面")
    text = body.decode("utf-8", errors="replace")
    if target.check == "list":
        # The clerk's own unit (named in the page header) and the first offices of the county, by name.
        missing = [name for name in [clerk["county"], *clerk["office_names"]] if name not in text]
        if missing:
            raise BenchError(f"{target.path} 不是 {clerk['county']} 的司法所列表（页面中没有「{'」「'.join(missing)}」）")
        return f"{len(body):,} 字节，含{clerk['county']}及其司法所「{'」「'.join(clerk['office_names'])}」"
    if target.check == "page":
        if "<title>" not in text or "id_username" in text:
            raise BenchError(f"{target.path} 不是已登录的页面：{text[:200]}")
        return f"{len(body):,} 字节"
    if target.check == "api":
        data = json.loads(text)
        paths = [r["path"] for r in data.get("results", [])]
        if data.get("count") != clerk["offices"] or not all(p.startswith(clerk["county_path"]) for p in paths):
            raise BenchError(f"{target.path} 的结果不是 {clerk['county']} 的 {clerk['offices']} 个司法所：{text[:200]}")
        return f"{len(body):,} 字节，count={data['count']}"
    if text != "ok":
        raise BenchError(f"{target.path} 的响应不是 ok：{text[:100]}")
    return f"{len(body)} 字节"


# When other processes took more than this many cores during a wrk run, run it again (at most
# RETRY_BUDGET extra runs per `make bench`) and keep the run that was disturbed least.
BUSY_CORES = 0.3
RETRY_BUDGET = 4


def run_wrk(wrk: str, port: int, target: Target, session: str, duration: int, retries: list[int],
            database: str | None) -> dict:
    attempts = []
    while True:
        result = _run_wrk_once(wrk, port, target, session, duration, database)
        attempts.append(result)
        busy = (result["cpu"] or {}).get("others_cores", 0.0)
        if busy <= BUSY_CORES or retries[0] <= 0:
            break
        retries[0] -= 1
        say(f"    其他进程占用 {busy:.2f} 核，重测一次 …")
        time.sleep(3)
    best = min(attempts, key=lambda r: (r["cpu"] or {}).get("others_cores", 0.0))
    best["attempts"] = len(attempts)
    best["all_rps"] = [r["rps"] for r in attempts]
    return best


def _run_wrk_once(wrk: str, port: int, target: Target, session: str, duration: int,
                  database: str | None) -> dict:
    url = f"http://127.0.0.1:{port}{target.path}"
    base = [wrk, f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", "--latency", "-s", str(WRK_SCRIPT)]
    if target.with_session:
        base += ["-H", f"Cookie: sessionid={session}"]
    subprocess.run([*base, f"-d{WARMUP_SECONDS}s", url], capture_output=True, text=True)  # warm-up
    before = cpu.snapshot()
    done = subprocess.run([*base, f"-d{duration}s", "--timeout", "5s", url], capture_output=True, text=True)
    usage = cpu.others(before, cpu.snapshot(), database=database)
    out = done.stdout
    if done.returncode != 0 or "Requests/sec" not in out:
        raise BenchError(f"wrk 失败：{done.stderr.strip() or out.strip()}")
    statuses = {int(code): int(n) for code, n in re.findall(r"^STATUS (\d+) (\d+)$", out, re.MULTILINE)}
    values = {k: int(v) for k, v in re.findall(r"^([A-Z0-9_]+) (\d+)$", out, re.MULTILINE)}
    requests = values.get("REQUESTS", 0)
    duration_s = values.get("DURATION_US", duration * 1_000_000) / 1e6
    non_200 = sum(n for code, n in statuses.items() if code != 200)
    errors = sum(values.get(k, 0) for k in ("ERRORS_CONNECT", "ERRORS_READ", "ERRORS_WRITE", "ERRORS_TIMEOUT"))
    return {
        "path": target.path,
        "rps": float(_first(r"Requests/sec:\s+([\d.]+)", out, "0")),
        "requests": requests,
        "duration_s": duration_s,
        "p50_ms": values.get("LATENCY_P50_US", 0) / 1000,
        "p95_ms": values.get("LATENCY_P95_US", 0) / 1000,
        "p99_ms": values.get("LATENCY_P99_US", 0) / 1000,
        "max_ms": values.get("LATENCY_MAX_US", 0) / 1000,
        "statuses": statuses,
        "non_200": non_200,
        "socket_errors": errors,
        "cpu": usage,
        "wrk_output": "\n".join(line for line in out.splitlines()
                                if line and not re.match(r"^[A-Z0-9_]+ \d+$", line)),
    }


def http_benchmarks(wrk: str, env: dict[str, str], vendor: str, prepared: dict, duration: int,
                    retries: list[int]) -> dict:
    # Fresh sessions (those made at the start may have gone idle while the modules were measured).
    sessions = run_worker(env, "sessions", "--clerk-id", str(prepared["clerk"]["id"]))
    server = Gunicorn(env=env, log=BENCH_DATA / f"gunicorn-{vendor}.log")
    say(f"[{vendor}] gunicorn（{GUNICORN_WORKERS} 个 worker）127.0.0.1:{server.port} …")
    server.start()
    results = {}
    try:
        for target in TARGETS:
            session = sessions[target.session]
            note = check_response(target, server.port, session, prepared["clerk"])
            say(f"[{vendor}] wrk {target.path}{'（带会话）' if target.with_session else '（匿名）'}：{duration} 秒 …")
            result = run_wrk(wrk, server.port, target, session, duration, retries,
                             prepared["database"].get("name"))
            budget = target.budget
            if target.ratio and "bare_session" in results:
                budget = round(results["bare_session"]["rps"] * target.ratio, 1)
            result.update(key=target.key, label=target.label, with_session=target.with_session,
                          budget=budget, check=note, ratio=target.ratio, session=target.session)
            say(f"[{vendor}]   {result['rps']:.1f} 请求/秒，p95 {result['p95_ms']:.1f} ms，"
                f"状态 {result['statuses']}，其他进程占用 {cpu.describe(result['cpu'])}")
            results[target.key] = result
    finally:
        server.stop()
    results["_server_log"] = server.log_tail(30)
    return results


# --- main -----------------------------------------------------------------------------------------

def measure(vendor: str, wrk: str, duration: int, expected: int | None, retries: list[int],
            engine: bool = False) -> dict:
    started = time.perf_counter()
    env = django_env(database_url(vendor))
    say(f"[{vendor}] 准备数据集并测量查询 …")
    prepared = run_worker(env, "prepare", *(["--expected", str(expected)] if expected else []))
    result = {"vendor": vendor, "prepared": prepared, "http": None, "profile": None, "error": None,
              "recruitment": None, "recruitment_error": None}
    # Recruitment: quotas on every database; screening and ranking (no database) once, with `engine`.
    say(f"[{vendor}] 招聘：员额{'、资格审查和排名' if engine else ''} …")
    try:
        result["recruitment"] = run_worker(env, "recruitment", *(["--engine"] if engine else []))
    except BenchError as exc:
        result["recruitment_error"] = str(exc)
    result["modules"] = {}
    for name in module_names():
        say(f"[{vendor}] 模块 {name} …")
        try:
            result["modules"][name] = run_worker(env, "module", "--name", name)
        except BenchError as exc:
            result["modules"][name] = {"error": str(exc)}
    try:
        result["http"] = http_benchmarks(wrk, env, vendor, prepared, duration, retries)
        list_rps = result["http"]["list"]["rps"]
        if list_rps < THROUGHPUT_BUDGET or os.environ.get("BENCH_PROFILE") == "1":
            say(f"[{vendor}] 剖析列表页（{list_rps:.0f} 请求/秒）…")
            result["profile"] = run_worker(env, "profile", "--user-id", str(prepared["clerk"]["id"]))
    except BenchError as exc:
        # The query measurements stand; the report says what could not be measured.
        result["error"] = str(exc)
    prepared.pop("session", None)
    result["seconds"] = time.perf_counter() - started
    return result


def module_names() -> list[str]:
    """bench/modules/*.py, or the comma-separated BENCH_MODULES (empty: none)."""
    from bench import modules

    chosen = os.environ.get("BENCH_MODULES")
    if chosen is None:
        return modules.names()
    return [name.strip() for name in chosen.split(",") if name.strip()]


def _stop_on_sigterm(signum, frame):
    # Turn SIGTERM into an exception so that the `finally` blocks stop gunicorn.
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started = time.perf_counter()
    run = {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "load_before": load_average(),
        "busy_before": idle_check(),
        "config": {"connections": CONNECTIONS, "wrk_threads": WRK_THREADS, "workers": GUNICORN_WORKERS,
                   "warmup_s": WARMUP_SECONDS, "query_budget_ms": QUERY_BUDGET_MS,
                   "busy_cores": BUSY_CORES, "retry_budget": RETRY_BUDGET,
                   "throughput_budget": THROUGHPUT_BUDGET,
                   "screen_budget_s": 10.0, "rank_budget_s": 2.0, "quota_budget_s": 1.0},
        "databases": {},
        "failures": {},
    }
    try:
        wrk = ensure_wrk()
    except BenchError as exc:
        say(f"bench：{exc}")
        return 2
    run["machine"] = machine_info(wrk)
    duration = int(os.environ.get("BENCH_DURATION", "10"))
    run["config"]["duration_s"] = duration
    vendors = [v.strip() for v in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",") if v.strip()]
    expected = None
    retries = [RETRY_BUDGET]  # shared by all databases
    for vendor in vendors:
        try:
            engine = not any((db.get("recruitment") or {}).get("screen") for db in run["databases"].values())
            result = measure(vendor, wrk, duration, expected, retries, engine=engine)
            expected = result["prepared"]["dataset"]["expected"]
            run["databases"][vendor] = result
            if result["error"]:
                say(f"[{vendor}] 未能完成 HTTP 测量：{result['error']}")
                run["failures"][vendor] = result["error"]
        except BenchError as exc:
            say(f"[{vendor}] 未能测量：{exc}")
            run["failures"][vendor] = str(exc)
    run["load_after"] = load_average()
    run["busy_after"] = idle_check()
    run["seconds"] = time.perf_counter() - started
    if not run["databases"]:
        say("bench：没有任何数据库测量成功，未写报告。")
        return 2
    output = Path(os.environ.get("BENCH_OUTPUT", REPO / "docs" / "benchmarks.md"))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report.render(run), encoding="utf-8")
    (BENCH_DATA / "last-run.json").write_text(json.dumps(run, ensure_ascii=False, indent=1, default=str),
                                              encoding="utf-8")
    say(f"已写入 {output.relative_to(REPO) if output.is_relative_to(REPO) else output}"
        f"（用时 {run['seconds']:.0f} 秒）")
    for line in report.verdict_lines(run):
        say(line)
    return 1 if run["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
