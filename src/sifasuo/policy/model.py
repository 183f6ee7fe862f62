"""Typed, immutable form of a policy file, as the engine uses it.

Field names follow the keys of policies/schema.yaml; see the `doc` of each key there for its meaning.
Scores, weights and other fractional numbers are `Decimal`, so composite scores and ties are exact.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .schema import VocabularyEntry

__all__ = [
    "AgeLimit",
    "AgeReference",
    "Allocation",
    "BirthDateRule",
    "ContractRule",
    "DisqualificationRule",
    "DocumentInfo",
    "EducationRule",
    "ExaminerMarks",
    "ExceptionRule",
    "Jurisdiction",
    "ListRule",
    "ManualCheck",
    "NationalityRule",
    "NoticeRule",
    "Obligation",
    "PassLines",
    "Period",
    "Policy",
    "PopulationTier",
    "PostsRule",
    "Priority",
    "PriorityCondition",
    "ProcedureRule",
    "Provision",
    "QuotaRule",
    "RelativeDate",
    "ResidenceRule",
    "Rule",
    "ScoringRule",
    "SubjectStep",
    "Track",
    "TrackScopedRule",
    "Vocabulary",
]

SEX_NAMES = {"M": "男性", "F": "女性"}
ANCHOR_NAMES = {"announcement_date": "招聘公告发布日", "registration_deadline": "报名截止日"}
LEVEL_NAMES = {"county": "县（区）", "city": "市", "province": "省"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """What every rule carries: its id, the clause it comes from (or the source of a default), its text."""

    id: str
    text: str
    clause: str | None = None
    source: str | None = None
    line: int = 0

    @property
    def citation(self) -> str:
        """The clause of the document, or a clear mark that the value is a default."""
        if self.clause:
            return self.clause
        source = self.source or ""
        return source if "默认值" in source else f"默认值：{source}"

    @property
    def is_default(self) -> bool:
        return self.clause is None


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackScopedRule(Rule):
    tracks: tuple[str, ...] | None = None

    def applies_to(self, track: str) -> bool:
        return self.tracks is None or track in self.tracks


@dataclass(frozen=True, slots=True, kw_only=True)
class Track(Rule):
    code: str
    name: str
    existing_auxiliary: bool = False
    auxiliary_scope: str = "any"
    joins_as: str = "selection"           # how an auxiliary's record ends on hire: transfer (转任) / selection (选聘)
    entry_level: int | None = None        # the level an assistant hired on this track starts at (None: personnel's)


@dataclass(frozen=True, slots=True, kw_only=True)
class Allocation(Rule):
    mode: str
    order: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AgeReference(Rule):
    counted_to: str
    date: datetime.date | None = None
    days_before: int = 0


def _zh_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier, the last day of the month when that month is shorter."""
    from sifasuo.core.dates import add_months

    return add_months(day, -months)


@dataclass(frozen=True, slots=True, kw_only=True)
class RelativeDate:
    """A day that follows the recruitment: the announcement date or the registration deadline, moved back
    by years, months and days (in that order; a shorter month clips to its last day)."""

    anchor: str
    years_before: int = 0
    months_before: int = 0
    days_before: int = 0

    def resolve(self, *, announcement_date: datetime.date, registration_deadline: datetime.date) -> datetime.date:
        day = announcement_date if self.anchor == "announcement_date" else registration_deadline
        day = months_before(day, self.years_before * 12 + self.months_before)
        return day - datetime.timedelta(days=self.days_before)

    @property
    def zh(self) -> str:
        """"报名截止日前1年" / "招聘公告发布日前1日" / "报名截止日"."""
        parts = [f"{n}{unit}" for n, unit in ((self.years_before, "年"), (self.months_before, "个月"),
                                              (self.days_before, "日")) if n]
        return ANCHOR_NAMES[self.anchor] + ("前" + "".join(parts) if parts else "")


@dataclass(frozen=True, slots=True, kw_only=True)
class AgeLimit(TrackScopedRule):
    """Ages in completed years (周岁): `min` and `max` inclusive, `below` exclusive."""

    sex: str | None = None
    min: int | None = None
    max: int | None = None
    below: int | None = None

    def applies(self, track: str, sex: str) -> bool:
        return self.applies_to(track) and (self.sex is None or self.sex == sex)

    def allows(self, age: int) -> bool:
        if self.min is not None and age < self.min:
            return False
        if self.max is not None and age > self.max:
            return False
        return not (self.below is not None and age >= self.below)

    @property
    def bounds_zh(self) -> str:
        """"18周岁以上、35周岁以下" / "未满45周岁"."""
        parts = []
        if self.min is not None:
            parts.append(f"{self.min}周岁以上")
        if self.max is not None:
            parts.append(f"{self.max}周岁以下")
        if self.below is not None:
            parts.append(f"未满{self.below}周岁")
        text = "、".join(parts)
        return f"{SEX_NAMES[self.sex]}{text}" if self.sex else text


