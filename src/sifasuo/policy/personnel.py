"""Personnel rules of a policy: levels 一级–四级, annual assessment, contract renewal, pay, training and
yearly writing duties of judicial assistants (DQ-8…DQ-10, YQ-7, YQ-8; WH-4 and HZ-6/HZ-9 as defaults).

Plain Python without Django, like the rest of the engine. The `personnel` section of a policy file is read
into `PersonnelRules`; the functions below decide from plain values:

    review_level(rules, level=3, level_since=date(2022, 1, 1), grades={2023: "excellent", 2024: "competent"},
                 year=2024)                       -> LevelProposal | None   (yearly level review, DQ-9)
    propose_renewal(rules, grades=["competent"])   -> RenewalProposal        (YQ-8)
    pay_line(rules, level=2, benchmark=Decimal("4000"), service_years=5, on_probation=False) -> PayLine (DQ-8, YQ-7)
    grade_for_scores(rules, scores)               -> grade code              (德能勤绩廉 bands)

Levels are numbers: 1 is the highest (一级), 4 the lowest (四级). Grades are codes, best first:
excellent 优秀, competent 称职, basic 基本称职, incompetent 不称职.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .model import Rule

__all__ = [
    "DIMENSIONS",
    "GRADES",
    "LEVEL_NAMES",
    "AssessmentRule",
    "DemotionStep",
    "LevelProposal",
    "LevelsRule",
    "PayLevel",
    "PayLine",
    "PayRule",
    "PersonnelRules",
    "PromotionStep",
    "RenewalProposal",
    "RenewalRule",
    "TrainingRule",
    "WritingRule",
    "completed_years",
    "describe_personnel",
    "grade_for_scores",
    "grade_rank",
    "pay_line",
    "propose_renewal",
    "review_level",
]

GRADES: dict[str, str] = {"excellent": "优秀", "competent": "称职", "basic": "基本称职", "incompetent": "不称职"}
LEVEL_NAMES: dict[int, str] = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
DIMENSIONS: dict[str, str] = {"virtue": "德", "ability": "能", "diligence": "勤", "performance": "绩",
                              "integrity": "廉"}
BENCHMARKS: dict[str, str] = {"auxiliary_police": "本地公安辅警工资标准", "public_institution": "事业单位工作人员工资标准"}
CENT = Decimal("0.01")


def grade_rank(grade: str) -> int:
    """3 for 优秀 … 0 for 不称职; ValueError with a Chinese message for a grade not in the list."""
    order = list(GRADES)
    if grade not in GRADES:
        raise ValueError(f"考核等次“{grade}”无效，应为：{'、'.join(GRADES.values())}")
    return len(order) - 1 - order.index(grade)


def completed_years(since: datetime.date, on: datetime.date) -> int:
    """Full years from `since` to `on` (an anniversary counts on its day)."""
    years = on.year - since.year
    if (on.month, on.day) < (since.month, since.day):
        years -= 1
    return max(years, 0)


@dataclass(frozen=True, slots=True, kw_only=True)
class PromotionStep:
    to: int                 # the level reached (3, 2 or 1)
    min_years: int          # full years at the current level by the end of the review year
    recent_years: int       # the last N assessment years that must all be recorded
    min_grade: str          # each of them at least this grade
    min_excellent: int = 0  # and at least this many 优秀 among them


@dataclass(frozen=True, slots=True, kw_only=True)
class DemotionStep:
    grade: str              # a grade at or below this one …
    consecutive: int        # … in this many consecutive years up to the review year …
    steps: int = 1          # … lowers the level by this many


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelsRule(Rule):
    entry_level: int
    promotion: tuple[PromotionStep, ...]
    demotion: tuple[DemotionStep, ...]

    def step_to(self, level: int) -> PromotionStep | None:
        for step in self.promotion:
            if step.to == level:
                return step
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class AssessmentRule(Rule):
    max_score: int                    # per dimension of 德能勤绩廉
    bands: tuple[tuple[str, int], ...]  # (grade, lowest total), best first; 不称职 below the last


@dataclass(frozen=True, slots=True, kw_only=True)
class RenewalRule(Rule):
    refuse_grades: tuple[str, ...]    # any of these in the term: not renewed
    max_basic: int                    # more 基本称职 than this in the term: not renewed
    dismissal_consecutive: int        # this many consecutive 不称职: dismissal proposed


@dataclass(frozen=True, slots=True, kw_only=True)
class PayLevel:
    level: int
    coefficient: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class PayRule(Rule):
    benchmark: str                    # auxiliary_police | public_institution
    levels: tuple[PayLevel, ...]
    seniority_per_year: Decimal
    seniority_cap_years: int
    probation_share: Decimal

    @property
    def benchmark_name(self) -> str:
        return BENCHMARKS.get(self.benchmark, self.benchmark)

    def level(self, level: int) -> PayLevel:
        for entry in self.levels:
            if entry.level == level:
                return entry
        raise LookupError(f"薪酬规则 {self.id} 没有{LEVEL_NAMES.get(level, level)}的标准")


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingRule(Rule):
    pre_job_required: bool
    pre_job_min_days: Decimal
    director_min_days: Decimal        # 所长: days of city training a year, besides the county's (WH-4)
    director_organizer: str
    staff_min_days: Decimal           # all office staff, directors included: days of county training (WH-4)
    staff_organizer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WritingRule(Rule):
    research_articles: int            # HZ-6: one research article a year
    experience_papers: int            # HZ-6: one experience paper a year


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonnelRules:
    levels: LevelsRule
    assessment: AssessmentRule
    renewal: RenewalRule
    pay: PayRule
    training: TrainingRule
    writing: WritingRule

    def rules(self) -> tuple[Rule, ...]:
        return (self.levels, self.assessment, self.renewal, self.pay, self.training, self.writing)


# --- decisions ---------------------------------------------------------------------------------------


def grade_for_scores(rules: PersonnelRules, scores: Mapping[str, int]) -> str:
    """The grade the total of 德能勤绩廉 supports; ValueError for a missing or out-of-range score."""
    top = rules.assessment.max_score
    total = 0
    for code, name in DIMENSIONS.items():
        value = scores.get(code)
        if value is None:
            raise ValueError(f"缺少“{name}”的得分")
        if not 0 <= value <= top:
            raise ValueError(f"“{name}”的得分 {value} 超出范围，应为 0–{top} 分")
        total += value
    for grade, lowest in rules.assessment.bands:
        if total >= lowest:
            return grade
    return "incompetent"


@dataclass(frozen=True, slots=True)
class LevelProposal:
    from_level: int
    to_level: int
    kind: str          # promotion | demotion
    rule_id: str
    reason: str


def review_level(rules: PersonnelRules, *, level: int, level_since: datetime.date,
                 grades: Mapping[int, str], year: int) -> LevelProposal | None:
    """The yearly level review of one assistant at the end of `year` (DQ-9): a demotion when the policy's
    poor-grade condition holds, else a promotion when years at the level and recent grades allow it."""
    if level not in LEVEL_NAMES:
        raise ValueError(f"层级 {level} 无效，应为 1（一级）至 4（四级）")
    lr = rules.levels
    for step in lr.demotion:
        years = [year - i for i in range(step.consecutive)]
        if all(y in grades and grade_rank(grades[y]) <= grade_rank(step.grade) for y in years):
            target = min(level + step.steps, 4)
            if target == level:
                continue
            span = "、".join(str(y) for y in sorted(years))
            return LevelProposal(level, target, "demotion", lr.id,
                                 f"{span}年度考核为{GRADES[step.grade]}及以下，按 {lr.id} 降为{LEVEL_NAMES[target]}")
    step = lr.step_to(level - 1)
    if step is None:
        return None
    end = datetime.date(year, 12, 31)
    served = completed_years(level_since, end)
    if served < step.min_years:
        return None
    recent = [year - i for i in range(step.recent_years)]
    if any(y not in grades for y in recent):
        return None
    if any(grade_rank(grades[y]) < grade_rank(step.min_grade) for y in recent):
        return None
    excellent = sum(1 for y in recent if grades[y] == "excellent")
    if excellent < step.min_excellent:
        return None
    span = "、".join(str(y) for y in sorted(recent))
    extra = f"，其中优秀{excellent}次" if step.min_excellent else ""
    return LevelProposal(level, step.to, "promotion", lr.id,
                         f"任{LEVEL_NAMES[level]}满{served}年，{span}年度考核均为{GRADES[step.min_grade]}及以上{extra}，"
                         f"按 {lr.id} 晋升为{LEVEL_NAMES[step.to]}")


def allowed_change(rules: PersonnelRules, *, from_level: int, to_level: int) -> str | None:
    """Why a level change is not allowed, or None: one level at a time, within 1–4 (DQ-9)."""
    if to_level not in LEVEL_NAMES:
        return f"层级 {to_level} 无效，应为 1（一级）至 4（四级）"
    if from_level not in LEVEL_NAMES:
        return f"层级 {from_level} 无效，应为 1（一级）至 4（四级）"
    if to_level < from_level and rules.levels.step_to(to_level) is None:
        return f"政策 {rules.levels.id} 没有晋升到{LEVEL_NAMES[to_level]}的规定"
    if abs(to_level - from_level) > 1:
        return (f"层级只能逐级调整：从{LEVEL_NAMES[from_level]}到{LEVEL_NAMES[to_level]}跨越了"
                f"{abs(to_level - from_level)}级（{rules.levels.id}）")
    return None


@dataclass(frozen=True, slots=True)
class RenewalProposal:
    decision: str       # renew | not_renew | undecided
    reasons: tuple[str, ...]
    dismissal: bool = False

    @property
    def label(self) -> str:
        return {"renew": "建议续聘", "not_renew": "建议不再续聘", "undecided": "待研究（无考核结果）"}[self.decision]


def propose_renewal(rules: PersonnelRules, *, grades: Sequence[str]) -> RenewalProposal:
    """Renew or not from the grades of the contract term, oldest first (YQ-8: 根据综合工作表现确定是否续聘)."""
    rr = rules.renewal
    for grade in grades:
        grade_rank(grade)
    if not grades:
        return RenewalProposal("undecided", (f"合同期内没有年度考核结果，须县（区）司法局研究决定（{rr.id}）",))
    reasons = []
    for grade in rr.refuse_grades:
        count = sum(1 for g in grades if g == grade)
        if count:
            reasons.append(f"合同期内有{count}个年度考核为{GRADES[grade]}（{rr.id}）")
    basic = sum(1 for g in grades if g == "basic")
    if basic > rr.max_basic:
        reasons.append(f"合同期内{basic}个年度考核为基本称职，超过{rr.max_basic}个（{rr.id}）")
    run = best = 0
    for grade in grades:
        run = run + 1 if grade == "incompetent" else 0
        best = max(best, run)
    dismissal = best >= rr.dismissal_consecutive
    if dismissal:
        reasons.append(f"连续{best}个年度考核不称职，应予解聘（{rr.id}）")
    if reasons:
        return RenewalProposal("not_renew", tuple(reasons), dismissal)
    summary = "、".join(GRADES[g] for g in grades)
    return RenewalProposal("renew", (f"合同期内年度考核为{summary}，符合续聘条件（{rr.id}）",))


@dataclass(frozen=True, slots=True)
class PayLine:
    base: Decimal            # benchmark × coefficient
    level_allowance: Decimal  # the level's fixed amount
    seniority: Decimal       # per year of service, capped
    probation_deduction: Decimal
    total: Decimal


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def pay_line(rules: PersonnelRules, *, level: int, benchmark: Decimal, service_years: int,
             on_probation: bool = False) -> PayLine:
    """One month's pay of an assistant (DQ-8 / YQ-7): each component rounded half up to the cent."""
    pr = rules.pay
    entry = pr.level(level)
    base = _money(benchmark * entry.coefficient)
    allowance = _money(entry.amount)
    seniority = _money(pr.seniority_per_year * min(max(service_years, 0), pr.seniority_cap_years))
    gross = base + allowance + seniority
    deduction = _money(gross * (1 - pr.probation_share)) if on_probation else Decimal("0.00")
    return PayLine(base, allowance, seniority, deduction, gross - deduction)


