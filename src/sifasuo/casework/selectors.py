"""Reads of the registers and of mediation: always through restrict() for a user."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from sifasuo.core.scoping import restrict

from .models import (CaseParty, FollowUpVisit, MediationCase, MediationCommittee, MediationSession, Mediator,
                     ScreeningFinding, ScreeningRound)


def visible_records(model, user) -> QuerySet:
    """A register's records (or the cases) the user may see, each with its unit."""
    return restrict(model.objects.select_related("unit"), user)


def register_rows(spec, user) -> QuerySet:
    """The rows of a register the user may see, in its order (newest first), read as its list reads them (the
    API's rows: `functools.partial(register_rows, spec)`)."""
    return restrict(spec.queryset(spec.model.objects.all()).order_by(f"-{spec.date_field}", "-id"), user)


def in_book_order(rows: QuerySet, spec) -> QuerySet:
    """A register's rows (already scoped and filtered) as its paper book lists them: by date, oldest first."""
    return rows.order_by(spec.date_field, "id")


def round_findings(screening: ScreeningRound, user) -> QuerySet[ScreeningFinding]:
    """The findings of a screening round that the user may see, each with the case it led to, as found. Scoped
    by themselves: a finding may be recorded a level above its round (an office's, on its workstation's round),
    where the round's reader does not see it."""
    return restrict(screening.findings.select_related("case"), user).order_by("found_on", "id")


def committee_members(committee: MediationCommittee) -> QuerySet[Mediator]:
    """The mediators of a committee the user has opened, by the day they left, role and name."""
    return committee.mediators.order_by("left_on", "role", "full_name")


def visible_cases(user) -> QuerySet[MediationCase]:
    return visible_records(MediationCase, user)


def case_register(user) -> QuerySet[MediationCase]:
    """The cases in the API's order: the latest registered first."""
    return visible_cases(user).order_by("-registered_on", "-id")


def case_parties(user) -> QuerySet[CaseParty]:
    return restrict(CaseParty.objects.select_related("case__unit").order_by("case_id", "id"), user)


def case_sessions(user) -> QuerySet[MediationSession]:
    return restrict(MediationSession.objects.order_by("case_id", "held_on", "id"), user)


def case_visits(user) -> QuerySet[FollowUpVisit]:
    return restrict(FollowUpVisit.objects.order_by("case_id", "visited_on", "id"), user)


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
