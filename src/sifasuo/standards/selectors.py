"""Reads of the standardization module: the facts of many offices and workstations gathered in a few
queries, evaluated by the pure engine (sifasuo.policy.standards), and rolled up county → city → province.

Facts come from this module's tables, the staff roster (staff.selectors.counts_by_unit_and_type) and the
casework registers (correction / resettlement `selectors.count_by_office(root_path, on)`). While a register
module does not offer its count yet, its facts are None and the rule depending on them says 待补充.
"""

from __future__ import annotations

import datetime
import importlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from sifasuo.core.scoping import ancestor_path, common_ancestor, path_codes, restrict
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.policy import standards as engine
from sifasuo.staff.selectors import counts_by_unit_and_type

from .choices import BuildStatus, DirectorRank, EquipmentStatus, FollowUpStatus, ProgressStatus
from .models import (EquipmentItem, FollowUp, Inspection, InspectionFinding, InspectionPhoto, Milestone,
                     MilestoneProgress, OfficeProfile, Phase, TaskForceMember, WorkstationProfile)

OFFICE, WORKSTATION = "office", "workstation"
LEVEL_NAME = {Level.OFFICE: OFFICE, Level.WORKSTATION: WORKSTATION}


def standards_directory():
    from pathlib import Path

    return Path(settings.POLICY_DIR) / "standards"


def all_standards() -> list[engine.Standard]:
    return engine.all_standards(standards_directory())


def standard_for(unit: OrgUnit) -> tuple[engine.Standard | None, bool]:
    """(the standard that governs this office or workstation, whether only as a reference)."""
    level = LEVEL_NAME.get(unit.level)
    if level is None:
        return None, False
    return engine.applicable(all_standards(), level=level, path=unit.path)


def _subject_counts(module: str, path: str, on: datetime.date, unit_ids: list[int] | None = None) -> dict[int, int] | None:
    """The register's count of subjects per office (of the units `unit_ids` only, when given), or None while
    that module does not offer it."""
    try:
        selectors = importlib.import_module(f"sifasuo.{module}.selectors")
        count_by_office = selectors.count_by_office
    except (ImportError, AttributeError):
        return None
    return count_by_office(path, on, unit_ids)


def _office_facts(p: dict | None, unit: UnitRow, equipment: dict[str, int], staff: dict[str, int],
                  correction: dict | None, resettlement: dict | None) -> dict:
    rank = p["director_rank"] if p else ""
    return {
        "kind": unit.kind,
        "population": unit.population,
        "floor_area": p["floor_area"] if p else None,
        "rooms": frozenset(p["rooms"]) if p else frozenset(),
        "identity": frozenset(p["identity"]) if p else frozenset(),
        "separation": frozenset(p["separation"]) if p else frozenset(),
        "property_certificate": p["property_certificate"] if p else None,
        "premises_independent": p["premises_independent"] if p else None,
        "director_deputy_section": (rank == DirectorRank.FULL_TIME_DEPUTY_SECTION) if rank else None,
        "equipment": equipment,
        "staff": staff,
        "correction_subjects": None if correction is None else correction.get(unit.id, 0),
        "resettlement_subjects": None if resettlement is None else resettlement.get(unit.id, 0),
    }


def _workstation_facts(p: dict | None, unit: UnitRow, staff_total: int, today) -> dict:
    return {
        "kind": unit.kind,
        "status": p["status"] if p else None,
        "initial_status": p["initial_status"] if p else None,
        "deadline": p["deadline"] if p else None,
        "today": today,
        "staff_total": staff_total,
        "has_head": bool(p["head_name"]) if p else None,
        "six_unified": frozenset(p["six_unified"]) if p else frozenset(),
        "layout": frozenset(p["layout"]) if p else frozenset(),
        "funding": frozenset(p["funding"]) if p else frozenset(),
        "legal_adviser": bool(p["legal_adviser"]) if p else None,
    }


