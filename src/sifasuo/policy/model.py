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
    "ContractRule",
    "DisqualificationRule",
    "DocumentInfo",
    "EducationRule",
    "ExaminerMarks",
    "Jurisdiction",
    "ManualCheck",
    "NationalityRule",
    "NoticeRule",
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
    "ResidenceRule",
    "Rule",
    "ScoringRule",
    "SubjectStep",
    "Track",
    "TrackScopedRule",
    "Vocabulary",
]

SEX_NAMES = {"M": "男性", "F": "女性"}
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
class NationalityRule(TrackScopedRule):
    countries: tuple[str, ...] = ("CN",)


@dataclass(frozen=True, slots=True, kw_only=True)
class EducationRule(TrackScopedRule):
    min_level: str
    majors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ResidenceRule(TrackScopedRule):
    basis: str
    level: str
    since: datetime.date | None = None
    exceptions: tuple[str, ...] = ()


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Priority(Rule):
    when: str
    effect: str
    conditions: tuple[PriorityCondition, ...]
    bonus_points: Decimal | None = None

    def codes_for(self, track: str) -> frozenset[str]:
        return frozenset(c.code for c in self.conditions if c.applies_to(track))


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
    nationality: tuple[NationalityRule, ...] = ()
    education: tuple[EducationRule, ...] = ()
    residence: tuple[ResidenceRule, ...] = ()
    disqualifications: tuple[DisqualificationRule, ...] = ()
    manual_checks: tuple[ManualCheck, ...] = ()
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
            *self.tracks, self.allocation, self.age_reference, *self.age_limits, *self.nationality,
            *self.education, *self.residence, *self.disqualifications, *self.manual_checks,
            self.posts, *self.scoring, *self.procedure, self.notice, self.contract, self.quota,
            *self.provisions,
        ]
        if self.priority is not None:
            found.extend([self.priority, *self.priority.conditions])
        return iter(sorted(found, key=lambda r: r.line))

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules():
            if rule.id == rule_id:
                return rule
        raise LookupError(f"政策 {self.id} 没有编号为 {rule_id} 的规则")
