"""The aggregate tables: office values from the registers (live) or from approved reports (official), and the
rollups of the county, city and province as sums of their offices' rows.

Two ways to bring live figures up to date:
- `refresh(path, start, end)`: every office under `path` for a range of months, then the rollups above and
  below it regrouped in the database by path prefix (the seed, a bulk load, `refresh_aggregates`);
- `replace_offices(...)`: a few office-months (those a change marked stale, reporting.live): the office rows
  are replaced and their differences added to the rows of the units above (no regrouping of the province).

A month is "covered" when the root (province) has rows for it; a month that is not is always computed whole
for the root (never for a part of the tree only), so that a year's figures never mix months computed for
part of the tree with months never computed (the 2025 figures of issue 20).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from sifasuo.core import dataversion
from sifasuo.core.scoping import ancestor_path, path_codes
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits import selectors as unit_selectors
from sifasuo.orgunits.models import OrgUnit

from .elements import PATH_LENGTH, codes_of, compile_offices
from .models import AggregateValue, MonthlyValue, StaleMonth
from .periods import add_months, month_start, months_of

BATCH = 5000
COVER_ELEMENT = "offices"   # every open office has it: a root's row of it marks the month as computed

# {(unit path, month, element): difference}
Deltas = dict[tuple[str, datetime.date, str], float]


def month_end(month: datetime.date) -> datetime.date:
    return add_months(month_start(month), 1) - datetime.timedelta(days=1)


def root_of(path: str) -> str:
    """The province's path of any path: "/370000/"."""
    return ancestor_path(path, 1)


def ancestor_paths(path: str) -> list[str]:
    """The paths above `path` (province first), from the path itself: they hold even when no unit is at
    `path` any more (a unit moved away)."""
    return [ancestor_path(path, depth) for depth in range(1, len(path_codes(path)))]


def offices_under(path: str) -> dict[str, OrgUnit]:
    """Every office at or under `path` (closed ones included: their past months still count)."""
    if len(path) > PATH_LENGTH[Level.OFFICE]:
        path = path[:PATH_LENGTH[Level.OFFICE]]
    return {u.path: u for u in unit_selectors.offices_under(path)
            .only("id", "path", "is_hub", "hub_id", "opened_on", "closed_on", "level")}


def covered_months(root: str, months: Iterable[datetime.date]) -> set[datetime.date]:
    """The months among `months` for which the root has live rows (one query)."""
    months = list(months)
    if not months:
        return set()
    # the level leads the (level, unit_path, period) index; without it the read scans the whole table
    return set(AggregateValue.objects.filter(level=len(path_codes(root)), unit_path=root, element=COVER_ELEMENT,
                                             period__in=months)
               .values_list("period", flat=True))


