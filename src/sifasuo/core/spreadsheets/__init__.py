"""Spreadsheets in and out, one way each (issue 17).

- `reader`: the one reader (`read_rows`, `read_cells`; python-calamine, D84): the first visible sheet, typed
  cells; `estimate_rows` counts a sheet's rows without reading it.
- `cells`: what a cell means (`parse_text`, `parse_int`, `parse_yes_no`/`parse_flag` with the one 是/否
  vocabulary, `parse_date` with the one date vocabulary, `parse_choice`) and `where` for 第N行「列名」（X列）.
- `writer`: the one writer of every .xlsx and .csv export (`Book`, `Style`, `csv_bytes`; D42).

No other module reads or writes the xlsx format itself (tests/unit/test_spreadsheets.py checks).
"""

from .cells import (
    NO,
    NO_WORDS,
    YES,
    YES_WORDS,
    ImportRejected,
    normalized,
    parse_choice,
    parse_date,
    parse_flag,
    parse_int,
    parse_text,
    parse_yes_no,
    where,
)
from .reader import estimate_rows, read_cells, read_rows

__all__ = [
    "NO", "NO_WORDS", "YES", "YES_WORDS", "ImportRejected", "estimate_rows", "normalized", "parse_choice",
    "parse_date", "parse_flag", "parse_int", "parse_text", "parse_yes_no", "read_cells", "read_rows", "where",
]
