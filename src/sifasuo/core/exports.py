"""Excel export of a list in the columns shown on its page (openpyxl write-only; rows are read from the
database in chunks and the finished workbook is sent whole)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from .numbers import MONEY_FORMAT
from .tables import Column

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell_value(value):
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (str, int, float, Decimal, datetime.date)) or value is None:
        return value        # numbers stay numbers, so that the sheet can sum them
    return str(value)


def _money_cell(ws, value):
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = MONEY_FORMAT
    return cell


WIDTH_SAMPLE = 200      # rows read to fit the column widths (the rest are streamed)
MAX_WIDTH = 60


def _text_width(value) -> int:
    """Columns of a cell's text: a Chinese character takes two."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    text = f"{value:,.2f}" if isinstance(value, (float, Decimal)) else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def workbook_bytes(title: str, columns: Sequence[Column], rows: Iterable, *, heading: str = "") -> bytes:
    """A sheet of `rows` in `columns`. With a `heading` (what the list is: unit, filters, date) the sheet is a
    register: the heading in row 1, the column names in row 2 frozen and repeated on every printed page,
    columns as wide as their contents, printed A4 landscape fitted to the page width."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    rows = iter(rows)
    money = {i for i, c in enumerate(columns) if c.kind == "money"}

    def values_of(obj):
        return [_cell_value(c.value(obj)) for c in columns]

    sample = []
    if heading:
        for obj in rows:
            sample.append(values_of(obj))
            if len(sample) >= WIDTH_SAMPLE:
                break
        for i, column in enumerate(columns):
            widest = max([_text_width(column.label), *(_text_width(r[i]) for r in sample)])
            ws.column_dimensions[_column_letter(i)].width = min(max(widest + 2, 6), MAX_WIDTH)
        ws.freeze_panes = "A3"
        ws.print_title_rows = "2:2"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        title_cell = WriteOnlyCell(ws, value=heading)
        title_cell.font = Font(bold=True, size=12)
        ws.append([title_cell])
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.label)
        cell.font = bold
        header.append(cell)
    ws.append(header)

    def write(values):
        if money:
            values = [_money_cell(ws, v) if i in money and v not in (None, "") else v for i, v in enumerate(values)]
        ws.append(values)

    for values in sample:
        write(values)
    for obj in rows:
        write(values_of(obj))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def heading_text(title: str, *, unit=None, filters: Sequence[tuple[str, str]] = (), user=None, now=None) -> str:
    """The title row of an exported list: what it is, whose, which filters, when and by whom."""
    from django.utils import timezone

    now = timezone.localtime(now)
    parts = [title]
    if unit is not None:
        parts.append(str(unit.name))
    parts.append("筛选：" + "；".join(f"{label} {value}" for label, value in filters) if filters else "全部记录")
    parts.append(f"导出时间：{now:%Y-%m-%d %H:%M}")
    if user is not None and getattr(user, "is_authenticated", False):
        parts.append(f"导出人：{user.display_name}")
    return "　".join(parts)


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
