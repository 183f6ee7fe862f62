"""Writes of office assessment (HZ-7, HZ-9): the county's scoring scheme and items, departments' manual
marks, the monthly scores, the year-end composite and ranking, and the performance fund by the formula the
county chose."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Max
from django.utils import timezone

from sifasuo.core import replicas, transitions
from sifasuo.core.changelog import log_bulk_create
from sifasuo.core.validation import decimal_within
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.reporting import live
from sifasuo.reporting.models import AggregateValue
from sifasuo.reporting.periods import add_months, months_of

from .catalog import BY_CODE, ELEMENTS, compute_all
from .choices import AssessmentStatus, CriterionSource, FundFormula, Method, NoDataRule
from .models import (AnnualAssessment, AssessmentCriterion, AssessmentMark, AssessmentResult, ManualScore,
                     OfficeScore, ScoringItem, ScoringScheme)
from .targets import Target, targets_for

M = TypeVar("M", bound=models.Model)

CENT = Decimal("0.01")


def _county_actor(actor, unit: OrgUnit) -> None:
    """HZ-9: the scheme is the county bureau's own."""
    if unit is None or unit.level != Level.COUNTY:
        raise ValidationError({"unit": ["考核方案由县级司法局制定，请选择县级司法局"]})
    if actor is None or actor.is_superuser:
        return
    if actor.unit_id != unit.id:
        raise ValidationError({"unit": [f"只有「{unit.name}」本局才能制定或修改其考核方案"]})


@transaction.atomic
def create_scheme(*, actor, unit: OrgUnit, year: int, name: str, fund_total, formula: str = FundFormula.PROPORTIONAL,
                  pass_score=60, base_share=Decimal("0.3"), items: list[dict] | None = None,
                  no_data_rule: str = NoDataRule.ZERO, bonus_cap=Decimal(5)) -> ScoringScheme:
    _county_actor(actor, unit)
    errors: dict[str, list[str]] = {}
    if ScoringScheme.objects.filter(unit=unit, year=year).exists():
        errors["year"] = [f"「{unit.name}」{year}年的考核方案已存在"]
    if formula not in FundFormula.values:
        errors["formula"] = [f"分配办法“{formula}”无效"]
    fund_total = decimal_within(fund_total, 0)
    if fund_total is None:
        errors["fund_total"] = ["绩效经费总额应为不小于 0 的金额"]
    base_share = decimal_within(base_share, 0, 1)
    if base_share is None:
        errors["base_share"] = ["基础部分占比应在 0 至 1 之间"]
    if no_data_rule not in NoDataRule.values:
        errors["no_data_rule"] = [f"无数据月份计分办法“{no_data_rule}”无效"]
    bonus_cap = decimal_within(bonus_cap, 0, 20)
    if bonus_cap is None:
        errors["bonus_cap"] = ["迎检加分每月上限应为 0 至 20 分"]
    if errors:
        raise ValidationError(errors)
    scheme = ScoringScheme.objects.create(unit=unit, year=year, name=name.strip() or f"{year}年司法所工作考核",
                                          fund_total=fund_total, formula=formula, pass_score=Decimal(str(pass_score)),
                                          base_share=base_share, no_data_rule=no_data_rule, bonus_cap=bonus_cap)
    for order, item in enumerate(items or [], start=1):
        add_item(actor=actor, scheme=scheme, order=order, check_total=False, **item)
    if items:
        check_weights(scheme)
    return scheme


def add_item(*, actor, scheme: ScoringScheme, name: str, weight, method: str, indicator: str = "",
             department: str = "", zero_line=None, order: int | None = None, check_total: bool = True) -> ScoringItem:
    _county_actor(actor, scheme.unit)
    values, problems = _clean_item(name, weight, method, indicator, department, zero_line,
                                   targets_for(scheme.unit.path))
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})
    item = ScoringItem.objects.create(scheme=scheme, order=order or scheme.items.count() + 1, **values)
    if check_total:
        check_weights(scheme)
    return item


