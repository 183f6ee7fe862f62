"""One importer framework: a spreadsheet is read, every row checked, and it lands whole or not at all.

An importer names its columns (header text, field, parser). `read_workbook` turns an uploaded .xlsx
into typed rows, collecting every problem as "第N行「列名」：…"; the importer's `apply` then writes
all rows in one transaction. Nothing is written while any problem remains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .spreadsheets import (ImportRejected, estimate_rows, parse_choice, parse_date, parse_flag, parse_int,
                           parse_text, parse_yes_no, read_rows, where)
from .spreadsheets.writer import Book, Style

__all__ = [
    "EDUCATION_ALIASES", "MAX_ERRORS", "MAX_ROWS", "STUDY_MODES", "STUDY_MODE_NAMES", "ImportColumn",
    "ImportRejected", "ParsedRow", "parse_choice", "parse_date", "parse_flag", "parse_int", "parse_study_mode",
    "parse_text", "parse_yes_no", "read_workbook", "split_study_mode", "template_workbook", "estimate_rows",
    "template_sheet", "notes_sheet",
]

MAX_ROWS = 50_000
MAX_ERRORS = 200


# Common ways of writing an education level, besides the names of the policy vocabulary `education`.
EDUCATION_ALIASES = {
    "初中": "junior_high", "小学": "junior_high",
    "高中": "senior_high", "中专": "senior_high", "技校": "senior_high", "职高": "senior_high",
    "专科": "junior_college", "大学专科": "junior_college", "高职": "junior_college",
    "本科": "bachelor", "大本": "bachelor",
    "硕士": "master", "研究生": "master", "硕士研究生": "master",
    "博士": "doctorate", "博士研究生": "doctorate",
}

# Study mode (学习形式) as people write it beside an education level: "大专(全日制)", "全日制大专",
# "本科（非全日制）", "函授本科", "自考本科". Codes of the policy vocabulary `study_mode`.
STUDY_MODES = {"全日制": "full_time", "普通全日制": "full_time", "统招": "full_time",
               "非全日制": "part_time", "在职": "part_time", "成人教育": "part_time", "成教": "part_time",
               "函授": "part_time", "业余": "part_time", "夜大": "part_time", "自考": "part_time",
               "自学考试": "part_time", "高等教育自学考试": "part_time", "网络教育": "part_time",
               "远程教育": "part_time", "开放教育": "part_time", "电大": "part_time", "脱产": "full_time"}
STUDY_MODE_NAMES = {"full_time": "全日制", "part_time": "非全日制"}
_STUDY_MODE_WORDS = sorted(STUDY_MODES, key=len, reverse=True)  # 非全日制 before 全日制
_BRACKETED = re.compile(r"[（(【\[]\s*([^）)】\]]*?)\s*[)）】\]]")


def parse_study_mode(value: Any) -> str:
    """A 学习形式 cell: "full_time", "part_time", or "" when blank. Accepts the vocabulary codes too."""
    text = "".join(parse_text(value).split())
    if not text:
        return ""
    if text in STUDY_MODE_NAMES:
        return text
    found = STUDY_MODES.get(text)
    if found is None:
        raise ValueError(f"「{text}」不是可识别的学习形式，应为“全日制”或“非全日制”")
    return found


def split_study_mode(value: Any) -> tuple[str, str]:
    """An education cell that may carry its study mode: "大专(全日制)" -> ("大专", "full_time"),
    "全日制大专" -> ("大专", "full_time"), "本科（非全日制）" -> ("本科", "part_time"), "大专" -> ("大专", "")."""
    text = "".join(parse_text(value).split())
    if not text:
        return "", ""
    mode = ""
    for match in _BRACKETED.finditer(text):
        inner = match.group(1)
        if inner in STUDY_MODES:
            mode = STUDY_MODES[inner]
            text = text.replace(match.group(0), "")
            break
    if not mode:
        for word in _STUDY_MODE_WORDS:
            if text.startswith(word) and len(text) > len(word):
                mode, text = STUDY_MODES[word], text[len(word):]
                break
            if text.endswith(word) and len(text) > len(word):
                mode, text = STUDY_MODES[word], text[:-len(word)]
                break
    return text, mode


@dataclass(frozen=True)
class ImportColumn:
    header: str
    field: str
    parse: Callable[[Any], Any] = parse_text
    required: bool = False
    example: Any = ""
    help: str = ""


@dataclass
class ParsedRow:
    number: int  # the row number in the spreadsheet, as the user sees it
    values: dict[str, Any] = field(default_factory=dict)


def column_positions(header: tuple, columns: list[ImportColumn]) -> dict[str, int]:
    """Field -> position of its column in the header row; raises ImportRejected naming every required column
    the header lacks (a column may stand anywhere, an optional one may be left out)."""
    headers = [parse_text(h) for h in header]
    missing = [f"第1行：缺少必填列「{c.header}」" for c in columns if c.required and c.header not in headers]
    if missing:
        raise ImportRejected(missing)
    return {c.field: headers.index(c.header) for c in columns if c.header in headers}


def parse_row(number: int, raw: tuple, columns: list[ImportColumn],
              positions: dict[str, int]) -> tuple[dict[str, Any], list[str]]:
    """One row's typed values by field, and its errors as 第N行「列名」：… (a required cell left empty, a cell
    its column cannot read)."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    for column in columns:
        pos = positions.get(column.field)
        cell = raw[pos] if pos is not None and pos < len(raw) else None
        try:
            value = column.parse(cell)
        except ValueError as exc:
            errors.append(f"{where(number, column.header)}：{exc}")
            continue
        if column.required and value in ("", None):
            errors.append(f"{where(number, column.header)}：不能为空")
        values[column.field] = value
    return values, errors


