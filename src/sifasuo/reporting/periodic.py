"""Periodic jobs of reporting (core/periodic.py): the aggregate table brought up to date, then the reports of
the periods whose deadline has passed locked for every expected unit."""

from __future__ import annotations

import datetime

from sifasuo.core.periodic import PeriodicJob
from sifasuo.orgunits.models import OrgUnit


def _roots() -> list[str]:
    return list(OrgUnit.objects.filter(parent__isnull=True).order_by("path").values_list("path", flat=True))


def refresh_aggregates(today: datetime.date) -> str:
    """This month and last month of every office, and their roll-ups (registers corrected late still count)."""
    from . import aggregates
    from .periods import add_months, month_start

    start = add_months(month_start(today), -1)
    written = sum(aggregates.refresh(root, start, today) for root in _roots())
    return f"{start:%Y-%m} 至 {today:%Y-%m}：写入司法所数值 {written} 条"


def lock_reports(today: datetime.date) -> str:
    from . import periods, services
    from .models import ReportTemplate

    lines = []
    for template in ReportTemplate.objects.filter(active=True):
        for start in services.periods_to_lock(template, today):
            written = sum(services.lock_period(template=template, start=start, path=root) for root in _roots())
            if written:
                lines.append(f"{template.name}{periods.label(template.period_type, start)}：{written} 份")
    return "；".join(lines) or "没有需要锁定的报表"


JOBS = [
    PeriodicJob(name="aggregates", title="汇总数据项（本月和上月）", run=refresh_aggregates, order=10),
    PeriodicJob(name="report_lock", title="报送期限已过的报表汇总锁定", run=lock_reports, order=20),
]