@dataclass(frozen=True)
class UnitRow:
    """The few fields of a unit a checklist needs, read as plain values (thousands at a time)."""

    id: int
    code: str
    name: str
    path: str
    kind: str
    population: int | None
    level: int
    parent_id: int | None

    @property
    def pk(self) -> int:
        return self.id

    def __str__(self) -> str:
        return self.name


@dataclass
class UnitCheck:
    unit: UnitRow
    checklist: engine.Checklist | None     # None when no standard governs the unit
    facts: dict = field(default_factory=dict)

    @property
    def compliant(self) -> bool:
        return bool(self.checklist and self.checklist.compliant)

    @property
    def gap_text(self) -> str:
        if self.checklist is None:
            return "本地区没有适用的建设标准"
        text = "；".join(self.checklist.gaps) or "全部达标"
        if self.checklist.advice:  # WH-3's optional extra posts: shown as 建议, never as a gap
            text += "（" + "；".join(self.checklist.advice) + "）"
        return text


def visible_plans(user):
    """Plans the user may read: those issued within their scope, and those their counties report on."""
    from sifasuo.core.scoping import restrict, user_scope_path

    from .models import Plan

    if user.is_superuser:
        return Plan.objects.all()
    path = user_scope_path(user)
    if path is None:
        return Plan.objects.none()
    own = restrict(Plan.objects.all(), user).values("id")
    reporting = MilestoneProgress.objects.filter(unit__path__under=path).values("milestone__plan_id")
    return Plan.objects.filter(Q(id__in=own) | Q(id__in=reporting))


def _units(path: str, level: int, unit_ids=None):
    qs = OrgUnit.objects.filter(path__under=path, level=level, closed_on__isnull=True)
    if unit_ids is not None:
        qs = qs.filter(id__in=list(unit_ids))
    fields = ("id", "code", "name", "path", "kind", "population", "level", "parent_id")
    return [UnitRow(*row) for row in qs.order_by("path").values_list(*fields)]


OFFICE_PROFILE_FIELDS = ("unit_id", "floor_area", "rooms", "identity", "separation", "property_certificate",
                         "premises_independent", "director_rank")
WORKSTATION_PROFILE_FIELDS = ("unit_id", "status", "initial_status", "deadline", "head_name", "six_unified",
                              "layout", "funding", "legal_adviser")


def _chooser(level: str, forced: engine.Standard | None):
    """path -> (standard, reference?), decided once per county (region codes are at most county codes)."""
    stds = all_standards()
    cache: dict[str, tuple] = {}

    def choose(path: str):
        if forced is not None:
            return forced, False
        key = ancestor_path(path, 3)
        if key not in cache:
            cache[key] = engine.applicable(stds, level=level, path=key)
        return cache[key]
    return choose


def office_checks(path: str, *, on: datetime.date | None = None, unit_ids=None,
                  standard: engine.Standard | None = None) -> list[UnitCheck]:
    """The checklist of every open office under `path` (or of the offices `unit_ids`), in six queries.

    `standard` forces one standard on every office (the benchmark measures the Wuhu rules province-wide)."""
    on = on or datetime.date.today()
    units = _units(path, Level.OFFICE, unit_ids)
    if not units:
        return []
    ids = [u.id for u in units]
    one = len(units) == 1
    scope = Q(unit__path__under=path) if unit_ids is None else Q(unit_id__in=ids)
    profiles = {p["unit_id"]: p for p in OfficeProfile.objects.filter(scope).values(*OFFICE_PROFILE_FIELDS)}
    equipment: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (EquipmentItem.objects.filter(scope, status=EquipmentStatus.IN_USE)
                .values("unit_id", "item").annotate(n=Sum("quantity")).order_by()):
        equipment[row["unit_id"]][row["item"]] = row["n"]
    staff_path = units[0].path if one else common_ancestor([u.path for u in units])
    staff = counts_by_unit_and_type(path_prefix=staff_path, on=on)
    # a page of offices (D52): only their rows and their workstations', not the whole common subtree's
    registered = None if unit_ids is None else ids + list(
        OrgUnit.objects.filter(parent_id__in=ids, level=Level.WORKSTATION).values_list("id", flat=True))
    correction = _subject_counts("correction", staff_path, on, registered)
    resettlement = _subject_counts("resettlement", staff_path, on, registered)
    choose = _chooser(OFFICE, standard)
    out = []
    for unit in units:
        chosen, reference = choose(unit.path)
        facts = _office_facts(profiles.get(unit.id), unit, equipment.get(unit.id, {}), staff.get(unit.id, {}),
                              correction, resettlement)
        checklist = engine.evaluate(chosen, facts, reference=reference) if chosen else None
        out.append(UnitCheck(unit, checklist, facts))
    return out


