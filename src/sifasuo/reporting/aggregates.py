"""Refreshing the aggregate table: office values from the registers, then rollups of the county, city and
province as sums of their offices' rows (grouped in the database by path prefix)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Substr

from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from .elements import PATH_LENGTH, compile_offices
from .models import AggregateValue
from .periods import add_months, month_start

BATCH = 5000


def offices_under(path: str) -> dict[str, OrgUnit]:
    """Every office at or under `path` (closed ones included: their past months still count)."""
    if len(path) > PATH_LENGTH[Level.OFFICE]:
        path = path[:PATH_LENGTH[Level.OFFICE]]
    return {u.path: u for u in OrgUnit.objects.filter(path__under=path, level=Level.OFFICE)
            .only("id", "path", "is_hub", "hub_id", "opened_on", "closed_on", "level")}


@transaction.atomic
def refresh(path: str, start: datetime.date, end: datetime.date) -> int:
    """Recompute every element of every office under `path` for the months of [start, end], then the
    rollups of the units above those offices. Returns the number of office rows written."""
    start, end = month_start(start), add_months(month_start(end), 1) - datetime.timedelta(days=1)
    offices = offices_under(path)
    if not offices:
        return 0
    if len(path) > PATH_LENGTH[Level.OFFICE]:
        path = path[:PATH_LENGTH[Level.OFFICE]]
    compiled = compile_offices(path, start, end, offices)
    AggregateValue.objects.filter(level=Level.OFFICE, unit_path__under=path, period__gte=start,
                                  period__lte=end).delete()
    rows = [AggregateValue(unit_id=offices[office_path].id, unit_path=office_path, level=Level.OFFICE,
                           period=month, element=code, value=value)
            for code, values in compiled.items() for (office_path, month), value in values.items() if value]
    AggregateValue.objects.bulk_create(rows, batch_size=BATCH)
    roll_up(path, start, end)
    # HZ-3: a member office's typical cases count in its hub's cluster figure: refresh the hub too
    hubs = {u.hub_id for u in offices.values() if u.hub_id} - {u.pk for u in offices.values()}
    for hub_path in OrgUnit.objects.filter(pk__in=hubs).values_list("path", flat=True):
        refresh(hub_path, start, end)
    return len(rows)


def roll_up(path: str, start: datetime.date, end: datetime.date) -> None:
    """Rollup rows of every unit above the offices under `path`: the units below `path` (when `path` is a
    city or province) by one grouped query per level, and `path`'s own ancestors by one each."""
    top = OrgUnit.objects.filter(path=path).only("id", "path", "level").first()
    if top is None:
        return
    targets = [u for u in top.ancestors() if u.level < Level.OFFICE]
    for level in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        if level < top.level:
            continue
        length = PATH_LENGTH[level]
        units = {u.path: u for u in OrgUnit.objects.filter(path__under=path, level=level).only("id", "path")}
        if not units:
            continue
        AggregateValue.objects.filter(level=level, unit_path__under=path, period__gte=start,
                                      period__lte=end).delete()
        grouped = (AggregateValue.objects.filter(level=Level.OFFICE, unit_path__under=path, period__gte=start,
                                                 period__lte=end)
                   .annotate(prefix=Substr("unit_path", 1, length))
                   .values("prefix", "period", "element").annotate(v=Sum("value")).order_by())
        AggregateValue.objects.bulk_create(
            [AggregateValue(unit_id=units[r["prefix"]].id, unit_path=r["prefix"], level=level, period=r["period"],
                            element=r["element"], value=r["v"]) for r in grouped if r["prefix"] in units],
            batch_size=BATCH)
    for unit in targets:
        AggregateValue.objects.filter(unit=unit, period__gte=start, period__lte=end).delete()
        grouped = (AggregateValue.objects.filter(level=Level.OFFICE, unit_path__under=unit.path,
                                                 period__gte=start, period__lte=end)
                   .values("period", "element").annotate(v=Sum("value")).order_by())
        AggregateValue.objects.bulk_create(
            [AggregateValue(unit_id=unit.id, unit_path=unit.path, level=unit.level, period=r["period"],
                            element=r["element"], value=r["v"]) for r in grouped], batch_size=BATCH)


def refresh_year(path: str, year: int, month: int | None = None) -> int:
    if month:
        start = datetime.date(year, month, 1)
        return refresh(path, start, start)
    return refresh(path, datetime.date(year, 1, 1), datetime.date(year, 12, 1))
