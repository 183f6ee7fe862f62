"""Writes of office assessment (HZ-7, HZ-9): the county's scoring scheme and items, departments' manual
marks, the monthly scores, the year-end composite and ranking, and the performance fund by the formula the
county chose."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from sifasuo.core import replicas
from sifasuo.core.changelog import log_bulk_create
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from sifasuo.reporting.models import AggregateValue
from sifasuo.reporting.periods import months_of

from .catalog import BY_CODE, ELEMENTS, compute_all
from .choices import FundFormula, Method
from .models import ManualScore, OfficeScore, ScoringItem, ScoringScheme
from .targets import targets_for

CENT = Decimal("0.01")


def _county_actor(actor, unit: OrgUnit) -> None:
    """HZ-9: the scheme is the county bureau's own."""
    if unit.level != Level.COUNTY:
        raise ValidationError({"unit": ["考核方案由县级司法局制定，请选择县级司法局"]})
    if actor is None or actor.is_superuser:
        return
    if actor.unit_id != unit.id:
        raise ValidationError({"unit": [f"只有「{unit.name}」本局才能制定或修改其考核方案"]})


@transaction.atomic
def create_scheme(*, actor, unit: OrgUnit, year: int, name: str, fund_total, formula: str = FundFormula.PROPORTIONAL,
                  pass_score=60, base_share=Decimal("0.3"), items: list[dict] | None = None) -> ScoringScheme:
    _county_actor(actor, unit)
    errors: dict[str, list[str]] = {}
    if ScoringScheme.objects.filter(unit=unit, year=year).exists():
        errors["year"] = [f"「{unit.name}」{year}年的考核方案已存在"]
    if formula not in FundFormula.values:
        errors["formula"] = [f"分配办法“{formula}”无效"]
    try:
        fund_total = Decimal(str(fund_total))
        if fund_total < 0:
            raise InvalidOperation
    except InvalidOperation:
        errors["fund_total"] = ["绩效经费总额应为不小于 0 的金额"]
    base_share = Decimal(str(base_share))
    if not Decimal(0) <= base_share <= Decimal(1):
        errors["base_share"] = ["基础部分占比应在 0 至 1 之间"]
    if errors:
        raise ValidationError(errors)
    scheme = ScoringScheme.objects.create(unit=unit, year=year, name=name.strip() or f"{year}年司法所工作考核",
                                          fund_total=fund_total, formula=formula, pass_score=Decimal(str(pass_score)),
                                          base_share=base_share)
    for order, item in enumerate(items or [], start=1):
        add_item(actor=actor, scheme=scheme, order=order, check_total=False, **item)
    if items:
        check_weights(scheme)
    return scheme


def add_item(*, actor, scheme: ScoringScheme, name: str, weight, method: str, indicator: str = "",
             department: str = "", order: int | None = None, check_total: bool = True) -> ScoringItem:
    _county_actor(actor, scheme.unit)
    errors: dict[str, list[str]] = {}
    try:
        weight = Decimal(str(weight))
        if weight <= 0:
            raise InvalidOperation
    except InvalidOperation:
        errors["weight"] = [f"考核项目「{name}」的分值应为大于 0 的数字"]
    if method not in Method.values:
        errors["method"] = [f"计分方式“{method}”无效"]
    elif method == Method.INDICATOR and indicator not in BY_CODE:
        errors["indicator"] = [f"考核项目「{name}」引用的指标“{indicator}”不存在"]
    elif method == Method.MANUAL and not department.strip():
        errors["department"] = [f"考核项目「{name}」由科室录入，请填写录入科室"]
    if errors:
        raise ValidationError(errors)
    item = ScoringItem.objects.create(scheme=scheme, name=name, weight=weight, method=method,
                                      indicator=indicator if method == Method.INDICATOR else "",
                                      department=department, order=order or scheme.items.count() + 1)
    if check_total:
        check_weights(scheme)
    return item


