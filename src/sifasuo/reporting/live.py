"""Live figures that follow the registers (D53, D55).

1. Marking, in the writer's transaction. Every logged change (core.changelog announces each write once: one
   object, or one bulk batch) to a register that feeds a data element marks the office-months it affects as
   stale (`StaleMonth`, one row per office, month and register, written in one statement per batch):
   - a flow (cases closed in a month …): the months of the record's date, before and after the change;
   - a stock (subjects under supervision at the month's end …): every month from the earliest date the change
     touches up to the last month the aggregate table holds (or the current month): one row "onward",
     resolved when recomputing;
   - a unit opened, closed, made a hub or moved: its office's months (a move: everything under the old and
     the new path); an office joining or leaving a hub's cluster: the hubs' cluster figures; a report
     submitted, approved or returned: its month's typed-in elements;
   - a member office's typical cases: also its hub's cluster figure (HZ-3, source HUB_CLUSTER).
   Changes that touch none of the fields an element reads mark nothing.
2. Recomputing, after the commit: `recompute_pending()` takes every mark, recomputes those office-months
   (only the elements of the registers that changed) and adds the differences to the rows of the county, city
   and province; a month the tree has never computed is computed whole. `schedule()` is the one place that
   starts it (transaction.on_commit, in the writer's process; core.jobs.enqueue_on_commit could run it instead).
3. Reading: `ensure_current()` before a page reads (anything still marked is recomputed there, and months of
   the live window never computed are computed: a page never shows figures older than the last write it can
   see, nor a year of a few computed months) and `freshness()` for "数据更新于 HH:MM".
"""

from __future__ import annotations

import datetime
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from sifasuo.core import changelog, dataversion, replicas
from sifasuo.core.changelog import Change
from sifasuo.core.scoping import path_codes
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import aggregates
from .aggregates import ancestor_paths, covered_months, root_of
from .elements import ALL_SOURCES, HUB_CLUSTER, Flow, codes_of, sources
from .models import AggregateValue, StaleMonth
from .periods import month_start, months_of

_state = threading.local()

# (unit path, first month, last month or None for "to the end of the horizon", source)
Mark = tuple[str, datetime.date | None, datetime.date | None, str]
UNIT_FIELDS = {"path", "level", "parent", "opened_on", "closed_on", "is_hub", "hub"}
REPORT_FIELDS = {"unit", "period_start", "status", "values"}
COUNTED_STATUSES = ("submitted", "approved")   # the reports whose typed-in values count (elements._typed_values)


def _month(value) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.replace(day=1)


def _changed(change: Change, fields: set[str]) -> set[str]:
    """The fields among `fields` that differ (all of them for a record created or deleted)."""
    if change.before is None or change.after is None:
        return set(fields)
    return {f for f in fields if change.before.get(f) != change.after.get(f)}


def _offices(paths: Iterable[str]) -> tuple[dict[str, str | None], dict[str, str]]:
    """The office whose figures a unit's records count in: the office itself, a workstation's office, none
    for a unit above the offices; and the hub of that office's cluster, where it is a member of another
    office's cluster (HZ-3). One query."""
    paths = {p for p in paths if p}
    out: dict[str, str | None] = {}
    hubs: dict[str, str] = {}
    for path, level, parent, hub, parent_hub in OrgUnit.objects.filter(path__in=paths).values_list(
            "path", "level", "parent__path", "hub__path", "parent__hub__path"):
        out[path] = path if level == Level.OFFICE else parent if level == Level.WORKSTATION else None
        hub = hub if level == Level.OFFICE else parent_hub if level == Level.WORKSTATION else None
        if hub and hub != out[path]:
            hubs[path] = hub
    return out, hubs


