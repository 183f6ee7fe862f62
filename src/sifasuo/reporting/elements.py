"""The catalogue of data elements: each a named figure compiled from the registers for every office under a
path and every month of a range, in ONE grouped query per element (never one query per unit).

Kinds:
- flow: records dated in the month (cases registered, news items reported …), grouped by office and month;
- stock: the state at the month's last day (subjects under supervision, staff serving …), one grouped query
  per month;
- derived: from the office itself (1 per office, 1 per hub office) or from other elements of that office;
- report: typed into a report (values of approved or submitted reports).

Records of a workstation count for its office: the office's path is the first OFFICE_PATH_LENGTH characters
of the record's unit path (codes have fixed lengths per level: /370000/370100/370102/370102001/).
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Substr, TruncMonth

from sifasuo.core.registry import declared
from sifasuo.orgunits.choices import Level

from .periods import add_months, months_of

OFFICE_PATH_LENGTH = len("/370000/370100/370102/370102001/")
PATH_LENGTH = {Level.PROVINCE: 8, Level.CITY: 15, Level.COUNTY: 22, Level.OFFICE: OFFICE_PATH_LENGTH}

# {(office_path, month): value}
Values = dict[tuple[str, datetime.date], float]


@dataclass(frozen=True)
class Element:
    code: str
    name: str
    unit: str                       # 件, 人, 次, 天 …
    kind: str                       # flow | stock | derived | report
    compile: Callable[[str, datetime.date, datetime.date], Values] | None = field(default=None, compare=False)
    drill: tuple[str, dict] | None = None   # (URL name of the records' list, extra query parameters)
    # the list's date-range parameters on the element's own date field (a flow's drill-down lists the records
    # of the selected period only); None for a flow the list cannot narrow that way (no drill-down then)
    drill_dates: tuple[str, str] | None = ("since", "until")
    basis: str = ""
    capability: str = "casework.view"       # who may see the figure and its records (role-based)
    drill_within: str = "within"            # the list's "unit code incl. subtree" parameter
    # models ("app_label.Model") whose changes change the figure besides its own register (a checklist's
    # staff, the typical cases a hub's cluster figure adds up): their logged changes make it stale too
    depends_on: tuple[str, ...] = ()


def _office_grouped(qs, unit_lookup: str, path: str, value, month_expr=None, month: datetime.date | None = None
                    ) -> Values:
    qs = qs.filter(**{f"{unit_lookup}__path__under": path, f"{unit_lookup}__level__gte": Level.OFFICE})
    qs = qs.annotate(office_path=Substr(f"{unit_lookup}__path", 1, OFFICE_PATH_LENGTH))
    if month_expr is not None:
        rows = qs.annotate(m=month_expr).values("office_path", "m").annotate(v=value).order_by()
        return {(r["office_path"], _as_date(r["m"])): float(r["v"] or 0) for r in rows}
    rows = qs.values("office_path").annotate(v=value).order_by()
    return {(r["office_path"], month): float(r["v"] or 0) for r in rows}


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


def _q_fields(q: Q) -> set[str]:
    """The model fields a Q object reads (the first part of each lookup)."""
    out: set[str] = set()
    for child in q.children:
        if isinstance(child, Q):
            out |= _q_fields(child)
        else:
            out.add(child[0].split("__")[0])
    return out


def _expression_fields(expression) -> set[str]:
    name = getattr(expression, "name", None)
    out = {name} if isinstance(name, str) and name != "pk" else set()
    for source in getattr(expression, "get_source_expressions", lambda: [])():
        out |= _expression_fields(source)
    return out


class Flow:
    """Records whose `date_field` falls in each month, counted (or summed) per office and month. A change to
    a record affects the months of its date, before and after the change."""

    kind = "flow"

    def __init__(self, model_path: str, date_field: str, *, filters: Q | None = None, value=None,
                 unit_lookup: str = "unit"):
        self.model_path, self.date_field, self.filters = model_path, date_field, filters
        self.value, self.unit_lookup = value, unit_lookup

    def __call__(self, path: str, start: datetime.date, end: datetime.date) -> Values:
        model = _model(self.model_path)
        qs = model.objects.filter(**{f"{self.date_field}__gte": start, f"{self.date_field}__lte": end})
        if self.filters is not None:
            qs = qs.filter(self.filters)
        return _office_grouped(qs, self.unit_lookup, path, self.value if self.value is not None else Count("pk"),
                               month_expr=TruncMonth(self.date_field))

    @property
    def fields(self) -> set[str]:
        """What a change must touch to change the figure (the unit included)."""
        out = {self.date_field, self.unit_lookup.split("__")[0]}
        if self.filters is not None:
            out |= _q_fields(self.filters)
        if self.value is not None:
            out |= _expression_fields(self.value)
        return out

    @property
    def date_fields(self) -> tuple[str, ...]:
        return (self.date_field,)


class Stock:
    """Records in a state on the last day of each month, counted per office (one query per month). A change
    to a record affects every month from the earliest of its dates (`dates`, before and after the change)."""

    kind = "stock"

    def __init__(self, model_path: str, condition: Callable[[datetime.date], Q], *, dates: tuple[str, ...],
                 unit_lookup: str = "unit"):
        self.model_path, self.condition, self.dates, self.unit_lookup = model_path, condition, dates, unit_lookup

    def __call__(self, path: str, start: datetime.date, end: datetime.date) -> Values:
        model = _model(self.model_path)
        out: Values = {}
        for month in months_of(start, end):
            last = add_months(month, 1) - datetime.timedelta(days=1)
            out.update(_office_grouped(model.objects.filter(self.condition(last)), self.unit_lookup, path,
                                       Count("pk"), month=month))
        return out

    @property
    def fields(self) -> set[str]:
        return _q_fields(self.condition(datetime.date.today())) | {self.unit_lookup.split("__")[0]} | set(self.dates)

    @property
    def date_fields(self) -> tuple[str, ...]:
        return self.dates


class Checklist(Stock):
    """A figure read from a page's checklist on each month's last day (SD-8: the workstations meeting their
    construction standard). A change to any field the checklist reads affects every month from the first one
    kept live (it has no date of its own)."""

    def __init__(self, model_path: str, compile: Callable[[str, datetime.date, datetime.date], Values],
                 fields: Callable[[], set[str]]):
        self.model_path, self._compile, self._fields = model_path, compile, fields
        self.dates, self.unit_lookup = (), "unit"

    def __call__(self, path: str, start: datetime.date, end: datetime.date) -> Values:
        return self._compile(path, start, end)

    @property
    def fields(self) -> set[str]:
        return self._fields() | {"unit"}




def _model(dotted: str):
    from django.apps import apps

    return apps.get_model(dotted)


@functools.cache
def elements() -> tuple[Element, ...]:
    """Every data element of every installed module (each app's `data_elements.py`, `ELEMENTS = [...]`), in
    INSTALLED_APPS order; collected once per process, like the alert rules (D82)."""
    return tuple(declared("data_elements", "ELEMENTS", "code", "数据项").values())


@functools.cache
def by_code() -> dict[str, Element]:
    return {e.code: e for e in elements()}


def element(code: str) -> Element:
    return by_code()[code]


@functools.cache
def report_elements() -> tuple[str, ...]:
    """The elements typed into the monthly report rather than compiled."""
    return tuple(e.code for e in elements() if e.kind == "report")


# derived from the unit tree (and, for the hubs' cases, from typical_cases)
UNIT_ELEMENTS = ("offices", "hub_offices", "workstations", "typical_cases_hub")
# what a change to a unit (opened, closed, made a hub, moved) may change: the derived elements, the hubs' staff
# on cluster duty (HZ-1) and the workstations meeting their standard (SD-8)
UNIT_SOURCE_ELEMENTS = (*UNIT_ELEMENTS, "hub_cluster_staff", "workstations_compliant")
ALL_SOURCES = "*"
# a member office's typical cases count in its hub's cluster figure (HZ-3): a change to them marks the hub's
# office-month under this source too (reporting.live)
HUB_CLUSTER = "hub-cluster"


@dataclass(frozen=True)
class Source:
    """A register and the elements compiled from it (D55): a logged change to one of its records makes those
    elements stale for the office-months it affects."""

    label: str                                  # the model's label, "casework.MediationCase"
    codes: tuple[str, ...]
    parts: tuple = ()                           # its Flow and Stock compilers

    @property
    def fields(self) -> set[str]:
        return set().union(*(p.fields for p in self.parts)) if self.parts else set()


@functools.cache
def sources() -> dict[str, Source]:
    """{model label: Source}: the registers of every compiled element, the models an element names in
    `depends_on`, the unit tree, the hubs' clusters and the reports."""
    parts: dict[str, list] = defaultdict(list)
    codes: dict[str, list[str]] = defaultdict(list)
    for e in elements():
        if isinstance(e.compile, (Flow, Stock)):
            parts[e.compile.model_path].append(e.compile)
            codes[e.compile.model_path].append(e.code)
    for e in elements():
        for label in e.depends_on:
            codes[label].append(e.code)
    out = {label: Source(label, tuple(codes[label]), tuple(parts[label])) for label in codes}
    out["orgunits.OrgUnit"] = Source("orgunits.OrgUnit", UNIT_SOURCE_ELEMENTS)
    out[HUB_CLUSTER] = Source(HUB_CLUSTER, ("typical_cases_hub",))
    out["reporting.Report"] = Source("reporting.Report", report_elements())
    return out


def codes_of(labels) -> list[str]:
    """The element codes fed by these sources ("*": every element)."""
    if ALL_SOURCES in labels:
        return [e.code for e in elements()]
    known = sources()
    wanted = {code for s in labels if s in known for code in known[s].codes}
    return [e.code for e in elements() if e.code in wanted]


def compile_offices(path: str, start: datetime.date, end: datetime.date, offices: dict[str, object],
                    codes: list[str] | None = None) -> dict[str, Values]:
    """{element code: {(office_path, month): value}} for every office under `path` in [start, end]:
    one grouped query per flow element, one per month per stock element, one for every typed-in element.
    `offices` maps office path → OrgUnit (the offices expected to hold values); `codes` limits the elements."""
    wanted = set(by_code()) if codes is None else set(codes)
    months = months_of(start, end)
    out: dict[str, Values] = {}
    for e in elements():
        if e.compile is not None and e.code in wanted:
            out[e.code] = {k: v for k, v in e.compile(path, start, end).items() if k[0] in offices}
    if wanted & set(report_elements()):
        out.update(_typed_values(path, start, end, offices))
    # derived from the office itself or from its other figures
    if wanted & set(UNIT_ELEMENTS):
        ws_counts = _workstation_counts(path, months)
        cluster_typical = cluster_typical_cases(path, start, end, offices) if "typical_cases_hub" in wanted else {}
        for month in months:
            last = add_months(month, 1) - datetime.timedelta(days=1)
            for office_path, office in offices.items():
                if not _open_on(office, last):
                    continue
                out.setdefault("offices", {})[(office_path, month)] = 1
                if office.is_hub:
                    out.setdefault("hub_offices", {})[(office_path, month)] = 1
                    typical = cluster_typical.get((office_path, month))
                    if typical:
                        out.setdefault("typical_cases_hub", {})[(office_path, month)] = typical
                count = ws_counts.get((office_path, month))
                if count:
                    out.setdefault("workstations", {})[(office_path, month)] = count
    return {code: values for code, values in out.items() if code in wanted}


def cluster_typical_cases(path: str, start: datetime.date, end: datetime.date, offices) -> Values:
    """HZ-3: {(hub office path, month): typical cases of the hub's cluster} for the hubs among `offices`:
    one grouped query over the county (or the wider `path`) and one for the clusters' offices."""
    from sifasuo.orgunits.models import OrgUnit

    hubs = {u.pk: p for p, u in offices.items() if u.is_hub}
    if not hubs:
        return {}
    within = path if len(path) <= PATH_LENGTH[Level.COUNTY] else path[:PATH_LENGTH[Level.COUNTY]]
    hub_of = {p: hubs[hub_id or pk] for pk, p, hub_id in
              OrgUnit.objects.filter(Q(pk__in=list(hubs)) | Q(hub_id__in=list(hubs)), level=Level.OFFICE)
              .values_list("pk", "path", "hub_id")}
    out: Values = defaultdict(float)
    for (office_path, month), value in element("typical_cases").compile(within, start, end).items():
        hub_path = hub_of.get(office_path)
        if hub_path is not None:
            out[(hub_path, month)] += value
    return out


def _open_on(unit, day: datetime.date) -> bool:
    return (unit.opened_on is None or unit.opened_on <= day) and (unit.closed_on is None or unit.closed_on > day)


def _workstation_counts(path: str, months: list[datetime.date]) -> Values:
    from sifasuo.orgunits.models import OrgUnit

    rows = (OrgUnit.objects.filter(path__under=path, level=Level.WORKSTATION)
            .values_list("path", "opened_on", "closed_on"))
    counts: Values = defaultdict(float)
    for unit_path, opened, closed in rows:
        office_path = unit_path[:OFFICE_PATH_LENGTH]
        for month in months:
            last = add_months(month, 1) - datetime.timedelta(days=1)
            if (opened is None or opened <= last) and (closed is None or closed > last):
                counts[(office_path, month)] += 1
    return counts


def _typed_values(path: str, start: datetime.date, end: datetime.date, offices) -> dict[str, Values]:
    """Typed-in fields of the submitted and approved monthly reports (one query)."""
    from .choices import ReportStatus
    from .models import Report

    out: dict[str, Values] = {}
    rows = (Report.objects.filter(unit__path__under=path, unit__level=Level.OFFICE, period_start__gte=start,
                                  period_start__lte=end, template__period_type="month",
                                  status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED])
            .values_list("unit__path", "period_start", "values"))
    for unit_path, month, values in rows:
        if unit_path not in offices:
            continue
        for code in report_elements():
            if values.get(code) not in (None, ""):
                out.setdefault(code, {})[(unit_path, month)] = float(values[code])
    return out



