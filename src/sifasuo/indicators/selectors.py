"""Reads of indicators: values of a unit over a period, trends by month and the ranking of the units below,
each in one grouped query on the aggregate table (rows of the unit itself, or of its children's rollups)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.urls import NoReverseMatch, reverse

from sifasuo.core.scoping import common_ancestor, restrict
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.reporting.elements import element as data_element
from sifasuo.reporting.models import AggregateValue
from sifasuo.reporting.periods import add_months, months_of

from .catalog import BY_CODE, ELEMENTS as NEEDED, INDICATORS, compute_all
from .choices import CriterionSource
from .models import AnnualAssessment, AssessmentCriterion, AssessmentResult, ManualScore, OfficeScore, ScoringItem, ScoringScheme
from .targets import Target, targets_by_path, targets_for


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


def visible_schemes(user) -> QuerySet[ScoringScheme]:
    return restrict(ScoringScheme.objects.select_related("unit"), user)


def visible_assessments(user, action: str | None = None) -> QuerySet[AnnualAssessment]:
    """The annual assessments the user may read, or change (`action` EDIT), each with its unit and scheme."""
    return restrict(AnnualAssessment.objects.select_related("unit", "scheme"), user, action)


def scheme_register(user) -> QuerySet[ScoringScheme]:
    """The scoring schemes in the API's order (the latest year first), each with its items."""
    return restrict(ScoringScheme.objects.select_related("unit").prefetch_related("items").order_by("-year", "id"),
                    user)


def scoring_items(user) -> QuerySet[ScoringItem]:
    return restrict(ScoringItem.objects.select_related("scheme").order_by("scheme_id", "order"), user)


def manual_scores(user) -> QuerySet[ManualScore]:
    return restrict(ManualScore.objects.select_related("unit", "item").order_by("item_id", "unit__path", "month"),
                    user)


def office_scores(user) -> QuerySet[OfficeScore]:
    return restrict(OfficeScore.objects.select_related("unit").order_by("scheme_id", "rank"), user)


def assessment_register(user) -> QuerySet[AnnualAssessment]:
    """The annual assessments in the API's order (the latest year first), each with its criteria."""
    return restrict(AnnualAssessment.objects.select_related("unit").prefetch_related("criteria")
                    .order_by("-year", "id"), user)


def assessment_results(user) -> QuerySet[AssessmentResult]:
    return restrict(AssessmentResult.objects.select_related("unit").order_by("assessment_id", "rank"), user)


def scheme_scores(scheme: ScoringScheme) -> QuerySet[OfficeScore]:
    """The offices' scores of a scheme the user has opened, each with its office, by rank."""
    return scheme.scores.select_related("unit")


def scheme_item(scheme: ScoringScheme, pk) -> ScoringItem | None:
    """The item `pk` of a scheme the user has opened, or None when the scheme has no such item."""
    return scheme.items.filter(pk=pk or 0).first()


def ranked_results(assessment: AnnualAssessment) -> QuerySet[AssessmentResult]:
    """The offices' results of an annual assessment, each with its office, by rank (then by unit)."""
    return assessment.results.select_related("unit").order_by("rank", "unit__path")


def marked_criteria(assessment: AnnualAssessment) -> QuerySet[AssessmentCriterion]:
    """The criteria of an annual assessment whose points are marked by hand (on site, and the bonuses); those
    taken from the monthly scheme are computed (HZ-9)."""
    return assessment.criteria.exclude(source=CriterionSource.SCHEME)


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


def status_of(target: Target | None, value: float | None) -> str:
    """green | amber | red against a target; nodata where the period has no data (a rate without a
    denominator); notarget where the jurisdiction sets no target. The 无数据 badge is for nodata only."""
    if value is None:
        return "nodata"
    if target is None:
        return "notarget"
    return target.status(value)


def visible_indicators(user=None) -> list:
    """The indicators a user's role may see: every element of each must come from a module the role may read
    (a workstation's staff see no community-correction or resettlement figure)."""
    if user is None or getattr(user, "is_superuser", False):
        return list(INDICATORS)
    return [i for i in INDICATORS if all(user.can(data_element(e).capability) for e in i.all_elements())]


