"""`sifasuo refresh_aggregates --year Y [--month M] [--unit CODE]`: rebuild the aggregate table."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from sifasuo.core import context
from sifasuo.reporting import aggregates
from sifasuo.reporting.management.units import roots_for


class Command(BaseCommand):
    help = "按月重新汇总各司法所的数据项（及县、市、省合计）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2025")
        parser.add_argument("--month", type=int, help="月份 1-12；不填则全年")
        parser.add_argument("--unit", help="单位代码；不填则全部（省级）")

    def handle(self, *args, year, month=None, unit=None, **options):
        if month is not None and not 1 <= month <= 12:
            raise CommandError(f"月份应在 1 至 12 之间，收到 {month}")
        roots = roots_for(unit)
        started = time.perf_counter()
        written = 0
        with context.acting(context.ActionContext(source="command")):
            for root in roots:
                written += aggregates.refresh_year(root.path, year, month)
        period = f"{year}年{month}月" if month else f"{year}年"
        self.stdout.write(f"已汇总 {period}：写入司法所数值 {written} 条，用时 {time.perf_counter() - started:.1f} 秒")
