"""Demo records of reporting for `sifasuo seed`: the report templates, the live aggregate table (every month the
seeded records touch, which they marked stale as they were written, and at least the last thirteen months), and last month's monthly reports of the demo counties: most offices submitted on time and
approved, a few missing, one returned with a comment; the demo office director's report is left open (unlocked
by the county when its deadline has passed, an audited exception) so that the demo can submit it."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import live, periods, services
from .models import AggregateValue, Report

DEMO_COUNTIES = ("230602", "230621", "140321", "340223")


def seed(*, scale: str, seed: int, log) -> str:
    rng = random.Random(seed)
    templates = services.ensure_templates()
    monthly = next(t for t in templates if t.code == "office_monthly")
    today = timezone.localdate()
    last = periods.previous_period("month", today)
    first = periods.add_months(last, -12)
    for root in OrgUnit.objects.filter(level=Level.PROVINCE).order_by("code"):
        live.ensure_current(root.path, first, last)
    written = AggregateValue.objects.filter(level=Level.OFFICE).count()
    now = timezone.now()
    counties = OrgUnit.objects.filter(code__in=DEMO_COUNTIES, level=Level.COUNTY).order_by("code")
    submitted = missing = 0
    for county in counties:
        services.compile_reports(template=monthly, start=last, path=county.path, refresh=False)
        reports = list(Report.objects.filter(template=monthly, period_start=last, unit__path__under=county.path,
                                             unit__level=Level.OFFICE).select_related("unit", "template")
                       .order_by("unit__path"))
        if not reports:
            continue
        due = timezone.make_aware(datetime.datetime.combine(reports[0].deadline, datetime.time(10)))
        for index, report in enumerate(reports):
            first_office = index == 0
            if first_office or index >= len(reports) - 2:  # the demo's own office and two that have not reported
                missing += 1
                if first_office and services.is_locked(report):
                    services.unlock(actor=None, report=report, reason="演示：系统升级期间未能按时填报，允许补报",
                                    days=30)
                continue
            when = min(due - datetime.timedelta(hours=rng.randrange(0, 48)), now - datetime.timedelta(hours=1))
            if index == len(reports) - 3:
                when = min(due + datetime.timedelta(days=2), now - datetime.timedelta(minutes=30))
                if services.is_locked(report, when):
                    services.unlock(actor=None, report=report, reason="演示：逾期补报", days=5,
                                    now=when - datetime.timedelta(hours=1))
            services.save_values(actor=None, report=report,
                                 values={"difficult_succeeded": min(rng.randrange(0, 2),
                                                                    int(report.values.get("mediation_succeeded") or 0)),
                                         "risk_prevented": rng.randrange(0, 2)}, now=when)
            services.submit(actor=None, report=report, now=when)
            submitted += 1
            if index == 1:
                services.return_report(actor=None, report=report, comment="调解成功数与登记簿不一致，请核对后重新上报")
            elif index % 3 != 0:
                services.approve(actor=None, report=report)
    log(f"统计报表：汇总 {first:%Y-%m} 至 {last:%Y-%m}，{submitted} 份月报已上报，{missing} 份待报")
    return f"统计报表：模板 {len(templates)} 种，汇总数值 {written} 条，{last:%Y年%m月}月报已报 {submitted} 份、未报 {missing} 份"
