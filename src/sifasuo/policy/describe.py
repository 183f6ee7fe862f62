"""A policy in readable Chinese, rule by rule, for `policy show` and for reviewers.

Each rule is one line — id, the clause it comes from (or the mark of a default), what the engine will do
with it — followed by the rule's own text, so a reviewer can hold the parameters against the document.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from .majors import catalogue
from .quotas import counted_label
from .model import LEVEL_NAMES, ExceptionRule, Policy, Rule, ScoringRule, TrackScopedRule
from .ranking import TIE_BREAK_LABELS, tie_break_order

__all__ = ["describe"]

_COUNTED_TO = {
    "registration_deadline": "报名截止日",
    "announcement_date": "招聘公告发布日",
    "year_start": "招聘公告发布当年1月1日",
}
_BASIS = {
    "household": "须具有{area}户籍",
    "residence": "居住地须在{area}",
    "household_or_residence": "具有{area}户籍或居住地在{area}",
    "household_and_residence": "具有{area}户籍且居住地在{area}",
}
_COMBINE = {"mean": "取算术平均", "median": "取中位数"}
_SECTION_NUMBERS = "一二三四五六七八九十"


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _percent(weight: Decimal) -> str:
    return f"{(weight * 100).normalize():f}%"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


# An age limit replaced by an exception, as the description reads it: the age, or the birth date.
_AGE_LIMITS = {"min": "{}周岁以上", "max": "{}周岁以下", "below": "未满{}周岁"}
_BIRTH_LIMITS = {"born_on_or_after": "{}以后出生", "born_on_or_before": "{}以前出生"}


class _Writer:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.lines: list[str] = []
        self._sections = 0
        self._track_names = {t.code: t.name for t in policy.tracks}

    def section(self, title: str) -> None:
        self.lines.append("")
        self.lines.append(f"{_SECTION_NUMBERS[self._sections]}、{title}")
        self._sections += 1

    def scope(self, rule: Rule) -> str:
        tracks = rule.tracks if isinstance(rule, TrackScopedRule) else None
        if not tracks:
            return "［全部渠道］" if len(self.policy.tracks) > 1 else ""
        return "［" + "、".join(self._track_names.get(t, t) for t in tracks) + "］"

    def rule(self, rule: Rule, summary: str, *, scoped: bool = True) -> None:
        scope = self.scope(rule) if scoped else ""
        self.lines.append(f"  {rule.id}〔{rule.citation}〕{scope}{summary}")
        self.lines.append(f"      条文：{rule.text}")
        for exception in self.policy.exceptions_to(rule.id):
            self.exception(exception)

    def exception(self, exception: ExceptionRule) -> None:
        """An exception, printed under the rule it changes."""
        names = self.policy.vocabulary
        held = [f"“{names.name('condition', c)}”" for c in exception.conditions]
        if not held:
            who = "全部申请人"
        elif len(held) == 1:
            who = f"具备{held[0]}条件的申请人"
        else:
            who = f"具备{'或'.join(held)}条件之一的申请人"
        if exception.waive:
            change = "不受本条限制"
        else:
            change = "，本条放宽为：" + "；".join(self.replacement(key, value) for key, value in exception.replace)
        scope = self.scope(exception) if exception.tracks else ""
        self.lines.append(f"      例外 {exception.id}〔{exception.citation}〕{scope}{who}{change}")
        obligation = exception.obligation
        if obligation is not None:
            self.lines.append(f"        按此例外通过的为“有条件通过”，须{obligation.due_zh}履行：{obligation.text}")
        self.lines.append(f"        条文：{exception.text}")

    def replacement(self, key: str, value) -> str:
        names = self.policy.vocabulary
        if value is None or value == ():
            return {"study_mode": "学习形式不限", "majors": "专业不限", "major_categories": "专业不限",
                    "since": "取得时间不限", "min": "不设最低年龄", "max": "不设最高年龄", "below": "不设年龄上限",
                    "born_on_or_after": "不限出生日期下限", "born_on_or_before": "不限出生日期上限"}.get(key, f"不限{key}")
        if key == "min_level":
            return f"学历{names.name('education', value)}及以上"
        if key == "study_mode":
            return f"学习形式{names.name('study_mode', value)}"
        if key in ("majors", "major_categories"):
            return f"专业：{'、'.join(value)}"
        if key in _AGE_LIMITS:
            return _AGE_LIMITS[key].format(value)
        if key in _BIRTH_LIMITS:
            return _BIRTH_LIMITS[key].format(_date(value))
        if key == "basis":
            return _BASIS[value].format(area="规定范围")
        if key == "level":
            return f"范围为{LEVEL_NAMES[value]}级"
        if key == "since":
            return f"须于{_date(value)}前取得"
        if key == "countries":
            return "国籍：" + "、".join("中华人民共和国" if c == "CN" else c for c in value)
        return f"{key}={value}"

    def name(self, vocabulary: str, code: str) -> str:
        return self.policy.vocabulary.name(vocabulary, code)

    def area(self, level: str) -> str:
        jurisdiction = self.policy.jurisdiction
        return jurisdiction.name if jurisdiction.level == level else f"招聘县（区）所在{LEVEL_NAMES[level]}"

    def write(self) -> list[str]:
        policy = self.policy
        document = policy.document
        number = f"（{document.number}）" if document.number else ""
        self.lines.append(f"{policy.name}（{policy.id}）")
        self.lines.append(f"依据：{document.issuer}《{document.title}》{number}，{_date(document.issued_on)}印发")
        if policy.period is not None:
            self.lines.append(f"期间：{_date(policy.period.start)}至{_date(policy.period.end)}")
        self.lines.append(f"规则编号前缀 {policy.rule_prefix}；〔〕内为所依据的文件条款，"
                          "标“默认值”的是文件未规定、由县级实施细则确定的参数。")
        self.tracks()
        self.eligibility()
        self.priority()
        self.scoring()
        self.procedure()
        self.quota()
        if policy.provisions:
            self.section("其他条款（不参与计算）")
            for rule in policy.provisions:
                self.lines.append(f"  {rule.id}〔{rule.citation}〕{rule.text}")
        return self.lines

    def tracks(self) -> None:
        self.section("招聘渠道")
        for index, track in enumerate(self.policy.tracks, start=1):
            if track.existing_auxiliary:
                scope = {"any": "", "county": "本县（区）", "city": "本市", "province": "本省"}[track.auxiliary_scope]
                joins = {"transfer": "转任", "selection": "选聘"}[track.joins_as]
                level = f"，起始层级为{'一二三四'[track.entry_level - 1]}级" if track.entry_level else ""
                who = f"仅限{scope}司法行政系统在职专职辅助人员；聘用时原专职辅助人员记录以“{joins}”离岗{level}"
            else:
                who = "面向社会"
            self.rule(track, f"渠道{index}“{track.name}”（{track.code}）：{who}", scoped=False)
        allocation = self.policy.allocation
        order = "，后".join(f"“{self._track_names[c]}”" for c in allocation.order)
        mode = ("前一渠道未招满的名额转入下一渠道" if allocation.mode == "sequential"
                else "各渠道名额分别确定")
        self.rule(allocation, f"渠道顺序：先{order}；{mode}", scoped=False)

    def eligibility(self) -> None:
        policy = self.policy
        self.section("资格条件")
        reference = policy.age_reference
        counted_to = (_date(reference.date) if reference.counted_to == "fixed_date" and reference.date
                      else _COUNTED_TO.get(reference.counted_to, reference.counted_to))
        if reference.days_before and reference.counted_to != "fixed_date":
            counted_to += f"前{reference.days_before}日"
        self.rule(reference, f"年龄按周岁计算至{counted_to}", scoped=False)
        for limit in policy.age_limits:
            self.rule(limit, f"年龄：{limit.bounds_zh}")
        for rule in policy.birth_dates:
            self.rule(rule, f"出生日期：{rule.bounds_zh}")
        for rule in policy.nationality:
            self.rule(rule, "国籍：" + "、".join("中华人民共和国" if c == "CN" else c for c in rule.countries))
        known = catalogue()
        for rule in policy.education:
            parts = [*rule.majors]
            for category in rule.major_categories:
                found = known.by_name.get(category, ())
                codes = "、".join(("本科" if c.level == "undergraduate" else "高职专科") + c.code for c in found)
                parts.append(f"{category}（{codes}）" if codes else category)
            majors = "、".join(parts) if parts else "不限"
            mode = f"{self.name('study_mode', rule.study_mode)}" if rule.study_mode else ""
            self.rule(rule, f"学历：{mode}{self.name('education', rule.min_level)}及以上；专业：{majors}")
        for rule in policy.residence:
            area = self.area(rule.level)
            if rule.since_relative is not None:
                since = f"，须于{rule.since_relative.zh}（含当日）以前取得"
            else:
                since = f"，须于{_date(rule.since)}前取得" if rule.since else "，取得时间不限"
            exceptions = ("；例外：" + "、".join(self.name("condition", c) for c in rule.exceptions)
                          if rule.exceptions else "；无例外")
            self.rule(rule, f"户籍、居住地（{LEVEL_NAMES[rule.level]}级）："
                            f"{_BASIS[rule.basis].format(area=area)}{since}{exceptions}")
        for rule in policy.list_membership:
            if rule.as_of is not None:
                when = f"{_date(rule.as_of)}的"
            elif rule.as_of_relative is not None:
                when = f"{rule.as_of_relative.zh}的"
            else:
                when = ""
            self.rule(rule, f"名单：须在{when}“{self.name('named_list', rule.list)}”中（按身份证号码核对，"
                            "名单由县级以上司法行政机关导入）")
        for rule in policy.disqualifications:
            items = "；".join(
                self.name("disqualification", code)
                + ("（审查人员认定）" if policy.vocabulary.assessed_by(code) == "reviewer" else "（申请人声明）")
                for code in rule.codes
            )
            tracks = rule.tracks or tuple(self._track_names)
            internal_only = all(self.policy.track(t).existing_auxiliary for t in tracks)
            self.rule(rule, f"{'不得选聘' if internal_only else '不得招聘'}：{items}")
        orphans = [e for e in policy.exceptions if e.rule not in {r.id for r in policy.rules()}]
        for exception in orphans:  # only in a policy built by hand: validation refuses them
            self.exception(exception)
        for check in policy.manual_checks:
            step = self.name("procedure_step", check.step) if check.step else "资格审查"
            decides = {"failed": "结论为不合格", "missing": "尚未登记结论"}
            blocking = "、".join(decides[w] for w in check.ineligible_when)
            self.rule(check, f"人工确认（{step}环节）" + (f"；{blocking}的不符合条件" if blocking else ""))

    def priority(self) -> None:
        priority = self.policy.priority
        if priority is None:
            return
        self.section("优先条件")
        when = ("同等条件下优先：综合成绩及其余各项排序条件均相同时，具备优先条件者在前"
                if priority.when == "equal_conditions"
                else "同等分数下优先：综合成绩相同时，首先比较是否具备优先条件")
        effect = (f"；具备优先条件的加{_number(priority.bonus_points)}分"
                  if priority.effect == "bonus" and priority.bonus_points is not None else "")
        modes = {"any": "", "ordered": "；多项优先条件按先后比较：先比较是否具备位次在前的条件",
                 "count": "；具备优先条件项数多者在前（两项优于一项）"}
        self.rule(priority, when + effect + modes.get(priority.mode, ""), scoped=False)
        positions = {}
        if priority.mode == "ordered":
            for track in self.policy.track_codes:
                for rank, codes in priority.ranks_for(track):
                    for code in codes:
                        positions.setdefault(code, rank)
            ordinal = {rank: index for index, rank in enumerate(sorted(set(positions.values())), start=1)}
        for condition in priority.conditions:
            place = f"（第{ordinal[positions[condition.code]]}位）" if condition.code in positions else ""
            self.rule(condition, f"优先条件{place}：{self.name('condition', condition.code)}")

    def scoring(self) -> None:
        policy = self.policy
        self.section("岗位、考试与排名")
        posts = policy.posts
        self.rule(posts, "岗位：分性别设岗" if posts.split_by_sex else "岗位：不分性别设岗", scoped=False)
        for rule in policy.scoring:
            self.rule(rule, self._scoring_summary(rule))

    def _scoring_summary(self, rule: ScoringRule) -> str:
        parts = []
        if rule.has_interview:
            parts.append(f"成绩：笔试{_percent(rule.written_weight)}、面试{_percent(rule.interview_weight)}，"
                         f"满分{_number(rule.scale)}分，综合成绩保留{rule.decimals}位小数")
        else:
            parts.append(f"成绩：只设笔试（考试），满分{_number(rule.scale)}分")
        lines = rule.pass_lines
        bars = [f"{label}{_number(value)}分" for label, value in
                (("笔试", lines.written), ("面试", lines.interview), ("综合成绩", lines.composite))
                if value is not None]
        parts.append("合格分数线：" + ("、".join(bars) if bars else "不设"))
        if rule.interview_ratio is not None:
            ties = "末位笔试成绩并列的全部进入" if rule.ties_at_cut == "include_all" else "末位并列的按排序条件确定"
            parts.append(f"按笔试成绩以1:{rule.interview_ratio}确定面试人选，{ties}")
        marks = rule.examiner_marks
        if marks is not None:
            how = (f"去掉{marks.drop_highest}个最高分和{marks.drop_lowest}个最低分后取平均"
                   if marks.combine == "trimmed_mean" else _COMBINE[marks.combine])
            parts.append(f"面试由{marks.min_examiners}名以上考官评分，{how}，保留{marks.decimals}位小数")
        track = rule.tracks[0] if rule.tracks else self.policy.tracks[0].code
        order = tie_break_order(self.policy, track)
        mode = self.policy.priority.mode if self.policy.priority is not None else "any"
        labels = {**TIE_BREAK_LABELS, "priority": {"ordered": "具备优先条件者在前（按优先条件的先后比较）",
                                                   "count": "具备优先条件项数多者在前"}.get(mode, TIE_BREAK_LABELS["priority"])}
        parts.append("成绩相同时依次比较：" + ("、".join(labels[c] for c in order) if order else "无（名次并列）"))
        return "；".join(parts)

    def procedure(self) -> None:
        policy = self.policy
        self.section("程序、公示与合同")
        for rule in policy.procedure:
            self.rule(rule, "程序：" + "→".join(self.name("procedure_step", s) for s in rule.steps))
        notice = policy.notice
        self.rule(notice, f"公示期：{notice.days}个{'工作日' if notice.kind == 'working' else '自然日'}", scoped=False)
        contract = policy.contract
        self.rule(contract, f"聘用合同：{_number(contract.years)}年，其中试用期{contract.probation_months}个月",
                  scoped=False)

    def quota(self) -> None:
        rule = self.policy.quota
        self.section("员额")
        counted = "、".join(self.name("staff_type", t) for t in rule.counted_staff)
        who = counted_label(self.policy)
        bound = f"、不超过{rule.max}人" if rule.max is not None else ""
        if rule.aggregation == "per_office" and not bound and who == "工作人员":
            head = f"逐所核定：每个司法所应有{rule.base}人"
        elif rule.aggregation == "per_office":
            head = f"逐所核定：每个司法所{who}不少于{rule.base}人{bound}"
        else:
            head = f"县（区）所均核定：拟招聘数＋现有人数 ≥ 所均{rule.base}人×司法所数"
            if rule.max is not None:
                head += f"；每个司法所{who}不超过{rule.max}人"
        extras = [f"人口满{t.at_least}人加{t.add}人" for t in rule.population_tiers]
        for step in rule.subject_steps:
            name = self.name("subject", step.subject)
            if step.at_least is not None:
                extras.append(f"{name}满{step.at_least}人加{step.add}人")
            else:
                cap = f"，至多加{step.max_add}人" if step.max_add else ""
                extras.append(f"{name}每满{step.per}人加{step.add}人{cap}")
        extra = "；" + "；".join(extras) if extras else ""
        binds = "；招聘公告须依据经批准（备案）的本年度招聘计划，各所招聘人数不超过计划" if rule.binds_announcements else ""
        self.rule(rule, f"{head}{extra}；计入现有人数的：{counted}{binds}", scoped=False)


def describe(policy: Policy) -> list[str]:
    """The policy as readable Chinese lines."""
    return _Writer(policy).write()