# --- reading the `personnel` section (validated by the schema) ---------------------------------------


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def build_personnel(data: Mapping[str, Any], common) -> PersonnelRules:
    """`common(section_data, path)` gives the Rule fields (id, text, clause, source, line)."""
    path = ("personnel",)
    lv, asm, ren, pay, tr, wr = (data[k] for k in ("levels", "assessment", "renewal", "pay", "training", "writing"))
    return PersonnelRules(
        levels=LevelsRule(
            **common(lv, (*path, "levels")), entry_level=lv["entry_level"],
            promotion=tuple(PromotionStep(to=s["to"], min_years=s["min_years"], recent_years=s["recent_years"],
                                          min_grade=s["min_grade"], min_excellent=s["min_excellent"])
                            for s in lv["promotion"]),
            demotion=tuple(DemotionStep(grade=s["grade"], consecutive=s["consecutive"], steps=s["steps"])
                           for s in lv["demotion"]),
        ),
        assessment=AssessmentRule(
            **common(asm, (*path, "assessment")), max_score=asm["max_score"],
            bands=tuple((b["grade"], b["min_total"]) for b in asm["bands"]),
        ),
        renewal=RenewalRule(**common(ren, (*path, "renewal")), refuse_grades=tuple(ren["refuse_grades"]),
                            max_basic=ren["max_basic"], dismissal_consecutive=ren["dismissal_consecutive"]),
        pay=PayRule(
            **common(pay, (*path, "pay")), benchmark=pay["benchmark"],
            levels=tuple(PayLevel(level=e["level"], coefficient=_dec(e["coefficient"]), amount=_dec(e["amount"]))
                         for e in pay["levels"]),
            seniority_per_year=_dec(pay["seniority_per_year"]), seniority_cap_years=pay["seniority_cap_years"],
            probation_share=_dec(pay["probation_share"]),
        ),
        training=TrainingRule(
            **common(tr, (*path, "training")), pre_job_required=tr["pre_job_required"],
            pre_job_min_days=_dec(tr["pre_job_min_days"]), director_min_days=_dec(tr["director_min_days"]),
            director_organizer=tr["director_organizer"], staff_min_days=_dec(tr["staff_min_days"]),
            staff_organizer=tr["staff_organizer"],
        ),
        writing=WritingRule(**common(wr, (*path, "writing")), research_articles=wr["research_articles"],
                            experience_papers=wr["experience_papers"]),
    )


