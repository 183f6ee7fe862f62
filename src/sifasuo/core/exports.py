"""Exports of lists and tables as .xlsx or .csv downloads, all written by core.spreadsheets.writer (D42):
text stays text (a name like "=HYPERLINK(…)" is never a formula), numbers and dates keep their types, the
header row is bold and frozen. A list's export is a register (`write_register` with a `heading`: a title row
saying what, whose, which filters, when and by whom — `heading_text` — above the frozen header, printed
landscape with the header on every page). Rows are read from the database in chunks; the writer spools long sheets to
a temporary file."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse

from .spreadsheets.writer import Book, Style, csv_bytes
from .tables import Column

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def _cell_value(value):
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (str, int, float, Decimal, datetime.date)) or value is None:
        return value        # numbers stay numbers, so that the sheet can sum them
    return str(value)


WIDTH_SAMPLE = 200      # rows read to fit the column widths (the rest are streamed)
MAX_WIDTH = 60


def _text_width(value) -> int:
    """Columns of a cell's text: a Chinese character takes two."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 19
    if isinstance(value, datetime.date):
        return 10
    text = f"{value:,.2f}" if isinstance(value, (float, Decimal)) else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def write_register(book: Book, title: str, header: Sequence[str], rows: Iterable[Sequence], *, heading: str = "",
                   money: Iterable[int] = ()):
    """Write `rows` (values, one list per row) under `header` into a new sheet of `book`. With a `heading`
    (what the list is: unit, filters, date, who) the sheet is a register: the heading in row 1, the column
    names in row 2 frozen and repeated on every printed page, columns as wide as their contents, printed A4
    landscape one page wide. Without, a bold frozen header row and the rows. Columns numbered in `money` are
    written as numbers shown 6,000.00. Returns the sheet."""
    money = set(money)
    styles = [Style.MONEY if i in money else Style.DEFAULT for i in range(len(header))] if money else ()
    rows = iter(rows)
    if not heading:
        sheet = book.add_sheet(title, freeze="A2", column_styles=styles)
        sheet.append(list(header), styles=[Style.BOLD] * len(header))
    else:
        sample = []
        for row in rows:
            sample.append([_cell_value(v) for v in row])
            if len(sample) >= WIDTH_SAMPLE:
                break
        widths = [min(max(max([_text_width(label), *(_text_width(r[i]) for r in sample if i < len(r))]) + 2, 6),
                      MAX_WIDTH) for i, label in enumerate(header)]
        sheet = book.add_sheet(title, freeze="A3", widths=widths, column_styles=styles, landscape=True,
                               fit_width=True, title_rows="2:2")
        sheet.append([heading], styles=[Style.TITLE])
        sheet.append(list(header), styles=[Style.BOLD] * len(header))
        for values in sample:
            sheet.append(values)
    for row in rows:
        sheet.append([_cell_value(v) for v in row])
    return sheet


def table_workbook(title: str, header: Sequence[str], rows: Iterable[Sequence], *, heading: str = "") -> bytes:
    """One sheet of `rows` under `header` (a register when there is a `heading`: see write_register)."""
    book = Book()
    write_register(book, title, header, rows, heading=heading)
    return book.to_bytes()


def workbook_bytes(title: str, columns: Sequence[Column], rows: Iterable, *, heading: str = "") -> bytes:
    """A list page's rows in the page's columns; money columns stay numbers (see write_register)."""
    book = Book()
    write_register(book, title, [c.label for c in columns], ([c.value(obj) for c in columns] for obj in rows),
                   heading=heading, money=[i for i, c in enumerate(columns) if c.kind == "money"])
    return book.to_bytes()


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


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
    return _attachment(HttpResponse(content, content_type=XLSX_TYPE), filename)


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    return _attachment(HttpResponse(csv_bytes(header, rows), content_type=CSV_TYPE), filename)


def table_response(name: str, header: Sequence[str], rows: Iterable[Sequence], fmt: str) -> HttpResponse:
    """A table as `name`.csv or `name`.xlsx, as `fmt` asks."""
    if fmt == "csv":
        return csv_response(name + ".csv", header, rows)
    return xlsx_response(name + ".xlsx", table_workbook(name, header, rows))
