"""One importer framework: a spreadsheet is read, every row checked, and it lands whole or not at all.

An importer names its columns (header text, field, parser). `read_workbook` turns an uploaded .xlsx
into typed rows, collecting every problem as "第N行「列名」：…"; the importer's `apply` then writes
all rows in one transaction. Nothing is written while any problem remains.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from .spreadsheets.writer import Book, Style

MAX_ROWS = 50_000
MAX_ERRORS = 200


class ImportRejected(Exception):
    """The file as a whole cannot be read; `errors` says where and why."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors[:5]))
        self.errors = errors


def parse_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


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


_YES = frozenset(("是", "有", "通过", "已通过", "Y", "y", "1", "true", "True", "TRUE"))
_NO = frozenset(("否", "不是", "无", "未通过", "N", "n", "0", "false", "False", "FALSE"))


def parse_yes_no(value: Any) -> bool | None:
    """A 是/否 cell: True or False, None when blank."""
    text = parse_text(value)
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"「{text}」应为“是”或“否”")


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


def parse_flag(value: Any) -> bool:
    """A 是/否 cell where blank means 否."""
    return parse_yes_no(value) or False


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


_DATE_TEXT = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))$")


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
            return from_excel(value).date()
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


def read_workbook(content: bytes, columns: list[ImportColumn], progress=None) -> list[ParsedRow]:
    """Typed rows of the first sheet; raises ImportRejected listing every problem. A job's `progress`
    (core.jobs.Progress) is advanced row by row, with the errors found so far."""
    if progress is not None:
        progress.start(total=estimate_rows(content), phase="检查")
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # a damaged zip or XML surfaces as many exception types
        raise ImportRejected([f"无法读取该文件：请上传 Excel（.xlsx）文件。（{type(exc).__name__}）"]) from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ImportRejected(["文件是空的：第1行应为表头"])
    headers = [parse_text(h) for h in header]
    errors: list[str] = []
    positions: dict[str, int] = {}
    for column in columns:
        if column.header in headers:
            positions[column.field] = headers.index(column.header)
        elif column.required:
            errors.append(f"第1行：缺少必填列「{column.header}」")
    if errors:
        raise ImportRejected(errors)
    parsed: list[ParsedRow] = []
    for number, raw in enumerate(rows, start=2):
        if raw is None or all(c is None or parse_text(c) == "" for c in raw):
            continue
        if len(parsed) >= MAX_ROWS:
            raise ImportRejected([f"行数超过上限 {MAX_ROWS}，请分批导入"])
        row = ParsedRow(number)
        for column in columns:
            pos = positions.get(column.field)
            value = raw[pos] if pos is not None and pos < len(raw) else None
            try:
                parsed_value = column.parse(value)
            except ValueError as exc:
                errors.append(f"第{number}行「{column.header}」：{exc}")
                continue
            if column.required and parsed_value in ("", None):
                errors.append(f"第{number}行「{column.header}」：不能为空")
            row.values[column.field] = parsed_value
        parsed.append(row)
        if progress is not None:
            progress.advance(errors=len(errors))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ImportRejected(errors)
    if not parsed:
        raise ImportRejected(["文件中没有数据行"])
    return parsed


_SHEET_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
             "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
             "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def estimate_rows(content) -> int | None:
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

