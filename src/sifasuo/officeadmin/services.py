"""Writes of office administration: the county's yearly operating budgets (HZ-7), an office's spending within
them with a receipt for every payment (HZ-7), inspections hosted with their extra budget, cost settled by the
county and points (HZ-7), and the plans and summaries an office files (HZ-6, WH-13, DQ-11)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from sifasuo.core.scoping import scope_error
from sifasuo.core.validation import AFTER_TODAY, decimal_within, not_future, step_date
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import docrules
from .choices import BudgetHeading, DocumentKind
from .models import Expense, InspectionHosting, OperatingBudget, WorkDocument

CENT = Decimal("0.01")
MAX_BONUS = Decimal(10)          # points for one inspection hosted (适当加分): a typing error above this
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_SIGNATURES = {".pdf": (b"%PDF",), ".docx": (b"PK\x03\x04",), ".doc": (b"\xd0\xcf\x11\xe0",)}


def _yuan(amount) -> str:
    return f"{Decimal(amount).quantize(CENT)}"


def _office(actor, unit: OrgUnit | None, errors: dict, field: str = "unit") -> None:
    if unit is None:
        errors[field] = ["请选择司法所"]
    elif unit.level != Level.OFFICE:
        errors[field] = [f"「{unit.name}」不是司法所"]
    elif message := scope_error(actor, unit):
        errors[field] = [message]


def _county_of(actor, unit: OrgUnit, errors: dict, what: str) -> None:
    """HZ-7: budgets and inspection points are the county bureau's decisions, not the office's."""
    if actor is None or actor.is_superuser or errors.get("unit"):
        return
    if actor.unit is None or actor.unit.level != Level.COUNTY or not unit.path.startswith(actor.unit.path):
        errors["unit"] = [f"{what}由「{unit.name}」所属的县级司法局办理"]


def _money(value, errors: dict, field: str, label: str, *, positive: bool = False) -> Decimal | None:
    amount = decimal_within(value, 0, above_low=positive, quantum=CENT)
    if amount is None:
        errors[field] = [f"{label}应为{'大于' if positive else '不小于'} 0 的金额（元，最多两位小数），收到“{value}”"]
    return amount


# --- budgets and spending (HZ-7) ----------------------------------------------------------------------------

@transaction.atomic
def set_budgets(*, actor, unit: OrgUnit, year: int, amounts: dict[str, object], note: str = "") -> list[OperatingBudget]:
    """The county sets an office's operating budget of a year, heading by heading (HZ-7: 根据各所实际情况进行预算).
    A heading left blank is removed unless money was already spent on it. Nothing changes on any error."""
    errors: dict[str, list[str]] = {}
    _office(actor, unit, errors)
    _county_of(actor, unit, errors, "基本业务经费预算")
    if not 2000 <= int(year) <= 2100:
        errors["year"] = [f"年度“{year}”无效"]
    cleaned: dict[str, Decimal | None] = {}
    for heading, raw in amounts.items():
        if heading not in BudgetHeading.values:
            errors[heading] = [f"经费科目“{heading}”不存在"]
            continue
        if raw in (None, ""):
            cleaned[heading] = None
            continue
        cleaned[heading] = _money(raw, errors, heading, f"「{BudgetHeading(heading).label}」预算")
    if errors:
        raise ValidationError(errors)
    existing = {b.heading: b for b in OperatingBudget.objects.select_for_update().filter(unit=unit, year=year)}
    spent = spending(unit=unit, year=year)
    for heading, amount in cleaned.items():
        label = BudgetHeading(heading).label
        if amount is None and spent.get(heading):
            errors[heading] = [f"「{label}」已支出 {_yuan(spent[heading])} 元，不能取消预算"]
        elif amount is not None and amount < spent.get(heading, 0):
            errors[heading] = [f"「{label}」已支出 {_yuan(spent[heading])} 元，预算不能少于已支出金额"]
    if errors:
        raise ValidationError(errors)
    out = []
    for heading, amount in cleaned.items():
        budget = existing.get(heading)
        if amount is None:
            if budget is not None:
                budget.delete()
            continue
        if budget is None:
            budget = OperatingBudget.objects.create(unit=unit, year=year, heading=heading, amount=amount, note=note)
        elif budget.amount != amount or (note and budget.note != note):
            budget.amount, budget.note = amount, note or budget.note
            budget.save()
        out.append(budget)
    return out


def spending(*, unit: OrgUnit, year: int) -> dict[str, Decimal]:
    """{heading: spent} of an office in a year (one grouped query)."""
    rows = (Expense.objects.filter(unit=unit, spent_on__year=year).values_list("heading")
            .annotate(total=Sum("amount")).order_by())
    return {heading: total for heading, total in rows}


@transaction.atomic
def record_expense(*, actor, unit: OrgUnit, spent_on: datetime.date, heading: str, amount, description: str,
                   receipt_number: str, payee: str = "") -> Expense:
    """A payment against the office's budget of that heading and year: with a receipt (严禁白条入账) and within
    the budget (不得超过年内县局的支出预算, HZ-7). Two people recording at once cannot overspend: the budget
    row is locked while the total is checked."""
    errors: dict[str, list[str]] = {}
    _office(actor, unit, errors)
    if heading not in BudgetHeading.values:
        errors["heading"] = [f"经费科目“{heading}”不存在"]
    money = _money(amount, errors, "amount", "金额", positive=True)
    if not (description or "").strip():
        errors["description"] = ["请填写用途"]
    if not (receipt_number or "").strip():
        errors["receipt_number"] = ["请填写票据号码：支出须有合规票据，严禁白条入账（HZ-7）"]
    if spent_on is None:
        errors["spent_on"] = ["请填写支出日期"]
    not_future(errors, "spent_on", "支出日期", spent_on, wording=AFTER_TODAY)
    if errors:
        raise ValidationError(errors)
    label = BudgetHeading(heading).label
    budget = OperatingBudget.objects.select_for_update().filter(unit=unit, year=spent_on.year, heading=heading).first()
    if budget is None:
        raise ValidationError({"heading": [f"「{unit.name}」{spent_on.year}年没有「{label}」预算，请先由县级司法局核定预算"]})
    if Expense.objects.filter(unit=unit, receipt_number=receipt_number.strip(), spent_on__year=spent_on.year).exists():
        raise ValidationError({"receipt_number": [f"票据号码 {receipt_number.strip()} 已登记过，不能重复入账"]})
    spent = (Expense.objects.filter(unit=unit, spent_on__year=spent_on.year, heading=heading)
             .aggregate(total=Sum("amount"))["total"] or Decimal(0))
    if spent + money > budget.amount:
        raise ValidationError({"amount": [
            f"超出预算：「{label}」{spent_on.year}年预算 {_yuan(budget.amount)} 元，已支出 {_yuan(spent)} 元，"
            f"余额 {_yuan(budget.amount - spent)} 元，本笔 {_yuan(money)} 元（HZ-7：不得超过县局的支出预算）"]})
    return Expense.objects.create(unit=unit, spent_on=spent_on, heading=heading, amount=money,
                                  description=description.strip(), receipt_number=receipt_number.strip(),
                                  payee=(payee or "").strip())


# --- inspections hosted (迎检, HZ-7) ------------------------------------------------------------------------

@transaction.atomic
def record_hosting(*, actor, unit: OrgUnit, hosted_on: datetime.date, inspected_by: str, subject: str,
                   extra_budget=0, actual_cost=None, settled_on: datetime.date | None = None, bonus_points=0,
                   bonus_reason: str = "") -> InspectionHosting:
    """The county records an inspection an office hosted: the extra budget it granted (追加预算), the actual
    cost it settled directly (由县局每次直接结算), and the points for a good result (适当加分奖励), which the
    office assessment adds to that month's score."""
    errors: dict[str, list[str]] = {}
    _office(actor, unit, errors)
    _county_of(actor, unit, errors, "迎检追加预算、结算和加分")
    if not (inspected_by or "").strip():
        errors["inspected_by"] = ["请填写检查单位"]
    if not (subject or "").strip():
        errors["subject"] = ["请填写检查内容"]
    if hosted_on is None:
        errors["hosted_on"] = ["请填写迎检日期"]
    not_future(errors, "hosted_on", "迎检日期", hosted_on, wording=AFTER_TODAY)
    extra = _money(extra_budget or 0, errors, "extra_budget", "追加预算")
    cost = None if actual_cost in (None, "") else _money(actual_cost, errors, "actual_cost", "实际开支")
    points = decimal_within(bonus_points or 0, 0, MAX_BONUS, quantum=Decimal("0.1"))
    if points is None:
        errors["bonus_points"] = [f"迎检加分应为 0 至 {MAX_BONUS} 分（最多一位小数），收到“{bonus_points}”"]
    if points and not (bonus_reason or "").strip():
        errors["bonus_reason"] = ["加分须写明理由（迎检业绩明显）"]
    step_date(errors, "settled_on", "结算日期", settled_on, "迎检日期", hosted_on, wording=AFTER_TODAY)
    if settled_on is not None and cost is None and "actual_cost" not in errors:
        errors["actual_cost"] = ["已结算的迎检请填写实际开支"]
    if errors:
        raise ValidationError(errors)
    return InspectionHosting.objects.create(unit=unit, hosted_on=hosted_on, inspected_by=inspected_by.strip(),
                                            subject=subject.strip(), extra_budget=extra, actual_cost=cost,
                                            settled_on=settled_on, bonus_points=points,
                                            bonus_reason=(bonus_reason or "").strip())


