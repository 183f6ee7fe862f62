"""The one spreadsheet reader: the first visible sheet of an uploaded workbook, row by row, typed cells.

It reads through python-calamine's public interface (the calamine Rust library; docs/decisions.md D84):
about fifty times faster than openpyxl's read-only mode on the 50,000-row sheets of `sifasuo screen`, and it
reads .xlsx, .xlsm, .xls and .ods alike. Calamine parses the sheet into a compact Rust grid; the rows are
turned into Python values one at a time as the caller iterates, so nothing row-sized accumulates in Python.

Cells come typed as openpyxl's `values_only` gives them: blank cells are None, whole numbers int, other
numbers float, date cells datetime.date (datetime.datetime when they carry a time), booleans bool, text
str (not stripped). Formula cells give their last computed value. A file that cannot be read raises
ImportRejected with a Chinese message.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

from .cells import ImportRejected
from .writer import column_letter

UNREADABLE = "无法读取该文件：请上传 Excel（.xlsx）文件"


def _typed(value: Any) -> Any:
    if value == "":
        return None
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def read_rows(content: bytes | BinaryIO) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number as the user sees it, cells) of each row of the first visible sheet, from the first row up
    to the last that has data, blank rows included. `content` is the file's bytes or an open binary file (an
    upload). Raises ImportRejected when the file is not a workbook or is damaged."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content) if isinstance(content, (bytes, bytearray))
                                              else content)
        sheets = book.sheets_metadata
        visible = [s for s in sheets if s.visible == SheetVisibleEnum.Visible] or list(sheets)
        if not visible:
            raise ImportRejected(["文件中没有工作表"])
        sheet = book.get_sheet_by_name(visible[0].name)
    except CalamineError as exc:
        raise ImportRejected([f"{UNREADABLE}。（{type(exc).__name__}）"]) from exc
    except (ValueError, OSError) as exc:  # a damaged package surfaces as several error types
        raise ImportRejected([f"{UNREADABLE}。（{type(exc).__name__}）"]) from exc
    # calamine's rows start at the sheet's first row and its first used column (tests/unit/test_spreadsheets.py
    # pins this): the columns before it are put back so positions are the sheet's own.
    lead = (None,) * (sheet.start[1] if sheet.start else 0)
    typed = _typed
    for number, row in enumerate(sheet.iter_rows(), start=1):
        yield number, (*lead, *[typed(v) for v in row])


def read_cells(content: bytes | BinaryIO) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column letters: value}) of each row that has a non-blank cell, blank cells left out:
    for sheets whose columns are found by their header wherever they are."""
    letters: list[str] = []
    for number, cells in read_rows(content):
        while len(letters) < len(cells):
            letters.append(column_letter(len(letters) + 1))
        row = {letters[i]: v for i, v in enumerate(cells) if v is not None}
        if row:
            yield number, row


# --- how big a sheet is, before reading it ----------------------------------------------------------------
# An upload page decides from this whether to import at once or as a background job; reading the file would
# cost what the job is there to avoid, so the rows are counted in the sheet's XML (the package's own parts,
# read with the standard library) without decoding a cell.

_SHEET_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
             "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
             "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def estimate_rows(content: bytes | BinaryIO) -> int | None:
    """The number of rows below the header of an .xlsx's first sheet, counted in the sheet's XML without
    parsing it (a 100,000-row file in well under a second); None when the file is not a readable workbook.
    An estimate: empty rows that carry formatting count too. `content` is bytes or a seekable file."""
    source = io.BytesIO(content) if isinstance(content, (bytes, bytearray)) else content
    try:
        with zipfile.ZipFile(source) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            first = workbook.find("m:sheets/m:sheet", _SHEET_NS)
            rel_id = first.get(f"{{{_SHEET_NS['r']}}}id") if first is not None else None
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            target = next((r.get("Target") for r in rels.findall("p:Relationship", _SHEET_NS)
                           if r.get("Id") == rel_id), None)
            if target is None:
                return None
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            rows, tail = 0, b""
            with archive.open(target) as sheet:
                while chunk := sheet.read(1 << 20):
                    data = tail + chunk
                    rows += len(_ROW_TAG.findall(data))
                    # a tag cut by the chunk's end is counted with the next chunk
                    cut = data.rfind(b"<")
                    tail = data[cut:] if cut >= 0 and not _ROW_TAG.match(data, cut) else b""
            return max(rows - 1, 0)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, AttributeError, ValueError):
        return None
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
