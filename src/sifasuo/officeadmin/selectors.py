"""Reads of office administration: budgets against spending per heading and office, the inspections hosted,
who has filed which plan or summary, and the inspection points of each office and month (for the assessment)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from sifasuo.core.scoping import ancestor_path, path_codes, restrict
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import docrules
from .choices import BudgetHeading, DocumentKind
from .models import Expense, InspectionHosting, OperatingBudget, WorkDocument


def visible_expenses(user) -> QuerySet[Expense]:
    return restrict(Expense.objects.select_related("unit"), user)


def visible_documents(user) -> QuerySet[WorkDocument]:
    return restrict(WorkDocument.objects.select_related("unit"), user)


def budgetable_offices(user) -> QuerySet[OrgUnit]:
    """The offices whose budget the user may set (restrict(): a page of edits reaches the user's subtree)."""
    return restrict(OrgUnit.objects.filter(level=Level.OFFICE), user)


def budget_amounts(unit: OrgUnit, year: int) -> dict[str, Decimal]:
    """An office's budget of a year, heading -> amount (the headings it has one for)."""
    return {b.heading: b.amount for b in OperatingBudget.objects.filter(unit=unit, year=year)}


@dataclass
class BudgetLine:
    label: str
    budget: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    heading: str = ""
    unit: OrgUnit | None = None
    without_budget: int | None = None   # above a county: its offices with no budget of the year

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def rate(self) -> str:
        return f"{self.spent * 100 / self.budget:.1f}%" if self.budget else "—"


@dataclass
class BudgetTable:
    unit: OrgUnit
    year: int
    lines: list[BudgetLine]
    total: BudgetLine
    hosting_extra: Decimal = Decimal(0)
    hosting_cost: Decimal = Decimal(0)
    hostings: int = 0
    offices_without_budget: list[OrgUnit] = field(default_factory=list)


def budget_table(unit: OrgUnit, year: int) -> BudgetTable:
    """HZ-7: an office's budget and spending per heading; a county's per office; above a county, per unit one
    level down (a province's 16 cities, not its 1,807 offices: each line opens the unit below) with how many of
    its offices have no budget. Grouped queries: budgets, spending, inspections hosted, the offices (and, above a
    county, the units one level down and the offices with a budget)."""
    office_level = unit.level == Level.OFFICE
    scope = Q(unit=unit) if office_level else Q(unit__path__under=unit.path)
    if office_level:
        key = "heading"
    elif unit.level == Level.COUNTY:
        key = "unit_id"
    else:
        children = list(OrgUnit.objects.filter(path__under=unit.path, level=unit.level + 1, closed_on__isnull=True)
                        .order_by("path"))
        width = len(children[0].path) if children else len(unit.path)
        depth = len(path_codes(unit.path)) + 1   # the same units one level down, cut in Python
        key = "child"
    budgets_qs = OperatingBudget.objects.filter(scope, year=year)
    spent_qs = Expense.objects.filter(scope, spent_on__year=year)
    if key == "child":   # unit paths one level down have one width (6-digit codes)
        budgets_qs = budgets_qs.annotate(child=Substr("unit__path", 1, width))
        spent_qs = spent_qs.annotate(child=Substr("unit__path", 1, width))
    budgets = dict(budgets_qs.values_list(key).annotate(t=Sum("amount")).order_by())
    spent = dict(spent_qs.values_list(key).annotate(t=Sum("amount")).order_by())
    hosting = InspectionHosting.objects.filter(scope, hosted_on__year=year).aggregate(
        extra=Sum("extra_budget"), cost=Sum("actual_cost"), n=Count("id"))
    missing = []
    if office_level:
        lines = [BudgetLine(h.label, budgets.get(h.value, Decimal(0)), spent.get(h.value, Decimal(0)), heading=h.value)
                 for h in BudgetHeading if h.value in budgets or h.value in spent]
    elif key == "unit_id":
        offices = list(OrgUnit.objects.filter(path__under=unit.path, level=Level.OFFICE, closed_on__isnull=True)
                       .order_by("path"))
        lines = [BudgetLine(o.name, budgets.get(o.pk, Decimal(0)), spent.get(o.pk, Decimal(0)), unit=o)
                 for o in offices]
        missing = [o for o in offices if o.pk not in budgets]
    else:
        budgeted = set(OperatingBudget.objects.filter(scope, year=year).values_list("unit_id", flat=True).distinct())
        without: dict[str, int] = defaultdict(int)
        for office_id, path in OrgUnit.objects.filter(path__under=unit.path, level=Level.OFFICE,
                                                      closed_on__isnull=True).values_list("id", "path"):
            if office_id not in budgeted:
                without[ancestor_path(path, depth)] += 1
        lines = [BudgetLine(c.name, budgets.get(c.path, Decimal(0)), spent.get(c.path, Decimal(0)), unit=c,
                            without_budget=without.get(c.path, 0)) for c in children]
    total = BudgetLine("合计", sum((line.budget for line in lines), Decimal(0)),
                       sum((line.spent for line in lines), Decimal(0)),
                       without_budget=(sum(line.without_budget for line in lines) if key == "child" else None))
    return BudgetTable(unit, year, lines, total, hosting["extra"] or Decimal(0), hosting["cost"] or Decimal(0),
                       hosting["n"], missing)


def inspection_points(path: str, start: datetime.date, end: datetime.date) -> dict[tuple[int, datetime.date], Decimal]:
    """{(office id, month): points} of the inspections hosted under `path` in [start, end] (HZ-7: 把迎检工作
    效果纳入业绩考核), records of a workstation counted for nobody (only offices host). One grouped query."""
    from django.db.models.functions import TruncMonth

    rows = (InspectionHosting.objects.filter(unit__path__under=path, unit__level=Level.OFFICE,
                                             hosted_on__gte=start, hosted_on__lte=end, bonus_points__gt=0)
            .annotate(month=TruncMonth("hosted_on")).values_list("unit_id", "month")
            .annotate(points=Sum("bonus_points")).order_by())
    out: dict[tuple[int, datetime.date], Decimal] = {}
    for unit_id, month, points in rows:
        if isinstance(month, datetime.datetime):
            month = month.date()
        elif isinstance(month, str):
            month = datetime.date.fromisoformat(month[:10])
        out[(unit_id, month)] = points
    return out


# --- plans and summaries ------------------------------------------------------------------------------------

@dataclass
class DocumentCell:
    kind: str
    due: datetime.date | None
    document: WorkDocument | None

    def state(self, today: datetime.date) -> str:
        if self.document is not None:
            return "on_time" if self.due is None or self.document.filed_on <= self.due else "late"
        if self.due is not None and self.due < today:
            return "missing"
        return "pending"

    def label(self, today: datetime.date) -> str:
        return {"on_time": "按时报送", "late": "逾期报送", "missing": "逾期未报", "pending": "未到期"}[self.state(today)]


def document_overview(unit: OrgUnit, year: int, today: datetime.date | None = None) -> dict:
    """HZ-6: every office under a county (or the office itself) × the plans and summaries of the year: filed on
    time, late, missing past its due date, or not yet due; with the count of offices missing each. Above a
    county, `summary` has one line per unit one level down (its offices, how many are missing or late with
    each) and `rows` is empty. Three queries at most and the due-date files."""
    today = today or datetime.date.today()
    if unit.level == Level.OFFICE:
        offices = [unit]
    else:
        offices = list(OrgUnit.objects.filter(path__under=unit.path, level=Level.OFFICE, closed_on__isnull=True)
                       .order_by("path"))
    docs_qs = (WorkDocument.objects.filter(unit=unit) if unit.level == Level.OFFICE
               else WorkDocument.objects.filter(unit__path__under=unit.path))
    docs = {(d.unit_id, d.kind): d for d in docs_qs.filter(year=year)}
    rules_cache: dict[str, dict] = {}
    rows = []
    missing: dict[str, int] = defaultdict(int)
    # Above a county, one line per unit one level down (a province's cities, a city's counties), each opening
    # the unit below, instead of every office of the province (1,807 rows).
    children = ({} if unit.level >= Level.COUNTY else
                {c.path: {"unit": c, "offices": 0, "missing": defaultdict(int), "late": defaultdict(int)}
                 for c in OrgUnit.objects.filter(path__under=unit.path, level=unit.level + 1,
                                                 closed_on__isnull=True).order_by("path")})
    depth = len(path_codes(unit.path)) + 1
    for office in offices:
        child = ancestor_path(office.path, depth)
        county = ancestor_path(office.path, 3)
        if county not in rules_cache:
            rules_cache[county] = docrules.rules_for(office.path)
        rules = rules_cache[county]
        cells = []
        for kind in DocumentKind.values:
            rule = rules.get(kind)
            cell = DocumentCell(kind, rule.due_on(year) if rule else None, docs.get((office.pk, kind)))
            state = cell.state(today)
            if state == "missing":
                missing[kind] += 1
            if state in ("missing", "late") and child in children:
                children[child][state][kind] += 1
            cells.append(cell)
        if children:
            if child in children:
                children[child]["offices"] += 1
        else:
            rows.append({"unit": office, "cells": cells})
    summary = [{"unit": c["unit"], "offices": c["offices"],
                "cells": [{"missing": c["missing"].get(k, 0), "late": c["late"].get(k, 0)} for k in DocumentKind.values]}
               for c in children.values()]
    return {"year": year, "kinds": [DocumentKind(k) for k in DocumentKind.values], "rows": rows,
            "summary": summary, "missing": dict(missing), "today": today,
            "rules": rules_cache[next(iter(rules_cache))] if rules_cache else docrules.rules_for(unit.path)}