def evaluate(unit: OrgUnit, totals: dict, last: dict, months: int, *, start: datetime.date | None = None,
             end: datetime.date | None = None, indicators=None) -> list[IndicatorValue]:
    targets = targets_for(unit.path)
    values = compute_all(totals, last)
    out = []
    for ind in indicators if indicators is not None else INDICATORS:
        target = targets.get(ind.code)
        target = target.scaled(months) if target else None
        value = values[ind.code]
        drill = drill_url(ind.code, unit, start, end) if unit.level >= Level.OFFICE and start else ""
        out.append(IndicatorValue(ind.code, ind.name, ind.unit, ind.basis, ind.description, value, target,
                                  status_of(target, value), drill))
    return out


def drill_url(indicator: str, unit: OrgUnit, start: datetime.date, end: datetime.date,
              today: datetime.date | None = None) -> str:
    """The records behind an office's figure, for the selected period only: a flow's list narrowed to the
    period on the element's own date field; a stock's list (the state now) only when the period runs to the
    current month; nothing where the list cannot show the period's records."""
    element = data_element(BY_CODE[indicator].numerator[0].element)
    if element.drill is None:
        return ""
    today = today or datetime.date.today()
    name, params = element.drill
    try:
        base = reverse(name)
    except NoReverseMatch:
        return ""
    query = {element.drill_within: unit.code, **params}
    last_day = add_months(end, 1) - datetime.timedelta(days=1)
    if element.kind in ("flow", "report"):
        if element.drill_dates is None:
            return ""
        since, until = element.drill_dates
        query[since], query[until] = f"{start:%Y-%m-%d}", f"{last_day:%Y-%m-%d}"
    elif last_day < today.replace(day=1):
        return ""   # a past period's state is not what the list shows today
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
            status[code] = status_of(target.scaled(months) if target else None, value)
        out.append({"unit": u, "values": values, "status": status,
                    "red": sum(1 for s in status.values() if s == "red")})
    return out


LOWER_IS_BETTER = ("out_of_contact", "missed", "reoffence_rate")


def rank_rows(rows: list[dict], code: str) -> list[dict]:
    """Rows sorted by one indicator, best first, each with its place: equal values share a place (1, 1, 3);
    units without a value come last, unranked."""
    lower = code in LOWER_IS_BETTER
    rows.sort(key=lambda r: (r["values"][code] is None,
                             (r["values"][code] or 0) if lower else -(r["values"][code] or 0), r["unit"].path))
    previous, place = object(), 0
    for position, row in enumerate(rows, start=1):
        value = row["values"][code]
        if value is None:
            row["rank"] = None
            continue
        if value != previous:
            place, previous = position, value
        row["rank"] = place
    return rows


def _latest_period(unit: OrgUnit, start: datetime.date, end: datetime.date) -> datetime.date:
    latest = (AggregateValue.objects.filter(unit=unit, period__gte=start, period__lte=end)
              .order_by("-period").values_list("period", flat=True).first())
    return latest or end


def dashboard(unit: OrgUnit, year: int, month: int | None, rank_by: str = "mediation_success_rate",
              user=None) -> dict:
    """The dashboard of a unit for a year or a month: the indicators the user's role may see, against their
    targets; the trend; the units below ranked (equal values sharing a place)."""
    start, end = period_bounds(year, month)
    shown = visible_indicators(user)
    elements = {e for i in shown for e in i.all_elements()}
    totals, last, by_month = unit_values(unit, start, end)
    months = len(months_of(start, end))
    indicators = evaluate(unit, totals, last, months, start=start, end=end, indicators=shown)
    trend_start = start if not month else add_months(start, -11)
    if month:
        _, _, by_month = unit_values(unit, trend_start, end)
    codes = [i.code for i in shown]
    rank_by = rank_by if rank_by in codes else (codes[0] if codes else "mediation_success_rate")
    rows = rank_rows(ranking(unit, start, end), rank_by) if codes else []
    return {"unit": unit, "start": start, "end": end, "indicators": indicators, "shown": shown,
            "trend": trend(by_month, trend_start, end, codes),
            "ranking": rows, "rank_by": BY_CODE[rank_by],
            "totals": dict(totals) if user is None else {e: v for e, v in totals.items() if e in elements}}


# --- monthly submissions of each office (HZ-3, HZ-6) and the hubs' cluster staff (HZ-1) ----------------------

@dataclass(frozen=True)
class SubmissionItem:
    element: str        # the data element counted (reporting.elements)
    indicator: str      # whose target is the per-office minimum (policies/indicators/)
    label: str
    unit: str
    basis: str