# --- plans and summaries (HZ-6, WH-13, DQ-11) ----------------------------------------------------------------

def check_document(upload) -> list[str]:
    """Why a file cannot be filed (empty when it can): PDF or Word, at most 10 MB, its content what its name says."""
    if upload is None:
        return ["请选择要上传的文件"]
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_SIGNATURES:
        return [f"「{name}」的文件类型不允许：只接受 PDF 或 Word（.docx、.doc）文件"]
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        return [f"「{name}」是空文件"]
    if size > MAX_DOCUMENT_BYTES:
        return [f"「{name}」大小为 {size / 1024 / 1024:.1f} MB，超过 10 MB 上限"]
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in DOCUMENT_SIGNATURES[suffix]):
        return [f"「{name}」的内容不是有效的{suffix[1:].upper()}文件"]
    return []


@transaction.atomic
def file_document(*, actor, unit: OrgUnit, year: int, kind: str, title: str, file,
                  filed_on: datetime.date | None = None) -> WorkDocument:
    """An office files its plan or summary of a year; a second filing of the same kind replaces the file (the
    change log keeps both), the first filing day stays the one judged against the due date."""
    errors: dict[str, list[str]] = {}
    _office(actor, unit, errors)
    if kind not in DocumentKind.values:
        errors["kind"] = [f"材料类别“{kind}”不存在"]
    if not (title or "").strip():
        errors["title"] = ["请填写标题"]
    today = datetime.date.today()
    filed_on = filed_on or today
    not_future(errors, "filed_on", "报送日期", filed_on, wording=AFTER_TODAY)
    if not 2000 <= int(year) <= today.year + 1:
        errors["year"] = [f"年度“{year}”无效"]
    problems = check_document(file)
    if problems:
        errors["file"] = problems
    if errors:
        raise ValidationError(errors)
    rule = docrules.rules_for(unit.path).get(kind)
    due = rule.due_on(int(year)) if rule else datetime.date(int(year), 12, 31)
    document = WorkDocument.objects.select_for_update().filter(unit=unit, year=year, kind=kind).first()
    name = Path(file.name).name
    if document is None:
        document = WorkDocument(unit=unit, year=year, kind=kind, filed_on=filed_on, due_on=due)
    document.title = title.strip()
    document.file.save(name, file, save=False)
    document.save()
    return document