def _unit_paths(model_label: str, field: str, ids: Iterable) -> dict:
    """{id: unit path} for the records of `field`'s related model (the unit itself, or a staff member's)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    related = apps.get_model(model_label)._meta.get_field(field).related_model
    lookup = "path" if related is OrgUnit else "unit__path"
    return dict(related.objects.filter(pk__in=ids).values_list("pk", lookup))


# --- marking -------------------------------------------------------------------------------------------------

def _record_marks(label: str, changes: list[Change]) -> list[Mark]:
    """Marks at the records' units (resolved to their offices by `_at_offices`)."""
    source = sources()[label]
    fields = source.fields
    unit_field = source.parts[0].unit_lookup.split("__")[0]
    changes = [c for c in changes if _changed(c, fields)]
    if not changes:
        return []
    # the unit a record was in before a change that moved it
    moved = {id(c) for c in changes if c.before is not None and c.after is not None
             and c.before.get(unit_field) != c.after.get(unit_field)}
    before_paths = _unit_paths(label, unit_field, (c.before.get(unit_field) for c in changes if id(c) in moved))
    marks: list[Mark] = []
    for c in changes:
        changed = _changed(c, fields)
        after_office = c.unit_path if c.after is not None else None
        before_office = None
        if c.before is not None:
            before_office = before_paths.get(c.before.get(unit_field)) if id(c) in moved else c.unit_path
        for part in source.parts:
            if isinstance(part, Flow):
                for snapshot, office in ((c.before, before_office), (c.after, after_office)):
                    month = _month(snapshot.get(part.date_field)) if snapshot and office else None
                    if month:
                        marks.append((office, month, month, label))
                continue
            dates = [_month(s.get(f)) for s in (c.before, c.after) if s for f in part.date_fields]
            if changed <= set(part.date_fields) and c.before is not None and c.after is not None:
                dates = [_month(s.get(f)) for s in (c.before, c.after) for f in changed]
            first = min((d for d in dates if d), default=None)
            for office in {before_office, after_office} - {None}:
                marks.append((office, first, None, label))
    return marks


def _dependent_marks(label: str, changes: list[Change]) -> list[Mark]:
    """A staff member moved to another office takes the days of their training records with them (training
    days count at the staff member's office); one who becomes or stops being a director changes the directors'
    training days."""
    marks: list[Mark] = []
    for source in sources().values():
        for part in source.parts:
            if not isinstance(part, Flow) or "__" not in part.unit_lookup:
                continue
            relation, rest = part.unit_lookup.split("__", 1)
            model = apps.get_model(part.model_path)
            if model._meta.get_field(relation).related_model._meta.label != label:
                continue
            # the related record's unit, and its fields the part filters on (a director's training: position)
            watched = {rest} | _related_fields(part.filters, relation)
            moved = {c.after["id"]: c for c in changes if c.before is not None and c.after is not None
                     and any(c.before.get(f) != c.after.get(f) for f in watched)}
            if not moved:
                continue
            before = _unit_paths(label, rest, (c.before.get(rest) for c in moved.values()))
            for owner, day in model.objects.filter(**{f"{relation}_id__in": list(moved)}).values_list(
                    f"{relation}_id", part.date_field):
                month = _month(day)
                for path in (moved[owner].unit_path, before.get(moved[owner].before.get(rest))):
                    if month and path:
                        marks.append((path, month, month, source.label))
    return marks


def _related_fields(q: Q | None, relation: str) -> set[str]:
    """The fields of `relation`'s model that the filter `q` reads ("staff__position" → "position")."""
    out: set[str] = set()
    for child in (q.children if q is not None else ()):
        if isinstance(child, Q):
            out |= _related_fields(child, relation)
        elif child[0].startswith(f"{relation}__"):
            out.add(child[0].split("__")[1])
    return out


