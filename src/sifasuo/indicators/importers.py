"""Excel import of departments' marks (科室评分): one row per office, scoring item and month, as a percentage
of the item's points. Every row is checked — the office exists, is an office of the scheme's county, the item
is one of the scheme's department-entered items, the month lies in the scheme's year, the mark is between
0 and 100, no row repeats another — and the file lands whole or not at all. A mark already recorded for the
same office, item and month is replaced (and the change logged)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core.changelog import log_bulk_create, log_bulk_update
from sifasuo.core.importers import (
    ImportColumn,
    ImportRejected,
    ParsedRow,
    notes_sheet,
    parse_text,
    template_sheet,
)
from sifasuo.core.spreadsheets.writer import Book
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import services
from .choices import Method
from .models import ManualScore, ScoringScheme

_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:月|[-/.]\s*\d{1,2}\s*日?)?$")


def parse_month(value) -> datetime.date | None:
    """A month cell: a date (its month), or text such as 2025-03, 2025/3, 2025.3, 2025年3月, 202503."""
    if value is None or value == "":
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return datetime.date(value.year, value.month, 1)
    text = parse_text(value)
    match = _MONTH.match(text)
    if match is None and len(text) == 6 and text.isdigit():
        match = re.match(r"^(\d{4})(\d{2})$", text)
    if match is None:
        raise ValueError(f"「{text}」不是月份，应写成 2025-03 这样的格式")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"「{text}」不是存在的月份")
    return datetime.date(year, month, 1)


def parse_percent(value) -> Decimal | None:
    text = parse_text(value).rstrip("%").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValueError(f"「{text}」不是数字") from None
    if not Decimal(0) <= number <= Decimal(100):
        raise ValueError(f"得分率应在 0 至 100 之间，收到 {number.normalize():f}")
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(f"得分率最多保留两位小数，收到 {text}")
    return number


COLUMNS = [
    ImportColumn("司法所代码", "unit_code", required=True, example="370102001", help="9 位司法所代码"),
    ImportColumn("司法所名称", "unit_name", example="某某街道司法所", help="用于核对，须与代码对应的司法所名称一致；可不填"),
    ImportColumn("考核项目", "item", required=True, help="本方案中由业务科室录入的考核项目名称"),
    ImportColumn("月份", "month", parse_month, required=True, example="2025-03", help="方案年度内的月份，如 2025-03"),
    ImportColumn("得分率（%）", "percent", parse_percent, required=True, example=95,
                 help="该项目满分的百分之几，0 至 100，最多两位小数"),
    ImportColumn("说明", "note", help="扣分原因等，可不填"),
]


def template_workbook(scheme: ScoringScheme, month: datetime.date) -> bytes:
    """The template pre-filled with one row per open office and department-entered item for `month`
    (the mark column left for the department), and the notes sheet."""
    book = Book()
    ws = template_sheet(book, "科室评分", COLUMNS)
    ws.widths = [14, 24, 28, 10, 12, 30]
    items = [i for i in scheme.items.all() if i.method == Method.MANUAL]
    offices = OrgUnit.objects.filter(path__under=scheme.unit.path, level=Level.OFFICE,
                                     closed_on__isnull=True).order_by("path")
    for item in items:
        for office in offices:
            ws.append([office.code, office.name, item.name, f"{month:%Y-%m}", None, ""])
    notes = notes_sheet(book, COLUMNS)
    notes.append([])
    notes.append([f"方案：{scheme.name}（{scheme.unit.name}）。可录入的项目："
                  + ("、".join(f"{i.name}（{i.department}）" for i in items) or "无（本方案没有科室录入的项目）")])
    return book.to_bytes()


@transaction.atomic
def import_marks(*, rows: list[ParsedRow], user, scheme: ScoringScheme) -> tuple[int, int]:
    """(marks added, marks replaced); raises ImportRejected naming every bad row and column."""
    try:
        services._county_actor(user, scheme.unit)
    except ValidationError as exc:
        raise ImportRejected([m for e in exc.error_dict.values() for v in e for m in v.messages]) from None
    items = {i.name: i for i in scheme.items.all()}
    manual_names = [n for n, i in items.items() if i.method == Method.MANUAL]
    units = {u.code: u for u in OrgUnit.objects.filter(code__in={r.values["unit_code"] for r in rows})}
    errors: list[str] = []
    seen: dict[tuple, int] = {}
    wanted: list[tuple[ParsedRow, object, OrgUnit]] = []
    for r in rows:
        v, n = r.values, r.number
        unit = units.get(v["unit_code"])
        if unit is None:
            errors.append(f"第{n}行「司法所代码」：{v['unit_code']} 不存在")
        elif unit.level != Level.OFFICE:
            errors.append(f"第{n}行「司法所代码」：{v['unit_code']}（{unit.name}）不是司法所")
            unit = None
        elif not unit.path.startswith(scheme.unit.path):
            errors.append(f"第{n}行「司法所代码」：{unit.name}不属于{scheme.unit.name}，不能录入本方案的评分")
            unit = None
        elif v.get("unit_name") and v["unit_name"] != unit.name:
            errors.append(f"第{n}行「司法所名称」：「{v['unit_name']}」与代码 {unit.code} 的「{unit.name}」不一致")
        item = items.get(v["item"])
        if item is None:
            errors.append(f"第{n}行「考核项目」：「{v['item']}」不是本方案的考核项目"
                          + (f"（可录入：{'、'.join(manual_names)}）" if manual_names else ""))
        elif item.method != Method.MANUAL:
            errors.append(f"第{n}行「考核项目」：「{item.name}」按指标自动计分，不能录入科室评分")
            item = None
        month = v["month"]
        if month is not None and month.year != scheme.year:
            errors.append(f"第{n}行「月份」：{month:%Y-%m} 不在方案年度 {scheme.year} 年内")
            month = None
        if unit is None or item is None or month is None:
            continue
        key = (item.id, unit.id, month)
        if key in seen:
            errors.append(f"第{n}行：与第{seen[key]}行重复（同一司法所、考核项目和月份只能有一行）")
            continue
        seen[key] = n
        wanted.append((r, item, unit))
        if len(errors) >= 200:
            break
    if errors:
        raise ImportRejected(errors)
    existing = {(m.item_id, m.unit_id, m.month): m for m in ManualScore.objects.filter(
        item__scheme=scheme, unit_id__in={u.id for _, _, u in wanted},
        month__in={r.values["month"] for r, _, _ in wanted})}
    new, changed, before = [], [], {}
    now = timezone.now()
    for r, item, unit in wanted:
        percent, note = r.values["percent"], r.values.get("note", "")[:200]
        mark = existing.get((item.id, unit.id, r.values["month"]))
        if mark is None:
            new.append(ManualScore(item=item, unit=unit, month=r.values["month"], percent=percent, note=note))
        elif mark.percent != percent or mark.note != note:
            before[mark.pk] = {"percent": str(mark.percent), "note": mark.note}
            mark.percent, mark.note, mark.updated_at = percent, note, now
            changed.append(mark)
    ManualScore.objects.bulk_create(new, batch_size=2000)
    log_bulk_create(new)
    ManualScore.objects.bulk_update(changed, ["percent", "note", "updated_at"], batch_size=2000)
    log_bulk_update(changed, before_values=before)
    return len(new), len(changed)