def rows_with_units(rows: list[ParsedRow], header: str, errors: list[str]) -> Iterator[tuple[ParsedRow, Any]]:
    """Each row whose unit code (the `unit_code` column) names a unit, with that unit (all read in one query);
    a row naming none is skipped with “第N行「header」：code 不存在” added to `errors`, in row order."""
    from sifasuo.orgunits.models import OrgUnit

    units = {u.code: u for u in OrgUnit.objects.filter(code__in={r.values["unit_code"] for r in rows})}
    for row in rows:
        unit = units.get(row.values["unit_code"])
        if unit is None:
            errors.append(f"{where(row.number, header)}：{row.values['unit_code']} 不存在")
        else:
            yield row, unit


def repeated_person(row_errors: dict[str, list[str]], seen: dict[str, int], id_number: str, number: int, *,
                    valid: bool) -> None:
    """One person a file: a row whose (valid) ID number an earlier row of the file has is refused under
    `id_number` (“与第N行是同一人”) unless that field is already refused; `seen` keeps each number's first row."""
    if valid and id_number in seen and "id_number" not in row_errors:
        row_errors["id_number"] = [f"与第{seen[id_number]}行是同一人（身份证号码相同）"]
    seen.setdefault(id_number, number)


def row_messages(number: int, errors: dict[str, list[str]], headers: dict[str, str]) -> list[str]:
    """A row's errors by field (a service's ValidationError dict) as 第N行「列名」：… lines, each under the
    column its field came from (`headers`: field -> column header; the field's name where none)."""
    return [f"{where(number, headers.get(field, field))}：{message}"
            for field, messages in errors.items() for message in messages]


def read_workbook(content: bytes, columns: list[ImportColumn], progress=None) -> list[ParsedRow]:
    """Typed rows of the first sheet; raises ImportRejected listing every problem. A job's `progress`
    (core.jobs.Progress) is advanced row by row, with the errors found so far."""
    if progress is not None:
        progress.start(total=estimate_rows(content), phase="检查")
    rows = read_rows(content)
    first = next(rows, None)
    if first is None:
        raise ImportRejected(["文件是空的：第1行应为表头"])
    positions = column_positions(first[1], columns)
    errors: list[str] = []
    parsed: list[ParsedRow] = []
    for number, raw in rows:
        if all(c is None or parse_text(c) == "" for c in raw):
            continue
        if len(parsed) >= MAX_ROWS:
            raise ImportRejected([f"行数超过上限 {MAX_ROWS}，请分批导入"])
        values, row_errors = parse_row(number, raw, columns, positions)
        errors += row_errors
        parsed.append(ParsedRow(number, values))
        if progress is not None:
            progress.advance(errors=len(errors))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ImportRejected(errors)
    if not parsed:
        raise ImportRejected(["文件中没有数据行"])
    return parsed


def template_sheet(book: Book, title: str, columns: list[ImportColumn]):
    """The import sheet of a template: the headers in bold, frozen; the caller adds rows."""
    sheet = book.add_sheet(title, freeze="A2")
    sheet.append([c.header for c in columns], styles=[Style.BOLD] * len(columns))
    return sheet


def notes_sheet(book: Book, columns: list[ImportColumn]):
    """The 填写说明 sheet of a template: each column, whether it is required, and how to fill it in."""
    notes = book.add_sheet("填写说明", widths=[24, 8, 80])
    notes.append(["列名", "必填", "说明"], styles=[Style.BOLD] * 3)
    for c in columns:
        notes.append([c.header, "是" if c.required else "否", c.help])
    return notes


def template_workbook(title: str, columns: list[ImportColumn]) -> bytes:
    """An empty template with the headers, one example row and a sheet explaining each column."""
    book = Book()
    template_sheet(book, title, columns).append([c.example for c in columns])
    notes_sheet(book, columns)
    return book.to_bytes()