@dataclass(frozen=True, slots=True, kw_only=True)
class BirthDateRule(TrackScopedRule):
    """Age as bounds on the birth date itself, both ends included (“1990年1月1日以后出生”)."""

    born_on_or_after: datetime.date | None = None
    born_on_or_before: datetime.date | None = None

    def allows(self, birth: datetime.date) -> bool:
        if self.born_on_or_after is not None and birth < self.born_on_or_after:
            return False
        return not (self.born_on_or_before is not None and birth > self.born_on_or_before)

    @property
    def bounds_zh(self) -> str:
        """"1990年1月1日以后、2006年8月31日以前出生"."""
        parts = []
        if self.born_on_or_after is not None:
            parts.append(f"{_zh_date(self.born_on_or_after)}以后")
        if self.born_on_or_before is not None:
            parts.append(f"{_zh_date(self.born_on_or_before)}以前")
        return "、".join(parts) + "出生（含当日）"


@dataclass(frozen=True, slots=True, kw_only=True)
class NationalityRule(TrackScopedRule):
    countries: tuple[str, ...] = ("CN",)


@dataclass(frozen=True, slots=True, kw_only=True)
class EducationRule(TrackScopedRule):
    min_level: str
    majors: tuple[str, ...] = ()
    major_categories: tuple[str, ...] = ()
    study_mode: str | None = None

    @property
    def restricts_major(self) -> bool:
        return bool(self.majors or self.major_categories)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResidenceRule(TrackScopedRule):
    basis: str
    level: str
    since: datetime.date | None = None
    exceptions: tuple[str, ...] = ()
    since_relative: RelativeDate | None = None

    @property
    def dated(self) -> bool:
        return self.since is not None or self.since_relative is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRule(TrackScopedRule):
    """Being on a named list (by ID number), of a given date when the policy says so."""

    list: str
    as_of: datetime.date | None = None
    as_of_relative: RelativeDate | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Obligation:
    """What an applicant passed on a condition must do, and by when (due: contract_end, probation_end,
    months_after_start with `months`, fixed_date with `date`)."""

    text: str
    due: str
    months: int | None = None
    date: datetime.date | None = None

    @property
    def due_zh(self) -> str:
        if self.due == "contract_end":
            return "首个聘用合同期满前"
        if self.due == "probation_end":
            return "试用期满前"
        if self.due == "months_after_start":
            return f"聘用后{self.months}个月内"
        assert self.date is not None
        return f"{_zh_date(self.date)}前"

    def due_date(self, *, contract_start: datetime.date, contract_end: datetime.date,
                 probation_end: datetime.date | None) -> datetime.date:
        """The deadline for a person hired on a contract from `contract_start` to `contract_end`."""
        if self.due == "contract_end":
            return contract_end
        if self.due == "probation_end":
            return probation_end or contract_start
        if self.due == "months_after_start":
            assert self.months is not None
            return months_before(contract_start, -self.months) - datetime.timedelta(days=1)
        assert self.date is not None
        return self.date


@dataclass(frozen=True, slots=True, kw_only=True)
class ExceptionRule(TrackScopedRule):
    """A screening rule relaxed (`waive`) or with parameters replaced (`replace`) for applicants who hold one of
    `conditions` (everyone when there are none); with an obligation, passing by it is conditional."""

    rule: str
    conditions: tuple[str, ...] = ()
    waive: bool = False
    replace: tuple[tuple[str, Any], ...] = ()
    obligation: Obligation | None = None

    def applies_to_applicant(self, conditions: frozenset[str]) -> bool:
        return not self.conditions or bool(conditions.intersection(self.conditions))


@dataclass(frozen=True, slots=True, kw_only=True)
class DisqualificationRule(TrackScopedRule):
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ManualCheck(TrackScopedRule):
    step: str | None = None
    ineligible_when: tuple[str, ...] = ()  # "failed" / "missing": the step's recorded result decides eligibility


@dataclass(frozen=True, slots=True, kw_only=True)
class PriorityCondition(TrackScopedRule):
    code: str
    rank: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Priority(Rule):
    when: str
    effect: str
    conditions: tuple[PriorityCondition, ...]
    bonus_points: Decimal | None = None
    mode: str = "any"

    def codes_for(self, track: str) -> frozenset[str]:
        return frozenset(c.code for c in self.conditions if c.applies_to(track))

    def ranks_for(self, track: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
        """(position, condition codes at that position) in order, for mode ordered: the written `rank`, else
        the order of the list."""
        positions: dict[int, list[str]] = {}
        for index, condition in enumerate(self.conditions, start=1):
            if condition.applies_to(track):
                positions.setdefault(condition.rank or index, []).append(condition.code)
        return tuple((rank, tuple(codes)) for rank, codes in sorted(positions.items()))


@dataclass(frozen=True, slots=True, kw_only=True)
class PostsRule(Rule):
    split_by_sex: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class PassLines:
    written: Decimal | None = None
    interview: Decimal | None = None
    composite: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExaminerMarks:
    combine: str
    min_examiners: int
    drop_highest: int = 0
    drop_lowest: int = 0
    decimals: int = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoringRule(TrackScopedRule):
    written_weight: Decimal
    interview_weight: Decimal
    scale: Decimal = Decimal(100)
    decimals: int = 2
    pass_lines: PassLines = PassLines()
    interview_ratio: int | None = None
    ties_at_cut: str = "include_all"
    examiner_marks: ExaminerMarks | None = None
    tie_breaks: tuple[str, ...] = ()

    @property
    def has_interview(self) -> bool:
        return self.interview_weight > 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcedureRule(TrackScopedRule):
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class NoticeRule(Rule):
    days: int
    kind: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractRule(Rule):
    years: Decimal
    probation_months: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PopulationTier:
    at_least: int
    add: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SubjectStep:
    subject: str
    add: int
    at_least: int | None = None
    per: int | None = None
    max_add: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class QuotaRule(Rule):
    aggregation: str
    counted_staff: tuple[str, ...]
    base: int
    population_tiers: tuple[PopulationTier, ...] = ()
    subject_steps: tuple[SubjectStep, ...] = ()
    binds_announcements: bool = False  # DQ-6 / YQ-2: announcements within an approved (filed) plan
    max: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Provision(Rule):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Jurisdiction:
    name: str
    level: str
    region_code: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentInfo:
    title: str
    issuer: str
    issued_on: datetime.date
    number: str | None = None
    seed: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True, slots=True, kw_only=True)