def _unit_marks(changes: list[Change]) -> list[Mark]:
    """Units opened, closed, made hubs or moved: the office's derived figures; a move, everything under
    the old and the new path."""
    marks: list[Mark] = []
    relevant = [c for c in changes if _changed(c, UNIT_FIELDS)]
    if not relevant:
        return marks
    parents = _unit_paths("orgunits.OrgUnit", "parent",
                          {s.get("parent") for c in relevant for s in (c.before, c.after) if s})
    hubs = _unit_paths("orgunits.OrgUnit", "hub",
                       {s.get("hub") for c in relevant if "hub" in _changed(c, {"hub"})
                        for s in (c.before, c.after) if s})
    for c in relevant:
        changed = _changed(c, UNIT_FIELDS)
        snapshots = [s for s in (c.before, c.after) if s]
        if c.before is not None and c.after is not None and changed & {"path", "level", "parent"}:
            for s in snapshots:
                office = _office_of_snapshot(s, parents)
                if s.get("level", Level.OFFICE) < Level.OFFICE:
                    marks.append((s["path"], None, None, ALL_SOURCES))
                elif office:
                    marks.append((office, None, None, ALL_SOURCES))
            continue
        dates = [_month(s.get(f)) for s in snapshots for f in ("opened_on", "closed_on")
                 if f in changed or c.before is None or c.after is None]
        first = None if "is_hub" in changed or not any(dates) else min(d for d in dates if d)
        for s in snapshots:
            office = _office_of_snapshot(s, parents)
            if office:
                marks.append((office, first, None, "orgunits.OrgUnit"))
        if "hub" in changed:   # HZ-3: an office joining or leaving a cluster changes its hubs' cluster figures
            marks += [(hub, None, None, HUB_CLUSTER) for hub in {hubs.get(s.get("hub")) for s in snapshots} if hub]
    return marks


def _office_of_snapshot(snapshot: dict, parents: dict) -> str | None:
    level = snapshot.get("level")
    if level == Level.OFFICE:
        return snapshot.get("path")
    if level == Level.WORKSTATION:
        return parents.get(snapshot.get("parent"))
    return None


def _report_marks(changes: list[Change]) -> list[Mark]:
    """Typed-in values count while their report is submitted or approved: a report entering or leaving those
    states, or changing its values in them, marks its office-month."""

    def counts(snapshot):
        return snapshot is not None and snapshot.get("status") in COUNTED_STATUSES

    marks: list[Mark] = []
    for c in changes:
        if (counts(c.before) or counts(c.after)) and _changed(c, REPORT_FIELDS):
            for s in (c.before, c.after):
                month = _month(s.get("period_start")) if s else None
                if month:
                    marks.append((c.unit_path, month, month, "reporting.Report"))
    return marks


def marks_for(model, changes: list[Change]) -> tuple[list[Mark], list[Mark]]:
    """(marks at the records' units, to resolve to their offices; marks already at offices or above)."""
    label = model._meta.label
    if label == "orgunits.OrgUnit":
        return [], _unit_marks(changes)
    if label == "reporting.Report":
        return _report_marks(changes), []
    marks = _record_marks(label, changes) if label in sources() else []
    return marks + _dependent_marks(label, changes), []


def _at_offices(marks: Iterable[Mark]) -> list[Mark]:
    """Marks at records' units moved to the offices the records count for (a workstation's: its office's);
    records of units above the offices count nowhere. One query."""
    marks = list(marks)
    offices, hubs = _offices(m[0] for m in marks)
    out = [(offices[path], *rest) for path, *rest in marks if offices.get(path)]
    # HZ-3: a member office's typical cases are also its hub's cluster figure
    out += [(hubs[path], first, last, HUB_CLUSTER) for path, first, last, source in marks
            if source == "casework.TypicalCase" and path in hubs]
    return out


LIVE_YEARS = 3   # live figures are kept for the year in progress and the two before it (D55)