def check_personnel(data: Mapping[str, Any]) -> list[tuple[tuple, str]]:
    """Cross-field checks of a well-formed `personnel` section: (path, Chinese message) pairs."""
    problems: list[tuple[tuple, str]] = []
    base = ("personnel",)
    levels = data.get("levels") or {}
    targets = [s.get("to") for s in levels.get("promotion") or [] if isinstance(s, dict)]
    if sorted(t for t in targets if t is not None) != [1, 2, 3]:
        problems.append(((*base, "levels", "promotion"), "晋升条件须分别写出晋升到三级、二级、一级（to: 3、2、1）各一条"))
    for index, step in enumerate(levels.get("promotion") or []):
        if isinstance(step, dict) and isinstance(step.get("recent_years"), int) and \
                isinstance(step.get("min_excellent"), int) and step["min_excellent"] > step["recent_years"]:
            problems.append(((*base, "levels", "promotion", index, "min_excellent"),
                             f"优秀次数 {step['min_excellent']} 不能多于考察的年度数 {step['recent_years']}"))
    pay = data.get("pay") or {}
    found = sorted(e.get("level") for e in pay.get("levels") or [] if isinstance(e, dict) and e.get("level"))
    if pay.get("levels") is not None and found != [1, 2, 3, 4]:
        problems.append(((*base, "pay", "levels"), "薪酬标准须为一级至四级各写一条（level: 1–4）"))
    bands = (data.get("assessment") or {}).get("bands") or []
    totals = [b.get("min_total") for b in bands if isinstance(b, dict)]
    if any(t is None for t in totals) or totals != sorted(totals, reverse=True):
        problems.append(((*base, "assessment", "bands"), "考核等次分数线须按优秀、称职、基本称职由高到低排列"))
    return problems


