"""sifasuo demo: migrate, load the demo jurisdiction on first run, print the accounts, serve, with one task
worker (`sifasuo db_worker`) beside the server for the long work that runs off the request (D48)."""

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from sifasuo.accounts.seeding import account_table, demo_password, exempt_demo_accounts


class Command(BaseCommand):
    help = "建立（或复用）演示数据库并启动服务"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")

    def handle(self, *args, host, port, no_serve, **options):
        from sifasuo.orgunits.models import OrgUnit

        call_command("migrate", interactive=False, verbosity=0)
        if not OrgUnit.objects.exists():
            self.stdout.write("首次运行：载入演示辖区（大庆市、阳泉市、芜湖市）…")
            call_command("seed", scale="demo", seed=1, stdout=self.stdout)
        else:
            self.stdout.write("复用已有的演示数据库。")
            exempt_demo_accounts()
        self.stdout.write("")
        self.stdout.write(f"演示账号（初始密码均为 {demo_password()}，建库后修改过的以修改后的为准；"
                          "免于强制两步验证，可在“账号安全”中自行启用）：")
        for username, role, unit, name in account_table():
            self.stdout.write(f"  {username:<16} {role:<10} {unit}（{name}）")
        self.stdout.write("")
        if no_serve:
            return
        worker = start_worker()
        self.stdout.write(f"后台任务处理进程已启动（sifasuo db_worker，进程号 {worker.pid}）。")
        self.stdout.write(self.style.SUCCESS(f"服务地址：http://{host}:{port}/  （Ctrl+C 停止）"))
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)
        finally:
            stop_worker(worker)


def start_worker() -> subprocess.Popen:
    """One task worker, as its own process, on the same settings and database as this command."""
    return subprocess.Popen([sys.executable, "-m", "sifasuo.manage", "db_worker",
                             "--interval", "1", "--no-reload", "--verbosity", "0"])


def stop_worker(worker: subprocess.Popen) -> None:
    """Ask the worker to finish its current task and stop; kill it if it has not within 30 seconds."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
