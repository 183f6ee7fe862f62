"""The one spreadsheet writer: every .xlsx and .csv the system hands out is written here (D42).

**Text stays text.** A name like `=HYPERLINK("http://…","点击")` — typed by an anonymous applicant at
registration, or a unit renamed by an administrator — must reach the clerk's spreadsheet as the characters
typed, never as a formula that runs when the file is opened. This writer has no formula cells at all: every
string is a string cell. CSV has no cell types, so a text value that begins with = + - @ (or a tab or a
carriage return), which Excel, WPS and LibreOffice would evaluate, is written with an apostrophe in front
(`csv_cell`). Numbers stay numeric cells (a negative number is not prefixed), dates date cells
(yyyy-mm-dd), booleans boolean cells.

**Why not openpyxl for writing.** openpyxl builds a Python object and an XML element for every cell (50,000
rows × 30 columns took 25 s) and stores any string starting with "=" as a formula unless each cell is told
otherwise. Here a row becomes SpreadsheetML text directly: every text in its own cell (an inline string, as
XlsxWriter's constant-memory mode writes them: no shared-string table grows with the rows), a fixed table of
styles (`Style`), column widths and styles, frozen panes, merged ranges, row heights and drop-down lists. The
rows of a sheet are kept in memory up to a thousand and then spooled to a temporary file, so a 100,000-row
export holds neither its XML nor its texts in memory. (Spreadsheets are read by core.spreadsheets.reader.)

    book = Book()
    sheet = book.add_sheet("花名册", widths=[10, 20], freeze="A2")
    sheet.append(["姓名", "到岗日期"], styles=[Style.BOLD] * 2)
    for row in rows:
        sheet.append(row)
    content = book.to_bytes()        # or book.save(binary_file)
"""

from __future__ import annotations

import csv
import datetime
import enum
import functools
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

__all__ = ["Book", "Sheet", "Style", "column_letter", "csv_bytes", "csv_cell", "sheet_title"]

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime.date(1899, 12, 30)
_EPOCH_TIME = datetime.datetime(1899, 12, 30)
_SPOOL_ROWS = 1000
# the characters that make a spreadsheet program read a CSV field as a formula (OWASP: CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Style(enum.IntEnum):
    """The cell styles of every workbook (cellXfs of styles.xml, in this order)."""

    DEFAULT = 0
    HEADER = 1          # bold on a pale blue fill, wrapped, vertically centred
    DATE = 2            # yyyy-mm-dd (dates get it unless a cell names another style)
    WRAP = 3            # wrapped text, top-aligned
    TEXT = 4            # number format "@": what is typed into the column stays text (ID numbers, codes)
    BAD = 5             # dark red text
    GOOD = 6            # dark green text
    TITLE = 7           # bold, 14 pt
    BOLD = 8
    DATETIME = 9        # yyyy-mm-dd hh:mm:ss
    GRID = 10           # thin borders (printed tables)
    GRID_BOLD = 11
    GRID_HEADER = 12    # bold, centred, wrapped, thin borders
    TITLE_CENTER = 13   # bold 14 pt, centred
    MONEY = 14          # #,##0.00 (core.numbers.MONEY_FORMAT): amounts stay numbers the sheet can sum


_FONT = '<name val="宋体"/><family val="3"/><charset val="134"/>'
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/>'
    '<numFmt numFmtId="166" formatCode="#,##0.00"/></numFmts>'
    f'<fonts count="5"><font><sz val="11"/>{_FONT}</font><font><b/><sz val="11"/>{_FONT}</font>'
    f'<font><sz val="11"/><color rgb="FFC00000"/>{_FONT}</font>'
    f'<font><sz val="11"/><color rgb="FF00703C"/>{_FONT}</font><font><b/><sz val="14"/>{_FONT}</font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border>'
    '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="15">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="4" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="4" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="center"/></xf>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


@functools.lru_cache(maxsize=4096)   # the texts that repeat down a column (units, statuses) are escaped once
def _xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return _ILLEGAL_XML.sub("", text) if _ILLEGAL_XML.search(text) else text


