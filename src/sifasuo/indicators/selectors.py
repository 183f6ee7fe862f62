"""Reads of indicators: values of a unit over a period, trends by month and the ranking of the units below,
each in one grouped query on the aggregate table (rows of the unit itself, or of its children's rollups)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.urls import NoReverseMatch, reverse

from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.reporting.elements import BY_CODE as ELEMENTS
from sifasuo.reporting.models import AggregateValue
from sifasuo.reporting.periods import add_months, months_of

from .catalog import BY_CODE, ELEMENTS as NEEDED, INDICATORS, compute_all
from .targets import Target, targets_for


@dataclass
class IndicatorValue:
    code: str
    name: str
    unit: str
    basis: str
    description: str
    value: float | None
    target: Target | None
    status: str
    drill: str = ""


def period_bounds(year: int, month: int | None) -> tuple[datetime.date, datetime.date]:
    if month:
        start = datetime.date(year, month, 1)
        return start, start
    return datetime.date(year, 1, 1), datetime.date(year, 12, 1)


def unit_values(unit: OrgUnit, start: datetime.date, end: datetime.date, model=AggregateValue
                ) -> tuple[dict, dict, dict]:
    """(totals, last-month values, {month: {element: value}}) of a unit, one query; live figures, or official
    ones with model=OfficialValue."""
    rows = (model.objects.filter(unit=unit, period__gte=start, period__lte=end, element__in=NEEDED)
            .values_list("period", "element", "value"))
    by_month: dict[datetime.date, dict[str, float]] = defaultdict(dict)
    for period, element, value in rows:
        by_month[period][element] = value
    totals: dict[str, float] = defaultdict(float)
    for values in by_month.values():
        for element, value in values.items():
            totals[element] += value
    last = by_month.get(_last_month_with_data(by_month, end), {})
    return totals, last, by_month


def _last_month_with_data(by_month, end):
    months = [m for m in by_month if m <= end]
    return max(months) if months else end


def evaluate(unit: OrgUnit, totals: dict, last: dict, months: int, *, drill_month: datetime.date | None = None
             ) -> list[IndicatorValue]:
    targets = targets_for(unit.path)
    values = compute_all(totals, last)
    out = []
    for ind in INDICATORS:
        target = targets.get(ind.code)
        target = target.scaled(months) if target else None
        value = values[ind.code]
        out.append(IndicatorValue(ind.code, ind.name, ind.unit, ind.basis, ind.description, value, target,
                                  target.status(value) if target else "none",
                                  drill_url(ind.code, unit, drill_month) if unit.level >= Level.OFFICE else ""))
    return out


def drill_url(indicator: str, unit: OrgUnit, month: datetime.date | None) -> str:
    """The records behind an office's figure: the module's list filtered to the office (and month)."""
    element = ELEMENTS[BY_CODE[indicator].numerator[0].element]
    if element.drill is None:
        return ""
    name, params = element.drill
    try:
        base = reverse(name)
    except NoReverseMatch:
        return ""
    query = {"within": unit.code, **params}
    if month and element.drill_month:
        query["month"] = f"{month:%Y-%m}"
    return base + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def trend(by_month: dict, start: datetime.date, end: datetime.date, codes: list[str]) -> dict:
    """Each month's indicator values (a month's own totals; stocks are that month's)."""
    months = months_of(start, end)
    series = {code: [] for code in codes}
    for month in months:
        values = compute_all(by_month.get(month, {}), by_month.get(month, {}))
        for code in codes:
            series[code].append(values[code])
    return {"months": [f"{m:%Y-%m}" for m in months], "series": series}


def ranking(unit: OrgUnit, start: datetime.date, end: datetime.date) -> list[dict]:
    """The units directly below (offices for a county) with every indicator, one grouped query."""
    if unit.level >= Level.OFFICE:
        return []
    level = unit.level + 1
    last = _latest_period(unit, start, end)
    rows = (AggregateValue.objects.filter(level=level, unit_path__under=unit.path, period__gte=start,
                                          period__lte=end, element__in=NEEDED)
            .values("unit_id", "element").annotate(total=Sum("value"), last=Sum("value", filter=Q(period=last)))
            .order_by())
    totals: dict[int, dict] = defaultdict(dict)
    lasts: dict[int, dict] = defaultdict(dict)
    for r in rows:
        totals[r["unit_id"]][r["element"]] = r["total"]
        lasts[r["unit_id"]][r["element"]] = r["last"] or 0
    units = OrgUnit.objects.filter(path__under=unit.path, level=level).only("id", "name", "code", "path", "level",
                                                                            "closed_on").order_by("path")
    targets = targets_for(unit.path)
    months = len(months_of(start, end))
    out = []
    for u in units:
        if u.closed_on is not None and u.id not in totals:
            continue
        values = compute_all(totals.get(u.id, {}), lasts.get(u.id, {}))
        status = {}
        for code, value in values.items():
            target = targets.get(code)
            status[code] = target.scaled(months).status(value) if target else "none"
        out.append({"unit": u, "values": values, "status": status,
                    "red": sum(1 for s in status.values() if s == "red")})
    return out


