"""Exports of lists and tables as .xlsx or .csv downloads, all written by core.spreadsheets.writer (D42):
text stays text (a name like "=HYPERLINK(…)" is never a formula), numbers and dates keep their types, the
header row is bold and frozen. Rows are read from the database in chunks; the writer spools long sheets to
a temporary file."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse

from .spreadsheets.writer import Book, Style, csv_bytes
from .tables import Column

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def _cell_value(value):
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (str, int, float, datetime.date)) or value is None:
        return value
    return str(value)


def table_workbook(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """One sheet: a bold, frozen header row and the rows."""
    book = Book()
    sheet = book.add_sheet(title, freeze="A2")
    sheet.append(list(header), styles=[Style.BOLD] * len(header))
    for row in rows:
        sheet.append([_cell_value(v) for v in row])
    return book.to_bytes()


def workbook_bytes(title: str, columns: Sequence[Column], rows: Iterable) -> bytes:
    """A list page's rows in the page's columns."""
    return table_workbook(title, [c.label for c in columns], ([c.value(obj) for c in columns] for obj in rows))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    return _attachment(HttpResponse(content, content_type=XLSX_TYPE), filename)


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    return _attachment(HttpResponse(csv_bytes(header, rows), content_type=CSV_TYPE), filename)


def table_response(name: str, header: Sequence[str], rows: Iterable[Sequence], fmt: str) -> HttpResponse:
    """A table as `name`.csv or `name`.xlsx, as `fmt` asks."""
    if fmt == "csv":
        return csv_response(name + ".csv", header, rows)
    return xlsx_response(name + ".xlsx", table_workbook(name, header, rows))
