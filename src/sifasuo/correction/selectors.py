"""Reads of community correction: always through restrict() for a user, or under a path for the system."""

from __future__ import annotations

import datetime
import functools

from django.db.models import Q, QuerySet

from sifasuo.core.scoping import restrict
from sifasuo.orgunits import selectors as units

from .models import (CheckIn, CorrectionSubject, InvestigationAssessment, Leave, LevelChange, LocationPeriod,
                     MedicalCheck, Sanction)


def visible_subjects(user) -> QuerySet[CorrectionSubject]:
    return restrict(CorrectionSubject.objects.select_related("unit"), user)


def visible_investigations(user) -> QuerySet[InvestigationAssessment]:
    return restrict(InvestigationAssessment.objects.select_related("unit"), user)


def every_subject() -> QuerySet[CorrectionSubject]:
    """Every subject, unscoped: the API's related field (core.api.ScopedPrimaryKeyRelatedField) restricts it to the user's scope."""
    return CorrectionSubject.objects.all()


def subject_register(user) -> QuerySet[CorrectionSubject]:
    """The subjects in the API's order: the latest start first."""
    return visible_subjects(user).order_by("-start_on", "-id")


def investigation_register(user) -> QuerySet[InvestigationAssessment]:
    """The investigations in the API's order: the latest commissioned first."""
    return visible_investigations(user).order_by("-commissioned_on", "-id")


def subject_records(model, user) -> QuerySet:
    """A subject's dependent records of one kind (`model`) that the user may see, the latest first."""
    return restrict(model.objects.select_related("subject__unit").order_by("-id"), user)


def subject_page_records(subject: CorrectionSubject) -> dict:
    """Everything a subject's page lists of the subject the user has opened (each in its model's order): the
    latest 30 check-ins, leaves with their units, location periods with their renewals."""
    return {
        "level_changes": subject.level_changes.all(), "check_ins": subject.check_ins.all()[:30],
        "leaves": subject.leaves.select_related("from_unit", "to_unit"), "sanctions": subject.sanctions.all(),
        "location_periods": subject.location_periods.select_related("renewal"),
        "medical_checks": subject.medical_checks.all(),
    }


# The API's rows of each kind of dependent record: `rows(user)`.
level_changes = functools.partial(subject_records, LevelChange)
check_ins = functools.partial(subject_records, CheckIn)
sanctions = functools.partial(subject_records, Sanction)
location_periods = functools.partial(subject_records, LocationPeriod)
medical_checks = functools.partial(subject_records, MedicalCheck)
leaves = functools.partial(subject_records, Leave)


def under_supervision_on(on: datetime.date) -> Q:
    """Received (the sentence took effect) by `on` and not yet released or terminated on `on`."""
    return Q(effective_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def count_by_office(root_path: str, on: datetime.date, unit_ids: list[int] | None = None) -> dict[int, int]:
    """Office unit id -> number of correction subjects under supervision on `on`, for offices under root_path
    (subjects registered at a workstation count for its office; orgunits.selectors.count_by_office)."""
    return units.count_by_office(CorrectionSubject.objects.filter(under_supervision_on(on)), root_path, unit_ids)