def _clean_item(name: str, weight, method: str, indicator: str, department: str) -> tuple[dict, dict[str, str]]:
    """One item's values checked: ({field: value}, {field: message})."""
    name, indicator, department = (name or "").strip(), (indicator or "").strip(), (department or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写考核项目名称"
    label = f"考核项目「{name}」" if name else "考核项目"
    try:
        weight = Decimal(str(weight).strip())
        if not weight.is_finite() or weight <= 0 or weight > 100 or weight != weight.quantize(CENT):
            raise InvalidOperation
    except InvalidOperation:
        errors["weight"] = f"{label}的分值应为大于 0、不超过 100 的数字（最多两位小数），收到“{weight}”"
    if method not in Method.values:
        errors["method"] = f"{label}的计分方式“{method}”无效，应为按指标自动计分或业务科室录入"
    elif method == Method.INDICATOR and indicator not in BY_CODE:
        errors["indicator"] = (f"{label}按指标计分，请选择指标" if not indicator
                               else f"{label}引用的指标“{indicator}”不存在")
    elif method == Method.MANUAL and not department:
        errors["department"] = f"{label}由科室录入，请填写录入科室"
    return ({"name": name, "weight": weight, "method": method,
             "indicator": indicator if method == Method.INDICATOR else "",
             "department": department}, errors)


ITEM_LABELS = {"name": "考核项目", "weight": "分值", "method": "计分方式", "indicator": "指标", "department": "录入科室"}


@transaction.atomic
def save_items(*, actor, scheme: ScoringScheme, rows: list[dict]) -> list[ScoringItem]:
    """Replace the scheme's items with `rows` (in order; a row with the `id` of an existing item edits it,
    one without adds an item, an item not among the rows is removed), checked as a whole (HZ-7, HZ-9):
    every row valid, names unique, weights totalling 100, and no item removed or turned into an indicator
    item while departments' marks for it exist. Errors name the row; nothing changes on any error."""
    _county_actor(actor, scheme.unit)
    scheme = ScoringScheme.objects.select_for_update().get(pk=scheme.pk)
    existing = {i.id: i for i in scheme.items.all()}
    marks = dict(ManualScore.objects.filter(item__scheme=scheme).values_list("item_id").annotate(n=Count("id"))
                 .order_by())
    errors: list[str] = []
    cleaned: list[tuple[ScoringItem | None, dict]] = []
    names: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        values, row_errors = _clean_item(row.get("name", ""), row.get("weight", ""), row.get("method", ""),
                                         row.get("indicator", ""), row.get("department", ""))
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
    for item_id in set(existing) - kept:
        existing[item_id].delete()
    out = []
    for order, (item, values) in enumerate(cleaned, start=1):
        values = {**values, "order": order}
        if item is None:
            item = ScoringItem(scheme=scheme, **values)
            item.save()
        elif any(getattr(item, name) != value for name, value in values.items()):  # 15 == 15.00: unchanged
            for name, value in values.items():
                if getattr(item, name) != value:
                    setattr(item, name, value)
            item.save()
        out.append(item)
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
    try:
        percent = Decimal(str(percent))
        if not Decimal(0) <= percent <= Decimal(100):
            raise InvalidOperation
    except InvalidOperation:
        errors["percent"] = ["得分率应为 0 至 100 之间的数字"]
    if errors:
        raise ValidationError(errors)
    score, _ = ManualScore.objects.update_or_create(item=item, unit=unit, month=month.replace(day=1),
                                                    defaults={"percent": percent, "note": note})
    return score


def monthly_scores(scheme: ScoringScheme, through: datetime.date) -> dict[int, dict[str, dict]]:
    """{office id: {"YYYY-MM": {"total": x, item name: points}}} for the months of the year up to `through`:
    indicator items from the aggregate table (one query), manual items from departments' marks (one query)."""
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
    targets = targets_for(scheme.unit.path)
    out: dict[int, dict[str, dict]] = {}
    for office in offices:
        per_month = {}
        for month in months:
            last_day = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
            if (office.opened_on and office.opened_on > last_day) or (office.closed_on and office.closed_on <= month):
                continue
            figures = values.get((office.id, month), {})
            indicator_values = compute_all(figures, figures)
            points: dict[str, float] = {}
            for item in items:
                if item.method == Method.INDICATOR:
                    target = targets.get(item.indicator)
                    share = target.scaled(1).achievement(indicator_values[item.indicator]) if target else 1.0
                else:
                    share = float(manual.get((item.id, office.id, month), 0)) / 100
                points[item.name] = round(float(item.weight) * share, 2)
            per_month[f"{month:%Y-%m}"] = {"total": round(sum(points.values()), 2), **points}
        out[office.id] = per_month
    return out


def allocate(scores: dict[int, Decimal], *, fund: Decimal, formula: str, pass_score: Decimal,
             base_share: Decimal) -> dict[int, Decimal]:
    """The performance fund divided by composite score (HZ-7) under the county's formula, in cents, the
    rounding remainder given to the best-scored office so that the parts add up to the fund exactly."""
    if not scores:
        return {}
    if formula == FundFormula.THRESHOLD:
        eligible = {k: s for k, s in scores.items() if s >= pass_score}
        base, weighted = Decimal(0), eligible
        pool = fund
    elif formula == FundFormula.BASE_PLUS:
        base = fund * base_share / len(scores)
        weighted = scores
        pool = fund - base * len(scores)
    else:
        base, weighted, pool = Decimal(0), scores, fund
    total = sum(weighted.values(), Decimal(0))
    if not weighted:
        return {k: (base).quantize(CENT, rounding=ROUND_HALF_UP) for k in scores}
    if total == 0:  # nobody scored: the pool is shared equally among those eligible
        weighted, total = {k: Decimal(1) for k in weighted}, Decimal(len(weighted))
    raw = {k: base + (pool * weighted[k] / total if k in weighted else Decimal(0)) for k in scores}
    out = {k: v.quantize(CENT, rounding=ROUND_HALF_UP) for k, v in raw.items()}
    remainder = fund - sum(out.values(), Decimal(0))
    if remainder:
        best = max(weighted, key=lambda k: (scores[k], -k))
        out[best] += remainder
    return out


@transaction.atomic
def compute_scores(*, actor, scheme: ScoringScheme, through: datetime.date | None = None) -> list[OfficeScore]:
    """Monthly scores, the composite (mean of the months scored), ranking and fund of every office."""
    _county_actor(actor, scheme.unit)
    if not scheme.items.exists():
        raise ValidationError({"items": ["考核方案还没有考核项目"]})
    check_weights(scheme)
    through = (through or datetime.date(scheme.year, 12, 1)).replace(day=1)
    if through.year != scheme.year:
        raise ValidationError({"through": [f"计算月份应在 {scheme.year} 年内"]})
    monthly = monthly_scores(scheme, through)
    composite = {uid: (Decimal(str(sum(m["total"] for m in months.values()) / len(months))).quantize(CENT)
                       if months else Decimal(0)) for uid, months in monthly.items()}
    funds = allocate(composite, fund=scheme.fund_total, formula=scheme.formula, pass_score=scheme.pass_score,
                     base_share=scheme.base_share)
    ordered = sorted(composite, key=lambda uid: -composite[uid])
    ranks, previous, rank = {}, None, 0
    for position, uid in enumerate(ordered, start=1):
        if composite[uid] != previous:
            rank, previous = position, composite[uid]
        ranks[uid] = rank
    scheme.scores.all().delete()
    rows = [OfficeScore(scheme=scheme, unit_id=uid, monthly=monthly[uid], composite=composite[uid],
                        rank=ranks[uid], fund=funds.get(uid, Decimal(0))) for uid in ordered]
    OfficeScore.objects.bulk_create(rows)
    log_bulk_create(rows)
    scheme.computed_at = timezone.now()
    scheme.computed_through = through
    scheme.save(update_fields=["computed_at", "computed_through", "updated_at"])
    return rows
