"""Monthly submission minimums for the alert engine (HZ-3, HZ-6): an office below a minimum of the month
(news, information items, typical cases — per office, never an average) is told, and so is the hub office of
its cluster, which also answers for the cluster's typical cases (≥ 3 a month, HZ-3).

The month just ended is overdue (its records should have been entered); during the last days of the month in
progress an office already short is warned ahead. The minimums are the targets of the office's jurisdiction
(policies/indicators/); where none is set, nothing is alerted."""

from __future__ import annotations

import datetime

from django.urls import reverse

from sifasuo.alerts.engine import Alert, Rule
from sifasuo.orgunits.choices import Level
from sifasuo.reporting.periods import add_months

from .selectors import clusters, monthly_submissions, offices_for_check

WARN_FROM_DAY = 25  # in the last days of a month, an office still short is warned before the month ends


def _months(today: datetime.date) -> list[datetime.date]:
    this = today.replace(day=1)
    months = [add_months(this, -1)]
    if today.day >= WARN_FROM_DAY:
        months.append(this)
    return months


def _due(month: datetime.date) -> datetime.date:
    return add_months(month, 1) - datetime.timedelta(days=1)


def _url(unit, month) -> str:
    return reverse("indicators:submissions") + f"?unit={unit.code}&month={month:%Y-%m}"


def office_shortfalls(path: str, today: datetime.date) -> list[Alert]:
    """Offices under `path` below a monthly minimum (to the office itself)."""
    from sifasuo.orgunits.models import OrgUnit

    offices = list(OrgUnit.objects.filter(path__under=path, level=Level.OFFICE)
                   .only("id", "code", "name", "path", "level", "is_hub", "hub_id", "opened_on", "closed_on"))
    out = []
    for month in _months(today):
        for row in monthly_submissions(offices, month):
            if row.below:
                out.append(Alert(rule="indicators.office_shortfall", unit_id=row.unit.pk, unit_path=row.unit.path,
                                 subject=f"{row.unit.name} {month.year}年{month.month}月报送",
                                 message="；".join(row.below), due=_due(month), url=_url(row.unit, month),
                                 record=f"indicators.submissions:{row.unit.code}:{month:%Y-%m}"))
    return out


def cluster_shortfalls(path: str, today: datetime.date) -> list[Alert]:
    """For each hub office under `path`: its members below a minimum, and its cluster's typical cases below
    the hub's monthly figure (to the hub, HZ-1: it guides its cluster)."""
    from sifasuo.orgunits.models import OrgUnit

    hubs = list(OrgUnit.objects.filter(path__under=path, level=Level.OFFICE, is_hub=True))
    out = []
    for hub in hubs:
        offices = offices_for_check(hub)
        for month in _months(today):
            rows = monthly_submissions(offices, month)
            for row in rows:
                if row.unit.pk != hub.pk and row.below:
                    out.append(Alert(rule="indicators.cluster_shortfall", unit_id=hub.pk, unit_path=hub.path,
                                     subject=f"片区成员 {row.unit.name} {month.year}年{month.month}月报送",
                                     message="；".join(row.below), due=_due(month), url=_url(hub, month),
                                     record=f"indicators.cluster:{hub.code}:{row.unit.code}:{month:%Y-%m}"))
            for cluster in clusters(rows):
                if cluster.short:
                    out.append(Alert(rule="indicators.cluster_shortfall", unit_id=hub.pk, unit_path=hub.path,
                                     subject=f"{hub.name} {month.year}年{month.month}月片区典型案例",
                                     message=cluster.message, due=_due(month), url=_url(hub, month),
                                     record=f"indicators.cluster:{hub.code}:typical:{month:%Y-%m}"))
    return out


RULES = [
    Rule(code="indicators.office_shortfall", title="本所当月报送少于规定数",
         basis="HZ-3（每个乡镇每月一句话新闻不少于 2 则）、HZ-6（每所每月信息不少于 2 条、典型案例 2 篇）",
         module="工作指标", capability="indicators.view", collect=office_shortfalls),
    Rule(code="indicators.cluster_shortfall", title="片区成员所报送不足（片区中心所督促）",
         basis="HZ-1（片区中心所管理片区司法所）、HZ-3（片区每月典型案例不少于 3 篇）",
         module="工作指标", capability="indicators.view", collect=cluster_shortfalls),
]
