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
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, BinaryIO

from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

from .cells import ImportRejected

UNREADABLE = "无法读取该文件：请上传 Excel（.xlsx）文件"


@lru_cache(maxsize=256)
def column_letter(index: int) -> str:
    """A, B, …, Z, AA, … for 0, 1, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
    letter = column_letter
    for number, cells in read_rows(content):
        row = {letter(i): v for i, v in enumerate(cells) if v is not None}
        if row:
            yield number, row