def month_runs(months: Iterable[datetime.date]) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive months as (first, last) ranges."""
    out: list[list[datetime.date]] = []
    for month in sorted(set(months)):
        if out and add_months(out[-1][1], 1) == month:
            out[-1][1] = month
        else:
            out.append([month, month])
    return [(a, b) for a, b in out]


@transaction.atomic
def refresh(path: str, start: datetime.date, end: datetime.date, codes: list[str] | None = None) -> int:
    """Recompute every element (or `codes`) of every office under `path` for the months of [start, end], then
    the rollups of the units above and below `path`. Months the root has never computed are computed for the
    whole root instead (all elements). The stale marks it supersedes (seen before it read the registers) are
    removed. Returns the number of office rows written."""
    dataversion.bump("aggregates")  # one writer of the live table at a time (reporting.live)
    months = months_of(month_start(start), end)
    root = root_of(path)
    taken = list(StaleMonth.objects.filter(unit_path__under=path, period__in=months, onward=False)
                 .values_list("id", "source", "marked_at"))
    written = 0
    if path != root:
        uncovered = [m for m in months if m not in covered_months(root, months)]
        for first, last in month_runs(uncovered):
            written += refresh_run(root, first, last, None)
        months = [m for m in months if m not in uncovered]
    for first, last in month_runs(months):
        written += refresh_run(path, first, last, codes)
    forget_marks([(pk, at) for pk, source, at in taken if codes is None or set(codes_of([source])) <= set(codes)])
    return written


def forget_marks(taken: list[tuple[int, datetime.datetime]]) -> None:
    """Delete the stale marks that were read (by id and time): a mark renewed since (a later change to the
    same office-month) stays for the next recompute."""
    for i in range(0, len(taken), 500):
        done = Q()
        for pk, marked_at in taken[i:i + 500]:
            done |= Q(pk=pk, marked_at=marked_at)
        StaleMonth.objects.filter(done).delete()


def refresh_run(path: str, first: datetime.date, last: datetime.date, codes: list[str] | None) -> int:
    start, end = first, month_end(last)
    offices = offices_under(path)
    if len(path) > PATH_LENGTH[Level.OFFICE]:
        path = path[:PATH_LENGTH[Level.OFFICE]]
    compiled = compile_offices(path, start, end, offices, codes)
    stale = AggregateValue.objects.filter(level=Level.OFFICE, period__gte=start, period__lte=end).filter(
        Q(unit_path__under=path) | Q(unit_id__in=[u.id for u in offices.values()]))
    if codes is not None:
        stale = stale.filter(element__in=codes)
    moved_from = set(stale.exclude(unit_path__under=path).values_list("unit_path", flat=True))
    stale.delete()
    now = timezone.now()
    rows = [AggregateValue(unit_id=offices[office_path].id, unit_path=office_path, level=Level.OFFICE,
                           period=month, element=code, value=value, computed_at=now)
            for code, values in compiled.items() for (office_path, month), value in values.items() if value]
    AggregateValue.objects.bulk_create(rows, batch_size=BATCH)
    roll_up(path, start, end, codes)
    for old_path in moved_from:  # an office that was elsewhere: its old units above lose it
        roll_up(old_path, start, end, codes, below=False)
    if codes is None or "typical_cases_hub" in codes:
        # HZ-3: a member office's typical cases count in its hub's cluster figure: refreshing members without
        # their hub brings the hub's cluster figure up to date too (a change to them marks it, reporting.live)
        hubs = {u.hub_id for u in offices.values() if u.hub_id} - {u.pk for u in offices.values()}
        for hub_path in OrgUnit.objects.filter(pk__in=hubs).values_list("path", flat=True):
            refresh_run(hub_path, first, last, ["typical_cases_hub"])
    return len(rows)


def roll_up(path: str, start: datetime.date, end: datetime.date, codes: list[str] | None = None, *,
            below: bool = True, model: type[MonthlyValue] = AggregateValue) -> None:
    """Rollup rows of every unit above the offices under `path`: the units below `path` (when `path` is a
    city or province) by one grouped query per level, and `path`'s own ancestors by one each."""
    now = timezone.now()
    level_of_path = len(path_codes(path))

    def office_rows(under: str):
        qs = model.objects.filter(level=Level.OFFICE, unit_path__under=under, period__gte=start, period__lte=end)
        return qs.filter(element__in=codes) if codes is not None else qs

    def clear(qs):
        (qs.filter(element__in=codes) if codes is not None else qs).delete()

    if below:
        for level in (Level.PROVINCE, Level.CITY, Level.COUNTY):
            if level < level_of_path:
                continue
            length = PATH_LENGTH[level]
            units = {u.path: u for u in OrgUnit.objects.filter(path__under=path, level=level).only("id", "path")}
            if not units:
                continue
            # (a unit moved here keeps rows under its old path until now)
            clear(model.objects.filter(Q(unit_path__under=path) | Q(unit_id__in=[u.id for u in units.values()]),
                                       level=level, period__gte=start, period__lte=end))
            grouped = (office_rows(path).annotate(prefix=Substr("unit_path", 1, length))
                       .values("prefix", "period", "element").annotate(v=Sum("value")).order_by())
            model.objects.bulk_create(
                [model(unit_id=units[r["prefix"]].id, unit_path=r["prefix"], level=level, period=r["period"],
                       element=r["element"], value=r["v"], computed_at=now)
                 for r in grouped if r["prefix"] in units and r["v"]], batch_size=BATCH)
    above = ancestor_paths(path) if below else [*ancestor_paths(path), path]
    for unit in OrgUnit.objects.filter(path__in=above, level__lt=Level.OFFICE):
        clear(model.objects.filter(unit=unit, period__gte=start, period__lte=end))
        grouped = office_rows(unit.path).values("period", "element").annotate(v=Sum("value")).order_by()
        model.objects.bulk_create(
            [model(unit_id=unit.id, unit_path=unit.path, level=unit.level, period=r["period"],
                   element=r["element"], value=r["v"], computed_at=now) for r in grouped if r["v"]],
            batch_size=BATCH)


def refresh_year(path: str, year: int, month: int | None = None) -> int:
    if month:
        start = datetime.date(year, month, 1)
        return refresh(path, start, start)
    return refresh(path, datetime.date(year, 1, 1), datetime.date(year, 12, 1))


# --- a few office-months -----------------------------------------------------------------------------------

def replace_office_rows(model: type[MonthlyValue], office_path: str, office: OrgUnit | None,
                        months: list[datetime.date], codes: list[str], values: dict[str, dict],
                        deltas: Deltas, now: datetime.datetime) -> None:
    """Replace the rows of `codes` for these months of the office at `office_path` (and of the same office
    under a path it had before) with `values` ({code: {(office_path, month): value}}), adding each row's
    difference to `deltas` under every unit above the row's path."""
    current = model.objects.filter(level=Level.OFFICE, period__in=months, element__in=codes)
    current = current.filter(Q(unit_path=office_path) | Q(unit=office)) if office else \
        current.filter(unit_path=office_path)
    for unit_path, period, element, value in current.values_list("unit_path", "period", "element", "value"):
        for above in ancestor_paths(unit_path):
            deltas[(above, period, element)] -= value
    current.delete()
    if office is None:
        return
    rows = []
    for code in codes:
        for (path, month), value in values.get(code, {}).items():
            if value and path == office_path and month in months:
                rows.append(model(unit_id=office.id, unit_path=office_path, level=Level.OFFICE, period=month,
                                  element=code, value=value, computed_at=now))
                for above in ancestor_paths(office_path):
                    deltas[(above, month, code)] += value
    model.objects.bulk_create(rows, batch_size=BATCH)


