"""Reads of office administration: budgets against spending per heading and office, the inspections hosted,
who has filed which plan or summary, and the inspection points of each office and month (for the assessment)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sifasuo.core.scoping import restrict
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import docrules
from .choices import BudgetHeading, DocumentKind
from .models import Expense, InspectionHosting, OperatingBudget, WorkDocument


def visible_expenses(user) -> QuerySet[Expense]:
    return restrict(Expense.objects.select_related("unit"), user)


@dataclass
class BudgetLine:
    label: str
    budget: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    heading: str = ""
    unit: OrgUnit | None = None

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
    """HZ-7: an office's budget and spending per heading, or, above an office, per office — in three grouped
    queries (budgets, spending, inspections hosted)."""
    office_level = unit.level == Level.OFFICE
    scope = Q(unit=unit) if office_level else Q(unit__path__under=unit.path)
    key = "heading" if office_level else "unit_id"
    budgets = dict(OperatingBudget.objects.filter(scope, year=year).values_list(key).annotate(t=Sum("amount"))
                   .order_by())
    spent = dict(Expense.objects.filter(scope, spent_on__year=year).values_list(key).annotate(t=Sum("amount"))
                 .order_by())
    hosting = InspectionHosting.objects.filter(scope, hosted_on__year=year).aggregate(
        extra=Sum("extra_budget"), cost=Sum("actual_cost"), n=Count("id"))
    if office_level:
        lines = [BudgetLine(h.label, budgets.get(h.value, Decimal(0)), spent.get(h.value, Decimal(0)), heading=h.value)
                 for h in BudgetHeading if h.value in budgets or h.value in spent]
        missing = []
    else:
        offices = list(OrgUnit.objects.filter(path__under=unit.path, level=Level.OFFICE, closed_on__isnull=True)
                       .order_by("path"))
        lines = [BudgetLine(o.name, budgets.get(o.pk, Decimal(0)), spent.get(o.pk, Decimal(0)), unit=o)
                 for o in offices]
        missing = [o for o in offices if o.pk not in budgets]
    total = BudgetLine("合计", sum((line.budget for line in lines), Decimal(0)),
                       sum((line.spent for line in lines), Decimal(0)))
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
    """HZ-6: every office under `unit` (or the office itself) × the plans and summaries of the year: filed on
    time, late, missing past its due date, or not yet due; with the count of offices missing each. Two queries
    and the due-date files."""
    today = today or datetime.date.today()
    if unit.level == Level.OFFICE:
        offices = [unit]
    else:
        offices = list(OrgUnit.objects.filter(path__under=unit.path, level=Level.OFFICE, closed_on__isnull=True)
                       .order_by("path"))
    docs = {(d.unit_id, d.kind): d for d in WorkDocument.objects.filter(unit__in=offices, year=year)}
    rules_cache: dict[str, dict] = {}
    rows = []
    missing: dict[str, int] = defaultdict(int)
    for office in offices:
        county = office.path[:len("/370000/370100/370102/")]
        if county not in rules_cache:
            rules_cache[county] = docrules.rules_for(office.path)
        rules = rules_cache[county]
        cells = []
        for kind in DocumentKind.values:
            rule = rules.get(kind)
            cell = DocumentCell(kind, rule.due_on(year) if rule else None, docs.get((office.pk, kind)))
            if cell.state(today) == "missing":
                missing[kind] += 1
            cells.append(cell)
        rows.append({"unit": office, "cells": cells})
    return {"year": year, "kinds": [DocumentKind(k) for k in DocumentKind.values], "rows": rows,
            "missing": dict(missing), "today": today,
            "rules": rules_cache[next(iter(rules_cache))] if rules_cache else docrules.rules_for(unit.path)}