def _clean_item(name: str, weight, method: str, indicator: str, department: str, zero_line=None,
                targets: dict[str, Target] | None = None) -> tuple[dict, dict[str, str]]:
    """One item's values checked: ({field: value}, {field: message}). A zero line (D38) must lie on the far side
    of the item's target where the county has one."""
    name, indicator, department = (name or "").strip(), (indicator or "").strip(), (department or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写考核项目名称"
    label = f"考核项目「{name}」" if name else "考核项目"
    parsed = decimal_within(weight, 0, 100, above_low=True, quantum=CENT)
    if parsed is None:
        errors["weight"] = f"{label}的分值应为大于 0、不超过 100 的数字（最多两位小数），收到“{str(weight).strip()}”"
    weight = parsed
    if method not in Method.values:
        errors["method"] = f"{label}的计分方式“{method}”无效，应为按指标自动计分或业务科室录入"
    elif method == Method.INDICATOR and indicator not in BY_CODE:
        errors["indicator"] = (f"{label}按指标计分，请选择指标" if not indicator
                               else f"{label}引用的指标“{indicator}”不存在")
    elif method == Method.MANUAL and not department:
        errors["department"] = f"{label}由科室录入，请填写录入科室"
    zero = None
    if zero_line not in (None, "") and method == Method.INDICATOR:
        zero = decimal_within(zero_line, 0, quantum=CENT)
        if zero is None:
            errors["zero_line"] = f"{label}的零分线应为不小于 0 的数字（最多两位小数），收到“{zero_line}”"
        target = (targets or {}).get(indicator)
        if zero is not None and target is not None:
            problem = target.zero_line_problem(float(zero))
            if problem:
                errors["zero_line"] = f"{label}：{problem}"
    return ({"name": name, "weight": weight, "method": method,
             "indicator": indicator if method == Method.INDICATOR else "",
             "zero_line": zero if method == Method.INDICATOR else None,
             "department": department}, errors)


ITEM_LABELS = {"name": "考核项目", "weight": "分值", "method": "计分方式", "indicator": "指标", "department": "录入科室",
               "zero_line": "零分线"}


@transaction.atomic
def save_items(*, actor, scheme: ScoringScheme, rows: list[dict]) -> list[ScoringItem]:
    """Replace the scheme's items with `rows` (in order; a row with the `id` of an existing item edits it,
    one without adds an item, an item not among the rows is removed), checked as a whole (HZ-7, HZ-9):
    every row valid, names unique, weights totalling 100, and no item removed or turned into an indicator
    item while departments' marks for it exist. Errors name the row; nothing changes on any error."""
    _county_actor(actor, scheme.unit)
    transitions.lock(scheme)
    existing = {i.id: i for i in scheme.items.all()}
    marks = dict(ManualScore.objects.filter(item__scheme=scheme).values_list("item_id").annotate(n=Count("id"))
                 .order_by())
    errors: list[str] = []
    cleaned: list[tuple[ScoringItem | None, dict]] = []
    names: dict[str, int] = {}
    targets = targets_for(scheme.unit.path)
    for number, row in enumerate(rows, start=1):
        values, row_errors = _clean_item(row.get("name", ""), row.get("weight", ""), row.get("method", ""),
                                         row.get("indicator", ""), row.get("department", ""),
                                         row.get("zero_line"), targets)
        item = None
        if row.get("id"):
            item = existing.get(int(row["id"])) if str(row["id"]).strip().isdigit() else None
            if item is None:
                errors.append(f"第{number}行：考核项目已不存在，请刷新页面后重新填写")
                continue
        for field, message in row_errors.items():
            errors.append(f"第{number}行「{ITEM_LABELS[field]}」：{message}")
        if values["name"]:
            if values["name"] in names:
                errors.append(f"第{number}行「考核项目」：「{values['name']}」与第{names[values['name']]}行重名")
            names.setdefault(values["name"], number)
        if item is not None and marks.get(item.id) and values["method"] != Method.MANUAL and not row_errors:
            errors.append(f"第{number}行「计分方式」：「{item.name}」已有 {marks[item.id]} 条科室评分，"
                          "不能改为按指标计分；如需调整，请新增项目")
        cleaned.append((item, values))
    kept = {item.id for item, _ in cleaned if item is not None}
    for item_id, item in existing.items():
        if item_id not in kept and marks.get(item_id):
            errors.append(f"「{item.name}」已有 {marks[item_id]} 条科室评分，不能删除")
    if not errors:
        if not cleaned:
            errors.append("考核方案至少要有一个考核项目")
        else:
            total = sum((v["weight"] for _, v in cleaned), Decimal(0))
            if total != 100:
                errors.append(f"各考核项目分值合计应为 100 分，现为 {total.normalize():f} 分")
    if errors:
        raise ValidationError({"items": errors})
    return _write_in_order(existing, cleaned, lambda values: ScoringItem.objects.create(scheme=scheme, **values))


def _write_in_order(existing: dict[int, M], cleaned: list[tuple[M | None, dict]],
                    create: Callable[[dict], M]) -> list[M]:
    """Make an ordered list of child records (a scheme's items, an assessment's criteria) what a checked edit
    says: `existing` (by id) not among `cleaned` are deleted, a row without a record is created by `create`,
    a record whose values differ is saved (only then: 15 == 15.00 is unchanged, and no change is logged);
    each row's `order` is its place. Returns the records in order."""
    kept = {record.id for record, _ in cleaned if record is not None}
    for record_id in set(existing) - kept:
        existing[record_id].delete()
    out = []
    for order, (record, values) in enumerate(cleaned, start=1):
        values = {**values, "order": order}
        if record is None:
            record = create(values)
        elif any(getattr(record, name) != value for name, value in values.items()):
            for name, value in values.items():
                if getattr(record, name) != value:
                    setattr(record, name, value)
            record.save()
        out.append(record)
    return out


def check_weights(scheme: ScoringScheme) -> None:
    total = sum((i.weight for i in scheme.items.all()), Decimal(0))
    if total != 100:
        raise ValidationError({"items": [f"各考核项目分值合计应为 100 分，现为 {total.normalize():f} 分"]})


def record_manual_score(*, actor, item: ScoringItem, unit: OrgUnit, month: datetime.date, percent,
                        note: str = "") -> ManualScore:
    """A department's mark (0–100 % of the item's points) for an office in a month."""
    _county_actor(actor, item.scheme.unit)
    errors: dict[str, list[str]] = {}
    if item.method != Method.MANUAL:
        errors["item"] = [f"「{item.name}」按指标自动计分，不能手工录入"]
    if unit.level != Level.OFFICE or not unit.path.startswith(item.scheme.unit.path):
        errors["unit"] = [f"「{unit.name}」不是「{item.scheme.unit.name}」所属的司法所"]
    if month.year != item.scheme.year:
        errors["month"] = [f"月份应在 {item.scheme.year} 年内"]
    percent = decimal_within(percent, 0, 100)
    if percent is None:
        errors["percent"] = ["得分率应为 0 至 100 之间的数字"]
    if errors:
        raise ValidationError(errors)
    score, _ = ManualScore.objects.update_or_create(item=item, unit=unit, month=month.replace(day=1),
                                                    defaults={"percent": percent, "note": note})
    return score


def last_complete_month(today: datetime.date | None = None) -> datetime.date:
    """The default period of scoring and dashboards: the last month that has ended (never the current one)."""
    today = today or datetime.date.today()
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def untargeted_items(scheme: ScoringScheme) -> list[ScoringItem]:
    """HZ-7, D38: indicator items without a target in the county's jurisdiction: such an item cannot be scored,
    and the scheme cannot be computed until each has a target or is removed."""
    targets = targets_for(scheme.unit.path)
    return [i for i in scheme.items.all() if i.method == Method.INDICATOR and i.indicator not in targets]


def item_points(item: ScoringItem, target: Target | None, value: float | None) -> float | None:
    """The points an indicator item earns in a month (D38): weight × share, share linear between the item's zero
    line and the month's target (annual targets scaled to one month); None when the month has no data."""
    if value is None or target is None:
        return None
    monthly = target.scaled(1)
    zero = None if item.zero_line is None else float(item.zero_line)
    if zero is not None and BY_CODE[item.indicator].annual_target:
        zero = zero / 12   # a zero line of a yearly target, like the target, taken month by month
    return float((Decimal(str(item.weight)) * Decimal(str(monthly.share(value, zero)))).quantize(
        CENT, rounding=ROUND_HALF_UP))


def monthly_scores(scheme: ScoringScheme, through: datetime.date) -> dict[int, dict[str, dict]]:
    """{office id: {"YYYY-MM": {"total", item name: points or None, "no_data": [names], "bonus"}}} for the months
    of the year up to `through` (D38): indicator items from the aggregate table (one query), departments'
    marks (one query), inspection points (HZ-7 迎检加分, one query). A month whose item has no data scores that
    item as the scheme says: 0 (zero) or not at all, the other items scaled back to 100 (exclude); a month with
    no data at all is not scored (total None)."""
    from sifasuo.officeadmin.selectors import inspection_points

    start = datetime.date(scheme.year, 1, 1)
    months = months_of(start, through)
    offices = list(OrgUnit.objects.filter(path__under=scheme.unit.path, level=Level.OFFICE).order_by("path"))
    items = list(scheme.items.all())
    values: dict[tuple[int, datetime.date], dict[str, float]] = defaultdict(dict)
    with replicas.reads():   # D61: the aggregate figures (derived data) from the replica when usable
        for uid, period, element, value in (AggregateValue.objects.filter(
                level=Level.OFFICE, unit_path__under=scheme.unit.path, period__gte=start, period__lte=through,
                element__in=ELEMENTS).values_list("unit_id", "period", "element", "value")):
            values[(uid, period)][element] = value
    manual = {(m.item_id, m.unit_id, m.month): m.percent
              for m in ManualScore.objects.filter(item__scheme=scheme, month__gte=start, month__lte=through)}
    bonus = inspection_points(scheme.unit.path, start, add_months(through, 1) - datetime.timedelta(days=1))
    targets = targets_for(scheme.unit.path)
    exclude = scheme.no_data_rule == NoDataRule.EXCLUDE
    out: dict[int, dict[str, dict]] = {}
    for office in offices:
        per_month = {}
        for month in months:
            last_day = add_months(month, 1) - datetime.timedelta(days=1)
            if (office.opened_on and office.opened_on > last_day) or (office.closed_on and office.closed_on <= month):
                continue
            figures = values.get((office.id, month), {})
            indicator_values = compute_all(figures, figures)
            points: dict[str, float | None] = {}
            no_data: list[str] = []
            for item in items:
                if item.method == Method.INDICATOR:
                    earned = item_points(item, targets.get(item.indicator), indicator_values[item.indicator])
                else:
                    mark = manual.get((item.id, office.id, month))
                    earned = None if mark is None else float(
                        (Decimal(str(item.weight)) * mark / 100).quantize(CENT, rounding=ROUND_HALF_UP))
                if earned is None:
                    no_data.append(item.name)
                    earned = None if exclude else 0.0
                points[item.name] = earned
            scored_weight = sum(float(i.weight) for i in items if points[i.name] is not None)
            if exclude:
                total = (round(sum(p for p in points.values() if p is not None) * 100 / scored_weight, 2)
                         if scored_weight else None)
            else:
                total = round(sum(points.values()), 2)
            extra = min(float(bonus.get((office.id, month), 0)), float(scheme.bonus_cap))
            if total is not None and extra:
                total = round(total + extra, 2)
            per_month[f"{month:%Y-%m}"] = {"total": total, **points, "no_data": no_data, "bonus": extra}
        out[office.id] = per_month
    return out


@dataclass
class FundPart:
    base: Decimal
    share: Decimal
    remainder: Decimal

    @property
    def total(self) -> Decimal:
        return self.base + self.share + self.remainder


def allocate_parts(scores: dict[int, Decimal], *, fund: Decimal, formula: str, pass_score: Decimal,
                   base_share: Decimal) -> tuple[dict[int, FundPart], Decimal]:
    """The performance fund divided by composite score (HZ-7) under the county's formula, in cents: each office's
    base part, its part by score and any rounding remainder (given to the best-scored office so that the parts
    add up to the fund exactly); and the sum of the scores the pool was divided by."""
    if not scores:
        return {}, Decimal(0)
    if formula == FundFormula.THRESHOLD:
        weighted = {k: s for k, s in scores.items() if s >= pass_score}
        base, pool = Decimal(0), fund
    elif formula == FundFormula.BASE_PLUS:
        base = fund * base_share / len(scores)
        weighted, pool = scores, fund - base * len(scores)
    else:
        base, weighted, pool = Decimal(0), scores, fund
    total = sum(weighted.values(), Decimal(0))
    if weighted and total == 0:  # nobody scored: the pool is shared equally among those eligible
        weighted, total = {k: Decimal(1) for k in weighted}, Decimal(len(weighted))
    base_c = base.quantize(CENT, rounding=ROUND_HALF_UP)
    parts = {k: FundPart(base_c, (pool * weighted[k] / total).quantize(CENT, rounding=ROUND_HALF_UP)
                         if k in weighted else Decimal("0.00"), Decimal("0.00")) for k in scores}
    remainder = fund - sum((p.total for p in parts.values()), Decimal(0))
    if remainder and weighted:
        best = max(weighted, key=lambda k: (scores[k], -k))
        parts[best].remainder = remainder
    return parts, total


def allocate(scores: dict[int, Decimal], *, fund: Decimal, formula: str, pass_score: Decimal,
             base_share: Decimal) -> dict[int, Decimal]:
    parts, _ = allocate_parts(scores, fund=fund, formula=formula, pass_score=pass_score, base_share=base_share)
    return {k: p.total for k, p in parts.items()}


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def explain(*, scheme: ScoringScheme, months: dict[str, dict], composite: Decimal, part: FundPart,
            divisor: Decimal, offices: int, eligible: bool) -> str:
    """One office's line, in words: how its composite came about (months scored, months and items without data,
    inspection points) and how its fund was computed under the scheme's formula (D38)."""
    scored = [m for m, v in months.items() if v.get("total") is not None]
    unscored = [m for m, v in months.items() if v.get("total") is None]
    rule = "计 0 分" if scheme.no_data_rule == NoDataRule.ZERO else "不计分，其余项目折算为百分制"
    parts = []
    if scored:
        parts.append(f"综合得分 {composite} 分 = {len(scored)} 个月月度得分的平均（{scored[0]} 至 {scored[-1]}）")
    else:
        parts.append("本年度尚无可计分的月份，综合得分 0 分")
    if unscored:
        parts.append(f"{'、'.join(unscored)} 全部项目无数据，不计入平均")
    gaps = [f"{m}：{'、'.join(v['no_data'])}" for m, v in months.items() if v.get("no_data") and v.get("total") is not None]
    if gaps:
        parts.append(f"无数据的项目{rule}（{'；'.join(gaps)}）")
    bonuses = [f"{m} +{v['bonus']:g}" for m, v in months.items() if v.get("bonus")]
    if bonuses:
        parts.append(f"迎检加分（HZ-7）：{'、'.join(bonuses)}")
    fund = scheme.fund_total
    if scheme.formula == FundFormula.BASE_PLUS:
        pool = fund - part.base * offices
        money = (f"基础部分 {_yuan(fund)} × {scheme.base_share * 100:g}% ÷ {offices} 个所 = {_yuan(part.base)} 元；"
                 f"绩效部分 {_yuan(pool)} × {composite} ÷ {divisor} = {_yuan(part.share)} 元")
    elif scheme.formula == FundFormula.THRESHOLD:
        money = (f"{_yuan(fund)} × {composite} ÷ {divisor}（达到合格分 {scheme.pass_score:g} 分的所得分之和）"
                 f" = {_yuan(part.share)} 元" if eligible else
                 f"综合得分低于合格分 {scheme.pass_score:g} 分，不参与分配")
    else:
        money = f"{_yuan(fund)} × {composite} ÷ {divisor}（各所得分之和） = {_yuan(part.share)} 元"
    if part.remainder:
        money += f"；分配尾差 {_yuan(part.remainder)} 元计入得分最高的本所"
    parts.append(f"绩效经费（{scheme.get_formula_display()}）：{money}；合计 {_yuan(part.total)} 元")
    return "；".join(parts) + "。"


@transaction.atomic
def compute_scores(*, actor, scheme: ScoringScheme, through: datetime.date | None = None) -> list[OfficeScore]:
    """Monthly scores, the composite (mean of the months scored), ranking (equal composites share a rank) and the
    fund of every office, each with its explanation (D38). Refused while an indicator item has no target in the
    county's jurisdiction, or for a month that has not ended."""
    _county_actor(actor, scheme.unit)
    transitions.lock(scheme)  # two computations at once would each replace the scores
    if not scheme.items.exists():
        raise ValidationError({"items": ["考核方案还没有考核项目"]})
    check_weights(scheme)
    missing = untargeted_items(scheme)
    if missing:
        raise ValidationError({"items": [
            "以下考核项目在「{0}」所在地区的目标文件中没有目标，不能计分，方案暂不能计算：{1}。请在 policies/indicators/ "
            "的目标文件中设定目标，或删除这些项目".format(
                scheme.unit.name, "、".join(f"「{i.name}」（{i.indicator_name}）" for i in missing))]})
    latest = last_complete_month()
    through = (through or min(datetime.date(scheme.year, 12, 1), latest)).replace(day=1)
    if through.year != scheme.year:
        raise ValidationError({"through": [f"计算月份应在 {scheme.year} 年内"]})
    if through > latest:
        raise ValidationError({"through": [f"{through:%Y年%m月}尚未结束，只能计算到已结束的月份（{latest:%Y年%m月}）"]})
    # the live figures (D53), brought up to date first: marks still pending, months never computed, and the
    # months before the live window refreshed from the registers, as compiling a report does
    live.ensure_current(scheme.unit.path, datetime.date(scheme.year, 1, 1), through)
    monthly = monthly_scores(scheme, through)
    composite = {}
    for uid, months in monthly.items():
        totals = [m["total"] for m in months.values() if m["total"] is not None]
        composite[uid] = (Decimal(str(sum(totals) / len(totals))).quantize(CENT, rounding=ROUND_HALF_UP)
                          if totals else Decimal("0.00"))
    parts, divisor = allocate_parts(composite, fund=scheme.fund_total, formula=scheme.formula,
                                    pass_score=scheme.pass_score, base_share=scheme.base_share)
    ordered = sorted(composite, key=lambda uid: -composite[uid])
    ranks, previous, rank = {}, None, 0
    for position, uid in enumerate(ordered, start=1):
        if composite[uid] != previous:
            rank, previous = position, composite[uid]
        ranks[uid] = rank
    scheme.scores.all().delete()
    rows = [OfficeScore(scheme=scheme, unit_id=uid, monthly=monthly[uid], composite=composite[uid],
                        rank=ranks[uid], fund=parts[uid].total,
                        explanation=explain(scheme=scheme, months=monthly[uid], composite=composite[uid],
                                            part=parts[uid], divisor=divisor, offices=len(composite),
                                            eligible=scheme.formula != FundFormula.THRESHOLD
                                            or composite[uid] >= scheme.pass_score))
            for uid in ordered]
    OfficeScore.objects.bulk_create(rows)
    log_bulk_create(rows)
    scheme.computed_at = timezone.now()
    scheme.computed_through = through
    scheme.save(update_fields=["computed_at", "computed_through", "updated_at"])
    return rows


# --- the year-end on-site assessment (HZ-9, WH-13) -------------------------------------------------------------

# HZ-9: "县局将组成考核组实地对年度目标任务完成情况和主要负责人工作情况、落实“规定”情况及党风廉政建设执行情况进行
# 年度考核"; 七 "对单项业务工作有创新，被市以上推广的，给予适当奖励". The year's targets are the monthly scoring's
# composite (HZ-7), scaled to the criterion's points; the county may change points and names before scoring.
DEFAULT_CRITERIA = [
    ("年度目标任务完成情况", 40, CriterionSource.SCHEME, "HZ-9、HZ-7（月度考核综合得分折算）"),
    ("主要负责人工作情况", 20, CriterionSource.ONSITE, "HZ-9"),
    ("落实“规定”情况", 20, CriterionSource.ONSITE, "HZ-9（工作制度、七簿二册：HZ-4、HZ-5）"),
    ("党风廉政建设执行情况", 20, CriterionSource.ONSITE, "HZ-9"),
    ("业务创新加分（被市以上推广）", 5, CriterionSource.BONUS, "HZ-9 七"),
]


@transaction.atomic
def create_annual(*, actor, unit: OrgUnit, year: int, name: str = "", commend_count: int = 3,
                  commend_min_score=Decimal(85)) -> AnnualAssessment:
    """The county opens its year-end assessment with the seed's criteria; the year's scoring scheme, where
    there is one, gives the points of 年度目标任务完成情况."""
    _county_actor(actor, unit)
    errors: dict[str, list[str]] = {}
    if AnnualAssessment.objects.filter(unit=unit, year=year).exists():
        errors["year"] = [f"「{unit.name}」{year}年的年度考核已存在"]
    if not 2000 <= int(year) <= 2100:
        errors["year"] = [f"年度“{year}”无效"]
    try:
        commend_count = int(commend_count)
        if commend_count < 0:
            raise ValueError
    except (TypeError, ValueError):
        errors["commend_count"] = ["表彰名额应为不小于 0 的整数"]
    commend_min_score = decimal_within(commend_min_score, 0, 200)
    if commend_min_score is None:
        errors["commend_min_score"] = ["表彰最低得分应为 0 至 200 之间的数字"]
    if errors:
        raise ValidationError(errors)
    assessment = AnnualAssessment.objects.create(
        unit=unit, year=year, name=(name or "").strip() or f"{unit.name}{year}年度司法所工作考核",
        scheme=ScoringScheme.objects.filter(unit=unit, year=year).first(), commend_count=commend_count,
        commend_min_score=commend_min_score)
    for order, (title, points, source, basis) in enumerate(DEFAULT_CRITERIA, start=1):
        if source == CriterionSource.SCHEME and assessment.scheme is None:
            source = CriterionSource.ONSITE   # no monthly scheme this year: the group scores it on site
        AssessmentCriterion.objects.create(assessment=assessment, order=order, name=title, max_points=points,
                                           source=source, basis=basis)
    return assessment


def _draft(assessment: AnnualAssessment, what: str) -> AnnualAssessment:
    locked = AnnualAssessment.objects.select_for_update().select_related("unit").get(pk=assessment.pk)
    if locked.status != AssessmentStatus.DRAFT:
        raise ValidationError({"status": [f"「{locked.name}」已定稿，不能再{what}；如需修改请先撤回定稿"]})
    return locked


@transaction.atomic
def record_marks(*, actor, assessment: AnnualAssessment, marks: list[dict]) -> int:
    """The assessment group's points, many at once: [{"unit": office, "criterion": c, "points": x, "note": ""}];
    a blank points value removes a mark. All checked first (0 ≤ points ≤ the criterion's points, the office the
    county's, the criterion this assessment's and scored on site); nothing changes on any error."""
    _county_actor(actor, assessment.unit)
    assessment = _draft(assessment, "评分")
    criteria = {c.pk: c for c in assessment.criteria.all()}
    errors: list[str] = []
    cleaned = []
    for number, mark in enumerate(marks, start=1):
        unit, criterion = mark.get("unit"), mark.get("criterion")
        where = f"第{number}项"
        if criterion is None or criterion.pk not in criteria:
            errors.append(f"{where}：考核内容不属于「{assessment.name}」")
            continue
        where = f"「{getattr(unit, 'name', '?')}」「{criterion.name}」"
        if unit is None or unit.level != Level.OFFICE or not unit.path.startswith(assessment.unit.path):
            errors.append(f"{where}：不是「{assessment.unit.name}」所属的司法所")
            continue
        if criterion.source == CriterionSource.SCHEME:
            errors.append(f"{where}：按月度考核综合得分折算，不能手工评分")
            continue
        raw = mark.get("points")
        if raw in (None, ""):
            cleaned.append((unit, criterion, None, ""))
            continue
        points = decimal_within(raw, 0, criterion.max_points, quantum=CENT)
        if points is None:
            errors.append(f"{where}：得分应为 0 至 {criterion.max_points.normalize():f} 分（最多两位小数），收到“{raw}”")
            continue
        cleaned.append((unit, criterion, points, (mark.get("note") or "").strip()[:200]))
    if errors:
        raise ValidationError({"marks": errors})
    changed = 0
    for unit, criterion, points, note in cleaned:
        existing = AssessmentMark.objects.filter(criterion=criterion, unit=unit).first()
        if points is None:
            if existing is not None:
                existing.delete()
                changed += 1
            continue
        if existing is None:
            AssessmentMark.objects.create(criterion=criterion, unit=unit, points=points, note=note)
            changed += 1
        elif existing.points != points or existing.note != note:
            existing.points, existing.note = points, note
            existing.save()
            changed += 1
    return changed


CRITERION_LABELS = {"name": "考核内容", "max_points": "分值", "source": "评分来源", "basis": "依据"}


@transaction.atomic
def save_criteria(*, actor, assessment: AnnualAssessment, rows: list[dict]) -> list[AssessmentCriterion]:
    """HZ-9: the county names its own assessment items besides the seed's four: replace the criteria with
    `rows` (in order; a row with the `id` of an existing criterion edits it, one without adds an on-site item
    or a bonus, a criterion not among the rows is removed), while the assessment is a draft, checked as a
    whole: names unique, points above 0 and at most 100, the criteria scored out of 100 in all (bonuses
    aside), the one scored from the monthly scheme kept as it is sourced, and no criterion removed or cut
    below a mark already given. Errors name the row; nothing changes on any error."""
    _county_actor(actor, assessment.unit)
    assessment = _draft(assessment, "修改考核内容")
    existing = {c.id: c for c in assessment.criteria.all()}
    given_marks = (AssessmentMark.objects.filter(criterion__assessment=assessment).values("criterion_id")
                   .annotate(n=Count("id"), top=Max("points")).order_by())
    marks = {row["criterion_id"]: row for row in given_marks}
    errors: list[str] = []
    cleaned: list[tuple[AssessmentCriterion | None, dict]] = []
    names: dict[str, int] = {}
    rows_of: dict[int, int] = {}
    for number, row in enumerate(rows, start=1):
        where = f"第{number}行"
        criterion = None
        if str(row.get("id") or "").strip():
            criterion = existing.get(int(row["id"])) if str(row["id"]).strip().isdigit() else None
            if criterion is None:
                errors.append(f"{where}：考核内容已不存在，请刷新页面后重新填写")
                continue
            if criterion.id in rows_of:
                errors.append(f"{where}：与第{rows_of[criterion.id]}行是同一项考核内容，请刷新页面后重新填写")
                continue
            rows_of[criterion.id] = number
        name = (row.get("name") or "").strip()
        basis = (row.get("basis") or "").strip()
        if not name:
            errors.append(f"{where}「考核内容」：请填写考核内容")
        elif len(name) > 100:
            errors.append(f"{where}「考核内容」：不超过 100 字")
        elif name in names:
            errors.append(f"{where}「考核内容」：「{name}」与第{names[name]}行重名")
        names.setdefault(name, number)
        if len(basis) > 100:
            errors.append(f"{where}「依据」：不超过 100 字")
        raw = row.get("max_points", "")
        points = decimal_within(raw, 0, 100, above_low=True, quantum=CENT)
        if points is None:
            errors.append(f"{where}「分值」：应为大于 0、不超过 100 的数字（最多两位小数），收到“{raw}”")
        if criterion is not None and criterion.source == CriterionSource.SCHEME:
            source = CriterionSource.SCHEME   # the monthly scheme's share keeps its source
        else:
            source = (row.get("source") or CriterionSource.ONSITE).strip()
            if source not in (CriterionSource.ONSITE, CriterionSource.BONUS):
                errors.append(f"{where}「评分来源」：应为实地考核评分或加分项，收到“{source}”")
        given = marks.get(criterion.id) if criterion is not None else None
        if given and points is not None and given["top"] > points:
            errors.append(f"{where}「分值」：「{criterion.name}」已有评分 {given['top'].normalize():f} 分，"
                          f"分值不能低于它")
        cleaned.append((criterion, {"name": name, "max_points": points, "source": source, "basis": basis}))
    kept = {c.id for c, _ in cleaned if c is not None}
    for criterion_id, criterion in existing.items():
        if criterion_id not in kept and marks.get(criterion_id):
            errors.append(f"「{criterion.name}」已有 {marks[criterion_id]['n']} 个所的评分，不能删除")
    if not errors:
        total = sum((v["max_points"] for _, v in cleaned if v["source"] != CriterionSource.BONUS), Decimal(0))
        if total != 100:
            errors.append(f"考核内容（加分项除外）分值合计应为 100 分，现为 {total.normalize():f} 分")
    if errors:
        raise ValidationError({"criteria": errors})
    return _write_in_order(existing, cleaned,
                           lambda values: AssessmentCriterion.objects.create(assessment=assessment, **values))


def annual_table(assessment: AnnualAssessment) -> list[dict]:
    """Each open office of the county with its points per criterion (None where not yet scored), its total and
    what is still missing — three queries."""
    criteria = list(assessment.criteria.all())
    offices = list(OrgUnit.objects.filter(path__under=assessment.unit.path, level=Level.OFFICE,
                                          closed_on__isnull=True).order_by("path"))
    marks = {(m.criterion_id, m.unit_id): m for m in AssessmentMark.objects.filter(criterion__assessment=assessment)}
    composite = ({s.unit_id: s.composite for s in assessment.scheme.scores.all()}
                 if assessment.scheme is not None and assessment.scheme.computed_at else {})
    rows = []
    for office in offices:
        points, missing = {}, []
        for c in criteria:
            if c.source == CriterionSource.SCHEME:
                value = composite.get(office.pk)
                points[c.pk] = None if value is None else min(
                    (value * c.max_points / 100).quantize(CENT, rounding=ROUND_HALF_UP), c.max_points)
            else:
                mark = marks.get((c.pk, office.pk))
                points[c.pk] = None if mark is None else mark.points
            if points[c.pk] is None and c.source != CriterionSource.BONUS:
                missing.append(c.name)
        total = sum((v for v in points.values() if v is not None), Decimal(0))
        rows.append({"unit": office, "points": points, "total": total, "missing": missing,
                     "notes": {c.pk: marks[(c.pk, office.pk)].note for c in criteria if (c.pk, office.pk) in marks}})
    return rows


@transaction.atomic
def finalize_annual(*, actor, assessment: AnnualAssessment) -> list[AssessmentResult]:
    """Totals, ranks (equal totals share a rank) and the commendation list (the first `commend_count` places
    with at least `commend_min_score`), once every office has every criterion (HZ-9); then the assessment is
    final and its marks locked."""
    _county_actor(actor, assessment.unit)
    assessment = _draft(assessment, "定稿")
    scheme_criteria = assessment.criteria.filter(source=CriterionSource.SCHEME)
    if scheme_criteria.exists() and (assessment.scheme is None or assessment.scheme.computed_at is None):
        raise ValidationError({"scheme": ["月度考核方案尚未计算，「年度目标任务完成情况」无从折算；请先在考核方案页面计算"]})
    rows = annual_table(assessment)
    incomplete = [f"「{r['unit'].name}」：{'、'.join(r['missing'])}" for r in rows if r["missing"]]
    if incomplete:
        raise ValidationError({"marks": ["以下司法所尚未评完，不能定稿：" + "；".join(incomplete[:10])
                                         + (f" 等 {len(incomplete)} 个所" if len(incomplete) > 10 else "")]})
    ordered = sorted(rows, key=lambda r: (-r["total"], r["unit"].path))
    results, previous, rank = [], None, 0
    for position, row in enumerate(ordered, start=1):
        if row["total"] != previous:
            rank, previous = position, row["total"]
        commended = rank <= assessment.commend_count and row["total"] >= assessment.commend_min_score
        results.append(AssessmentResult(assessment=assessment, unit=row["unit"], total=row["total"], rank=rank,
                                        commended=commended,
                                        detail={str(k): (None if v is None else str(v)) for k, v in row["points"].items()}))
    assessment.results.all().delete()
    AssessmentResult.objects.bulk_create(results)
    log_bulk_create(results)
    assessment.status = AssessmentStatus.FINAL
    assessment.finalized_at = timezone.now()
    assessment.save(update_fields=["status", "finalized_at", "updated_at"])
    return results


@transaction.atomic
def reopen_annual(*, actor, assessment: AnnualAssessment, reason: str) -> AnnualAssessment:
    """Withdraw a final assessment to correct it (the reason is kept in the change log with the results)."""
    _county_actor(actor, assessment.unit)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["撤回定稿须说明理由"]})
    assessment = AnnualAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.FINAL:
        raise ValidationError({"status": ["年度考核尚未定稿，无需撤回"]})
    assessment.status = AssessmentStatus.DRAFT
    assessment.finalized_at = None
    assessment.reopen_reason = reason.strip()[:200]
    assessment.save(update_fields=["status", "finalized_at", "reopen_reason", "updated_at"])
    for result in assessment.results.all():
        result.delete()
    return assessment
