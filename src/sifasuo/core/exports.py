"""Excel export of a list in the columns shown on its page (openpyxl write-only; rows are read from the
database in chunks and the finished workbook is sent whole)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .tables import Column

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell_value(value):
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (str, int, float, datetime.date)) or value is None:
        return value
    return str(value)


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
    for obj in rows:
        ws.append([_cell_value(c.value(obj)) for c in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
