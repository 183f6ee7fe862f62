"""Excel export of a list in the columns shown on its page: rows are read from the database in chunks and
written through core.spreadsheets' one writer (streamed to a temporary file, formula-safe, dates as dates,
header frozen); the finished workbook is sent whole."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse

from .spreadsheets import table_bytes
from .tables import Column

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(title: str, columns: Sequence[Column], rows: Iterable) -> bytes:
    return table_bytes(title, [column.label for column in columns],
                       ([c.value(obj) for c in columns] for obj in rows))


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
