"""Reads of community correction: always through restrict() for a user, or under a path for the system."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from sifasuo.core.scoping import restrict
from sifasuo.orgunits import selectors as units

from .models import CorrectionSubject, InvestigationAssessment


def visible_subjects(user) -> QuerySet[CorrectionSubject]:
    return restrict(CorrectionSubject.objects.select_related("unit"), user)


def visible_investigations(user) -> QuerySet[InvestigationAssessment]:
    return restrict(InvestigationAssessment.objects.select_related("unit"), user)


def under_supervision_on(on: datetime.date) -> Q:
    """Received (the sentence took effect) by `on` and not yet released or terminated on `on`."""
    return Q(effective_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def count_by_office(root_path: str, on: datetime.date, unit_ids: list[int] | None = None) -> dict[int, int]:
    """Office unit id -> number of correction subjects under supervision on `on`, for offices under root_path
    (subjects registered at a workstation count for its office; orgunits.selectors.count_by_office)."""
    return units.count_by_office(CorrectionSubject.objects.filter(under_supervision_on(on)), root_path, unit_ids)
