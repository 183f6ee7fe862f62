"""Reads of resettlement: through restrict() for a user, or under a path for the system."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from sifasuo.core.scoping import restrict
from sifasuo.orgunits import selectors as units

from .models import ReleasedPerson


def visible_persons(user) -> QuerySet[ReleasedPerson]:
    return restrict(ReleasedPerson.objects.select_related("unit"), user)


def within_assistance_on(on: datetime.date) -> Q:
    """Released by `on`, the five-year period not over, not ended early (reoffending) by `on`."""
    return (Q(released_on__lte=on) & Q(assistance_until__gte=on)
            & (Q(ended_on__isnull=True) | Q(ended_on__gt=on)))


def count_by_office(root_path: str, on: datetime.date, unit_ids: list[int] | None = None) -> dict[int, int]:
    """Office unit id -> released persons within their assistance period on `on`, for offices under root_path
    (persons registered at a workstation count for its office; orgunits.selectors.count_by_office)."""
    return units.count_by_office(ReleasedPerson.objects.filter(within_assistance_on(on)), root_path, unit_ids)


def rates(root_path: str, year: int) -> dict[str, float | int]:
    """WH-8 figures for persons notified in `year`: verification and confirmation rates, key persons handed over."""
    qs = ReleasedPerson.objects.filter(unit__path__under=root_path, expected_release_on__year=year)
    agg = qs.aggregate(total=Count("id"), verified=Count("id", filter=Q(verified_on__isnull=False)),
                       confirmed=Count("id", filter=Q(confirmed_on__isnull=False)),
                       key=Count("id", filter=Q(is_key=True, released_on__isnull=False)),
                       key_handed=Count("id", filter=Q(is_key=True, released_on__isnull=False,
                                                       handed_over_on__isnull=False)))
    total = agg["total"] or 0
    return {**agg,
            "verification_rate": agg["verified"] / total if total else 1.0,
            "confirmation_rate": agg["confirmed"] / total if total else 1.0,
            "key_handover_rate": agg["key_handed"] / agg["key"] if agg["key"] else 1.0}
