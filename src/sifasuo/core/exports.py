"""Excel export of a list in the columns shown on its page (openpyxl write-only; rows are read from the
database in chunks and the finished workbook is sent whole)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

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


def workbook_bytes(title: str, columns: Sequence[Column], rows: Iterable) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.label)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    money = {i for i, c in enumerate(columns) if c.kind == "money"}
    for obj in rows:
        values = [_cell_value(c.value(obj)) for c in columns]
        if money:
            values = [_money_cell(ws, v) if i in money and v not in (None, "") else v for i, v in enumerate(values)]
        ws.append(values)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
