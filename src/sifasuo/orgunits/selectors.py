"""Reads of the organisation tree, always within a user's scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from sifasuo.core.scoping import restrict

from .choices import Level
from .models import OrgUnit


def visible_units(user) -> QuerySet[OrgUnit]:
    return restrict(OrgUnit.objects.all(), user)


def subtree(*, unit: OrgUnit, user, include_closed: bool = True) -> QuerySet[OrgUnit]:
    """The unit and everything under it, limited to what the user may see."""
    qs = visible_units(user).filter(path__under=unit.path)
    return qs if include_closed else qs.filter(closed_on__isnull=True)


def children_with_counts(*, unit: OrgUnit, user) -> QuerySet[OrgUnit]:
    """Direct children, each with how many open direct children it has (one query, counted in the database)."""
    return (
        visible_units(user).filter(parent=unit)
        .annotate(child_count=Count("children", filter=Q(children__closed_on__isnull=True)))
        .order_by("code")
    )


def level_counts(*, unit: OrgUnit, user) -> dict[int, int]:
    rows = (subtree(unit=unit, user=user, include_closed=False).exclude(pk=unit.pk)
            .values("level").annotate(n=Count("id")).order_by("level"))
    return {r["level"]: r["n"] for r in rows}


def hub_members(*, hub: OrgUnit, user) -> QuerySet[OrgUnit]:
    return visible_units(user).filter(hub=hub).order_by("code")


def roots_for(user) -> QuerySet[OrgUnit]:
    """Where a user's tree starts: their own unit (everyone but a superuser has one)."""
    if user.is_superuser and user.unit_id is None:
        return OrgUnit.objects.filter(level=Level.PROVINCE)
    return visible_units(user).filter(pk=user.unit_id)
