"""Deadlines of staff management for the alert engine (sifasuo.alerts.engine): each rule reads the records
under a path in one or two queries."""

from __future__ import annotations

import datetime

from django.urls import reverse

from sifasuo.alerts.engine import Alert, rules_of

from . import selectors
from .choices import StaffType
from .models import Assessment, Contract, Obligation

PROBATION_WARNING_DAYS = 30      # the county decides on confirmation before probation ends
TRAINING_WARNING_FROM = (11, 1)  # yearly training shortfalls are shown from 1 November to 31 December
ASSESSMENT_DUE = (1, 31)         # last year's assessment recorded by 31 January (default; seeds are silent)
OBLIGATION_WARNING_DAYS = 90     # an obligation of a conditional hire shows three months before its deadline


def _url(staff_id: int) -> str:
    return reverse("staff:detail", args=[staff_id])


def contracts_ending(path: str, today: datetime.date):
    for c in selectors.contracts_ending(path, today):
        yield Alert(rule="staff.contract_ending", unit_id=c.staff.unit_id, unit_path=c.staff.unit.path,
                    subject=f"{c.staff.full_name}（{c.staff.unit.name}）",
                    message=f"聘用合同 {c.end:%Y-%m-%d} 到期，{(c.end - today).days} 天后；请根据考核结果决定是否续聘",
                    due=c.end, url=_url(c.staff_id), record=f"staff.contract:{c.pk}")


def probation_ending(path: str, today: datetime.date):
    rows = (Contract.objects.filter(staff__unit__path__under=path, staff__left_on__isnull=True,
                                    probation_end__gte=today,
                                    probation_end__lte=today + datetime.timedelta(days=PROBATION_WARNING_DAYS))
            .select_related("staff", "staff__unit"))
    for c in rows:
        yield Alert(rule="staff.probation_ending", unit_id=c.staff.unit_id, unit_path=c.staff.unit.path,
                    subject=f"{c.staff.full_name}（{c.staff.unit.name}）",
                    message=f"试用期 {c.probation_end:%Y-%m-%d} 届满，请办理转正或解除",
                    due=c.probation_end, url=_url(c.staff_id), record=f"staff.contract:{c.pk}")


def pre_job_missing(path: str, today: datetime.date):
    for s in selectors.missing_pre_job(path).filter(joined_on__lte=today):
        yield Alert(rule="staff.pre_job_missing", unit_id=s.unit_id, unit_path=s.unit.path,
                    subject=f"{s.full_name}（{s.unit.name}）",
                    message="已上岗但没有岗前培训记录（未经岗前培训不得上岗，DQ-10）",
                    due=s.joined_on, url=_url(s.pk), record=f"staff.staffmember:{s.pk}")


def training_short(path: str, today: datetime.date):
    if (today.month, today.day) < TRAINING_WARNING_FROM:
        return
    year_end = datetime.date(today.year, 12, 31)
    for line in selectors.training_compliance(path=path, year=today.year):
        if line.ok:
            continue
        s = line.staff
        yield Alert(rule="staff.training_short", unit_id=s.unit_id, unit_path=s.unit.path,
                    subject=f"{s.full_name}（{s.unit.name}）",
                    message=f"{today.year}年计入培训：{line.counted_text}；应 {line.required_text}（WH-4），"
                            f"{line.short_text}",
                    due=year_end, url=_url(s.pk), record=f"staff.staffmember:{s.pk}")


def assessment_missing(path: str, today: datetime.date):
    year = today.year - 1
    due = datetime.date(today.year, *ASSESSMENT_DUE)
    people = (selectors.serving().filter(unit__path__under=path, staff_type=StaffType.JUDICIAL_ASSISTANT,
                                         joined_on__lte=datetime.date(year, 12, 31))
              .exclude(pk__in=Assessment.objects.filter(year=year).values("staff_id")).select_related("unit"))
    for s in people:
        yield Alert(rule="staff.assessment_missing", unit_id=s.unit_id, unit_path=s.unit.path,
                    subject=f"{s.full_name}（{s.unit.name}）", message=f"{year}年度考核尚未登记",
                    due=due, url=_url(s.pk), record=f"staff.staffmember:{s.pk}")


def obligations_due(path: str, today: datetime.date):
    """Obligations of people hired on a condition (有条件通过, an exception with an obligation in the policy
    file): due within OBLIGATION_WARNING_DAYS or overdue, until their fulfilment is recorded."""
    rows = (Obligation.objects.filter(staff__unit__path__under=path, staff__left_on__isnull=True,
                                      fulfilled_on__isnull=True,
                                      due__lte=today + datetime.timedelta(days=OBLIGATION_WARNING_DAYS))
            .select_related("staff", "staff__unit"))
    for o in rows:
        when = f"已逾期 {(today - o.due).days} 天" if o.due < today else f"{(o.due - today).days} 天后到期"
        yield Alert(rule="staff.obligation_due", unit_id=o.staff.unit_id, unit_path=o.staff.unit.path,
                    subject=f"{o.staff.full_name}（{o.staff.unit.name}）",
                    message=f"有条件聘用须履行：{o.text}（{o.rule_id}），期限 {o.due:%Y-%m-%d}，{when}",
                    due=o.due, url=_url(o.staff_id), record=f"staff.obligation:{o.pk}")


rule = rules_of(module="工作人员", capability="staff.view")

RULES = [
    rule(code="staff.contract_ending", title="聘用合同60日内到期", basis="YQ-8；合同到期前决定续聘或不再续聘",
         collect=contracts_ending),
    rule(code="staff.probation_ending", title="试用期即将届满", basis="《劳动合同法》第十九条；DQ-7.7、YQ-8.1",
         collect=probation_ending),
    rule(code="staff.pre_job_missing", title="在岗人员缺少岗前培训", basis="DQ-10、DQ-11",
         collect=pre_job_missing),
    rule(code="staff.training_short", title="年度培训天数不足", basis="WH-4（所长市级≥5天，工作人员县级≥7天）",
         collect=training_short),
    rule(code="staff.assessment_missing", title="年度考核未登记", basis="DQ-10、YQ-8、HZ-9",
         collect=assessment_missing),
    rule(code="staff.obligation_due", title="有条件聘用的义务到期", basis="政策文件中附义务的例外（有条件通过）",
         collect=obligations_due),
]
