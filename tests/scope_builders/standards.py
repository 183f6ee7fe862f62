"""Rows of the other county for every scoped model of the standardization module."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from sifasuo.standards.models import (
    EquipmentItem,
    FollowUp,
    Inspection,
    InspectionFinding,
    InspectionPhoto,
    Milestone,
    MilestoneProgress,
    OfficeProfile,
    Phase,
    Plan,
    TaskForceMember,
    WorkstationProfile,
)
from tests.factories import FOREIGN_MARKER

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _rows(tree, accounts) -> dict:
    """Every record type in the other county, built once per tree (directly: the walk needs rows)."""
    cache = tree.setdefault("_foreign_standards", {})
    if cache:
        return cache
    county, office, station = tree["other_county"], tree["other_office"], tree["other_workstation"]
    plan = Plan.objects.create(unit=county, code="foreign-plan", name=f"{FOREIGN_MARKER}试点方案", kind="pilot",
                               start=datetime.date(2024, 3, 1), end=datetime.date(2024, 12, 31))
    phase = Phase.objects.create(plan=plan, order=1, name=f"{FOREIGN_MARKER}阶段", start=plan.start, end=plan.end)
    milestone = Milestone.objects.create(plan=plan, phase=phase, order=1, title=f"{FOREIGN_MARKER}节点",
                                         deadline=datetime.date(2024, 9, 30), responsible=f"{FOREIGN_MARKER}司法局")
    inspection = Inspection.objects.create(unit=office, inspector_unit=county, inspectors=f"{FOREIGN_MARKER}检查组",
                                           visited_on=datetime.date(2024, 5, 6), summary=f"{FOREIGN_MARKER}检查情况")
    photo = InspectionPhoto(inspection=inspection, caption=f"{FOREIGN_MARKER}照片")
    photo.image.save("foreign.png", ContentFile(PNG), save=True)
    cache.update({
        OfficeProfile: [OfficeProfile.objects.create(unit=office, floor_area=100, director_name=f"{FOREIGN_MARKER}所长",
                                                     note=f"{FOREIGN_MARKER}备注")],
        EquipmentItem: [EquipmentItem.objects.create(unit=office, item="computer", name=f"{FOREIGN_MARKER}电脑",
                                                     asset_number="W-1")],
        WorkstationProfile: [WorkstationProfile.objects.create(unit=station, head_name=f"{FOREIGN_MARKER}主任",
                                                               status="building", deadline=datetime.date(2017, 12, 31))],
        Plan: [plan],
        Phase: [phase],
        Milestone: [milestone],
        TaskForceMember: [TaskForceMember.objects.create(plan=plan, group="task_force", role="leader",
                                                         position=f"{FOREIGN_MARKER}副县长")],
        MilestoneProgress: [MilestoneProgress.objects.create(milestone=milestone, unit=county,
                                                             note=f"{FOREIGN_MARKER}进展")],
        Inspection: [inspection],
        InspectionFinding: [InspectionFinding.objects.create(inspection=inspection, rule_id="WH-5", result="unmet",
                                                             description=f"{FOREIGN_MARKER}面积不足")],
        InspectionPhoto: [photo],
        FollowUp: [FollowUp.objects.create(inspection=inspection, description=f"{FOREIGN_MARKER}整改",
                                           due_on=datetime.date(2024, 6, 30))],
    })
    return cache


def _part(model):
    return lambda tree, accounts: _rows(tree, accounts)[model]


FOREIGN_BUILDERS = {model: _part(model) for model in (
    OfficeProfile, EquipmentItem, WorkstationProfile, Plan, Phase, Milestone, TaskForceMember, MilestoneProgress,
    Inspection, InspectionFinding, InspectionPhoto, FollowUp)}
