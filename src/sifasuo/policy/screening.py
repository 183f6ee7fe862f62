"""Automatic eligibility screening (资格审查) of applicants under a policy.

`screen` checks one applicant on one track against every rule of the policy that applies to that track and
returns a verdict with one reason per rule, each naming the rule id and written in Chinese, passed or not.
Conditions no program can judge (political standing, health, skills) come back as pending checks for the
reviewer.

`Screener` compiles the rules once for a track and a recruitment. Each compiled check names the few facts of
an applicant its rule looks at (age and sex, education, regions, the declarations it concerns) and keeps the
reason it gave for each combination of those facts: reasons are immutable, so applicants with the same facts
share one, and screening tens of thousands of applicants costs little more than reading their facts.

A verdict has three values (`Verdict.outcome`): passed, passed on a condition (an exception with an
obligation let the applicant through: 有条件通过), or failed. A reason whose rule cannot be decided from the
data (a major not in the catalogue, a missing study mode) has `passed=None`; a reason that passes but still
waits for a reviewer's finding (不适宜的其他情形) carries `review`. Both are listed by
`Verdict.awaiting_review`: the rules a person must still look at.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from sifasuo.core import idnumbers

from .majors import classify
from .model import (
    SEX_NAMES,
    AgeLimit,
    BirthDateRule,
    DisqualificationRule,
    EducationRule,
    ListRule,
    ManualCheck,
    NationalityRule,
    Obligation,
    Policy,
    ResidenceRule,
    Rule,
    Track,
)
from .regions import RegionTree, default_tree

__all__ = [
    "OUTCOME_LABELS",
    "Applicant",
    "NamedList",
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
OUTCOME_LABELS = {"passed": "通过", "conditional": "有条件通过", "failed": "不通过"}


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
    id_number: str = ""
    study_mode: str = ""  # full_time / part_time / "" when not known
    findings: Mapping[str, bool] = field(default_factory=dict)  # a reviewer's finding per reviewer-judged code

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


@dataclass(frozen=True, slots=True)
class NamedList:
    """A dated list of ID numbers (e.g. a province's roster of auxiliary staff on 30 June): what a
    `list_membership` rule checks against. ID numbers are stored as 18 characters with a capital X."""

    code: str
    ids: frozenset[str]
    as_of: datetime.date | None = None
    name: str = ""


class Reason(NamedTuple):
    """The outcome of one rule for one applicant. `message_zh` begins with the rule id; `clause` is the
    clause of the document (or the mark of a default). `passed` is None when the data cannot decide the rule
    and a person must; `pending`: not failed, but a reviewer must verify what the applicant did not declare;
    `obligation` is set when the applicant passes only by an exception that imposes one; `review` names what a
    reviewer has still to establish on a rule that passes for now."""

    rule_id: str
    clause: str
    message_zh: str
    passed: bool | None
    pending: bool = False
    obligation: Obligation | None = None
    review: str = ""


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
        return tuple(r for r in self.reasons if r.passed is False)

    @property
    def obligations(self) -> tuple[Reason, ...]:
        """The reasons that pass on a condition (有条件通过), each with its obligation."""
        return tuple(r for r in self.reasons if r.obligation is not None and r.passed is not False)

    @property
    def outcome(self) -> str:
        """passed, conditional (有条件通过) or failed."""
        if not self.eligible:
            return "failed"
        return "conditional" if self.obligations else "passed"

    @property
    def outcome_zh(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def awaiting_review(self) -> tuple[Reason, ...]:
        """Rules a person must still look at: undecided by the data, or waiting for a reviewer's finding."""
        return tuple(r for r in self.reasons
                     if r.passed is None or ((r.review or r.pending) and r.passed is not False))

    def reason(self, rule_id: str) -> Reason:
        for reason in self.reasons:
            if reason.rule_id == rule_id:
                return reason
        raise LookupError(f"审查结果中没有规则 {rule_id}")


def reference_date(policy: Policy, recruitment: Recruitment) -> datetime.date:
    """The day ages are counted to, as the policy's `age_reference` says (`days_before` that day)."""
    rule = policy.age_reference
    if rule.counted_to == "registration_deadline":
        day = recruitment.registration_deadline
    elif rule.counted_to == "announcement_date":
        day = recruitment.announcement_date
    elif rule.counted_to == "year_start":
        day = datetime.date(recruitment.announcement_date.year, 1, 1)
    else:
        assert rule.date is not None  # checked when the policy was loaded
        return rule.date
    return day - datetime.timedelta(days=rule.days_before)


def relative_day(recruitment: Recruitment, relative) -> datetime.date:
    """A RelativeDate of the policy on this recruitment's dates."""
    return relative.resolve(announcement_date=recruitment.announcement_date,
                            registration_deadline=recruitment.registration_deadline)


# A compiled check: which facts of an applicant the rule looks at, and the reason for given facts (None when
# the rule does not concern the applicant, e.g. an age limit for the other sex).
_Key = Callable[[Applicant], Hashable]
_Judge = Callable[[Hashable], "Reason | None"]


class _Check:
    """`fields` names the Applicant attributes `key` reads: the columns a screening sheet must have."""

    __slots__ = ("fields", "judge", "key", "seen")

    def __init__(self, key: _Key, judge: _Judge, fields: tuple[str, ...] = ()) -> None:
        self.key = key
        self.judge = judge
        self.fields = fields
        self.seen: dict[Hashable, Reason | None] = {}


def _tail(message: str, rule_id: str) -> str:
    """A reason's message without its leading "RULE-ID："."""
    prefix = f"{rule_id}："
    return message[len(prefix):] if message.startswith(prefix) else message


_UNSEEN = object()


class Screener:
    """The rules of one policy compiled for one track, one recruitment and optionally one post."""

    def __init__(self, policy: Policy, track: str, *, recruitment: Recruitment, post: Post | None = None,
                 regions: RegionTree | None = None, lists: Mapping[str, NamedList] | None = None) -> None:
        self.policy = policy
        # Membership of a county, city or province goes by the division tree, not by leading digits (a
        # province-administered county such as 469005 is no city's).
        self.regions = regions or default_tree()
        self.track: Track = policy.track(track)
        self.recruitment = recruitment
        self.lists = dict(lists or {})
        if len(recruitment.county_code) < 6 or not recruitment.county_code.isdigit():
            raise ValueError(f"招聘县（区）的行政区划代码“{recruitment.county_code}”应为6位数字")
        if post is not None and post.track != track:
            raise ValueError(f"岗位“{post.name or post.code}”属于渠道“{post.track}”，不是“{track}”")
        self.reference = reference_date(policy, recruitment)
        counted_to = _COUNTED_TO[policy.age_reference.counted_to]
        if policy.age_reference.days_before:
            counted_to += f"前{policy.age_reference.days_before}日"
        self._ref_label = f"{counted_to}{_zh_date(self.reference)}"
        self._verb = "不得选聘为司法协理员" if self.track.existing_auxiliary else "不得招聘为司法协理员"
        checks: list[tuple[int, _Check]] = []
        if self.track.existing_auxiliary:
            checks.append((self.track.line, self._membership_check()))
        if post is not None and post.sex is not None:
            checks.append((policy.posts.line, self._post_sex_check(post)))
        compilers: tuple[tuple[tuple[Rule, ...], Callable[..., _Check]], ...] = (
            (policy.age_limits, self._age_check),
            (policy.birth_dates, self._birth_date_check),
            (policy.nationality, self._nationality_check),
            (policy.education, self._education_check),
            (policy.residence, self._residence_check),
            (policy.list_membership, self._list_check),
            (policy.disqualifications, self._disqualification_check),
        )
        for rules, compile_rule in compilers:
            for rule in rules:
                if rule.applies_to(track):  # type: ignore[attr-defined]
                    checks.append((rule.line, self._excepted(rule, compile_rule)))
        manual = [r for r in policy.manual_checks if r.applies_to(track)]
        for rule in manual:
            if rule.ineligible_when:
                checks.append((rule.line, self._step_check(rule)))
        checks.sort(key=lambda item: item[0])  # reasons come in the order of the policy file
        self._checks = tuple(check for _line, check in checks)
        # A check decided by its step's recorded result (YQ-3.8) is pending only while it cannot decide.
        self._pending = tuple(PendingCheck(r.id, r.citation, f"{r.id}：{r.text}", r.step)
                              for r in manual if not r.ineligible_when)

    @property
    def inputs(self) -> frozenset[str]:
        """The Applicant attributes the compiled rules read: what a screening sheet must ask for."""
        return frozenset(name for check in self._checks for name in check.fields)

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
                if reason.passed is False:  # type: ignore[union-attr]
                    eligible = False
        return Verdict(eligible=eligible, reasons=tuple(reasons), pending=self._pending,
                       reference_date=self.reference)

    # --- exceptions ------------------------------------------------------------------------------

    def _excepted(self, rule: Rule, compile_rule: Callable[..., _Check]) -> _Check:
        """The rule's check, and when exceptions change the rule, a check that tries them in file order for an
        applicant who fails the rule itself: waived, or judged again with the replaced parameters."""
        base = compile_rule(rule)
        exceptions = self.policy.exceptions_to(rule.id, self.track.code)
        if not exceptions:
            return base
        alternatives = tuple(
            (exception, None if exception.waive else compile_rule(dataclasses.replace(rule, **dict(exception.replace))))
            for exception in exceptions
        )
        codes = frozenset(code for exception in exceptions for code in exception.conditions)
        names = self.policy.vocabulary
        base_key, base_judge = base.key, base.judge

        def key(applicant: Applicant) -> Hashable:
            held = applicant.conditions & codes if codes else frozenset()
            return (base_key(applicant), tuple(alt.key(applicant) if alt else None for _e, alt in alternatives),
                    held)

        def judge(facts: Hashable) -> Reason | None:
            base_facts, alternative_facts, held = facts  # type: ignore[misc]
            reason = base_judge(base_facts)
            if reason is None or reason.passed is not False:
                return reason
            for (exception, alternative), alt_facts in zip(alternatives, alternative_facts, strict=True):
                if not exception.applies_to_applicant(held):
                    continue
                who = ("申请人属于“" + "、".join(names.name("condition", c) for c in sorted(held & set(exception.conditions)))
                       + "”") if exception.conditions else "本条允许"
                if alternative is None:
                    relief, passed = f"按{exception.id}不受此条限制", True
                else:
                    found = alternative.judge(alt_facts)
                    if found is None or found.passed is False:
                        continue
                    relief, passed = f"按{exception.id}放宽审查：{_tail(found.message_zh, rule.id)}", found.passed
                message = f"{reason.message_zh}；但{who}，{relief}"
                obligation = exception.obligation
                if obligation is not None:
                    message += f"；有条件通过：{obligation.text}（{obligation.due_zh}）"
                return Reason(rule.id, reason.clause, message, passed, obligation=obligation)
            return reason

        fields = {*base.fields, "conditions"}
        for _exception, alternative in alternatives:
            if alternative is not None:
                fields.update(alternative.fields)
        return _Check(key, judge, tuple(sorted(fields)))

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

        fields = ("is_existing_auxiliary",) if scope == "any" else ("is_existing_auxiliary", "auxiliary_region")
        return _Check(lambda a: (a.is_existing_auxiliary, a.auxiliary_region), judge, fields)

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

        return _Check(lambda a: a.sex, judge, ("sex",))

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

        return _Check(lambda a: (a.sex, age_on(a.birth_date, reference)), judge, ("sex", "birth_date"))

    def _birth_date_check(self, rule: BirthDateRule) -> _Check:
        # A birth-date window (“1990年1月1日以后出生”): both ends included.
        cite = rule.citation
        wanted = rule.bounds_zh

        def judge(birth: Hashable) -> Reason:
            day = _zh_date(birth)  # type: ignore[arg-type]
            if rule.allows(birth):  # type: ignore[arg-type]
                return Reason(rule.id, cite, f"{rule.id}：出生日期{day}，符合“{wanted}”", True)
            if rule.born_on_or_after is not None and birth < rule.born_on_or_after:  # type: ignore[operator]
                why = f"早于{_zh_date(rule.born_on_or_after)}"
            else:
                assert rule.born_on_or_before is not None
                why = f"晚于{_zh_date(rule.born_on_or_before)}"
            return Reason(rule.id, cite, f"{rule.id}：出生日期{day}，{why}，不符合“{wanted}”", False)

        return _Check(lambda a: a.birth_date, judge, ("birth_date",))

    def _nationality_check(self, rule: NationalityRule) -> _Check:
        allowed = "、".join(_COUNTRY_NAMES.get(c, c) for c in rule.countries)

        def judge(nationality: Hashable) -> Reason:
            name = _COUNTRY_NAMES.get(str(nationality), str(nationality) or "未填写")
            if nationality in rule.countries:
                return Reason(rule.id, rule.citation, f"{rule.id}：国籍为{name}，符合要求", True)
            return Reason(rule.id, rule.citation, f"{rule.id}：国籍为{name}，须为{allowed}国籍", False)

        return _Check(lambda a: a.nationality, judge, ("nationality",))

    def _education_check(self, rule: EducationRule) -> _Check:
        # DQ-2.5, YQ-3.1, YQ-4.5: 大专及以上; a study mode (全日制) and majors by name or by the catalogue's
        # categories (法学类) when a policy sets them.
        vocabulary = self.policy.vocabulary
        minimum = vocabulary.rank("education", rule.min_level)
        assert minimum is not None
        wanted = f"{vocabulary.name('education', rule.min_level)}及以上学历"
        mode_name = vocabulary.name("study_mode", rule.study_mode) if rule.study_mode else ""
        if mode_name:
            wanted = f"{mode_name}{wanted}"
        allowed = "、".join([*rule.majors, *rule.major_categories])
        names, categories = frozenset(rule.majors), frozenset(rule.major_categories)
        cite = rule.citation

        def major_finding(major: str) -> tuple[bool | None, str]:
            if major in names:
                return True, f"所学专业“{major}”符合要求"
            if not major:
                return False, f"所学专业未填写，须为{allowed}"
            match = classify(major)
            if match is not None:
                found = sorted(match.categories & categories)
                if found:
                    return True, f"所学专业“{major}”属于{'、'.join(found)}，符合要求"
                if not categories and names:
                    return False, f"所学专业“{major}”不在要求的专业（{allowed}）之内"
                belongs = "、".join(sorted(match.categories))
                return False, f"所学专业“{major}”属于{belongs}，不在要求的专业（{allowed}）之内"
            if not categories:
                return False, f"所学专业“{major}”不在要求的专业（{allowed}）之内"
            return None, (f"所学专业“{major}”不在国家专业目录中，无法判断是否属于{allowed}，"
                          "须人工核对（按学历证书所载专业）")

        def judge(facts: Hashable) -> Reason:
            education, mode, major = facts  # type: ignore[misc]
            level = vocabulary.rank("education", education)
            if level is None:
                return Reason(rule.id, cite, f"{rule.id}：学历“{education or '未填写'}”无法识别，须为{wanted}", False)
            have = vocabulary.name("education", education)
            if level < minimum:
                return Reason(rule.id, cite, f"{rule.id}：学历为{have}，低于要求的{wanted}", False)
            notes: list[str] = []
            passed: bool | None = True
            if rule.study_mode:
                if not mode:
                    notes.append(f"学习形式未填写，须人工核对是否为{mode_name}")
                    passed = None
                elif mode != rule.study_mode:
                    got = vocabulary.name("study_mode", mode)
                    return Reason(rule.id, cite, f"{rule.id}：学历为{got}{have}，不符合{wanted}的要求", False)
                else:
                    have = f"{mode_name}{have}"
            if rule.restricts_major:
                finding, text = major_finding(major)
                if finding is False:
                    return Reason(rule.id, cite, f"{rule.id}：学历为{have}；{text}", False)
                if finding is None:
                    passed = None
                notes.append(text)
            tail = "，" + "；".join(notes) if notes else ""
            if passed is None:
                return Reason(rule.id, cite, f"{rule.id}：学历为{have}{tail}", None)
            return Reason(rule.id, cite, f"{rule.id}：学历为{have}，符合{wanted}的要求{tail}", True)

        with_mode, with_major = rule.study_mode is not None, rule.restricts_major
        fields = ("education", *(("study_mode",) if with_mode else ()), *(("major",) if with_major else ()))
        return _Check(lambda a: (a.education, a.study_mode if with_mode else "", a.major if with_major else ""),
                      judge, fields)

    def _residence_check(self, rule: ResidenceRule) -> _Check:
        # YQ-4.4 (户籍或居住地, city level); the cut-off date (fixed, or following the announcement) and the
        # exceptions serve stricter cities.
        area = self._area(rule.level)
        within = self._within(rule.level)
        cutoff = rule.since
        if rule.since_relative is not None:
            cutoff = relative_day(self.recruitment, rule.since_relative)
            since = f"（须于{_zh_date(cutoff)}即{rule.since_relative.zh}前取得）"
        else:
            since = f"（须于{_zh_date(cutoff)}前取得）" if cutoff else ""
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
            if cutoff is not None and (held_since is None or held_since > cutoff):
                when = _zh_date(held_since) if held_since else "未填写取得日期"
                return False, f"{region}，在{area}范围内但取得于{when}，晚于{_zh_date(cutoff)}"
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

        dated = cutoff is not None
        fields = {
            "household": ("household_region",),
            "residence": ("residence_region",),
        }.get(rule.basis, ("household_region", "residence_region"))
        if dated:
            fields = (*fields, *(f.replace("_region", "_since") for f in fields))
        if exceptions:
            fields = (*fields, "conditions")
        return _Check(
            lambda a: (a.household_region, a.household_since if dated else None,
                       a.residence_region, a.residence_since if dated else None,
                       exceptions & a.conditions if exceptions else frozenset()),
            judge, fields,
        )

    def _list_check(self, rule: ListRule) -> _Check:
        # Being on a named, dated list (a roster of auxiliary staff, trained grid workers), by ID number.
        label = self.policy.vocabulary.name("named_list", rule.list)
        named = self.lists.get(rule.list)
        if named is None:
            raise ValueError(f"{rule.id}：须核对申请人是否在“{label}”中，但没有提供该名单（网页中由县级以上司法行政"
                             f"机关导入；命令行审查用 --list {rule.list}=名单.xlsx）")
        required = rule.as_of
        if rule.as_of_relative is not None:
            required = relative_day(self.recruitment, rule.as_of_relative)
        if required is not None and named.as_of != required:
            given = _zh_date(named.as_of) if named.as_of else "未注明日期"
            raise ValueError(f"{rule.id}：须使用{_zh_date(required)}的“{label}”，提供的名单为{given}")
        dated = f"（{_zh_date(named.as_of)}）" if named.as_of else ""
        shown = f"“{label}”{dated}"
        ids = named.ids
        cite = rule.citation

        def judge(on_list: Hashable) -> Reason:
            if on_list is None:
                return Reason(rule.id, cite, f"{rule.id}：未填写身份证号码，无法核对是否在{shown}中", False)
            if on_list:
                return Reason(rule.id, cite, f"{rule.id}：身份证号码在{shown}中，符合要求", True)
            return Reason(rule.id, cite, f"{rule.id}：身份证号码不在{shown}中，不符合要求", False)

        return _Check(lambda a: (a.id_number.upper() in ids) if a.id_number else None, judge, ("id_number",))

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

        return _Check(lambda a: a.step_results.get(rule.step or "") or "", judge, ("step_results",))

    def _disqualification_check(self, rule: DisqualificationRule) -> _Check:
        # DQ-5, YQ-3 (internal exclusions), YQ-5: one reason per rule, naming every situation found. The
        # applicant declares most situations; a reviewer establishes the others (不适宜的其他情形): until the
        # reviewer records a finding, such a situation counts as absent and the reason says it awaits review.
        vocabulary = self.policy.vocabulary
        declared = tuple((code, vocabulary.name("disqualification", code)) for code in rule.codes
                         if vocabulary.assessed_by(code) == "applicant")
        reviewed = tuple((code, vocabulary.name("disqualification", code)) for code in rule.codes
                         if vocabulary.assessed_by(code) != "applicant")
        all_names = "、".join(f"“{vocabulary.name('disqualification', code)}”" for code in rule.codes)
        verb = self._verb
        cite = rule.citation
        declared_codes = tuple(code for code, _name in declared)
        reviewed_codes = tuple(code for code, _name in reviewed)

        def quoted(items: list[str]) -> str:
            return "、".join(f"“{name}”" for name in items)

        def judge(facts: Hashable) -> Reason:
            answers, findings, for_review = facts  # type: ignore[misc]
            present = [name for (_code, name), answer in zip(declared, answers, strict=True) if answer is True]
            present += [name for (_code, name), finding in zip(reviewed, findings, strict=True) if finding is True]
            if present:
                return Reason(rule.id, cite, f"{rule.id}：存在以下情形：{quoted(present)}，{verb}", False)
            missing = [name for (_code, name), answer in zip(declared, answers, strict=True) if answer is None]
            if missing and not for_review:
                return Reason(rule.id, cite, f"{rule.id}：未声明是否存在以下情形：{quoted(missing)}，不能通过资格审查",
                              False)
            unassessed = [name for (_code, name), finding in zip(reviewed, findings, strict=True) if finding is None]
            review = f"{rule.id}：{quoted(unassessed)}须由审查人员认定" if unassessed else ""
            if missing:  # a paper form entered by the county: the reviewer verifies what was not declared
                return Reason(rule.id, cite, f"{rule.id}：报名表未声明是否存在以下情形：{quoted(missing)}，须审查人员核实",
                              True, pending=True, review=review)
            if not unassessed:
                return Reason(rule.id, cite, f"{rule.id}：不存在以下情形：{all_names}", True)
            absent = [name for (_code, name) in declared]
            head = f"不存在以下情形：{quoted(absent)}；" if absent else ""
            return Reason(rule.id, cite, f"{rule.id}：{head}审查人员尚未认定是否存在{quoted(unassessed)}"
                                         "（认定前视为不存在）", True, review=review)

        fields = (*(("declarations",) if declared else ()), *(("findings",) if reviewed else ()))
        # A reviewer's finding is in `findings`; an application made before findings existed may carry it
        # among the declarations.
        return _Check(lambda a: (tuple(map(a.declarations.get, declared_codes)),
                                 tuple(a.findings.get(c, a.declarations.get(c)) for c in reviewed_codes),
                                 a.undeclared_for_review),
                      judge, fields)


def screen(policy: Policy, track: str, applicant: Applicant, *, recruitment: Recruitment,
           post: Post | None = None, lists: Mapping[str, NamedList] | None = None) -> Verdict:
    """Screen one applicant on one track. For many applicants use `screen_many` or a `Screener`."""
    return Screener(policy, track, recruitment=recruitment, post=post, lists=lists)(applicant)


def screen_many(policy: Policy, track: str, applicants: Iterable[Applicant], *, recruitment: Recruitment,
                post: Post | None = None, lists: Mapping[str, NamedList] | None = None) -> list[Verdict]:
    screener = Screener(policy, track, recruitment=recruitment, post=post, lists=lists)
    return [screener(applicant) for applicant in applicants]