def _inline(letter: str, n: int, style: str, text: str) -> str:
    """A text cell holding its text: a string cell, never a formula, whatever the text begins with."""
    return f'<c r="{letter}{n}"{style} t="inlineStr"><is><t xml:space="preserve">{_xml_text(text)}</t></is></c>'


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _split_ref(ref: str) -> tuple[int, int]:
    """"C4" → (column 3, row 4)."""
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    if match is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    column = 0
    for char in match.group(1):
        column = column * 26 + ord(char) - 64
    return column, int(match.group(2))


def sheet_title(title: str, taken: Iterable[str] = ()) -> str:
    """A name Excel accepts for a sheet: without [ ] : * ? / \\, not starting or ending with an apostrophe,
    at most 31 characters, not empty, and unlike the names already `taken` (Excel compares them ignoring
    case). An announcement called 「2026/2027年度招聘」 becomes 「2026_2027年度招聘」."""
    name = re.sub(r"[\[\]:*?/\\]", "_", _ILLEGAL_XML.sub("", str(title or ""))).strip().strip("'")[:31] or "Sheet"
    used = {t.lower() for t in taken}
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        suffix = f"({n})"
        candidate = name[:31 - len(suffix)] + suffix
    return candidate


class _Body:
    """A sheet's row XML: in memory up to _SPOOL_ROWS rows, then spooled to a temporary file."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.file: IO[bytes] | None = None

    def add(self, text: str) -> None:
        self.parts.append(text)
        if len(self.parts) >= _SPOOL_ROWS:
            if self.file is None:
                self.file = tempfile.TemporaryFile()
            self.file.write("".join(self.parts).encode())
            self.parts.clear()

    def write_to(self, target: IO[bytes]) -> None:
        if self.file is not None:
            self.file.seek(0)
            while chunk := self.file.read(1 << 20):
                target.write(chunk)
            self.file.close()
            self.file = None
        target.write("".join(self.parts).encode())
        self.parts.clear()


class Sheet:
    """One worksheet being written. `append` one row at a time; `merge`, `validate_list` as needed."""

    def __init__(self, book: Book, title: str, *, widths: Sequence[float | None] = (), freeze: str | None = None,
                 freeze_header: bool = False, column_styles: Sequence[int] = (), landscape: bool = False,
                 fit_width: bool = False, title_rows: str | None = None):
        self.book = book
        self.landscape = landscape          # printed A4 landscape
        self.fit_width = fit_width          # printed as wide as one page
        self.title_rows = title_rows        # "2:2": rows repeated at the top of every printed page
        self.title = title
        self.widths = list(widths)
        self.freeze = freeze or ("A2" if freeze_header else None)
        self.column_styles = [int(s) for s in column_styles]
        self.rows = 0
        self.max_columns = 0
        self.merges: list[str] = []
        self.validations: list[str] = []
        self._body = _Body()
        self._letters: list[str] = []
        self._style_cache: dict[tuple[int, ...], list[str]] = {}

    def _letter(self, index: int) -> str:
        letters = self._letters
        while len(letters) <= index:
            letters.append(column_letter(len(letters) + 1))
        return letters[index]

    def append(self, values: Sequence[Any], styles: Sequence[int] | None = None, *, height: float | None = None
               ) -> None:
        """One row. `styles` (per column) override the sheet's column styles; empty cells are left out."""
        self.rows += 1
        n = self.rows
        count = len(values)
        if count > len(self._letters):
            self._letter(count)
        style_attrs = self._style_attrs(styles if styles is not None else self.column_styles, count)
        cell = self._cell
        size = f' ht="{height:g}" customHeight="1"' if height else ""
        if styles and not _BORDERED.isdisjoint(styles):  # a bordered empty cell still shows its border
            cells = [f'<c r="{letter}{n}"{style}/>' if value is None or value == "" else cell(letter, n, style, value)
                     for letter, style, value in zip(self._letters, style_attrs, values)]
        else:
            cells = [_inline(letter, n, style, value) if type(value) is str else cell(letter, n, style, value)
                     for letter, style, value in zip(self._letters, style_attrs, values)
                     if value is not None and value != ""]
        self._body.add(f'<row r="{n}"{size}>' + "".join(cells) + "</row>")
        if count > self.max_columns:
            self.max_columns = count

    def extend(self, rows: Iterable[Sequence[Any]], styles: Sequence[int] | None = None) -> None:
        for row in rows:
            self.append(row, styles)

    def _style_attrs(self, styles: Sequence[int], count: int) -> list[str]:
        key = tuple(styles)
        found = self._style_cache.get(key)
        if found is None or len(found) < count:
            found = [f' s="{int(styles[i])}"' if i < len(styles) and styles[i] else ""
                     for i in range(max(count, len(styles)))]
            self._style_cache[key] = found
        return found

    def _cell(self, letter: str, n: int, style: str, value: Any) -> str:
        if isinstance(value, bool):
            return f'<c r="{letter}{n}"{style} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, datetime.datetime):
            serial = (value.replace(tzinfo=None) - _EPOCH_TIME).total_seconds() / 86400
            return f'<c r="{letter}{n}"{style or _DATETIME_STYLE}><v>{serial!r}</v></c>'
        if isinstance(value, datetime.date):
            return f'<c r="{letter}{n}"{style or _DATE_STYLE}><v>{(value - _EPOCH).days}</v></c>'
        if isinstance(value, (int, float, Decimal)):
            return f'<c r="{letter}{n}"{style}><v>{value}</v></c>'
        return _inline(letter, n, style, str(value))

    def merge(self, ref: str) -> None:
        """Merge a range such as "A1:F1" (the first cell's value shows)."""
        self.merges.append(ref)

    def validate_list(self, ref: str, choices: Sequence[str], *, title: str = "", error: str = "") -> None:
        """A drop-down list of `choices` on the cells of `ref` (e.g. "C2:C2001"); other input is refused."""
        listed = ",".join(c.replace('"', "") for c in choices)
        self.validations.append(
            f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="{_xml_text(title[:32])}" '
            f'error="{_xml_text(error[:255])}" sqref="{ref}"><formula1>"{_xml_text(listed)}"</formula1>'
            "</dataValidation>")

    def _head(self, selected: bool) -> str:
        last = f"{self._letter(max(self.max_columns, 1) - 1)}{max(self.rows, 1)}"
        tab = ' tabSelected="1"' if selected else ""
        fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if self.fit_width else ""
        head = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN_NS}" '
                f'xmlns:r="{_REL_NS}">{fit}<dimension ref="A1:{last}"/><sheetViews><sheetView workbookViewId="0"'
                f'{tab}>']
        if self.freeze and self.freeze != "A1":
            column, row = _split_ref(self.freeze)
            pane = {(True, True): "bottomRight", (False, True): "bottomLeft", (True, False): "topRight"}[
                (column > 1, row > 1)]
            splits = (f' xSplit="{column - 1}"' if column > 1 else "") + (f' ySplit="{row - 1}"' if row > 1 else "")
            head.append(f'<pane{splits} topLeftCell="{self.freeze}" activePane="{pane}" state="frozen"/>'
                        f'<selection pane="{pane}" activeCell="{self.freeze}" sqref="{self.freeze}"/>')
        head.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
        columns = max(len(self.widths), len(self.column_styles))
        cols = []
        for i in range(columns):
            width = self.widths[i] if i < len(self.widths) else None
            style = self.column_styles[i] if i < len(self.column_styles) else 0
            if width is None and not style:
                continue
            cols.append(f'<col min="{i + 1}" max="{i + 1}" width="{width or 9.140625:g}"'
                        + (' customWidth="1"' if width else "") + (f' style="{style}"' if style else "") + "/>")
        if cols:
            head.append("<cols>" + "".join(cols) + "</cols>")
        head.append("<sheetData>")
        return "".join(head)

    def _tail(self) -> str:
        tail = ["</sheetData>"]
        if self.merges:
            tail.append(f'<mergeCells count="{len(self.merges)}">'
                        + "".join(f'<mergeCell ref="{ref}"/>' for ref in self.merges) + "</mergeCells>")
        if self.validations:
            tail.append(f'<dataValidations count="{len(self.validations)}">' + "".join(self.validations)
                        + "</dataValidations>")
        if self.landscape or self.fit_width:
            tail.append('<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
                        '<pageSetup paperSize="9"' + (' orientation="landscape"' if self.landscape else "")
                        + (' fitToWidth="1" fitToHeight="0"' if self.fit_width else "") + "/>")
        tail.append("</worksheet>")
        return "".join(tail)

    def _write(self, target: IO[bytes], selected: bool) -> None:
        target.write(self._head(selected).encode())
        self._body.write_to(target)
        target.write(self._tail().encode())


