"""`sifasuo periodic [--only a,b] [--date 2025-03-04] [--list]`: the periodic jobs (core/periodic.py), from cron or
the systemd timer of docs/deployment.md, once a night."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sifasuo.core import periodic
from sifasuo.core.management.options import add_date_option, day_or_today


class Command(BaseCommand):
    help = "运行定时任务：汇总数据项、月报截止后锁定、提醒事项全量刷新、每日待办邮件、清理过期后台任务"

    def add_arguments(self, parser):
        parser.add_argument("--only", help="只运行这些任务（逗号分隔的名称，见 --list）")
        add_date_option(parser, "按哪一天运行")
        parser.add_argument("--list", action="store_true", help="列出各定时任务后退出")

    def handle(self, *args, only=None, date=None, list=False, **options):
        known = periodic.jobs()
        if list:
            for job in known:
                self.stdout.write(f"{job.name:<14} {job.title}")
            return
        today = day_or_today(date)
        chosen = [n.strip() for n in only.split(",") if n.strip()] if only else None
        unknown = set(chosen or []) - {j.name for j in known}
        if unknown:
            raise CommandError(f"没有这些定时任务：{'、'.join(sorted(unknown))}（可选：{'、'.join(j.name for j in known)}）")
        outcomes = periodic.run_all(today, only=chosen, out=self.stdout)
        failed = [job.title for job, ok, _ in outcomes if not ok]
        if failed:
            raise CommandError(f"以下定时任务出错：{'、'.join(failed)}（详见日志）")
