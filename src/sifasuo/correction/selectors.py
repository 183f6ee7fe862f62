"""Reads of community correction: always through restrict() for a user, or under a path for the system."""

from __future__ import annotations

import datetime

from django.db.models import Case, Count, F, Q, QuerySet, When

from sifasuo.core.scoping import restrict
from sifasuo.orgunits.choices import Level

from .models import CorrectionSubject, InvestigationAssessment


def visible_subjects(user) -> QuerySet[CorrectionSubject]:
    return restrict(CorrectionSubject.objects.select_related("unit"), user)


def visible_investigations(user) -> QuerySet[InvestigationAssessment]:
    return restrict(InvestigationAssessment.objects.select_related("unit"), user)


def office_of_unit():
    """The office a record counts for: its unit, or the unit's parent for a workstation."""
    return Case(When(unit__level=Level.WORKSTATION, then=F("unit__parent_id")), default=F("unit_id"))


def under_supervision_on(on: datetime.date) -> Q:
    """Received (the sentence took effect) by `on` and not yet released or terminated on `on`."""
    return Q(effective_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def count_by_office(root_path: str, on: datetime.date, unit_ids: list[int] | None = None) -> dict[int, int]:
    """Office unit id -> number of correction subjects under supervision on `on`, for offices under root_path
    (subjects registered at a workstation count for its office). One GROUP BY query; `unit_ids` (a page's
    offices and their workstations) keeps it to those units' rows."""
    rows = CorrectionSubject.objects.filter(under_supervision_on(on), unit__path__under=root_path)
    if unit_ids is not None:   # both conditions: SQLite's planner then takes the unit index more often
        rows = rows.filter(unit_id__in=unit_ids)
    rows = rows.annotate(office_id=office_of_unit()).values("office_id").annotate(n=Count("id")).order_by()
    return {r["office_id"]: r["n"] for r in rows}
