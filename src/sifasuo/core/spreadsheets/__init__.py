"""Spreadsheets in and out, one way each (issue 17).

- `reader`: the one reader (`read_rows`, `read_cells`): the first visible sheet, typed cells, streamed.
- `cells`: what a cell means (`parse_text`, `parse_int`, `parse_yes_no`/`parse_flag` with the one 是/否
  vocabulary, `parse_date` with the one date vocabulary, `parse_choice`) and `where` for 第N行「列名」（X列）.
- `writer`: the one writer (`Book`, `table_bytes`): formula-safe, numbers as numbers, dates as dates, title
  row, frozen header, column widths.

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
from .reader import column_letter, read_cells, read_rows
from .writer import (
    STYLE_BOX,
    STYLE_BOX_BOLD,
    STYLE_BOX_HEADER,
    STYLE_BAD,
    STYLE_DATE,
    STYLE_DEFAULT,
    STYLE_GOOD,
    STYLE_HEADER,
    STYLE_TEXT,
    STYLE_TITLE,
    STYLE_WRAP,
    Book,
    Sheet,
    display_width,
    table_bytes,
)

__all__ = [
    "NO", "NO_WORDS", "STYLE_BAD", "STYLE_BOX", "STYLE_BOX_BOLD", "STYLE_BOX_HEADER", "STYLE_DATE", "STYLE_DEFAULT", "STYLE_GOOD", "STYLE_HEADER", "STYLE_TEXT",
    "STYLE_TITLE", "STYLE_WRAP", "YES", "YES_WORDS", "Book", "ImportRejected", "Sheet", "column_letter",
    "display_width", "normalized", "parse_choice", "parse_date", "parse_flag", "parse_int", "parse_text",
    "parse_yes_no", "read_cells", "read_rows", "table_bytes", "where",
]
