"""Reads of the roster: counts are grouped in the database."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from sifasuo.core.scoping import restrict

from .models import StaffMember


def serving(*, on: datetime.date | None = None) -> QuerySet[StaffMember]:
    """Staff in post on a day (today by default)."""
    day = on or datetime.date.today()
    return StaffMember.objects.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))


def counts_by_unit_and_type(*, path_prefix: str, on: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """{unit id: {staff type: head count}} for every unit under a path, in one GROUP BY."""
    rows = (serving(on=on).filter(unit__path__under=path_prefix)
            .values("unit_id", "staff_type").annotate(n=Count("id")).order_by())
    result: dict[int, dict[str, int]] = {}
    for row in rows:
        result.setdefault(row["unit_id"], {})[row["staff_type"]] = row["n"]
    return result


def visible_staff(user) -> QuerySet[StaffMember]:
    return restrict(StaffMember.objects.select_related("unit"), user)
