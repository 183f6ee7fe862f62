"""Reporting on the workbench: reports of the units directly below waiting for approval (a higher level
approves only what its own units sent), and the unit's own reports not yet submitted or returned."""

import datetime

from django.urls import reverse

from sifasuo.core.scoping import restrict
from sifasuo.core.workbench import DECIDE, DRAFT, Panel, Queue

from .choices import ReportStatus
from .models import Report


def _to_approve(user):
    if not user.unit_id:
        return Report.objects.none()
    return (restrict(Report.objects.filter(status=ReportStatus.SUBMITTED, unit__parent_id=user.unit_id), user)
            .select_related("template", "unit").order_by("period_start", "unit__path"))


def _own_open(user):
    if not user.unit_id:
        return Report.objects.none()
    return (Report.objects.filter(unit_id=user.unit_id, status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
                                  period_end__lt=datetime.date.today())
            .select_related("template", "unit").order_by("period_start"))


QUEUES = [
    Queue("待审核的下级报表", "reporting.approve", DECIDE, _to_approve,
          describe=lambda r: f"{r.unit.name} {r.period_label}{r.template.name}",
          list_url=lambda user: f"{reverse('reporting:list')}?status={ReportStatus.SUBMITTED}"),
    Queue("本单位未上报或被退回的报表", "reporting.submit", DRAFT, _own_open,
          describe=lambda r: f"{r.period_label}{r.template.name}（{r.get_status_display()}，"
                             f"截止 {r.deadline:%Y-%m-%d}）"),
]


# --- this month's report ---------------------------------------------------------------------------------

MISSING_SHOWN = 12


def month_panel(user, today: datetime.date) -> dict | None:
    """The report due this month (last month's) of the user's unit, and for a unit above the offices which
    units below have not filed it yet (what a county chases)."""
    from . import periods, selectors

    unit = user.unit if user.unit_id else None
    template = selectors.monthly_template()
    if unit is None or template is None or unit.level > template.unit_level:
        return None
    start = periods.previous_period(template.period_type, today)
    period = f"{start:%Y-%m}"
    own = Report.objects.filter(template=template, unit=unit, period_start=start).first()
    deadline = own.deadline if own else periods.deadline(template.period_type, start, day=template.deadline_day,
                                                         move_to_working_day=template.move_to_working_day)
    data = {"template": template, "period_label": periods.label(template.period_type, start), "period": period,
            "own": own, "deadline": deadline,
            "own_url": f"{reverse('reporting:open')}?period={period}",
            "status_url": f"{reverse('reporting:status')}?period={period}"}
    if unit.level < template.unit_level:
        total = selectors.completeness(template=template, start=start, unit=unit, by_children=False)
        missing = selectors.missing_units(template=template, start=start, unit=unit)
        data.update(completeness=total[0] if total else None, missing=missing[:MISSING_SHOWN],
                    missing_count=len(missing))
    return data


PANELS = [Panel("本月报表", "reporting.view", "reporting/_workbench_month.html", month_panel, order=20)]