# Minimums the seed sets per township or per office and month (HZ-3, HZ-6): counted per office, never as an
# average; the average is shown beside.
SUBMISSION_ITEMS = (
    SubmissionItem("news_items", "news_per_office", "一句话新闻", "条", "HZ-3"),
    SubmissionItem("info_items", "info_per_office", "工作信息", "条", "HZ-6"),
    SubmissionItem("typical_cases", "typical_per_office", "典型案例", "件", "HZ-6"),
)
CLUSTER_TYPICAL = "typical_per_hub"
COUNTY_PATH = len("/370000/370100/370102/")   # HZ-3: what a hub reports for its cluster each month


@dataclass
class SubmissionRow:
    unit: OrgUnit
    counts: dict[str, float]
    minimums: dict[str, float | None]
    hub: OrgUnit | None = None

    @property
    def below(self) -> list[str]:
        """What the office reported below its minimum, in words ("一句话新闻 1 条，应不少于 2 条（HZ-3）")."""
        out = []
        for item in SUBMISSION_ITEMS:
            minimum = self.minimums.get(item.element)
            count = self.counts.get(item.element, 0)
            if minimum is not None and count < minimum:
                out.append(f"{item.label} {count:g} {item.unit}，应不少于 {minimum:g} {item.unit}（{item.basis}）")
        return out


@dataclass
class ClusterRow:
    hub: OrgUnit
    members: list[OrgUnit]
    typical: float
    minimum: float | None

    @property
    def short(self) -> bool:
        return self.minimum is not None and self.typical < self.minimum

    @property
    def message(self) -> str:
        return (f"片区典型案例 {self.typical:g} 件，片区中心所每月应报送不少于 {self.minimum:g} 件（HZ-3）"
                if self.short else "")


def _open_in_month(unit: OrgUnit, month: datetime.date) -> bool:
    last = add_months(month, 1) - datetime.timedelta(days=1)
    return (unit.opened_on is None or unit.opened_on <= last) and (unit.closed_on is None or unit.closed_on > last)


def _minimum(targets: dict[str, Target], indicator: str) -> float | None:
    target = targets.get(indicator)
    return target.value if target is not None and target.op == ">=" else None


def monthly_submissions(offices: list[OrgUnit], month: datetime.date) -> list[SubmissionRow]:
    """Each office's news, information items and typical cases of the month (records of its workstations
    included), counted from the registers (one grouped query per item, over the offices' common ancestor:
    three queries for a province), with its jurisdiction's minimums (targets of news_per_office,
    info_per_office, typical_per_office)."""

    month = month.replace(day=1)
    last = add_months(month, 1) - datetime.timedelta(days=1)
    offices = [o for o in offices if _open_in_month(o, month)]
    counties = sorted({o.path[:COUNTY_PATH] for o in offices})
    counts: dict[str, dict[str, float]] = defaultdict(dict)
    targets: dict[str, dict[str, Target]] = targets_by_path(counties)
    if offices:
        root = common_ancestor([o.path for o in offices])
        wanted = {o.path for o in offices}
        for item in SUBMISSION_ITEMS:
            for (office_path, _), value in data_element(item.element).compile(root, month, last).items():
                if office_path in wanted:
                    counts[office_path][item.element] = value
    out = []
    for office in offices:
        county_targets = targets[office.path[:COUNTY_PATH]]
        out.append(SubmissionRow(office, {i.element: counts[office.path].get(i.element, 0) for i in SUBMISSION_ITEMS},
                                 {i.element: _minimum(county_targets, i.indicator) for i in SUBMISSION_ITEMS}))
    return out


def offices_for_check(unit: OrgUnit) -> list[OrgUnit]:
    """The offices a page about `unit` covers: a hub's cluster (itself and its members), the offices under a
    county or above, or the office itself."""
    fields = ("id", "code", "name", "path", "level", "is_hub", "hub_id", "opened_on", "closed_on")
    if unit.level == Level.OFFICE and unit.is_hub:
        qs = OrgUnit.objects.filter(Q(pk=unit.pk) | Q(hub_id=unit.pk), level=Level.OFFICE)
    elif unit.level == Level.OFFICE:
        qs = OrgUnit.objects.filter(pk=unit.pk)
    else:
        qs = OrgUnit.objects.filter(path__under=unit.path, level=Level.OFFICE)
    return list(qs.only(*fields).order_by("path"))