def window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The months kept live: from January of the year LIVE_YEARS − 1 before this one to December of the next
    (expected releases and the like may be dated ahead). A change to an earlier month marks nothing: such
    months keep the figures of their last refresh (`refresh_aggregates`), and the pages say when that was."""
    today = today or timezone.localdate()
    return datetime.date(today.year - LIVE_YEARS + 1, 1, 1), datetime.date(today.year + 1, 12, 1)


def _ends(roots: Iterable[str]) -> dict[str, datetime.date]:
    """Per root: the last month an onward mark reaches (the last the table holds, at least the current one).
    One query."""
    current = timezone.localdate().replace(day=1)
    roots = set(roots)
    held = dict(AggregateValue.objects.filter(level__in={len(path_codes(r)) for r in roots}, unit_path__in=roots,
                                              element=aggregates.COVER_ELEMENT)
                .values("unit_path").annotate(last=Max("period")).order_by().values_list("unit_path", "last"))
    return {root: max(held.get(root, current), current) for root in roots}


def mark(marks: Iterable[Mark]) -> int:
    """Write the marks (one statement; a month already marked keeps one row, its time renewed) and schedule
    the recompute after the commit. An open-ended mark (a stock's) is one row "from this month onward",
    resolved against the months the table holds when recomputing. Returns the number of rows written."""
    marks = list(marks)
    if not marks:
        return 0
    now = timezone.now()
    start, end = window()
    rows: dict[tuple[str, datetime.date, str, bool], StaleMonth] = {}
    for path, first, last, source in marks:
        if last is None:
            months, onward = [max(first or start, start)], True
        else:
            months, onward = [m for m in months_of(first, last) if start <= m <= end], False
        for month in months:
            rows[(path, month, source, onward)] = StaleMonth(unit_path=path, period=month, source=source,
                                                             onward=onward, marked_at=now)
    StaleMonth.objects.bulk_create(rows.values(), batch_size=2000, update_conflicts=True,
                                   unique_fields=["unit_path", "period", "source", "onward"],
                                   update_fields=["marked_at"])
    schedule()
    return len(rows)


def mark_range(path: str, start: datetime.date, end: datetime.date, source: str = ALL_SOURCES) -> int:
    """Everything under `path` for the months of [start, end]: for rows written outside the change log
    (raw SQL of a bulk load, which must say so itself, as with core.dataversion.bump)."""
    return mark([(path, month_start(start), month_start(end), source)])


def on_changes(sender, changes: list[Change], **kwargs) -> None:
    """core.changelog.changes_logged: mark what the logged changes make stale; within a batch (a large
    import's) the marks are gathered and written once when it finishes."""
    at_units, at_offices = marks_for(sender, changes)
    if changelog.batching():
        gathered = _gathered()
        gathered[0].update(at_units)
        gathered[1].update(at_offices)
    else:
        mark(_at_offices(at_units) + at_offices)


def on_batch_finished(sender, completed: bool, **kwargs) -> None:
    (at_units, at_offices), _state.marks = _gathered(), (set(), set())
    if completed:
        mark(_at_offices(at_units) + list(at_offices))


def _gathered() -> tuple[set[Mark], set[Mark]]:
    if not hasattr(_state, "marks"):
        _state.marks = (set(), set())
    return _state.marks


# --- recomputing ---------------------------------------------------------------------------------------------

def schedule() -> None:
    """THE trigger of the recompute: after the writer's transaction commits (at once outside a transaction).
    It runs in the writer's process and touches only the marked office-months (the task queue, core.jobs, could
    run the same function instead). A transaction that marks many times registers many callbacks:
    the first that runs after the commit recomputes everything marked, the others see that a recompute
    started after they were registered and return."""
    _state.scheduled = getattr(_state, "scheduled", 0) + 1
    registered = _state.scheduled
    transaction.on_commit(lambda: _run_after_commit(registered), robust=True)


def _run_after_commit(registered: int) -> None:
    if getattr(_state, "ran_through", 0) >= registered:
        return
    _state.ran_through = _state.scheduled
    recompute_pending()


@dataclass
class Recomputed:
    marks: int = 0
    office_months: int = 0
    whole_months: int = 0


def recompute_pending() -> Recomputed:
    """Bring every marked office-month up to date; recomputes run one at a time (the aggregates' data version
    row is held until the commit) and a mark renewed meanwhile stays for the next run."""
    result = Recomputed()
    if not StaleMonth.objects.exists():  # (outside a transaction: on SQLite one would take the write lock)
        return result
    # a page reading from a replica (D61) still recomputes from, and into, the primary
    with replicas.primary_only(), transaction.atomic():
        dataversion.bump("aggregates")
        taken = list(StaleMonth.objects.values_list("id", "unit_path", "period", "source", "marked_at", "onward"))
        result.marks = len(taken)
        ends = _ends({root_of(row[1]) for row in taken if row[5]})
        by_root: dict[str, list] = defaultdict(list)
        for pk, path, period, source, marked_at, onward in taken:
            if onward:  # every month from its own to the last the table holds
                for month in months_of(period, min(max(ends[root_of(path)], period), window()[1])):
                    by_root[root_of(path)].append((pk, path, month, source, marked_at))
            else:
                by_root[root_of(path)].append((pk, path, period, source, marked_at))
        for root, rows in by_root.items():
            _recompute_root(root, rows, result)
        aggregates.forget_marks([(pk, marked_at) for pk, _, _, _, marked_at, _ in taken])
    return result


def _recompute_root(root: str, rows: list, result: Recomputed) -> None:
    months = {period for _, _, period, _, _ in rows}
    uncovered = months - covered_months(root, months)
    for first, last in aggregates.month_runs(uncovered):
        aggregates.refresh_run(root, first, last, None)
        result.whole_months += len(months_of(first, last))
    rows = [r for r in rows if r[2] not in uncovered]
    levels = dict(OrgUnit.objects.filter(path__in={r[1] for r in rows}).values_list("path", "level"))
    office_rows = [r for r in rows if levels.get(r[1]) == Level.OFFICE]
    path_rows = [r for r in rows if levels.get(r[1]) != Level.OFFICE]
    # a unit above the offices, or a path no unit holds any more (moved away): refreshed under its path
    by_path: dict[tuple[str, frozenset], set] = defaultdict(set)
    covering: dict[datetime.date, list[tuple[str, str]]] = defaultdict(list)
    for _, path, period, source, _ in path_rows:
        by_path[(path, frozenset(codes_of([source])))].add(period)
        covering[period].append((path, source))
    for (path, codes), periods in by_path.items():
        for first, last in aggregates.month_runs(periods):
            aggregates.refresh_run(path, first, last, sorted(codes))
    # offices: only their marked months and elements, the units above by difference
    marks: dict[str, dict[datetime.date, set[str]]] = defaultdict(lambda: defaultdict(set))
    for _, path, period, source, _ in office_rows:
        if any(path.startswith(p) and s in (ALL_SOURCES, source) for p, s in covering.get(period, ())):
            continue  # refreshed with the unit above it
        marks[path][period] |= set(codes_of([source]))
    result.office_months += aggregates.recompute_offices(marks)


def ensure_current(path: str, start: datetime.date, end: datetime.date, *,
                   refresh_old: bool = True) -> Recomputed:
    """Before reading the figures of `path` for [start, end]: recompute what is still marked and compute the
    months of the live window the tree has never computed (a page never shows a year made of the few months
    someone happened to compute: issue 20's 2025). Before compiling (`refresh_old`), also refresh `path`'s
    months before the live window (not kept live: they are recomputed whenever a report of them is compiled);
    a page reading such months shows them as last refreshed and says so."""
    result = recompute_pending()
    with replicas.primary_only():
        _cover(path, start, end, result, refresh_old)
    return result


def _cover(path: str, start: datetime.date, end: datetime.date, result: Recomputed,
           refresh_old: bool) -> None:
    root = root_of(path)
    months = months_of(month_start(start), end)
    live_from, live_to = window()
    in_window = [m for m in months if live_from <= m <= live_to]
    uncovered = set(in_window) - covered_months(root, in_window)   # (no query for a period outside the window)
    # months outside the window are not kept live: refreshed when compiling, left as they are for a page
    old = [m for m in months if not live_from <= m <= live_to] if refresh_old else []
    if uncovered or old:
        with transaction.atomic():
            dataversion.bump("aggregates")
            for first, last in aggregates.month_runs(uncovered):
                aggregates.refresh_run(root, first, last, None)
                result.whole_months += len(months_of(first, last))
        for first, last in aggregates.month_runs(old):
            aggregates.refresh(path, first, last)   # (the root's own months never computed, whole)
            result.whole_months += len(months_of(first, last))


@dataclass
class Freshness:
    computed_at: datetime.datetime | None   # the newest of the figures read
    pending: int                            # office-months still marked (being recomputed)


def freshness(unit: OrgUnit, start: datetime.date, end: datetime.date) -> Freshness:
    """When the unit's live figures for [start, end] were last computed, and what is still to recompute."""
    computed = (AggregateValue.objects.filter(unit=unit, period__gte=month_start(start), period__lte=end)
                .aggregate(m=Max("computed_at"))["m"])
    pending = StaleMonth.objects.filter(Q(unit_path__under=unit.path) | Q(unit_path__in=ancestor_paths(unit.path)),
                                        Q(period__gte=month_start(start)) | Q(onward=True), period__lte=end).count()
    return Freshness(computed, pending)

