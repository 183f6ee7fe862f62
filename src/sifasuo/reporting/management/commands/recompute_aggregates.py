"""`sifasuo recompute_aggregates [--year Y]`: recompute the office-months marked stale (normally done right after
each write's commit, reporting.live.schedule); with --year also the months of that year never computed."""

from __future__ import annotations

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from sifasuo.core import context
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.reporting import live


class Command(BaseCommand):
    help = "重新计算已标记为待更新的司法所·月份（通常在每次登记后自动完成）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="同时补算该年度尚未汇总的月份")

    def handle(self, *args, year=None, **options):
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError(f"年度应为四位数字，收到 {year}")
        started = time.perf_counter()
        with context.acting(context.ActionContext(source="command")):
            done = live.recompute_pending()
            whole = done.whole_months
            if year is not None:
                for root in OrgUnit.objects.filter(level=Level.PROVINCE).order_by("code"):
                    whole += live.ensure_current(root.path, datetime.date(year, 1, 1),
                                                 datetime.date(year, 12, 1)).whole_months
        self.stdout.write(f"已更新：标记 {done.marks} 条，司法所·月份 {done.office_months} 个，整月重算 {whole} 个，"
                          f"用时 {time.perf_counter() - started:.1f} 秒")
