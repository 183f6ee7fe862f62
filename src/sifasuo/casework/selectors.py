"""Reads of the registers and of mediation: always through restrict() for a user."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from sifasuo.core.scoping import restrict

from .models import MediationCase, Mediator, ScreeningFinding


def visible_records(model, user) -> QuerySet:
    """A register's records (or the cases) the user may see, each with its unit."""
    return restrict(model.objects.select_related("unit"), user)


def register_rows(spec) -> QuerySet:
    """Every row of a register in its order (newest first), read as its list reads them; not yet scoped (an
    API viewset's declaration: its base class applies restrict())."""
    return spec.queryset(spec.model.objects.all()).order_by(f"-{spec.date_field}", "-id")


def visible_cases(user) -> QuerySet[MediationCase]:
    return visible_records(MediationCase, user)


def visible_findings(user) -> QuerySet[ScreeningFinding]:
    return visible_records(ScreeningFinding, user)


def mediators_by_id(user, ids) -> list[Mediator]:
    """The mediators of these ids that the user may see (fewer than asked: some are missing or out of scope)."""
    return list(restrict(Mediator.objects.filter(pk__in=ids), user))


def register_counts(user, specs, start: datetime.date, end: datetime.date) -> list[tuple]:
    """(spec, count) of each register the user may see: its records dated from `start` to `end`, or all of
    them for the standing lists (committees, mediators)."""
    rows = []
    for spec in specs:
        qs = restrict(spec.model.objects.all(), user)
        if spec.key not in ("committees", "mediators"):
            qs = qs.filter(**{f"{spec.date_field}__gte": start, f"{spec.date_field}__lte": end})
        rows.append((spec, qs.count()))
    return rows