_DATE_STYLE = f' s="{int(Style.DATE)}"'
_BORDERED = frozenset({Style.GRID, Style.GRID_BOLD, Style.GRID_HEADER})
_DATETIME_STYLE = f' s="{int(Style.DATETIME)}"'


class Book:
    """A workbook of sheets written by this module; `to_bytes()` or `save(file)` once all rows are in."""

    def __init__(self) -> None:
        self.sheets: list[Sheet] = []

    def add_sheet(self, title: str, **options: Any) -> Sheet:
        """A new sheet; its title is made acceptable to Excel (see sheet_title). Options: widths, freeze
        ("A2" freezes the header row, "C4" two columns and three rows), freeze_header, column_styles; for
        printing: landscape (A4), fit_width (one page wide), title_rows ("2:2", repeated on every page)."""
        sheet = Sheet(self, sheet_title(title, [s.title for s in self.sheets]), **options)
        self.sheets.append(sheet)
        return sheet

    def _defined_names(self) -> str:
        names = [f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                 f"'{_xml_text(s.title.replace(chr(39), chr(39) * 2))}'!${s.title_rows.replace(':', ':$')}"
                 "</definedName>" for i, s in enumerate(self.sheets) if s.title_rows]
        return f"<definedNames>{''.join(names)}</definedNames>" if names else ""

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()

    def save(self, target: IO[bytes]) -> None:
        if not self.sheets:
            self.add_sheet("Sheet1")
        count = len(self.sheets)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.writestr("[Content_Types].xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                          f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                          for i in range(1, count + 1))
                + '<Override PartName="/xl/styles.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                '</Types>'))
            zf.writestr("_rels/.rels", (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL_NS}">'
                f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
                '</Relationships>'))
            zf.writestr("xl/workbook.xml", (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN_NS}" '
                f'xmlns:r="{_REL_NS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>'
                + "".join(f'<sheet name="{_xml_text(s.title)}" sheetId="{i}" r:id="rId{i}"/>'
                          for i, s in enumerate(self.sheets, start=1))
                + "</sheets>" + self._defined_names() + "</workbook>"))
            zf.writestr("xl/_rels/workbook.xml.rels", (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL_NS}">'
                + "".join(f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                          for i in range(1, count + 1))
                + f'<Relationship Id="rId{count + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
                "</Relationships>"))
            zf.writestr("xl/styles.xml", _STYLES)
            for i, sheet in enumerate(self.sheets, start=1):
                with zf.open(f"xl/worksheets/sheet{i}.xml", "w") as part:
                    sheet._write(part, selected=i == 1)


# --- CSV -------------------------------------------------------------------------------------------------------


def csv_cell(value: Any) -> Any:
    """A value as a CSV field: text that a spreadsheet program would run as a formula gets an apostrophe in
    front ("=1+1" → "'=1+1"); numbers (negative ones too) stay numbers; dates are written yyyy-mm-dd."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so that Excel opens Chinese text correctly), every field through
    csv_cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