def workstation_checks(path: str, *, today: datetime.date | None = None, unit_ids=None,
                       standard: engine.Standard | None = None) -> list[UnitCheck]:
    """The checklist of every open workstation under `path`, in three queries."""
    today = today or datetime.date.today()
    units = _units(path, Level.WORKSTATION, unit_ids)
    if not units:
        return []
    scope = Q(unit__path__under=path) if unit_ids is None else Q(unit_id__in=[u.id for u in units])
    profiles = {p["unit_id"]: p for p in
                WorkstationProfile.objects.filter(scope).values(*WORKSTATION_PROFILE_FIELDS)}
    staff = counts_by_unit_and_type(path_prefix=common_ancestor([u.path for u in units]), on=today)
    choose = _chooser(WORKSTATION, standard)
    out = []
    for unit in units:
        chosen, reference = choose(unit.path)
        facts = _workstation_facts(profiles.get(unit.id), unit, sum(staff.get(unit.id, {}).values()), today)
        checklist = engine.evaluate(chosen, facts, reference=reference) if chosen else None
        out.append(UnitCheck(unit, checklist, facts))
    return out


def office_check(unit: OrgUnit, *, on: datetime.date | None = None) -> UnitCheck:
    return office_checks(unit.path, on=on, unit_ids=[unit.id])[0]


def workstation_check(unit: OrgUnit, *, today: datetime.date | None = None) -> UnitCheck:
    return workstation_checks(unit.path, today=today, unit_ids=[unit.id])[0]


def unit_check(unit: OrgUnit) -> UnitCheck:
    """The checklist of an office or of a workstation, whichever the unit is."""
    return office_check(unit) if unit.level == Level.OFFICE else workstation_check(unit)


# --- roll-ups -------------------------------------------------------------------------------------


@dataclass
class RollupRow:
    unit: OrgUnit
    offices: int = 0
    offices_compliant: int = 0
    offices_assessed: int = 0
    workstations: int = 0
    workstations_built: int = 0
    workstations_compliant: int = 0
    workstations_overdue: int = 0
    office_rates: list = field(default_factory=list)
    workstation_rates: list = field(default_factory=list)

    @staticmethod
    def _pct(n: int, d: int) -> str:
        return f"{n * 100 / d:.1f}%" if d else "—"

    @property
    def office_rate(self) -> str:
        return self._pct(self.offices_compliant, self.offices)

    @property
    def built_rate(self) -> str:
        return self._pct(self.workstations_built, self.workstations)

    @property
    def coverage_rate(self) -> str:
        return self._pct(self.workstations_compliant, self.workstations)


