"""The one spreadsheet writer: workbooks of one or more sheets, rows streamed to disk as they are added.

It writes through XlsxWriter's public interface in constant-memory mode (docs/decisions.md D85): each row
goes to a temporary file as it is appended, so a 100,000-row export does not hold its cells in memory, and
it is several times faster than openpyxl's write-only mode. What every sheet gets:
- text is always written as text, never as a formula or a link (a cell "=1+1" or "@SUM(A1)" stays text:
  formula-safe);
- numbers as numbers, dates as dates (yyyy-mm-dd), date-times as date-times, True/False as 是/否;
- an optional title row above the header (`heading`), a bold header row, the header frozen;
- column widths given, or worked out from the header and the first rows (a Chinese character counts two).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, BinaryIO

import xlsxwriter

from .cells import NO, YES

# Named cell styles a caller may ask for, per column or per cell.
STYLE_DEFAULT, STYLE_HEADER, STYLE_DATE, STYLE_WRAP, STYLE_TEXT, STYLE_BAD, STYLE_GOOD, STYLE_TITLE = (
    "default", "header", "date", "wrap", "text", "bad", "good", "title")
# the boxed cells of a formal statistical table (every cell bordered; header centred and wrapped; total bold)
STYLE_BOX, STYLE_BOX_HEADER, STYLE_BOX_BOLD = "box", "box_header", "box_bold"
_FORMATS = {
    STYLE_DEFAULT: {},
    STYLE_HEADER: {"bold": True, "bg_color": "#DDEBF7", "valign": "vcenter", "text_wrap": True},
    STYLE_DATE: {"num_format": "yyyy\\-mm\\-dd"},
    STYLE_WRAP: {"valign": "top", "text_wrap": True},
    STYLE_TEXT: {"num_format": "@"},
    STYLE_BAD: {"font_color": "#C00000"},
    STYLE_GOOD: {"font_color": "#00703C"},
    STYLE_TITLE: {"bold": True, "font_size": 14},
    STYLE_BOX: {"border": 1},
    STYLE_BOX_HEADER: {"border": 1, "bold": True, "text_wrap": True, "align": "center", "valign": "vcenter"},
    STYLE_BOX_BOLD: {"border": 1, "bold": True},
    "title_centred": {"bold": True, "font_size": 14, "align": "center"},
}
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
WIDTH_SAMPLE_ROWS = 200  # automatic widths look at the header and this many rows
MIN_WIDTH, MAX_WIDTH = 6.0, 60.0
_SHEET_NAME_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})


def display_width(value: Any) -> float:
    """How wide a value shows in Excel's units: CJK and full-width characters count two."""
    if value is None:
        return 0.0
    if isinstance(value, datetime.datetime):
        return 16.0
    if isinstance(value, datetime.date):
        return 10.0
    text = str(value)
    longest = max(text.split("\n"), key=len) if "\n" in text else text
    return float(sum(2 if ord(ch) > 0x2E7F else 1 for ch in longest))


def sheet_title(title: str) -> str:
    """A title Excel accepts for a sheet: no []:*?/\\, at most 31 characters, not blank."""
    return (title.translate(_SHEET_NAME_BAD).strip("'")[:31]) or "Sheet1"


