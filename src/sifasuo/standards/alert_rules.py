"""Deadlines of the standardization module for the one alert engine (sifasuo.alerts.engine).

- a county's milestone of a pilot or programme plan not done by its deadline (DQ-11, YQ-9, WH-13);
- a workstation not built by its deadline (SD-4);
- an inspection's follow-up item not closed by its due date.

Each rule warns `AHEAD` days before the deadline and keeps the item until it is done; one query each.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from sifasuo.alerts.engine import Alert, rules_of
from sifasuo.policy import standards as engine

from . import selectors
from .choices import BuildStatus, FollowUpStatus, ProgressStatus
from .models import FollowUp, MilestoneProgress, WorkstationProfile

AHEAD = 7


def milestones_due(path: str, today: datetime.date):
    horizon = today + datetime.timedelta(days=AHEAD)
    rows = (MilestoneProgress.objects.filter(unit__path__under=path, milestone__deadline__lte=horizon)
            .exclude(status=ProgressStatus.DONE)
            .values_list("id", "unit_id", "unit__path", "unit__name", "milestone__title", "milestone__deadline",
                         "milestone__plan__name", "status", "milestone__rule_id", "milestone__plan__document",
                         "milestone__plan__rule_ids"))
    url = reverse("standards:progress_edit", args=[0])[:-2]
    for pk, unit_id, unit_path, unit_name, title, deadline, plan, status, rule_id, document, plan_rules in rows:
        state = "尚未开始" if status == ProgressStatus.NOT_STARTED else "仍在推进"
        yield Alert(rule="standards.milestone_due", unit_id=unit_id, unit_path=unit_path,
                    subject=f"{unit_name}：{plan}「{title}」",
                    message=f"节点期限 {deadline:%Y-%m-%d}，{state}", due=deadline,
                    url=f"{url}{pk}/", record=f"standards.milestoneprogress:{pk}",
                    basis=milestone_basis(plan, document, rule_id or plan_rules, title, deadline))


def milestone_basis(plan: str, document: str, rule_ids: str, title: str, deadline: datetime.date) -> str:
    """The real basis of a milestone's deadline: the plan (its document) that set it, and the node itself —
    not the three seed rules every plan of the rule comes from."""
    source = document or f"方案「{plan}」"
    return f"{source}{f'（{rule_ids}）' if rule_ids else ''}：节点「{title}」限 {deadline:%Y-%m-%d} 前完成"


def workstations_due(path: str, today: datetime.date):
    horizon = today + datetime.timedelta(days=AHEAD)
    rows = (WorkstationProfile.objects.filter(unit__path__under=path, deadline__lte=horizon,
                                              unit__closed_on__isnull=True)
            .exclude(status=BuildStatus.BUILT)
            .values_list("id", "unit_id", "unit__path", "unit__name", "status", "deadline", "initial_status"))
    labels = dict(BuildStatus.choices)
    url = reverse("standards:workstation_detail", args=[0])[:-2]
    standards = selectors.all_standards()
    for pk, unit_id, unit_path, unit_name, status, deadline, initial in rows:
        standard, _ = engine.applicable(standards, level=selectors.WORKSTATION, path=unit_path)
        yield Alert(rule="standards.workstation_build", unit_id=unit_id, unit_path=unit_path, subject=unit_name,
                    message=f"{labels[status]}，应于 {deadline:%Y-%m-%d} 前建成", due=deadline,
                    url=f"{url}{unit_id}/", record=f"standards.workstationprofile:{pk}",
                    basis=workstation_basis(standard, labels[initial], initial, deadline))


def workstation_basis(standard, label: str, initial: str, deadline: datetime.date) -> str:
    """The real basis of a workstation's deadline (SD-4): the row of its standard's timetable for the status it
    was registered with, or the county's own date where the standard lets the county set another."""
    rule = next((r for r in standard.rules if r.kind == "build_status"), None) if standard else None
    if rule is None:
        return ""
    source = f"《{standard.document_title}》{rule.id}〔{rule.clause}〕"
    row = next((d for d in rule.deadlines if d.status == initial), None)
    if row is not None and row.deadline == deadline:
        return f"{source}：登记时{label}的工作室 {deadline:%Y-%m-%d} 前{row.task}"
    return f"县级司法局确定的建成期限 {deadline:%Y-%m-%d}（{source}：{rule.note or rule.title}）"


def follow_ups_due(path: str, today: datetime.date):
    horizon = today + datetime.timedelta(days=AHEAD)
    rows = (FollowUp.objects.filter(inspection__unit__path__under=path, status=FollowUpStatus.OPEN,
                                    due_on__lte=horizon)
            .values_list("id", "inspection_id", "inspection__unit_id", "inspection__unit__path",
                         "inspection__unit__name", "description", "due_on", "rule_id",
                         "inspection__inspector_unit__name", "inspection__visited_on"))
    url = reverse("standards:inspection_detail", args=[0])[:-2]
    for pk, inspection_id, unit_id, unit_path, unit_name, description, due, rule_id, inspector, visited in rows:
        yield Alert(rule="standards.follow_up_due", unit_id=unit_id, unit_path=unit_path,
                    subject=f"{unit_name}：{description}", message=f"整改期限 {due:%Y-%m-%d}，尚未销号", due=due,
                    url=f"{url}{inspection_id}/", record=f"standards.followup:{pk}",
                    basis=f"{inspector} {visited:%Y-%m-%d} 督导检查提出的整改要求"
                          f"{f'（检查项 {rule_id}）' if rule_id else ''}，整改期限 {due:%Y-%m-%d}")


rule = rules_of(module="规范化建设", capability="standards.view")

RULES = [
    rule(code="standards.milestone_due", title="试点与建设方案节点到期未完成", basis="DQ-11；YQ-9；WH-13",
         collect=milestones_due),
    rule(code="standards.workstation_build", title="司法行政工作室逾期未建成", basis="SD-4", collect=workstations_due),
    rule(code="standards.follow_up_due", title="督导检查整改事项到期未销号", basis="督导检查整改",
         collect=follow_ups_due),
]