def rollup(root: OrgUnit, *, today: datetime.date | None = None, office_list=None, workstation_list=None
           ) -> tuple[RollupRow, list[RollupRow]]:
    """Compliance of the offices and workstations under `root`: a total row and one row per child unit
    (county → city → province, SD-8); rates of each standard (WH-2 director rate, SD-8 coverage) alongside."""
    today = today or datetime.date.today()
    offices = office_checks(root.path, on=today) if office_list is None else office_list
    stations = workstation_checks(root.path, today=today) if workstation_list is None else workstation_list
    depth = len(path_codes(root.path)) + 1
    children = list(OrgUnit.objects.filter(parent=root, closed_on__isnull=True).order_by("code")) \
        if root.level < Level.OFFICE else []
    rows = {c.path: RollupRow(c) for c in children}
    total = RollupRow(root)
    groups_o: dict[str, list] = defaultdict(list)
    groups_w: dict[str, list] = defaultdict(list)
    for check in offices:
        targets = [total, rows.get(ancestor_path(check.unit.path, depth))]
        for row in filter(None, targets):
            row.offices += 1
            row.offices_compliant += check.compliant
            row.offices_assessed += check.checklist is not None
        if check.checklist:
            groups_o[("", check.checklist.standard.id)].append(check.checklist)
            groups_o[(ancestor_path(check.unit.path, depth), check.checklist.standard.id)].append(check.checklist)
    for check in stations:
        built = check.facts.get("status") == BuildStatus.BUILT
        deadline = check.facts.get("deadline")
        overdue = not built and deadline is not None and deadline < today
        for row in filter(None, [total, rows.get(ancestor_path(check.unit.path, depth))]):
            row.workstations += 1
            row.workstations_built += built
            row.workstations_compliant += check.compliant
            row.workstations_overdue += overdue
        if check.checklist:
            groups_w[("", check.checklist.standard.id)].append(check.checklist)
            groups_w[(ancestor_path(check.unit.path, depth), check.checklist.standard.id)].append(check.checklist)
    by_id = {s.id: s for s in all_standards()}
    for groups, attr in ((groups_o, "office_rates"), (groups_w, "workstation_rates")):
        for (key, std_id), lists in groups.items():
            target = total if key == "" else rows.get(key)
            if target is not None and std_id in by_id:
                getattr(target, attr).extend(engine.rollup(by_id[std_id], lists))
    return total, list(rows.values())


# --- plans ----------------------------------------------------------------------------------------


def progress_matrix(plan, *, user=None, today: datetime.date | None = None):
    """The plan's county-responsible milestones × counties: each cell the county's progress, overdue flagged."""
    from sifasuo.core.scoping import restrict

    today = today or datetime.date.today()
    milestones = list(Milestone.objects.filter(plan=plan).select_related("phase").order_by("deadline", "order"))
    qs = MilestoneProgress.objects.filter(milestone__plan=plan).select_related("unit")
    if user is not None:
        qs = restrict(qs, user)
    cells: dict[int, dict[int, MilestoneProgress]] = defaultdict(dict)
    counties: dict[int, OrgUnit] = {}
    for p in qs:
        cells[p.unit_id][p.milestone_id] = p
        counties[p.unit_id] = p.unit
    rows = []
    for county in sorted(counties.values(), key=lambda u: u.code):
        row_cells = []
        done = 0
        for m in milestones:
            p = cells[county.id].get(m.id)
            overdue = p is not None and p.status != ProgressStatus.DONE and m.deadline < today
            late = p is not None and p.status == ProgressStatus.DONE and p.done_on and p.done_on > m.deadline
            done += p is not None and p.status == ProgressStatus.DONE
            row_cells.append({"progress": p, "overdue": overdue, "late": late, "milestone": m})
        expected = sum(1 for c in row_cells if c["progress"] is not None)
        rows.append({"county": county, "cells": row_cells, "done": done, "expected": expected,
                     "overdue": sum(c["overdue"] for c in row_cells)})
    return milestones, rows


def overdue_progress(path: str, today: datetime.date):
    return (MilestoneProgress.objects.filter(unit__path__under=path, milestone__deadline__lt=today)
            .exclude(status=ProgressStatus.DONE).select_related("unit", "milestone", "milestone__plan"))


def overdue_workstations(path: str, today: datetime.date):
    return (WorkstationProfile.objects.filter(unit__path__under=path, deadline__lt=today,
                                              unit__closed_on__isnull=True)
            .exclude(status=BuildStatus.BUILT).select_related("unit"))


def open_follow_ups(path: str):
    return FollowUp.objects.filter(inspection__unit__path__under=path, status=FollowUpStatus.OPEN)


