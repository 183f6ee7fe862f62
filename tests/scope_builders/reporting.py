"""Foreign-county rows of reporting for the scope walk, and builders the reporting tests share."""

from __future__ import annotations

import datetime

from sifasuo.reporting import services
from sifasuo.reporting.models import AggregateValue, OfficialValue, Report, ReportEvent, StaleMonth
from tests.factories import FOREIGN_MARKER

D = datetime.date
MONTH = D(2024, 3, 1)


def monthly_template():
    return next(t for t in services.ensure_templates() if t.code == "office_monthly")


def _foreign(tree, accounts) -> dict:
    cache = tree.setdefault("_foreign_reporting", {})
    if cache:
        return cache
    template = monthly_template()
    services.compile_reports(template=template, start=MONTH, path=tree["other_county"].path)
    report = Report.objects.get(unit=tree["other_office"], template=template, period_start=MONTH)
    services.save_values(actor=None, report=report, values={"difficult_succeeded": 0, "risk_prevented": 1},
                         now=datetime.datetime(2024, 4, 1, 10, tzinfo=datetime.UTC))
    services.submit(actor=None, report=report, now=datetime.datetime(2024, 4, 2, 10, tzinfo=datetime.UTC))
    services.approve(actor=None, report=report)  # official figures of the other county (D54)
    services.return_report(actor=None, report=report, comment=f"{FOREIGN_MARKER}请核对调解数")
    cache.update({
        Report: [report],
        ReportEvent: list(report.events.all()),
        AggregateValue: list(AggregateValue.objects.filter(unit=tree["other_office"])),
        OfficialValue: list(OfficialValue.objects.filter(unit=tree["other_office"])),
        # the other county's writes marked its office-months (never recomputed: the test does not commit)
        StaleMonth: list(StaleMonth.objects.filter(unit_path__startswith=tree["other_county"].path)),
    })
    return cache


FOREIGN_BUILDERS = {model: (lambda m: lambda tree, accounts: _foreign(tree, accounts)[m])(model)
                    for model in (Report, ReportEvent, AggregateValue, OfficialValue, StaleMonth)}
