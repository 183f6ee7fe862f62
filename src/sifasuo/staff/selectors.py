"""Reads of the roster and of every staff register: what the pages and the API show a user (scoped with
core.scoping.restrict), and the figures of training, writing and pay; counts are grouped in the database."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sifasuo.core.scoping import ancestor_path, path_codes, restrict
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.policy import personnel as engine

from .choices import Organizer, Position, ProposalStatus, StaffType, TrainingKind
from .models import (Assessment, Contract, LevelProposal, LevelRecord, PayBenchmark, RewardDiscipline, StaffMember,
                     TrainingRecord, Transfer, WritingRecord)


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


# --- the registers as a user sees them: the pages and the API read these (scoped by core.scoping.restrict) --

PERSON = ("staff", "staff__unit")   # what a record's row shows of its person


def staff_in_post(unit, user, action: str | None = None) -> QuerySet[StaffMember]:
    """The people in post at one unit, by name, among those the user may see (or change, with EDIT)."""
    return restrict(StaffMember.objects.filter(unit=unit, left_on__isnull=True), user, action).order_by("full_name", "id")


def staff_register(user) -> QuerySet[StaffMember]:
    """The roster in the API's order: by unit, then name."""
    return visible_staff(user).order_by("unit__path", "full_name")


def roster_rows(scoped: QuerySet[StaffMember]) -> QuerySet[StaffMember]:
    """The roster page's rows (already scoped and filtered) with only the columns the page and export show."""
    return scoped.select_related("unit").only(
        "full_name", "sex", "id_number", "staff_type", "position", "assistant_level", "duty_category",
        "education", "joined_on", "left_on", "unit__name", "unit__path")


def member_records(member: StaffMember) -> dict:
    """Everything the person's page lists. A transferred auxiliary's earlier record and its history are shown
    with this one (DQ-4 / YQ-3): `chain` holds every record of the person by date (empty when there is one),
    `earlier` the other records by id, and the dated records of all of them."""
    chain = member.chain() + list(StaffMember.objects.filter(previous_record=member).select_related("unit"))
    ids = [r.pk for r in chain]
    return {
        "contracts": list(member.contracts.all()),
        "chain": sorted(chain, key=lambda r: (r.joined_on, r.pk)) if len(chain) > 1 else [],
        "earlier": {r.pk: r for r in chain if r.pk != member.pk},
        "levels": member.levels.all(), "trainings": TrainingRecord.objects.filter(staff_id__in=ids),
        "assessments": Assessment.objects.filter(staff_id__in=ids),
        "rewards": RewardDiscipline.objects.filter(staff_id__in=ids),
        "writings": WritingRecord.objects.filter(staff_id__in=ids), "obligations": member.obligations.all(),
        "transfers": member.transfers.select_related("from_unit", "to_unit"),
        "proposals": member.level_proposals.all(),
    }


def has_open_obligation(member: StaffMember) -> bool:
    return member.obligations.filter(fulfilled_on__isnull=True).exists()


def with_person(scoped: QuerySet) -> QuerySet:
    """Dated records (contracts, assessments …, already scoped) with their person and unit, one query."""
    return scoped.select_related(*PERSON)


def visible_records(model, user) -> QuerySet:
    """A register of dated records of people (contracts, level proposals, assessments …) the user may see."""
    return restrict(with_person(model.objects.all()), user)


def contracts(user) -> QuerySet[Contract]:
    return visible_records(Contract, user).order_by("staff__unit__path", "-start")


def level_records(user) -> QuerySet[LevelRecord]:
    return restrict(LevelRecord.objects.select_related("staff").order_by("staff_id", "-effective_on"), user)


def level_proposals(user) -> QuerySet[LevelProposal]:
    return restrict(LevelProposal.objects.select_related("staff").order_by("-year", "staff_id"), user)


def year_proposals(user, *, year: int, county=None) -> QuerySet[LevelProposal]:
    """The level review's proposals of a year, of one county when given."""
    proposals = visible_records(LevelProposal, user).filter(year=year)
    return proposals.filter(staff__unit__path__under=county.path) if county is not None else proposals