def describe_personnel(rules: PersonnelRules) -> list[str]:
    """The personnel rules in readable Chinese, one line each."""
    lines = []
    lr = rules.levels
    lines.append(f"  {lr.id}〔{lr.citation}〕层级：新聘人员定为{LEVEL_NAMES[lr.entry_level]}")
    for s in sorted(lr.promotion, key=lambda s: -s.to):
        extra = f"，其中优秀至少{s.min_excellent}次" if s.min_excellent else ""
        lines.append(f"    晋升为{LEVEL_NAMES[s.to]}：任现层级满{s.min_years}年，最近{s.recent_years}个年度考核均为"
                     f"{GRADES[s.min_grade]}及以上{extra}")
    for d in lr.demotion:
        lines.append(f"    降级：连续{d.consecutive}个年度考核为{GRADES[d.grade]}及以下，降低{d.steps}级")
    a = rules.assessment
    bands = "，".join(f"{GRADES[g]}≥{t}分" for g, t in a.bands)
    lines.append(f"  {a.id}〔{a.citation}〕年度考核：德能勤绩廉各{a.max_score}分；{bands}，其余为不称职")
    r = rules.renewal
    lines.append(f"  {r.id}〔{r.citation}〕续聘：合同期内有{'、'.join(GRADES[g] for g in r.refuse_grades)}的不续聘；"
                 f"基本称职超过{r.max_basic}次的不续聘；连续{r.dismissal_consecutive}年不称职的解聘")
    p = rules.pay
    per_level = "；".join(f"{LEVEL_NAMES[e.level]} 基准×{e.coefficient}+{e.amount}元" for e in p.levels)
    lines.append(f"  {p.id}〔{p.citation}〕薪酬：参照{p.benchmark_name}（县级录入基准）；{per_level}；"
                 f"工龄工资每年{p.seniority_per_year}元（至多{p.seniority_cap_years}年）；试用期按{p.probation_share}发放")
    t = rules.training
    lines.append(f"  {t.id}〔{t.citation}〕培训：{'未经岗前培训不得上岗，' if t.pre_job_required else ''}"
                 f"岗前培训至少{t.pre_job_min_days}天；全体工作人员（含所长）每年参加县级培训≥{t.staff_min_days}天，"
                 f"所长另参加市级培训≥{t.director_min_days}天")
    w = rules.writing
    lines.append(f"  {w.id}〔{w.citation}〕写作任务：每人每年调研文章{w.research_articles}篇、经验材料{w.experience_papers}篇")
    return lines
