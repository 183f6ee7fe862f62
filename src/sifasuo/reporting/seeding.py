"""Demo records of reporting for `sifasuo seed`: the report templates, the live aggregate table (every month the
seeded records touch, which they marked stale as they were written, and at least the last thirteen months), and
last month's monthly reports of the demo counties: most offices submitted on time and
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


def _history(*, monthly, counties, months, seed: int) -> tuple[int, int, int]:
    """The monthly reports of the demo counties' offices for the months before the last: a strong office reports
    on time, a weak one sometimes late or not at all; a cluster member's report is reviewed by its hub (now and
    then returned with a comment and submitted again); the county approves. Through the services, with the
    submission time of each month; the aggregate table is refreshed once afterwards."""
    from sifasuo.core.seeding import office_quality

    rng = random.Random(seed * 17 + 3)
    submitted = late = missing = 0
    for county in counties:
        clerk = None  # the county's approval (actor None: the system, as the rest of the demo)
        for month in months:
            services.compile_reports(template=monthly, start=month, path=county.path, refresh=False)
            reports = list(Report.objects.filter(template=monthly, period_start=month, unit__path__under=county.path,
                                                 unit__level=Level.OFFICE).select_related("unit", "template")
                           .order_by("unit__path"))
            for report in reports:
                quality = office_quality(seed, report.unit.code)
                if rng.random() > 0.55 + 0.5 * quality:
                    missing += 1
                    continue
                deadline = timezone.make_aware(datetime.datetime.combine(report.deadline, datetime.time(17)))
                tardy = rng.random() > 0.4 + 0.6 * quality
                when = deadline + datetime.timedelta(days=rng.randint(1, 6)) if tardy else \
                    deadline - datetime.timedelta(hours=rng.randint(2, 60))
                if tardy:
                    services.unlock(actor=None, report=report, reason="逾期补报（演示）", days=10,
                                    now=deadline + datetime.timedelta(hours=1))
                    late += 1
                services.save_values(actor=None, report=report, now=when, values={
                    "difficult_succeeded": min(rng.randrange(0, 3), int(report.values.get("mediation_succeeded") or 0)),
                    "risk_prevented": rng.randrange(0, 2)})
                services.submit(actor=None, report=report, now=when)
                submitted += 1
                after = when + datetime.timedelta(hours=rng.randint(2, 30))
                if report.unit.hub_id and rng.random() < 0.8:
                    if rng.random() < 0.15:
                        services.hub_return(actor=None, report=report, comment="典型案例与登记簿不一致，请核对后重新上报",
                                            now=after)
                        services.submit(actor=None, report=report, now=after + datetime.timedelta(hours=20))
                        after += datetime.timedelta(hours=24)
                    services.hub_review(actor=None, report=report, comment="已核对", now=after)
                services.approve(actor=clerk, report=report, now=after + datetime.timedelta(hours=6))
    return submitted, late, missing


def seed(*, scale: str, seed: int, log) -> str:
    from sifasuo.core.seeding import history_months

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
    past, late, unreported = _history(monthly=monthly, counties=list(counties), months=history_months(today)[:-1],
                                      seed=seed)
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
    return (f"统计报表：模板 {len(templates)} 种，汇总数值 {written} 条，{last:%Y年%m月}月报已报 {submitted} 份、"
            f"未报 {missing} 份；此前 12 个月月报 {past} 份（逾期 {late} 份，未报 {unreported} 份）")
