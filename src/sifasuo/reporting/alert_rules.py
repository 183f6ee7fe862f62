"""Deadline rules of reporting for the alert engine: reports not submitted by their deadline (HZ-3)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse

from sifasuo.alerts.engine import Alert, Rule

from . import periods
from .choices import ReportStatus

WARN_DAYS = 3
LOOK_BACK = 3  # periods


def missing_reports(path: str, today: datetime.date):
    """For each active template, the periods whose deadline is near or passed (the last few): expected
    units under `path` without a submitted report. Two queries per template and period."""
    from sifasuo.orgunits.models import OrgUnit

    from .models import Report, ReportTemplate
    from .services import deadline_for

    out = []
    for template in ReportTemplate.objects.filter(active=True):
        start = periods.period_start(template.period_type, today)
        size = periods.MONTHS[template.period_type]
        for back in range(1, LOOK_BACK + 1):
            period = periods.add_months(start, -size * back)
            due = deadline_for(template, period)
            if due > today + datetime.timedelta(days=WARN_DAYS):
                continue
            end = periods.period_end(template.period_type, period)
            done = Report.objects.filter(template=template, period_start=period,
                                         status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
                                         unit__path__under=path).values("unit_id")
            units = (OrgUnit.objects.filter(path__under=path, level=template.unit_level)
                     .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=end))
                     .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
                     .exclude(id__in=done).values_list("id", "path", "name", "code"))
            label = periods.label(template.period_type, period)
            url = reverse("reporting:status") + f"?template={template.code}&period={period:%Y-%m}"
            basis = template_basis(template)
            for uid, upath, name, code in units:
                out.append(Alert(rule="reporting.report_missing", unit_id=uid, unit_path=upath,
                                 subject=f"{name} {label}{template.name}",
                                 message=f"应于 {due:%Y-%m-%d} 前上报，尚未上报", due=due,
                                 url=url, record=f"reporting.template:{template.pk}:{code}:{period:%Y-%m}",
                                 basis=basis))
    return out


def template_basis(template) -> str:
    """The real basis of a report's deadline: its template's own deadline rule (an annual report is due in
    January of the next year, not "次月3日"), and the rules the template cites."""
    text = periods.deadline_text(template.period_type, day=template.deadline_day,
                                 move_to_working_day=template.move_to_working_day)
    return f"报表模板「{template.name}」：{text}" + (f"（{template.basis}）" if template.basis else "")


RULES = [
    Rule(code="reporting.report_missing", title="统计报表逾期未报", basis="各报表模板规定的报送期限（月报依 HZ-3）",
         module="统计报表", capability="reporting.view", collect=missing_reports),
]
