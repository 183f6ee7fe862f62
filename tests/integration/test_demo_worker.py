"""`sifasuo demo` (what `make demo` runs) is still one command: it serves and starts one task worker beside the
server, which runs queued tasks, and stops it when the server stops."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

SHELL = "import django; django.setup(); "


def _run(env, *args) -> str:
    done = subprocess.run([sys.executable, "-m", "sifasuo.manage", *args], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_serves_with_a_worker_beside_it(tmp_path):
    env = {**os.environ, "SIFASUO_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3",
           "DJANGO_SETTINGS_MODULE": "sifasuo.settings"}
    _run(env, "migrate", "-v0")
    # One unit: `demo` reuses the database instead of loading the demo jurisdiction (not what is tested here).
    _run(env, "shell", "-v0", "-c", "from sifasuo.orgunits.models import OrgUnit; "
                             "OrgUnit.objects.create(code='370000', name='山东省司法厅', level=1, kind='province', "
                             "path='/370000/')")
    port = _free_port()
    demo = subprocess.Popen([sys.executable, "-m", "sifasuo.manage", "demo", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    worker_pid = None
    try:
        lines = []
        deadline = time.monotonic() + 120
        while worker_pid is None and time.monotonic() < deadline:
            line = demo.stdout.readline()
            lines.append(line)
            found = re.search(r"后台任务处理进程已启动（sifasuo db_worker，进程号 (\d+)）", line)
            if found:
                worker_pid = int(found.group(1))
        assert worker_pid, "".join(lines)
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        task_id = _run(env, "shell", "-v0", "-c", "from sifasuo.alerts.tasks import refresh_path; "
                                           "print(refresh_path.enqueue('/370000/', []).id)").strip()
        status = ""
        for _ in range(120):
            status = _run(env, "shell", "-v0", "-c", "from django_tasks_db.models import DBTaskResult; "
                                              f"print(DBTaskResult.objects.get(id='{task_id}').status)").strip()
            if status in ("SUCCESSFUL", "FAILED"):
                break
            time.sleep(0.5)
        assert status == "SUCCESSFUL"
    finally:
        # Ctrl+C: the server stops, then `demo` asks the worker to stop (up to 30 s before it kills it) and
        # reaps it. On a loaded machine that takes a while, hence the margin; past it, both are killed here so
        # that nothing outlives the test, and the test fails saying which did not stop.
        demo.send_signal(signal.SIGINT)
        try:
            demo.wait(timeout=150)
            stopped = True
        except subprocess.TimeoutExpired:
            stopped = False
            demo.kill()
            demo.wait()
            if worker_pid:
                try:
                    os.kill(worker_pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
    assert stopped, f"demo still running 150 s after Ctrl+C: {demo.stdout.read()[-2000:]}"
    # The worker stopped with the server.
    for _ in range(60):
        try:
            os.kill(worker_pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    else:
        raise AssertionError(f"worker {worker_pid} still running after the demo stopped")