def progress_counts(plan) -> dict[str, int]:
    rows = MilestoneProgress.objects.filter(milestone__plan=plan).values("status").annotate(n=Count("id")).order_by()
    return {r["status"]: r["n"] for r in rows}


# --- the records as a user sees them: the pages and the API read these (scoped by core.scoping.restrict) ---


def units_of_level(user, level: int) -> QuerySet[OrgUnit]:
    """The offices (or workstations) the user may see."""
    return restrict(OrgUnit.objects.filter(level=level), user)


def open_units(scoped: QuerySet[OrgUnit], level: int) -> QuerySet[OrgUnit]:
    """Of units already scoped, those of `level` not closed, with their parent (a checklist list's rows)."""
    return scoped.filter(level=level, closed_on__isnull=True).select_related("parent")


def office_profile(unit: OrgUnit) -> OfficeProfile | None:
    return OfficeProfile.objects.filter(unit=unit).first()


def workstation_profile(unit: OrgUnit) -> WorkstationProfile | None:
    return WorkstationProfile.objects.filter(unit=unit).first()


def equipment_of(unit: OrgUnit) -> QuerySet[EquipmentItem]:
    """An office's equipment ledger (WH-7) by category."""
    return EquipmentItem.objects.filter(unit=unit).order_by("item", "id")


def recent_inspections(user, unit: OrgUnit, count: int = 10) -> QuerySet[Inspection]:
    return restrict(Inspection.objects.filter(unit=unit), user)[:count]


def plans(user) -> QuerySet:
    """The plans the user may read (visible_plans), newest first, with the issuing unit."""
    return visible_plans(user).select_related("unit").order_by("-start", "code")


def plan_phases(plan) -> QuerySet[Phase]:
    return plan.phases.prefetch_related("milestones").order_by("order")


def office_profiles(user) -> QuerySet[OfficeProfile]:
    return restrict(OfficeProfile.objects.select_related("unit").order_by("unit__path"), user)


def workstation_profiles(user) -> QuerySet[WorkstationProfile]:
    return restrict(WorkstationProfile.objects.select_related("unit").order_by("unit__path"), user)


def equipment(user) -> QuerySet[EquipmentItem]:
    """Every ledger line the user may see, by office, category and entry."""
    return restrict(EquipmentItem.objects.select_related("unit").order_by("unit__path", "item", "id"), user)


def phases(user) -> QuerySet[Phase]:
    return restrict(Phase.objects.select_related("plan").order_by("plan", "order"), user)


def milestones(user) -> QuerySet[Milestone]:
    """Milestones by plan and deadline, each with its plan and phase."""
    return restrict(Milestone.objects.select_related("plan", "phase").order_by("plan", "deadline", "order"), user)


def task_force(user) -> QuerySet[TaskForceMember]:
    return restrict(TaskForceMember.objects.select_related("plan").order_by("plan", "group", "order", "id"), user)


def progress(user) -> QuerySet[MilestoneProgress]:
    """Every county's progress on the milestones the user may see, by deadline and county, with what its
    page shows of the milestone (its plan and phase)."""
    rows = MilestoneProgress.objects.select_related("unit", "milestone", "milestone__plan", "milestone__phase")
    return restrict(rows.order_by("milestone__deadline", "unit__path"), user)


def inspections(user) -> QuerySet[Inspection]:
    """Inspections newest first, with the inspected and the inspecting unit."""
    return restrict(Inspection.objects.select_related("unit", "inspector_unit").order_by("-visited_on", "-id"), user)


def findings(user) -> QuerySet[InspectionFinding]:
    return restrict(InspectionFinding.objects.select_related("inspection").order_by("inspection", "id"), user)


def photos(user) -> QuerySet[InspectionPhoto]:
    return restrict(InspectionPhoto.objects.select_related("inspection").order_by("inspection", "id"), user)


def follow_ups(user) -> QuerySet[FollowUp]:
    """Follow-ups, open ones first, then by due date."""
    return restrict(FollowUp.objects.select_related("inspection").order_by("status", "due_on", "id"), user)
