"""Automatic eligibility screening (资格审查) of applicants under a policy.

`screen` checks one applicant on one track against every rule of the policy that applies to that track and
returns a verdict with one reason per rule, each naming the rule id and written in Chinese, passed or not.
Conditions no program can judge (political standing, health, skills) come back as pending checks for the
reviewer.

`Screener` compiles the rules once for a track and a recruitment. Each compiled check names the few facts of
an applicant its rule looks at (age and sex, education, regions, the declarations it concerns) and keeps the
reason it gave for each combination of those facts: reasons are immutable, so applicants with the same facts
share one, and screening tens of thousands of applicants costs little more than reading their facts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from sifasuo.core import idnumbers

from .model import (
    SEX_NAMES,
    AgeLimit,
    DisqualificationRule,
    EducationRule,
    ManualCheck,
    NationalityRule,
    Policy,
    ResidenceRule,
    Track,
)
from .regions import RegionTree, default_tree

__all__ = [
    "Applicant",
    "PendingCheck",
    "Post",
    "Reason",
    "Recruitment",
    "Screener",
    "Verdict",
    "age_on",
    "reference_date",
    "screen",
    "screen_many",
]

_COUNTED_TO = {
    "registration_deadline": "报名截止日",
    "announcement_date": "招聘公告发布日",
    "fixed_date": "规定日期",
    "year_start": "当年1月1日",
}
_COUNTRY_NAMES = {"CN": "中华人民共和国"}


def _zh_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years (周岁) on `day`: the age goes up on the birthday; a 29 February birthday goes up on
    1 March in common years (as `IdInfo.age_on`)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


@dataclass(frozen=True, slots=True, kw_only=True)
class Applicant:
    """What screening needs to know about one applicant; the caller fills it from the application.

    `declarations` maps each disqualification code (policies/schema.yaml, vocabulary `disqualification`,
    plus the policy's own) to True when the situation applies to the applicant and False when it does not;
    a code the applicant has not answered fails screening. `conditions` holds the verified condition codes
    (priority conditions, exceptions to residence rules). Region codes are GB/T 2260 / statistical codes of
    6 or more digits.
    """

    birth_date: datetime.date
    sex: str
    education: str
    major: str = ""
    nationality: str = "CN"
    household_region: str = ""
    household_since: datetime.date | None = None
    residence_region: str = ""
    residence_since: datetime.date | None = None
    is_existing_auxiliary: bool = False
    auxiliary_region: str = ""
    declarations: Mapping[str, bool] = field(default_factory=dict)
    conditions: frozenset[str] = frozenset()
    step_results: Mapping[str, str] = field(default_factory=dict)  # e.g. {"assessment": "passed" | "failed"}
    # An application entered by the county from a paper form may leave declarations unanswered: they are then
    # for the reviewer to verify (a pending reason) instead of failing screening.
    undeclared_for_review: bool = False
    key: str = ""

    def __post_init__(self) -> None:
        if self.sex not in SEX_NAMES:
            raise ValueError(f"性别“{self.sex}”无法识别，应为 M（男）或 F（女）")

    @classmethod
    def from_id_number(cls, number: str, *, today: datetime.date | None = None, **fields: object) -> Applicant:
        """Take the birth date and sex from a resident identity number (GB 11643)."""
        info = idnumbers.parse(number, today=today)
        return cls(birth_date=info.birth_date, sex=info.sex, **fields)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True, kw_only=True)
class Recruitment:
    """The recruitment announcement the rules are measured against."""

    announcement_date: datetime.date
    registration_deadline: datetime.date
    county_code: str

    @classmethod
    def on(cls, day: datetime.date, *, county_code: str) -> Recruitment:
        """A recruitment whose announcement and registration deadline are both `day`."""
        return cls(announcement_date=day, registration_deadline=day, county_code=county_code)


@dataclass(frozen=True, slots=True, kw_only=True)
class Post:
    """A post of a recruitment plan: its track, the number of positions, and its sex when posts are split."""

    code: str
    track: str
    positions: int = 1
    sex: str | None = None
    name: str = ""


class Reason(NamedTuple):
    """The outcome of one rule for one applicant. `message_zh` begins with the rule id; `clause` is the
    clause of the document (or the mark of a default). `pending`: not failed, but a reviewer must verify."""

    rule_id: str
    clause: str
    message_zh: str
    passed: bool
    pending: bool = False


class PendingCheck(NamedTuple):
    """A condition a person must confirm, at review or at a later step (e.g. the medical examination)."""

    rule_id: str
    clause: str
    message_zh: str
    step: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    eligible: bool
    reasons: tuple[Reason, ...]
    pending: tuple[PendingCheck, ...]
    reference_date: datetime.date

    @property
    def failures(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if not r.passed)

    def reason(self, rule_id: str) -> Reason:
        for reason in self.reasons:
            if reason.rule_id == rule_id:
                return reason
        raise LookupError(f"审查结果中没有规则 {rule_id}")


def reference_date(policy: Policy, recruitment: Recruitment) -> datetime.date:
    """The day ages are counted to, as the policy's `age_reference` says."""
    rule = policy.age_reference
    if rule.counted_to == "registration_deadline":
        return recruitment.registration_deadline
    if rule.counted_to == "announcement_date":
        return recruitment.announcement_date
    if rule.counted_to == "year_start":
        return datetime.date(recruitment.announcement_date.year, 1, 1)
    assert rule.date is not None  # checked when the policy was loaded
    return rule.date


# A compiled check: which facts of an applicant the rule looks at, and the reason for given facts (None when
# the rule does not concern the applicant, e.g. an age limit for the other sex).
_Key = Callable[[Applicant], Hashable]
_Judge = Callable[[Hashable], "Reason | None"]


class _Check:
    __slots__ = ("judge", "key", "seen")

    def __init__(self, key: _Key, judge: _Judge) -> None:
        self.key = key
        self.judge = judge
        self.seen: dict[Hashable, Reason | None] = {}


_UNSEEN = object()


class Screener:
    """The rules of one policy compiled for one track, one recruitment and optionally one post."""

    def __init__(self, policy: Policy, track: str, *, recruitment: Recruitment, post: Post | None = None,
                 regions: RegionTree | None = None) -> None:
        self.policy = policy
        # Membership of a county, city or province goes by the division tree, not by leading digits (a
        # province-administered county such as 469005 is no city's).
        self.regions = regions or default_tree()
        self.track: Track = policy.track(track)
        self.recruitment = recruitment
        if len(recruitment.county_code) < 6 or not recruitment.county_code.isdigit():
            raise ValueError(f"招聘县（区）的行政区划代码“{recruitment.county_code}”应为6位数字")
        if post is not None and post.track != track:
            raise ValueError(f"岗位“{post.name or post.code}”属于渠道“{post.track}”，不是“{track}”")
        self.reference = reference_date(policy, recruitment)
        self._ref_label = f"{_COUNTED_TO[policy.age_reference.counted_to]}{_zh_date(self.reference)}"
        self._verb = "不得选聘为司法协理员" if self.track.existing_auxiliary else "不得招聘为司法协理员"
        checks: list[tuple[int, _Check]] = []
        if self.track.existing_auxiliary:
            checks.append((self.track.line, self._membership_check()))
        if post is not None and post.sex is not None:
            checks.append((policy.posts.line, self._post_sex_check(post)))
        for rule in policy.age_limits:
            if rule.applies_to(track):
                checks.append((rule.line, self._age_check(rule)))
        for rule in policy.nationality:
            if rule.applies_to(track):
                checks.append((rule.line, self._nationality_check(rule)))
        for rule in policy.education:
            if rule.applies_to(track):
                checks.append((rule.line, self._education_check(rule)))
        for rule in policy.residence:
            if rule.applies_to(track):
                checks.append((rule.line, self._residence_check(rule)))
        for rule in policy.disqualifications:
            if rule.applies_to(track):
                checks.append((rule.line, self._disqualification_check(rule)))
        manual = [r for r in policy.manual_checks if r.applies_to(track)]
        for rule in manual:
            if rule.ineligible_when:
                checks.append((rule.line, self._step_check(rule)))
        checks.sort(key=lambda item: item[0])  # reasons come in the order of the policy file
        self._checks = tuple(check for _line, check in checks)
        # A check decided by its step's recorded result (YQ-3.8) is pending only while it cannot decide.
        self._pending = tuple(PendingCheck(r.id, r.citation, f"{r.id}：{r.text}", r.step)
                              for r in manual if not r.ineligible_when)

    def __call__(self, applicant: Applicant) -> Verdict:
        reasons: list[Reason] = []
        eligible = True
        for check in self._checks:
            facts = check.key(applicant)
            reason = check.seen.get(facts, _UNSEEN)
            if reason is _UNSEEN:
                reason = check.seen[facts] = check.judge(facts)
            if reason is not None:
                reasons.append(reason)  # type: ignore[arg-type]
                eligible = eligible and reason.passed  # type: ignore[union-attr]
        return Verdict(eligible=eligible, reasons=tuple(reasons), pending=self._pending,
                       reference_date=self.reference)

    # --- the checks ------------------------------------------------------------------------------

    def _area(self, level: str) -> str:
        jurisdiction = self.policy.jurisdiction
        if level == jurisdiction.level and self.regions.contains(level, self.recruitment.county_code,
                                                                 jurisdiction.region_code):
            return jurisdiction.name
        return {"county": "本县（区）", "city": "本市", "province": "本省"}[level]

    def _within(self, level: str):
        """region code → whether it lies in the recruitment's county, city or province."""
        county = self.recruitment.county_code
        return lambda region: self.regions.contains(level, county, region)

    def _membership_check(self) -> _Check:
        # DQ-4 / YQ-3: the internal track is for existing auxiliaries, of the city (Daqing) or county (Yangquan).
        track = self.track
        cite = track.citation
        scope = track.auxiliary_scope
        area = self._area(scope) if scope != "any" else ""
        within = self._within(scope) if scope != "any" else None

        def judge(facts: Hashable) -> Reason:
            is_auxiliary, region = facts  # type: ignore[misc]
            if not is_auxiliary:
                return Reason(track.id, cite,
                              f"{track.id}：“{track.name}”仅限司法行政系统在职专职辅助人员报名，申请人不是", False)
            if scope == "any":
                return Reason(track.id, cite, f"{track.id}：申请人是司法行政系统在职专职辅助人员", True)
            unit = region or "未填写"
            if within(region):
                return Reason(track.id, cite,
                              f"{track.id}：申请人是{area}司法行政系统在职专职辅助人员（所在单位区划{unit}）", True)
            return Reason(track.id, cite,
                          f"{track.id}：“{track.name}”仅限{area}司法行政系统在职专职辅助人员，"
                          f"申请人所在单位（区划{unit}）不在{area}范围内", False)

        return _Check(lambda a: (a.is_existing_auxiliary, a.auxiliary_region), judge)

    def _post_sex_check(self, post: Post) -> _Check:
        rule = self.policy.posts
        if not rule.split_by_sex:
            raise ValueError(f"政策 {self.policy.id} 不分性别设岗（{rule.id}），岗位“{post.name or post.code}”不能限定性别")
        wanted = SEX_NAMES.get(str(post.sex), str(post.sex))
        label = post.name or post.code

        def judge(sex: Hashable) -> Reason:
            ok = sex == post.sex
            verdict = "符合" if ok else "不符合"
            return Reason(rule.id, rule.citation,
                          f"{rule.id}：岗位“{label}”限{wanted}，申请人为{SEX_NAMES[str(sex)]}，{verdict}", ok)

        return _Check(lambda a: a.sex, judge)

    def _age_check(self, rule: AgeLimit) -> _Check:
        # DQ-2.2/2.3, DQ-4.2/4.3 (by sex), YQ-3.2 (满45周岁即不得选聘: `below`), YQ-4.3.
        reference = self.reference
        cite = rule.citation
        head_end = f"周岁（计算至{self._ref_label}）"

        def judge(facts: Hashable) -> Reason | None:
            sex, age = facts  # type: ignore[misc]
            if rule.sex is not None and rule.sex != sex:
                return None
            head = f"{rule.id}：年龄{age}{head_end}"
            if rule.allows(age):
                return Reason(rule.id, cite, f"{head}，符合“{rule.bounds_zh}”", True)
            if rule.min is not None and age < rule.min:
                why = f"未满{rule.min}周岁"
            elif rule.max is not None and age > rule.max:
                why = f"超过{rule.max}周岁"
            else:
                why = f"已满{rule.below}周岁"
            return Reason(rule.id, cite, f"{head}，{why}，不符合“{rule.bounds_zh}”", False)

        return _Check(lambda a: (a.sex, age_on(a.birth_date, reference)), judge)

    def _nationality_check(self, rule: NationalityRule) -> _Check:
        allowed = "、".join(_COUNTRY_NAMES.get(c, c) for c in rule.countries)

        def judge(nationality: Hashable) -> Reason:
            name = _COUNTRY_NAMES.get(str(nationality), str(nationality) or "未填写")
            if nationality in rule.countries:
                return Reason(rule.id, rule.citation, f"{rule.id}：国籍为{name}，符合要求", True)
            return Reason(rule.id, rule.citation, f"{rule.id}：国籍为{name}，须为{allowed}国籍", False)

        return _Check(lambda a: a.nationality, judge)

    def _education_check(self, rule: EducationRule) -> _Check:
        # DQ-2.5, YQ-3.1, YQ-4.5: 大专及以上; a required major when a policy sets one.
        vocabulary = self.policy.vocabulary
        minimum = vocabulary.rank("education", rule.min_level)
        assert minimum is not None
        wanted = f"{vocabulary.name('education', rule.min_level)}及以上学历"
        majors = "、".join(rule.majors)
        cite = rule.citation

        def judge(facts: Hashable) -> Reason:
            education, major = facts  # type: ignore[misc]
            level = vocabulary.rank("education", education)
            if level is None:
                return Reason(rule.id, cite, f"{rule.id}：学历“{education or '未填写'}”无法识别，须为{wanted}", False)
            have = vocabulary.name("education", education)
            if level < minimum:
                return Reason(rule.id, cite, f"{rule.id}：学历为{have}，低于要求的{wanted}", False)
            if rule.majors and major not in rule.majors:
                return Reason(rule.id, cite,
                              f"{rule.id}：所学专业“{major or '未填写'}”不在要求的专业（{majors}）之内", False)
            major_note = f"，专业“{major}”符合要求" if rule.majors else ""
            return Reason(rule.id, cite, f"{rule.id}：学历为{have}，符合{wanted}的要求{major_note}", True)

        if rule.majors:
            return _Check(lambda a: (a.education, a.major), judge)
        return _Check(lambda a: (a.education, ""), judge)

    def _residence_check(self, rule: ResidenceRule) -> _Check:
        # YQ-4.4 (户籍或居住地, city level); the cut-off date and exceptions serve stricter cities.
        area = self._area(rule.level)
        within = self._within(rule.level)
        since = f"（须于{_zh_date(rule.since)}前取得）" if rule.since else ""
        wanted = {
            "household": f"具有{area}户籍{since}",
            "residence": f"居住地在{area}{since}",
            "household_or_residence": f"具有{area}户籍或居住地在{area}{since}",
            "household_and_residence": f"具有{area}户籍且居住地在{area}{since}",
        }[rule.basis]
        exceptions = frozenset(rule.exceptions)
        names = self.policy.vocabulary
        cite = rule.citation

        def holds(region: str, held_since: datetime.date | None) -> tuple[bool, str]:
            if not region:
                return False, "未填写"
            if not within(region):
                return False, f"{region}，不在{area}范围内"
            if rule.since is not None and (held_since is None or held_since > rule.since):
                when = _zh_date(held_since) if held_since else "未填写取得日期"
                return False, f"{region}，在{area}范围内但取得于{when}，晚于{_zh_date(rule.since)}"
            return True, f"{region}，在{area}范围内"

        def judge(facts: Hashable) -> Reason:
            household_region, household_since, residence_region, residence_since, excepted = facts  # type: ignore[misc]
            if excepted:
                which = "、".join(names.name("condition", c) for c in sorted(excepted))
                return Reason(rule.id, cite, f"{rule.id}：申请人属于“{which}”，不受“{wanted}”的限制", True)
            household_ok, household = holds(household_region, household_since)
            residence_ok, residence = holds(residence_region, residence_since)
            if rule.basis == "household":
                ok, detail = household_ok, f"户籍地{household}"
            elif rule.basis == "residence":
                ok, detail = residence_ok, f"居住地{residence}"
            elif rule.basis == "household_or_residence":
                ok = household_ok or residence_ok
                detail = f"户籍地{household}" if household_ok else (
                    f"居住地{residence}" if residence_ok else f"户籍地{household}；居住地{residence}")
            else:
                ok, detail = household_ok and residence_ok, f"户籍地{household}；居住地{residence}"
            verdict = "符合" if ok else "不符合"
            return Reason(rule.id, cite, f"{rule.id}：{detail}，{verdict}“{wanted}”", ok)

        dated = rule.since is not None
        return _Check(
            lambda a: (a.household_region, a.household_since if dated else None,
                       a.residence_region, a.residence_since if dated else None,
                       exceptions & a.conditions if exceptions else frozenset()),
            judge,
        )

    def _step_check(self, rule: ManualCheck) -> _Check:
        # YQ-3.8: 经考核（德、能、勤、绩、廉）合格 — the assessment recorded for the applicant decides, as the
        # policy's `ineligible_when` says; otherwise the check stays a pending one.
        step = self.policy.vocabulary.name("procedure_step", rule.step) if rule.step else "资格审查"
        verb = self._verb
        cite = rule.citation

        def judge(result: Hashable) -> Reason | None:
            if result == "passed":
                return Reason(rule.id, cite, f"{rule.id}：{step}结论为合格", True)
            if result == "failed":
                if "failed" in rule.ineligible_when:
                    return Reason(rule.id, cite, f"{rule.id}：{step}结论为不合格，{verb}", False)
                return Reason(rule.id, cite, f"{rule.id}：{step}结论为不合格，请审查人员确认", True)
            if "missing" in rule.ineligible_when:
                return Reason(rule.id, cite, f"{rule.id}：尚未登记{step}结论（{rule.text}）", False)
            return Reason(rule.id, cite, f"{rule.id}：尚未登记{step}结论，请审查人员确认", True)

        return _Check(lambda a: a.step_results.get(rule.step or "") or "", judge)

    def _disqualification_check(self, rule: DisqualificationRule) -> _Check:
        # DQ-5, YQ-3 (internal exclusions), YQ-5: one reason per rule, naming every situation found.
        vocabulary = self.policy.vocabulary
        items = tuple((code, vocabulary.name("disqualification", code), vocabulary.assessed_by(code))
                      for code in rule.codes)
        all_names = "、".join(f"“{name}”" for _code, name, _by in items)
        verb = self._verb
        cite = rule.citation
        codes = rule.codes

        def judge(answers: Hashable) -> Reason:
            pairs = tuple(zip(items, answers[:-1], strict=True))  # type: ignore[call-overload,index]
            present = [name for (_code, name, _by), answer in pairs if answer is True]
            if present:
                listed = "、".join(f"“{name}”" for name in present)
                return Reason(rule.id, cite, f"{rule.id}：存在以下情形：{listed}，{verb}", False)
            # A reviewer-judged situation (不适宜的其他情形) is not declared: no finding means none.
            for_review = answers[-1]  # type: ignore[index]
            missing = [name for (_code, name, by), answer in pairs if answer is None and by == "applicant"]
            if missing:
                listed = "、".join(f"“{name}”" for name in missing)
                if for_review:
                    return Reason(rule.id, cite, f"{rule.id}：报名表未声明是否存在以下情形：{listed}，须审查人员核实",
                                  True, pending=True)
                return Reason(rule.id, cite, f"{rule.id}：未声明是否存在以下情形：{listed}，不能通过资格审查", False)
            return Reason(rule.id, cite, f"{rule.id}：不存在以下情形：{all_names}", True)

        return _Check(lambda a: (*map(a.declarations.get, codes), a.undeclared_for_review), judge)


def screen(policy: Policy, track: str, applicant: Applicant, *, recruitment: Recruitment,
           post: Post | None = None) -> Verdict:
    """Screen one applicant on one track. For many applicants use `screen_many` or a `Screener`."""
    return Screener(policy, track, recruitment=recruitment, post=post)(applicant)


def screen_many(policy: Policy, track: str, applicants: Iterable[Applicant], *, recruitment: Recruitment,
                post: Post | None = None) -> list[Verdict]:
    screener = Screener(policy, track, recruitment=recruitment, post=post)
    return [screener(applicant) for applicant in applicants]