def pending_proposals(scoped: QuerySet[LevelProposal]) -> QuerySet[LevelProposal]:
    return scoped.filter(status=ProposalStatus.PENDING)


def pay_benchmarks(user) -> QuerySet[PayBenchmark]:
    return restrict(PayBenchmark.objects.select_related("unit").order_by("unit__path", "-effective_from"), user)


def trainings(user) -> QuerySet[TrainingRecord]:
    return restrict(TrainingRecord.objects.select_related("staff").order_by("-start_on", "-id"), user)


def assessments(user) -> QuerySet[Assessment]:
    return restrict(Assessment.objects.select_related("staff").order_by("-year", "staff_id"), user)


def rewards(user) -> QuerySet[RewardDiscipline]:
    return restrict(RewardDiscipline.objects.select_related("staff").order_by("-on", "-id"), user)


def writings(user) -> QuerySet[WritingRecord]:
    return restrict(WritingRecord.objects.select_related("staff").order_by("-year", "-submitted_on"), user)


def transfers(user) -> QuerySet[Transfer]:
    return restrict(Transfer.objects.select_related("staff", "from_unit", "to_unit").order_by("-on", "-id"), user)


# --- contracts, training, pay: reads for pages, alerts and exports --------------------------------------


ENDING_WINDOW_DAYS = 60  # contracts ending within 60 days are listed and alerted (issue: 合同)
# WH-4, used where no policy names its own figures: all office staff, directors included, ≥ 7 days of county
# training; directors besides ≥ 5 days of city training.
DEFAULT_TRAINING = {"director": (Decimal(5), ("city", "province")), "staff": (Decimal(7), ("county", "city", "province"))}
HIGHER = {"city": ("city", "province"), "county": ("county", "city", "province"),
          "office": ("office", "county", "city", "province"), "province": ("province",),
          "other": tuple(Organizer.values)}


def latest_contracts(path: str):
    """The latest contract of each serving person under a path (one query; renewed ones drop out)."""
    return (Contract.objects.filter(staff__unit__path__under=path, staff__left_on__isnull=True,
                                    renewals__isnull=True)
            .select_related("staff", "staff__unit"))


def ending_within(contracts: QuerySet[Contract], today: datetime.date, days: int = ENDING_WINDOW_DAYS):
    """Of `contracts`, the latest of each serving person (renewed ones drop out) ending within `days` from
    today, soonest first (YQ-8): the page of contracts ending and its alert read the same rows."""
    return (contracts.filter(staff__left_on__isnull=True, renewals__isnull=True, end__gte=today,
                             end__lte=today + datetime.timedelta(days=days)).order_by("end"))


def contracts_ending(path: str, today: datetime.date, days: int = ENDING_WINDOW_DAYS):
    return ending_within(with_person(Contract.objects.filter(staff__unit__path__under=path)), today, days)


def training_thresholds(unit) -> dict[str, tuple[Decimal, tuple[str, ...]]]:
    """{"director": (days, organizers that count), "staff": (…)} from the unit's policy, WH-4 otherwise."""
    from .services import policy_of

    policy = policy_of(unit) if unit is not None else None
    if policy is None or policy.personnel is None:
        return DEFAULT_TRAINING
    t = policy.personnel.training
    return {"director": (t.director_min_days, HIGHER[t.director_organizer]),
            "staff": (t.staff_min_days, HIGHER[t.staff_organizer])}


@dataclass
class TrainingPart:
    """One yearly training requirement of a person: its level, the days required and the days that count."""

    label: str
    required: Decimal
    counted: Decimal

    @property
    def ok(self) -> bool:
        return self.counted >= self.required

    @property
    def short(self) -> Decimal:
        return max(self.required - self.counted, Decimal(0))