class Vocabulary:
    """The code lists in force for one policy: the schema's plus the policy's own additions."""

    entries: Mapping[str, Mapping[str, VocabularyEntry]]
    labels: Mapping[str, str]

    def name(self, vocabulary: str, code: str) -> str:
        entry = self.entries.get(vocabulary, {}).get(code)
        return entry.name if entry else code

    def assessed_by(self, code: str) -> str:
        entry = self.entries["disqualification"].get(code)
        return entry.assessed_by if entry else "applicant"

    def rank(self, vocabulary: str, code: str) -> int | None:
        """Position of `code` in an ordered list (education: 0 is the lowest), None if unknown."""
        for index, known in enumerate(self.entries.get(vocabulary, {})):
            if known == code:
                return index
        return None


@dataclass(frozen=True, eq=False, kw_only=True)
class Policy:
    """One jurisdiction's rules for one version. Compared and hashed by identity (it is loaded once)."""

    id: str
    name: str
    rule_prefix: str
    jurisdiction: Jurisdiction
    document: DocumentInfo
    vocabulary: Vocabulary
    tracks: tuple[Track, ...]
    allocation: Allocation
    age_reference: AgeReference
    posts: PostsRule
    scoring: tuple[ScoringRule, ...]
    notice: NoticeRule
    contract: ContractRule
    quota: QuotaRule
    period: Period | None = None
    age_limits: tuple[AgeLimit, ...] = ()
    birth_dates: tuple[BirthDateRule, ...] = ()
    nationality: tuple[NationalityRule, ...] = ()
    education: tuple[EducationRule, ...] = ()
    residence: tuple[ResidenceRule, ...] = ()
    list_membership: tuple[ListRule, ...] = ()
    disqualifications: tuple[DisqualificationRule, ...] = ()
    manual_checks: tuple[ManualCheck, ...] = ()
    exceptions: tuple[ExceptionRule, ...] = ()
    priority: Priority | None = None
    procedure: tuple[ProcedureRule, ...] = ()
    provisions: tuple[Provision, ...] = ()
    personnel: Any = None  # personnel.PersonnelRules (levels, assessment, renewal, pay, training, writing)
    source_path: str = ""

    @property
    def track_codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.tracks)

    def track(self, code: str) -> Track:
        for track in self.tracks:
            if track.code == code:
                return track
        known = "、".join(f"{t.code}（{t.name}）" for t in self.tracks)
        raise LookupError(f"政策 {self.id} 没有招聘渠道“{code}”，可用渠道：{known}")

    def scoring_for(self, track: str) -> ScoringRule:
        self.track(track)
        for rule in self.scoring:
            if rule.applies_to(track):
                return rule
        raise LookupError(f"政策 {self.id} 没有适用于渠道“{track}”的成绩规则")

    def procedure_for(self, track: str) -> ProcedureRule | None:
        for rule in self.procedure:
            if rule.applies_to(track):
                return rule
        return None

    def rules(self) -> Iterator[Rule]:
        """Every rule of the policy, each once, in file order."""
        found: list[Rule] = [
            *self.tracks, self.allocation, self.age_reference, *self.age_limits, *self.birth_dates,
            *self.nationality, *self.education, *self.residence, *self.list_membership,
            *self.disqualifications, *self.manual_checks, *self.exceptions,
            self.posts, *self.scoring, *self.procedure, self.notice, self.contract, self.quota,
            *self.provisions,
        ]
        if self.priority is not None:
            found.extend([self.priority, *self.priority.conditions])
        return iter(sorted(found, key=lambda r: r.line))

    def exceptions_to(self, rule_id: str, track: str | None = None) -> tuple[ExceptionRule, ...]:
        """The exceptions that change rule `rule_id` (on `track`, when given), in file order."""
        return tuple(e for e in self.exceptions if e.rule == rule_id and (track is None or e.applies_to(track)))

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules():
            if rule.id == rule_id:
                return rule
        raise LookupError(f"政策 {self.id} 没有编号为 {rule_id} 的规则")
