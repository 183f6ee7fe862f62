"""`sifasuo check_aggregates --year Y [--unit CODE]`: compare the live aggregate table with the registers."""

from __future__ import annotations

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from sifasuo.orgunits.models import OrgUnit
from sifasuo.reporting import aggregates
from sifasuo.reporting.elements import by_code
from sifasuo.reporting.management.units import roots_for
from sifasuo.reporting.models import StaleMonth


class Command(BaseCommand):
    help = "按登记簿重新计算并与汇总表（实时数据）逐个司法所、逐月、逐数据项比对，列出全部不一致之处"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2025")
        parser.add_argument("--unit", help="单位代码；不填则全部（各省级）")

    def handle(self, *args, year, unit=None, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度应为四位数字，收到 {year}")
        roots = roots_for(unit)
        started = time.perf_counter()
        names = dict(OrgUnit.objects.values_list("path", "name"))
        found = 0
        for root in roots:
            result = aggregates.check(root.path, datetime.date(year, 1, 1), datetime.date(year, 12, 1))
            for d in result.differences:
                element = by_code()[d.element].name if d.element in by_code() else d.element
                self.stdout.write(f"{names.get(d.unit_path, d.unit_path)}（{d.unit_path}） {d.period:%Y-%m} "
                                  f"{element}（{d.element}）：汇总表 {d.live:g}，登记簿 {d.registers:g}")
            found += len(result.differences)
        pending = StaleMonth.objects.filter(period__year=year).count()
        where = "、".join(r.name for r in roots)
        self.stdout.write(f"{where} {year}年：比对用时 {time.perf_counter() - started:.1f} 秒，"
                          f"不一致 {found} 处" + (f"，另有 {pending} 个标记待更新的月份" if pending else ""))
        self.stdout.write(f"数值一致：{'否' if found else '是'}")
        if found:
            raise CommandError(f"汇总表与登记簿有 {found} 处不一致")