@dataclass
class TrainingLine:
    staff: StaffMember
    role: str
    parts: list[TrainingPart]
    total: Decimal
    pre_job: bool

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.parts)

    @property
    def required_text(self) -> str:
        return "；".join(f"{p.label}≥{_days(p.required)}天" for p in self.parts)

    @property
    def counted_text(self) -> str:
        return "；".join(f"{p.label} {_days(p.counted)} 天" for p in self.parts)

    @property
    def short_text(self) -> str:
        return "；".join(f"{p.label}差 {_days(p.short)} 天" for p in self.parts if not p.ok)


def _days(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def training_compliance(*, path: str, year: int, unit=None) -> list[TrainingLine]:
    """Every serving office staff member under `path` with the year's training days that count (WH-4): the
    county's training of all office staff, directors included (county level or higher), and for directors
    besides it the city's training of directors. A director's city-level days count once: those needed for
    the city's requirement are not counted again toward the county's. Three queries in all."""
    thresholds = training_thresholds(unit)
    people = list(serving(on=datetime.date(year, 12, 31) if year < datetime.date.today().year else None)
                  .filter(unit__path__under=path, unit__level=Level.OFFICE)
                  .select_related("unit").order_by("unit__path", "full_name"))
    ids = [p.pk for p in people]
    days: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in (TrainingRecord.objects.filter(staff_id__in=ids, year=year)
                .values("staff_id", "organizer").annotate(d=Sum("days")).order_by()):
        days[row["staff_id"]][row["organizer"]] = row["d"]
    pre_job = set(TrainingRecord.objects.filter(staff_id__in=ids, kind=TrainingKind.PRE_JOB)
                  .values_list("staff_id", flat=True))
    staff_days, staff_organizers = thresholds["staff"]
    director_days, director_organizers = thresholds["director"]
    lines = []
    for person in people:
        mine = days.get(person.pk, {})
        county_level = sum((mine.get(o, Decimal(0)) for o in staff_organizers), Decimal(0))
        if person.position == Position.DIRECTOR:
            role = "director"
            city_level = sum((mine.get(o, Decimal(0)) for o in director_organizers), Decimal(0))
            used = min(city_level, director_days)
            parts = [TrainingPart("市级（所长）", director_days, city_level),
                     TrainingPart("县级", staff_days, county_level - used)]
        else:
            role = "staff"
            parts = [TrainingPart("县级", staff_days, county_level)]
        lines.append(TrainingLine(person, role, parts, sum(mine.values(), Decimal(0)), person.pk in pre_job))
    return lines


def training_by_unit(lines: list[TrainingLine]) -> list[dict]:
    return by_unit([(line.staff, line.ok, {}) for line in lines])


def by_unit(people: list[tuple], sums: tuple[str, ...] = ()) -> list[dict]:
    """(staff, ok, figures) counted per person's unit, in the order first met: people, how many are ok, the
    names of those who are not, and the `sums` of the figures."""
    units: dict[int, dict] = {}
    for staff, ok, figures in people:
        entry = units.setdefault(staff.unit_id, {"unit": staff.unit, "people": 0, "ok": 0, "short": [],
                                                 **{name: 0 for name in sums}})
        entry["people"] += 1
        for name in sums:
            entry[name] += figures[name]
        if ok:
            entry["ok"] += 1
        else:
            entry["short"].append(staff.full_name)
    return list(units.values())


def by_child(unit, people: list[tuple], sums: tuple[str, ...] = ()) -> list[dict]:
    """(staff, ok, figures) of everyone under `unit` counted per unit directly below it (cities of a province,
    counties of a city), for a page that shows counts instead of 20,000 people (D52); the `sums` of the
    figures are added up too."""
    children = {c.path: c for c in OrgUnit.objects.filter(parent=unit).only("id", "name", "path", "code")}
    depth = len(path_codes(unit.path)) + 1
    rows: dict[str, dict] = {}
    for staff, ok, figures in people:
        child = ancestor_path(staff.unit.path, depth)
        entry = rows.setdefault(child, {"unit": children.get(child), "people": 0, "ok": 0, "short": [],
                                        **{name: 0 for name in sums}})
        entry["people"] += 1
        entry["ok"] += 1 if ok else 0
        for name in sums:
            entry[name] += figures[name]
    return [rows[p] for p in sorted(rows) if rows[p]["unit"] is not None]


def missing_pre_job(path: str):
    """Serving judicial assistants on post with no pre-job training (DQ-10, DQ-11)."""
    return (serving().filter(unit__path__under=path, staff_type=StaffType.JUDICIAL_ASSISTANT)
            .exclude(trainings__kind=TrainingKind.PRE_JOB).select_related("unit").order_by("unit__path", "full_name"))


def writing_status(*, path: str, year: int, rules=None) -> list[dict]:
    """Research articles and experience papers of every serving office staff member in a year (HZ-6)."""
    need_research = rules.writing.research_articles if rules else 1
    need_paper = rules.writing.experience_papers if rules else 1
    people = list(serving().filter(unit__path__under=path, unit__level=Level.OFFICE)
                  .select_related("unit").order_by("unit__path", "full_name"))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (WritingRecord.objects.filter(staff_id__in=[p.pk for p in people], year=year)
                .values("staff_id", "kind").annotate(n=Count("id")).order_by()):
        counts[row["staff_id"]][row["kind"]] = row["n"]
    out = []
    for p in people:
        c = counts.get(p.pk, {})
        research, paper = c.get("research_article", 0), c.get("experience_paper", 0)
        out.append({"staff": p, "research": research, "paper": paper,
                    "ok": research >= need_research and paper >= need_paper})
    return out


# --- the monthly pay sheet (DQ-8, YQ-7) --------------------------------------------------------------


@dataclass
class PayRow:
    staff: StaffMember
    level: int
    service_years: int
    on_probation: bool
    line: engine.PayLine


@dataclass
class PaySheet:
    county: object
    month: datetime.date
    policy_id: str
    rule_id: str
    benchmark_name: str
    basis: str
    benchmark: PayBenchmark
    rows: list[PayRow]
    missing_level: list[StaffMember]

    @property
    def total(self) -> Decimal:
        return sum((r.line.total for r in self.rows), Decimal("0.00"))


def pay_sheet(*, county, month: datetime.date) -> PaySheet:
    """Each judicial assistant serving on the first of the month, with the level then in force, the county's
    benchmark then in force and the policy's coefficients. Four queries whatever the county's size."""
    from django.core.exceptions import ValidationError

    from .services import personnel_rules

    first = month.replace(day=1)
    policy, rules = personnel_rules(county)
    benchmark = (PayBenchmark.objects.filter(unit=county, benchmark=rules.pay.benchmark, effective_from__lte=first)
                 .order_by("-effective_from").first())
    if benchmark is None:
        raise ValidationError(f"「{county.name}」尚未录入{first:%Y年%m月}适用的{rules.pay.benchmark_name}"
                              f"（{rules.pay.id}），请先在本页录入工资基准")
    people = list(serving(on=first).filter(unit__path__under=county.path, staff_type=StaffType.JUDICIAL_ASSISTANT)
                  .select_related("unit").order_by("unit__path", "full_name"))
    ids = [p.pk for p in people]
    level_on: dict[int, int] = {}
    for staff_id, level in (LevelRecord.objects.filter(staff_id__in=ids, effective_on__lte=first)
                            .order_by("staff_id", "effective_on", "id").values_list("staff_id", "level")):
        level_on[staff_id] = level
    probation = set(Contract.objects.filter(staff_id__in=ids, start__lte=first, probation_end__gte=first)
                    .values_list("staff_id", flat=True))
    rows, missing = [], []
    for person in people:
        level = level_on.get(person.pk)
        if level is None:
            missing.append(person)
            continue
        years = engine.completed_years(person.joined_on, first)
        rows.append(PayRow(person, level, years, person.pk in probation,
                           engine.pay_line(rules, level=level, benchmark=benchmark.monthly_amount,
                                           service_years=years, on_probation=person.pk in probation)))
    from sifasuo.core.policies import policy_basis

    return PaySheet(county, first, policy.id, rules.pay.id, rules.pay.benchmark_name,
                    policy_basis(policy, rules.pay), benchmark, rows, missing)
