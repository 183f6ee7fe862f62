"""What a spreadsheet cell means: text, whole numbers, 是/否, dates and choices, one vocabulary each.

Every import (core.importers and the apps' importers, `sifasuo screen`, named lists) turns cells into values
through these parsers, so a cell accepted by one import is accepted by all of them. A parser returns the
value, or raises ValueError with a Chinese message about the value alone; the caller adds the row and
column (`where`).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any


class ImportRejected(Exception):
    """The file as a whole cannot be read or imported; `errors` says where and why."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors[:5]))
        self.errors = errors


def where(row: int, header: str | None = None, letter: str | None = None) -> str:
    """The place of a cell as messages name it: 第N行「列名」（X列）, parts left out when not known."""
    text = f"第{row}行"
    if header:
        text += f"「{header}」"
    if letter:
        text += f"（{letter}列）"
    return text


def parse_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def normalized(value: Any) -> str:
    """Text compared without width differences (（）vs ()、Ｙ vs Y) and whitespace."""
    return "".join(unicodedata.normalize("NFKC", parse_text(value)).split())


def parse_int(value: Any) -> int | None:
    text = parse_text(value).replace(",", "")
    if not text:
        return None
    try:
        number = int(float(text))
    except ValueError:
        raise ValueError(f"「{text}」不是整数") from None
    if number < 0:
        raise ValueError(f"不能为负数（{number}）")
    return number


# The one 是/否 vocabulary, compared after `normalized` and upper-casing (y, Yes, ＹＥＳ, true all count).
YES_WORDS = frozenset({"是", "有", "通过", "已通过", "Y", "YES", "TRUE", "1", "√", "✓"})
NO_WORDS = frozenset({"否", "不是", "无", "没有", "未通过", "N", "NO", "FALSE", "0", "×", "✗"})
YES, NO = "是", "否"


def parse_yes_no(value: Any) -> bool | None:
    """A 是/否 cell: True or False, None when blank."""
    if value is None or value == "":
        return None
    if value == YES:
        return True
    if value == NO:
        return False
    if isinstance(value, bool):
        return value
    word = normalized(value).upper()
    if not word:
        return None
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValueError(f"「{parse_text(value)}」应为“是”或“否”")


def parse_flag(value: Any) -> bool:
    """A 是/否 cell where blank means 否."""
    return parse_yes_no(value) or False


def parse_choice(choices, what: str, *, blank: Any = ""):
    """A cell parser for a choice field: the label as the pages show it (首选) or the stored value; a blank cell
    gives `blank`; anything else is refused naming the value and listing the labels. `choices` is a Django
    choices enum or its `.choices` pairs."""
    pairs = getattr(choices, "choices", choices)
    by_label = {str(label): value for value, label in pairs}
    by_value = {str(value): value for value, _ in pairs}

    def parse(value):
        text = parse_text(value)
        if not text:
            return blank
        if text in by_label:
            return by_label[text]
        if text in by_value:
            return by_value[text]
        raise ValueError(f"「{text}」不是有效的{what}，可选：{'、'.join(by_label)}")

    return parse


_DATE_TEXT = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(value: Any) -> datetime.date | None:
    """A date cell, or text such as 1990-01-31, 1990/1/31, 1990.1.31, 1990年1月31日, 19900131, or an Excel
    serial day number in a cell without a date format."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = parse_text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not (len(text) == 8 and text.isdigit()):
        if 10000 <= value < 80000:  # 1927–2119
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueError(f"「{text}」不是有效日期，应为 2024-03-01 这样的格式")
    match = _DATE_TEXT.match(text)
    if not match:
        raise ValueError(f"「{text}」不是有效日期，应为 2024-03-01 这样的格式")
    year = int(match.group(1))
    month, day = (match.group(2), match.group(3)) if match.group(2) else (match.group(4), match.group(5))
    try:
        return datetime.date(year, int(month), int(day))
    except ValueError:
        raise ValueError(f"「{text}」不是存在的日期（{year}年没有{int(month)}月{int(day)}日）") from None