class Sheet:
    """One worksheet being written; rows are appended in order."""

    def __init__(self, book: Book, title: str, *, widths: Sequence[float] = (), freeze_header: bool = True,
                 column_styles: Sequence[str] = (), heading: str | None = None, heading_span: int = 1,
                 freeze_columns: int = 0):
        self.book = book
        self._ws = book._workbook.add_worksheet(sheet_title(title))
        self._formats = book._formats
        self._column_formats = [self._formats.get(s) for s in column_styles]
        self._widths = list(widths)
        self._measured: list[float] = []
        self._freeze_header = freeze_header
        self._freeze_columns = freeze_columns
        self._row = 0
        self._header_row: int | None = None
        if heading:  # the title row, centred across `heading_span` columns when more than one
            if heading_span > 1:
                self._ws.merge_range(0, 0, 0, heading_span - 1, heading, self._formats["title_centred"])
            else:
                self._ws.write_string(0, 0, heading, self._formats[STYLE_TITLE])
            self._ws.set_row(0, 24)
            self._row = 1

    @property
    def rows(self) -> int:
        return self._row

    def header(self, labels: Sequence[Any], *, height: float | None = None, style: str = STYLE_HEADER) -> None:
        """The header row: bold, frozen (when the sheet freezes its header) with `freeze_columns` columns."""
        self._header_row = self._row
        if height:
            self._ws.set_row(self._row, height)
        self.append(labels, styles=[style] * len(labels))
        if self._freeze_header:
            self._ws.freeze_panes(self._row, self._freeze_columns)

    def choices(self, column: int, values: Sequence[str], *, rows: int, title: str = "", message: str = "") -> None:
        """A drop-down list of `values` in `column` (0-based) for `rows` rows below the header."""
        first = self._row
        options: dict[str, Any] = {"validate": "list", "source": list(values), "ignore_blank": True}
        if title:
            options["error_title"] = title[:32]
        if message:
            options["error_message"] = message[:255]
        self._ws.data_validation(first, column, first + rows - 1, column, options)

    def append(self, values: Sequence[Any], styles: Sequence[str | None] | None = None) -> None:
        """One row. `styles` (per column) overrides the sheet's column styles."""
        r = self._row
        self._row += 1
        ws = self._ws
        formats = self._formats
        column_formats = self._column_formats if styles is None else [formats.get(s) if s else None for s in styles]
        count = len(column_formats)
        measure = not self._widths and r < WIDTH_SAMPLE_ROWS + 2
        boxed = self.book._boxed
        for c, value in enumerate(values):
            fmt = column_formats[c] if c < count else None
            if value is None or value == "":
                if fmt is not None and fmt in boxed:  # a boxed cell is drawn even when empty
                    ws.write_blank(r, c, None, fmt)
                continue
            kind = type(value)
            if kind is str:
                ws.write_string(r, c, value, fmt)
            elif kind is bool:
                ws.write_string(r, c, YES if value else NO, fmt)
            elif kind is int or kind is float or kind is Decimal:
                ws.write_number(r, c, value, fmt)
            elif isinstance(value, datetime.datetime):
                ws.write_datetime(r, c, value, formats["datetime"])
            elif isinstance(value, datetime.date):
                ws.write_datetime(r, c, value, formats[STYLE_DATE] if fmt is None or fmt is formats[STYLE_TEXT]
                                  else fmt)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value, fmt)
            else:
                ws.write_string(r, c, str(value), fmt)
            if measure:
                width = display_width(value)
                measured = self._measured
                while len(measured) <= c:
                    measured.append(0.0)
                if width > measured[c]:
                    measured[c] = width

    def extend(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.append(row)

    def _finish(self) -> None:
        widths = list(self._widths or [min(MAX_WIDTH, max(MIN_WIDTH, w + 2)) for w in self._measured])
        text = self._formats[STYLE_TEXT]
        for c, fmt in enumerate(self._column_formats):  # empty cells of a text column take text too
            if fmt is text and c >= len(widths):
                widths += [MIN_WIDTH * 2] * (c + 1 - len(widths))
        for c, width in enumerate(widths):
            fmt = self._column_formats[c] if c < len(self._column_formats) else None
            self._ws.set_column(c, c, width, fmt if fmt is text else None)


class Book:
    """A workbook being written into `target` (an open binary file) or memory. `to_bytes()` (in memory) or
    `close()` (into target) finishes it."""

    def __init__(self, target: BinaryIO | None = None) -> None:
        self._buffer = io.BytesIO() if target is None else target
        self._workbook = xlsxwriter.Workbook(self._buffer, {
            "constant_memory": True,
            "strings_to_formulas": False,  # formula-safe: text is text
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "remove_timezone": True,
        })
        self._formats = {name: self._workbook.add_format(spec) if spec else None
                         for name, spec in _FORMATS.items()}
        self._formats["datetime"] = self._workbook.add_format({"num_format": DATETIME_FORMAT})
        self._boxed = [self._formats[name] for name in (STYLE_BOX, STYLE_BOX_HEADER, STYLE_BOX_BOLD)]
        self.sheets: list[Sheet] = []

    def add_sheet(self, title: str, **options: Any) -> Sheet:
        sheet = Sheet(self, title, **options)
        self.sheets.append(sheet)
        return sheet

    def close(self) -> None:
        for sheet in self.sheets:
            sheet._finish()
        self._workbook.close()

    def to_bytes(self) -> bytes:
        self.close()
        return self._buffer.getvalue()  # type: ignore[union-attr]


def table_bytes(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], *, heading: str | None = None,
                widths: Sequence[float] = ()) -> bytes:
    """A workbook of one sheet: optional title row, the header (bold, frozen), the rows."""
    book = Book()
    sheet = book.add_sheet(title, heading=heading, widths=widths)
    sheet.header(header)
    sheet.extend(rows)
    return book.to_bytes()