def apply_deltas(model: type[MonthlyValue], deltas: Deltas, now: datetime.datetime) -> int:
    """Add each difference to the rollup row of its unit, month and element (created when missing, removed
    when it comes to nothing, as a full refresh would have it). Returns the number of rows touched."""
    changed = {k: d for k, d in deltas.items() if abs(d) > 1e-9}
    if not changed:
        return 0
    units = {path: (pk, level) for path, pk, level in OrgUnit.objects.filter(
        path__in={p for p, _, _ in changed}, level__lt=Level.OFFICE).values_list("path", "id", "level")}
    for (path, period, element), d in sorted(changed.items()):  # one order: no deadlock between two writers
        if path not in units:
            continue
        pk, level = units[path]
        rows = model.objects.filter(unit_id=pk, period=period, element=element)
        if not rows.update(value=F("value") + d, unit_path=path, computed_at=now):
            model.objects.create(unit_id=pk, unit_path=path, level=level, period=period, element=element, value=d,
                                 computed_at=now)
    model.objects.filter(unit_id__in=[pk for pk, _ in units.values()], period__in={p for _, p, _ in changed},
                         value__gt=-1e-9, value__lt=1e-9).delete()
    return len(changed)


def recompute_offices(marks: dict[str, dict[datetime.date, set[str]]]) -> int:
    """Live rows of these office-months ({office path: {month: element codes}}) from the registers, and the
    rollups above them by difference. Returns the number of office-months recomputed."""
    now = timezone.now()
    offices = {u.path: u for u in OrgUnit.objects.filter(path__in=list(marks), level=Level.OFFICE)
               .only("id", "path", "is_hub", "hub_id", "opened_on", "closed_on", "level")}
    deltas: Deltas = defaultdict(float)
    done = 0
    for office_path, by_month in marks.items():
        office = offices.get(office_path)
        # the months needing the same elements, in consecutive runs: one compile per run
        by_codes: dict[frozenset, list[datetime.date]] = defaultdict(list)
        for month, codes in by_month.items():
            by_codes[frozenset(codes)].append(month)
        for codes, months in by_codes.items():
            for first, last in month_runs(months):
                run = months_of(first, last)
                values = (compile_offices(office_path, first, month_end(last), {office_path: office}, list(codes))
                          if office else {})
                replace_office_rows(AggregateValue, office_path, office, run, list(codes), values, deltas, now)
                done += len(run)
    apply_deltas(AggregateValue, deltas, now)
    return done


# --- the consistency check ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Difference:
    unit_path: str
    period: datetime.date
    element: str
    live: float        # in the aggregate table
    registers: float   # compiled from the registers now


@dataclass
class Check:
    differences: list[Difference]
    compiled: dict     # {element: {(office path, month): value}}: the registers' figures, per office


def check(path: str, start: datetime.date, end: datetime.date) -> Check:
    """Compile every office under `path` for [start, end] from the registers (as a full refresh would) and
    compare with the live table: each office-month and element, and each rollup of the units at and below
    `path`. One grouped query per element, and two reads of the table."""
    start, end = month_start(start), month_end(month_start(end))
    offices = offices_under(path)
    scan_path = path[:PATH_LENGTH[Level.OFFICE]] if len(path) > PATH_LENGTH[Level.OFFICE] else path
    compiled = compile_offices(scan_path, start, end, offices)
    expected: dict[tuple[str, datetime.date, str], float] = defaultdict(float)
    rollups = set(OrgUnit.objects.filter(path__under=path, level__lt=Level.OFFICE).values_list("path", flat=True))
    for code, values in compiled.items():
        for (office_path, month), value in values.items():
            if not value:
                continue
            expected[(office_path, month, code)] += value
            for above in ancestor_paths(office_path):
                if above in rollups:
                    expected[(above, month, code)] += value
    held: dict[tuple[str, datetime.date, str], float] = {}
    for level_filter in (Q(level=Level.OFFICE, unit_path__under=scan_path), Q(level__lt=Level.OFFICE, unit_path__in=rollups)):
        held.update(((p, m, e), v) for p, m, e, v in AggregateValue.objects.filter(
            level_filter, period__gte=start, period__lte=end).values_list("unit_path", "period", "element",
                                                                           "value"))
    differences = [Difference(p, m, e, held.get((p, m, e), 0.0), expected.get((p, m, e), 0.0))
                   for p, m, e in sorted(set(held) | set(expected))
                   if abs(held.get((p, m, e), 0.0) - expected.get((p, m, e), 0.0)) > 1e-6]
    return Check(differences, compiled)
