"""A province with last month's figures and approved monthly reports, ready for the national roll-up: used
by tests/integration/test_national.py and, as a separate installation, by tests/servers/test_two_installations.py."""

from __future__ import annotations

import datetime

from sifasuo.casework.models import MediationCase
from sifasuo.national import services
from sifasuo.reporting import aggregates
from sifasuo.reporting import services as reporting
from sifasuo.reporting.choices import ReportStatus
from sifasuo.reporting.models import Report

from . import factories

MONTH = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)   # last month


def cases(unit, closed, succeeded):
    for n in range(closed):
        MediationCase.objects.create(unit=unit, year=MONTH.year, number=f"N{unit.code}-{n}", source="application",
                                     dispute_type="neighbour", title="纠纷", registered_on=MONTH, status="closed",
                                     closed_on=MONTH.replace(day=20), outcome="success" if n < succeeded else "failure")


def with_figures(tree) -> dict:
    """解放路 50 closed / 49 succeeded, 千佛山 10 / 8 in MONTH; the aggregate table refreshed."""
    cases(tree["office"], 50, 49)
    cases(tree["office2"], 10, 8)
    aggregates.refresh(tree["province"].path, MONTH, MONTH)
    return tree


def approve_city(tree, status=ReportStatus.APPROVED) -> None:
    """The city's and the county's monthly reports of MONTH in `status` (approved by the level above)."""
    template = next(t for t in reporting.ensure_templates() if t.code == services.MONTHLY_TEMPLATE)
    end = (MONTH + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    for key in ("city", "county"):
        Report.objects.create(template=template, unit=tree[key], period_start=MONTH, period_end=end,
                              deadline=MONTH + datetime.timedelta(days=40), status=status,
                              values={"mediation_closed": 60, "mediation_succeeded": 57})


def ready_province() -> dict:
    tree = with_figures(factories.build_tree())
    approve_city(tree)
    return tree
