"""Quota (员额) of judicial assistants for the offices of one county, with the reasoning line by line.

Each office should have `base` staff plus what its population tier and its numbers of correction or
resettlement subjects add. Only the staff types the policy counts are counted. Two ways to aggregate:

- per_office (DQ-6): every office must reach its number; the county recruits at least the sum of the
  shortfalls (an office above its number does not make up for another below).
- county_pooled (YQ-2): the county as a whole must reach the sum of the offices' numbers; the county
  recruits at least that sum minus the counted staff. Per-office shortfalls are shown for guidance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .model import Policy, QuotaRule, Vocabulary

__all__ = ["CountyQuota", "OfficeQuota", "OfficeStaffing", "compute_quotas", "counted_label", "plan_over_maximum"]

# Above this many offices the county line gives the sum without writing out every term.
_MAX_TERMS = 15


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeStaffing:
    """One office as the quota needs it: head counts by staff type code (schema vocabulary `staff_type`),
    population of its area, and counts of subjects by subject code (vocabulary `subject`)."""

    code: str
    name: str
    staff: Mapping[str, int]
    population: int | None = None
    subjects: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OfficeQuota:
    code: str
    name: str
    counted: tuple[tuple[str, int], ...]  # (staff type, head count) for each counted type
    counted_total: int
    required: int
    vacancy: int
    line: str
    maximum: int | None = None  # the most the office may have (quota.max), None without an upper bound

    @property
    def room(self) -> int | None:
        """How many the office may still recruit under the upper bound (0 when at or above it)."""
        return None if self.maximum is None else max(0, self.maximum - self.counted_total)


@dataclass(frozen=True, slots=True)
class CountyQuota:
    county: str
    rule_id: str
    clause: str
    aggregation: str
    offices: tuple[OfficeQuota, ...]
    required_total: int
    counted_total: int
    minimum_to_recruit: int
    lines: tuple[str, ...]
    maximum_to_recruit: int | None = None  # under the upper bound per office; None without one


def counted_label(policy: Policy) -> str:
    """What the quota counts, for its lines: the staff type's name when only one type counts (司法协理员),
    工作人员 otherwise."""
    counted = policy.quota.counted_staff
    return policy.vocabulary.name("staff_type", counted[0]) if len(counted) == 1 else "工作人员"


def plan_over_maximum(policy: Policy, *, office: str, counted: int, planned: int) -> str | None:
    """The refusal when recruiting `planned` more would take an office above the quota's upper bound."""
    rule = policy.quota
    if rule.max is None or counted + planned <= rule.max:
        return None
    who = counted_label(policy)
    return (f"{rule.id}：每个司法所{who}不超过{rule.max}人，「{office}」现有计入{counted}人，计划招聘{planned}人，"
            f"合计{counted + planned}人，超过上限；至多可招聘{max(0, rule.max - counted)}人")