def clusters(rows: list[SubmissionRow]) -> list[ClusterRow]:
    """HZ-3: each hub among the rows with its cluster's typical cases of the month (hub and members)."""
    by_id = {r.unit.pk: r for r in rows}
    by_hub: dict[int, list[SubmissionRow]] = defaultdict(list)   # one pass (a province: 391 hubs × 1,807 offices)
    for r in rows:
        if r.unit.hub_id is not None:
            by_hub[r.unit.hub_id].append(r)
    targets = targets_by_path(r.unit.path for r in rows if r.unit.is_hub)
    out = []
    for row in rows:
        if not row.unit.is_hub:
            continue
        members = by_hub.get(row.unit.pk, [])
        total = row.counts.get("typical_cases", 0) + sum(m.counts.get("typical_cases", 0) for m in members)
        minimum = _minimum(targets[row.unit.path], CLUSTER_TYPICAL)
        out.append(ClusterRow(row.unit, [m.unit for m in members], total, minimum))
        for member in members:
            member.hub = by_id[row.unit.pk].unit
    return out


def submission_check(unit: OrgUnit, month: datetime.date) -> dict:
    """The page 每月报送情况 (and the hub's cluster page): every office's counts against its minimums, the
    offices below a minimum by name, the averages beside, and each hub's cluster figure."""
    rows = monthly_submissions(offices_for_check(unit), month)
    hubs = clusters(rows)
    averages = {i.element: (round(sum(r.counts[i.element] for r in rows) / len(rows), 2) if rows else None)
                for i in SUBMISSION_ITEMS}
    return {"unit": unit, "month": month.replace(day=1), "rows": rows, "items": SUBMISSION_ITEMS,
            "below": [r for r in rows if r.below], "averages": averages, "clusters": hubs,
            "clusters_short": [c for c in hubs if c.short],
            "no_minimums": bool(rows) and all(v is None for r in rows for v in r.minimums.values())}


@dataclass
class HubStaffing:
    hub: OrgUnit
    cluster_staff: list[str]
    minimum: float | None
    upper: float | None

    @property
    def count(self) -> int:
        return len(self.cluster_staff)

    @property
    def short(self) -> bool:
        return self.minimum is not None and self.count < self.minimum

    @property
    def over(self) -> bool:
        return self.upper is not None and self.count > self.upper

    @property
    def status_text(self) -> str:
        if self.minimum is None:
            return "本地区未规定"
        if self.short:
            return f"缺 {self.minimum - self.count:g} 人"
        if self.over:
            return f"超出 {self.minimum:g}–{self.upper:g} 人的配备范围"
        return "达到"


def hub_staffing(path: str) -> list[HubStaffing]:
    """HZ-1: each open hub office under `path` with the people it has named for its cluster work (serving,
    承担片区工作), against its jurisdiction's 2–4 (target hub_staff_per_hub). Two queries."""
    from sifasuo.staff.selectors import serving

    hubs = list(OrgUnit.objects.filter(path__under=path, level=Level.OFFICE, is_hub=True, closed_on__isnull=True)
                .order_by("path"))
    names: dict[int, list[str]] = defaultdict(list)
    for unit_id, name in (serving().filter(unit__in=hubs, cluster_duty=True).order_by("full_name")
                          .values_list("unit_id", "full_name")):
        names[unit_id].append(name)
    targets = targets_by_path(hub.path for hub in hubs)
    out = []
    for hub in hubs:
        target = targets[hub.path].get("hub_staff_per_hub")
        out.append(HubStaffing(hub, names.get(hub.pk, []), target.value if target else None,
                               target.upper if target else None))
    return out


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
            stock = data_element(r["element"]).kind == "stock"
            figures[name][r["unit_id"]][r["element"]] = (r["last"] if stock else r["total"]) or 0
    ids = set(figures["live"]) | set(figures["official"])
    out = []
    for u in OrgUnit.objects.filter(id__in=ids).order_by("path"):
        live, official = figures["live"].get(u.id, {}), figures["official"].get(u.id, {})
        differences = [(data_element(c).name, live.get(c, 0), official.get(c, 0)) for c in codes
                       if c != "offices" and abs(live.get(c, 0) - official.get(c, 0)) > 1e-9]
        approved, expected = int(official.get("offices", 0)), int(live.get("offices", 0))
        if differences or approved != expected:
            out.append(LateEntries(u, approved, expected, differences))
    return out