def _latest_period(unit: OrgUnit, start: datetime.date, end: datetime.date) -> datetime.date:
    latest = (AggregateValue.objects.filter(unit=unit, period__gte=start, period__lte=end)
              .order_by("-period").values_list("period", flat=True).first())
    return latest or end


def dashboard(unit: OrgUnit, year: int, month: int | None, rank_by: str = "mediation_success_rate") -> dict:
    start, end = period_bounds(year, month)
    totals, last, by_month = unit_values(unit, start, end)
    months = len(months_of(start, end))
    indicators = evaluate(unit, totals, last, months, drill_month=start if month else None)
    trend_start = start if not month else add_months(start, -11)
    if month:
        _, _, by_month = unit_values(unit, trend_start, end)
    rank_by = rank_by if rank_by in BY_CODE else "mediation_success_rate"
    rows = ranking(unit, start, end)
    reverse_sort = rank_by not in ("out_of_contact", "missed")
    rows.sort(key=lambda r: (r["values"][rank_by] is None,
                             -(r["values"][rank_by] or 0) if reverse_sort else (r["values"][rank_by] or 0),
                             r["unit"].path))
    return {"unit": unit, "start": start, "end": end, "indicators": indicators,
            "trend": trend(by_month, trend_start, end, [i.code for i in INDICATORS]),
            "ranking": rows, "rank_by": BY_CODE[rank_by], "totals": dict(totals)}


# --- official figures beside the live ones (D53, D54) ------------------------------------------------------------

@dataclass
class OfficialIndicator:
    code: str
    value: float | None
    covered: bool            # the monthly report carries every element of the indicator
    difference: float | None  # live − official, when they differ in a past period
    flagged: bool


@dataclass
class OfficialFigures:
    indicators: dict[str, OfficialIndicator]
    approved: int            # office-months with an approved monthly report
    expected: int            # office-months of the offices open (live)
    past: bool               # the period is over: live and official should agree

    @property
    def flagged(self) -> list[OfficialIndicator]:
        return [i for i in self.indicators.values() if i.flagged]


def official_figures(unit: OrgUnit, start: datetime.date, end: datetime.date, live: list[IndicatorValue],
                     live_totals: dict, carried: set[str]) -> OfficialFigures:
    """The unit's indicators from the approved monthly reports, each beside its live value: a past period
    whose live value differs (entries made or corrected after the reports were approved, or reports not
    approved) is flagged with the difference. `carried`: the elements the monthly report carries
    (reporting.official.reported_elements). One query."""
    from sifasuo.reporting.models import OfficialValue

    totals, last, _ = unit_values(unit, start, end, model=OfficialValue)
    values = compute_all(totals, last)
    past = end < datetime.date.today().replace(day=1)
    out = {}
    for i in live:
        covered = set(BY_CODE[i.code].all_elements()) <= carried
        value = values[i.code] if covered else None
        differs = covered and (value != i.value)
        difference = (round(i.value - value, 2) if differs and i.value is not None and value is not None else None)
        out[i.code] = OfficialIndicator(i.code, value, covered, difference, past and differs)
    return OfficialFigures(out, int(totals.get("offices", 0)), int(live_totals.get("offices", 0)), past)


@dataclass
class LateEntries:
    unit: OrgUnit
    approved: int             # office-months with an approved report
    expected: int             # office-months of the offices open
    differences: list[tuple[str, float, float]]   # (element name, live, official)


def late_entries(unit: OrgUnit, start: datetime.date, end: datetime.date, carried: set[str]) -> list[LateEntries]:
    """The units directly below (or the office itself) whose registers for a past period no longer say what
    their approved monthly reports said: entries made or corrected after approval, or reports not approved
    (approved < expected). Every element the report carries, flows over the period, stocks at its end. Two
    grouped queries."""
    from sifasuo.reporting.models import OfficialValue

    level = min(unit.level + 1, Level.OFFICE)
    codes = sorted(carried - {"hub_offices", "typical_cases_hub"})
    figures: dict[str, dict[int, dict[str, float]]] = {}
    for name, model in (("live", AggregateValue), ("official", OfficialValue)):
        rows = (model.objects.filter(level=level, unit_path__under=unit.path, period__gte=start, period__lte=end,
                                     element__in=codes)
                .values("unit_id", "element").annotate(total=Sum("value"), last=Sum("value", filter=Q(period=end)))
                .order_by())
        figures[name] = defaultdict(dict)
        for r in rows:
            stock = ELEMENTS[r["element"]].kind == "stock"
            figures[name][r["unit_id"]][r["element"]] = (r["last"] if stock else r["total"]) or 0
    ids = set(figures["live"]) | set(figures["official"])
    out = []
    for u in OrgUnit.objects.filter(id__in=ids).order_by("path"):
        live, official = figures["live"].get(u.id, {}), figures["official"].get(u.id, {})
        differences = [(ELEMENTS[c].name, live.get(c, 0), official.get(c, 0)) for c in codes
                       if c != "offices" and abs(live.get(c, 0) - official.get(c, 0)) > 1e-9]
        approved, expected = int(official.get("offices", 0)), int(live.get("offices", 0))
        if differences or approved != expected:
            out.append(LateEntries(u, approved, expected, differences))
    return out