def _required(rule: QuotaRule, office: OfficeStaffing, vocabulary: Vocabulary) -> tuple[int, list[str]]:
    """How many staff the office should have, and the terms that make up the number."""
    required, parts = rule.base, [f"基数{rule.base}人"]
    if rule.population_tiers:
        if office.population is None:
            raise ValueError(f"{rule.id}：{office.name}未填写辖区人口，无法按人口分档核定员额")
        reached = [t for t in rule.population_tiers if office.population >= t.at_least]
        if reached:
            tier = max(reached, key=lambda t: t.at_least)
            required += tier.add
            parts.append(f"人口{office.population}人，满{tier.at_least}人加{tier.add}人")
    by_subject: dict[str, list] = {}
    for step in rule.subject_steps:
        by_subject.setdefault(step.subject, []).append(step)
    for subject, steps in by_subject.items():
        if subject not in office.subjects:
            name = vocabulary.name("subject", subject)
            raise ValueError(f"{rule.id}：{office.name}未填写{name}人数，无法按对象数量核定员额")
        count = office.subjects[subject]
        name = vocabulary.name("subject", subject)
        thresholds = [s for s in steps if s.at_least is not None and count >= s.at_least]
        if thresholds:
            step = max(thresholds, key=lambda s: s.at_least or 0)
            required += step.add
            parts.append(f"{name}{count}人，满{step.at_least}人加{step.add}人")
        for step in steps:
            if step.per is None:
                continue
            add = (count // step.per) * step.add
            if step.max_add is not None:
                add = min(add, step.max_add)
            if add:
                required += add
                parts.append(f"{name}{count}人，每满{step.per}人加{step.add}人，加{add}人")
    return required, parts


def _breakdown(office: OfficeStaffing, rule: QuotaRule, vocabulary: Vocabulary
               ) -> tuple[tuple[tuple[str, int], ...], str]:
    counted = tuple((t, int(office.staff.get(t, 0))) for t in rule.counted_staff)
    shown = "、".join(f"{vocabulary.name('staff_type', t)}{n}人" for t, n in counted if n) or "无计入人员"
    others = [(t, n) for t, n in office.staff.items() if t not in rule.counted_staff and n]
    if others:
        shown += "；另有" + "、".join(f"{vocabulary.name('staff_type', t)}{n}人" for t, n in others) + "不计入"
    return counted, shown


def _sum_text(values: list[int]) -> str:
    terms = [v for v in values if v]
    if 1 < len(terms) <= _MAX_TERMS:
        return "+".join(str(v) for v in terms) + "="
    return ""


def compute_quotas(policy: Policy, county_offices: Iterable[OfficeStaffing], *, county: str = "") -> CountyQuota:
    """The minimum number of assistants one county must recruit under the policy's quota rule (DQ-6 or
    YQ-2 in the two policies), each office's shortfall, and the reasoning as Chinese lines."""
    rule, vocabulary = policy.quota, policy.vocabulary
    county_name = county or "本县（区）"
    offices = list(county_offices)
    simple = not rule.population_tiers and not rule.subject_steps
    who = counted_label(policy)
    bound = f"、不超过{rule.max}人" if rule.max is not None else ""
    results: list[OfficeQuota] = []
    for office in offices:
        required, parts = _required(rule, office, vocabulary)
        counted, shown = _breakdown(office, rule, vocabulary)
        total = sum(n for _t, n in counted)
        vacancy = max(0, required - total)
        outcome = f"缺{vacancy}人" if vacancy else "已达到要求"
        if rule.max is not None and total > rule.max:
            outcome += f"，超过上限{rule.max}人{total - rule.max}人"
        elif rule.max is not None:
            outcome += f"，至多可招聘{rule.max - total}人"
        if rule.aggregation == "per_office":
            need = f"每个司法所{who}不少于{rule.base}人{bound}；" if simple else ""
            own = "" if simple else f"{office.name}应有{required}人（{'；'.join(parts)}）；"
            line = f"{rule.id}：{need}{own}{office.name}现有{total}人（{shown}），{outcome}"
        else:
            standard = f"所均{rule.base}人" if simple else f"应有{required}人（{'；'.join(parts)}）"
            line = f"{rule.id}：{office.name}现有{total}人（{shown}），按{standard}计{outcome}"
        results.append(OfficeQuota(office.code, office.name, counted, total, required, vacancy, line, rule.max))

    required_total = sum(r.required for r in results)
    counted_total = sum(r.counted_total for r in results)
    lines = [r.line for r in results]
    if not results:
        minimum = 0
        lines.append(f"{rule.id}：{county_name}没有司法所，无须招聘")
    elif rule.aggregation == "per_office":
        vacancies = [r.vacancy for r in results]
        minimum = sum(vacancies)
        most = ""
        if rule.max is not None:
            most = f"，至多招聘{sum(r.room or 0 for r in results)}人（每所{who}不超过{rule.max}人）"
        lines.append(f"{rule.id}：{county_name}共{len(results)}个司法所，缺额合计{_sum_text(vacancies)}{minimum}人，"
                     f"至少招聘{minimum}人{most}")
    else:
        minimum = max(0, required_total - counted_total)
        counted_names = [vocabulary.name("staff_type", t) for t in rule.counted_staff]
        lhs = "协理员拟招聘数+" + "+".join(f"{n}数" for n in counted_names)
        if simple:
            rhs = f"{rule.base}×司法所数：{rule.base}×{len(results)}={required_total}"
        else:
            rhs = f"各所应有人数之和：{_sum_text([r.required for r in results])}{required_total}"
        by_type = {t: sum(dict(r.counted).get(t, 0) for r in results) for t in rule.counted_staff}
        have = "、".join(f"{vocabulary.name('staff_type', t)}{n}人" for t, n in by_type.items())
        if len(by_type) > 1:
            have += f"（合计{counted_total}人）"
        conclusion = f"至少招聘{minimum}人" if minimum else "已达到要求，至少招聘0人"
        if rule.max is not None:
            conclusion += f"，至多招聘{sum(r.room or 0 for r in results)}人（每所{who}不超过{rule.max}人）"
        lines.append(f"{rule.id}：{lhs} ≥ {rhs}，现有{have}，{conclusion}")
    return CountyQuota(
        county=county_name,
        rule_id=rule.id,
        clause=rule.citation,
        aggregation=rule.aggregation,
        offices=tuple(results),
        required_total=required_total,
        counted_total=counted_total,
        minimum_to_recruit=minimum,
        lines=tuple(lines),
        maximum_to_recruit=None if rule.max is None else sum(r.room or 0 for r in results),
    )
