"""core.spreadsheets: the one reader (typed cells, every importer's 是/否 and date vocabulary), the one writer
(formula-safe, numbers and dates typed, title row, frozen header, widths), and no other module reading or
writing the xlsx format itself. Workbooks are real files, read back with openpyxl."""

from __future__ import annotations

import ast
import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sifasuo.core import spreadsheets
from sifasuo.core.spreadsheets import ImportRejected, estimate_rows, read_cells, read_rows
from sifasuo.core.spreadsheets.writer import Book, Style
from tests.spreadsheets import xlsx_bytes

SRC = Path(spreadsheets.__file__).resolve().parents[2]  # src/sifasuo
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --- one reader ---------------------------------------------------------------------------------------------


def _openpyxl_rows(content: bytes) -> list[tuple]:
    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        return [tuple(row) for row in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def test_the_reader_gives_the_cells_openpyxl_gives():
    rows = [["张三", datetime.date(1990, 1, 31), 12, 2.5, True, None, " 空格 ", "230602", 230602,
             datetime.datetime(2024, 3, 1, 8, 30), "=1+1 as text"]
            for _ in range(3)]
    rows.append([None] * 3 + ["只有第四列"])
    content = xlsx_bytes(rows, header=[f"列{i}" for i in range(11)])
    ours = [cells for _n, cells in read_rows(content)]
    theirs = _openpyxl_rows(content)

    def trimmed(row):
        # a date cell is a date (openpyxl gives it as midnight); trailing blanks do not count
        row = [v.date() if isinstance(v, datetime.datetime) and v.time() == datetime.time() else v for v in row]
        while row and row[-1] is None:
            row.pop()
        return row

    assert [trimmed(r) for r in ours] == [trimmed(r) for r in theirs]
    assert [n for n, _cells in read_rows(content)] == [1, 2, 3, 4, 5]
    second = dict(read_cells(content))[2]
    assert second["B"] == datetime.date(1990, 1, 31) and type(second["C"]) is int and second["I"] == 230602
    assert "F" not in second  # blank cells are left out of read_cells


def test_row_numbers_and_columns_are_the_sheets_own_when_the_top_left_is_empty():
    wb = openpyxl.Workbook()
    wb.active["C3"] = "表头"
    wb.active["D5"] = 7
    out = io.BytesIO()
    wb.save(out)
    assert list(read_cells(out.getvalue())) == [(3, {"C": "表头"}), (5, {"D": 7})]


def test_the_first_visible_sheet_is_read():
    wb = openpyxl.Workbook()
    wb.active.title = "隐藏"
    wb.active.append(["不要读"])
    wb.active.sheet_state = "hidden"
    wb.create_sheet("数据").append(["要读"])
    out = io.BytesIO()
    wb.save(out)
    assert list(read_cells(out.getvalue())) == [(1, {"A": "要读"})]


def _package(sheet: str, shared: str, *, date1904: bool = False) -> bytes:
    """A minimal workbook written by hand, in forms openpyxl itself never writes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
        z.writestr("_rels/.rels", f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
                                  f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        pr = '<workbookPr date1904="1"/>' if date1904 else ""
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">{pr}<sheets>'
                                      '<sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", (
            f'<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
        z.writestr("xl/styles.xml", (
            f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
            '</numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/>'
            '</borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'))
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}"><sheetData>{sheet}</sheetData></worksheet>')
        z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{shared}</sst>')
    return out.getvalue()


def test_unusual_but_valid_cells_are_read_as_excel_shows_them():
    """Cells without r, inline and rich strings, phonetic runs, booleans, a formula's cached text, a
    1904-based date (what the old hand-written parser of recruitment/screening_files.py special-cased)."""
    content = _package(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><r><t>富</t></r>'
        '<r><t xml:space="preserve">文本 </t></r></is></c></row>'
        '<row r="3" spans="1:4"><c t="s"><v>1</v></c><c><v>2.5</v></c><c s="1" r="D3"><v>367</v></c></row>'
        '<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="str"><f>A1&amp;"x"</f><v>a&amp;b</v></c>'
        '<c r="D4" s="0"/><c r="E4"><v>-3</v></c></row>',
        '<si><t>姓名</t><rPh sb="0" eb="1"><t>セイ</t></rPh></si><si><r><t>张</t></r><r><rPr><b/></rPr><t>三</t></r></si>',
        date1904=True)
    assert list(read_cells(content)) == [
        (1, {"A": "姓名", "C": "富文本 "}),
        (3, {"A": "张三", "B": 2.5, "D": datetime.date(1905, 1, 2)}),
        (4, {"A": True, "B": "a&b", "E": -3}),
    ]


@pytest.mark.parametrize("content", [b"not a workbook", b"", b"PK\x03\x04broken zip"])
def test_a_file_that_is_no_workbook_is_refused_in_chinese(content):
    with pytest.raises(ImportRejected) as caught:
        list(read_rows(content))
    assert caught.value.errors[0].startswith("无法读取该文件：请上传 Excel（.xlsx）文件")


def test_a_damaged_workbook_is_refused_not_crashed_on():
    good = _package('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>5</v></c></row>',
                    "<si><t>姓名</t></si>")
    with pytest.raises(ImportRejected) as caught:
        list(read_rows(good.replace(b"<sheetData>", b"<sheetData><row", 1)))
    assert "无法读取该文件" in caught.value.errors[0]


def test_estimate_rows_counts_without_reading():
    content = xlsx_bytes([[n, "x"] for n in range(1234)], header=["序号", "内容"])
    assert estimate_rows(content) == 1234
    assert estimate_rows(b"not a workbook") is None


# --- one vocabulary ---------------------------------------------------------------------------------------

YES_CELLS = ["是", "有", "Y", "y", "Yes", "ＹＥＳ", "true", "TRUE", 1, "1", "√", "✓", True, " 是 ", "通过"]
NO_CELLS = ["否", "不是", "无", "没有", "N", "no", "FALSE", 0, "0", "×", "✗", False, "未通过"]


def _yes_no_parsers():
    """The 是/否 parser of every import that reads a 是/否 column, found through its columns."""
    from sifasuo import policy as engine
    from sifasuo.casework.registers import SPECS, import_columns
    from sifasuo.orgunits.importers import COLUMNS as UNIT_COLUMNS
    from sifasuo.recruitment.importers import application_columns
    from sifasuo.resettlement.importers import COLUMNS as RESETTLEMENT_COLUMNS
    from sifasuo.staff.importers import COLUMNS as STAFF_COLUMNS

    policy = engine.load_named("daqing-2024")
    found = {}
    for app, columns in (("orgunits", UNIT_COLUMNS), ("staff", STAFF_COLUMNS),
                         ("resettlement", RESETTLEMENT_COLUMNS),
                         ("recruitment", application_columns(policy, ["public"])),
                         *((f"casework {spec.model.__name__}", import_columns(spec)) for spec in SPECS)):
        for column in columns:
            if "是" in column.help and "否" in column.help or column.example in ("是", "否"):
                found.setdefault(f"{app}: {column.header}", column.parse)
    return found


def test_every_import_accepts_the_same_yes_no_words():
    from sifasuo import policy as engine
    from sifasuo.recruitment import screening_files

    parsers = _yes_no_parsers()
    apps = {name.split(":")[0].split()[0] for name in parsers}
    assert {"orgunits", "staff", "resettlement", "recruitment", "casework"} <= apps, parsers
    for name, parse in parsers.items():
        assert [bool(parse(v)) for v in YES_CELLS] == [True] * len(YES_CELLS), name
        assert [bool(parse(v)) for v in NO_CELLS] == [False] * len(NO_CELLS), name
        with pytest.raises(ValueError, match="「也许」应为“是”或“否”"):
            parse("也许")
    # and `sifasuo screen`'s declarations
    layout = screening_files.layout(engine.load_named("daqing-2024"), "public")
    reader = screening_files._RowReader(layout, {c.key: ("X", c) for c in layout.columns},
                                        screening_files._Errors(), datetime.date.today())
    key = next(c.key for c in layout.columns if c.kind == "declaration")
    assert [reader.yes_no(2, v, key) for v in YES_CELLS] == [True] * len(YES_CELLS)
    assert [reader.yes_no(2, v, key) for v in NO_CELLS] == [False] * len(NO_CELLS)
    assert not reader.errors


@pytest.mark.parametrize("cell", ["1990-01-31", "1990/1/31", "1990.1.31", "1990年1月31日", "19900131", 19900131,
                                  datetime.date(1990, 1, 31), datetime.datetime(1990, 1, 31, 0, 0), 32904])
def test_one_date_vocabulary(cell):
    from sifasuo.core.importers import parse_date as importers_date
    from sifasuo.recruitment.screening_files import parse_sheet_date

    assert importers_date is spreadsheets.parse_date and parse_sheet_date is spreadsheets.parse_date
    assert spreadsheets.parse_date(cell) == datetime.date(1990, 1, 31)


# --- the writer's files read back through the reader -------------------------------------------------------


def test_what_the_writer_writes_the_reader_reads_back_typed():
    book = Book()
    sheet = book.add_sheet("名单", freeze="A2")
    sheet.append(["姓名", "出生日期", "人数", "备注"], styles=[Style.BOLD] * 4)
    sheet.append(["张三", datetime.date(1990, 1, 31), 3, "=1+1"])
    assert list(read_cells(book.to_bytes())) == [(1, {"A": "姓名", "B": "出生日期", "C": "人数", "D": "备注"}),
                                                 (2, {"A": "张三", "B": datetime.date(1990, 1, 31), "C": 3,
                                                      "D": "=1+1"})]


def _roster_like(n: int):
    """`n` rows as an export carries them: a name, an ID number and a telephone of one person each (distinct
    texts), a unit and a status from a few (repeated texts), a date."""
    for i in range(n):
        yield [f"人员{i:06d}", f"370102{i:08d}****", f"13{i:09d}", f"第{i % 40}司法所", ("在岗", "离岗")[i % 2],
               datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 2000)]


def _peak_bytes(rows: int) -> int:
    import tempfile
    import tracemalloc

    tracemalloc.start()
    try:
        book = Book()
        sheet = book.add_sheet("花名册", freeze="A2")
        for row in _roster_like(rows):
            sheet.append(row)
        with tempfile.TemporaryFile() as handle:   # as an export is kept for its download
            book.save(handle)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_export_does_not_hold_more_in_memory_for_more_rows():
    """A shared-string table kept every distinct text of an export in memory: 6.5 MB for 5,000 rows of the
    roster and 10.8 MB for 20,000 (make bench, ×1.66). Every text is now written into its cell, so the peak
    stays put (the file itself grows, in a temporary file)."""
    small, large = _peak_bytes(5_000), _peak_bytes(20_000)
    assert large / small < 1.1, (small, large)


def test_texts_are_written_in_their_cells_and_read_back_as_written():
    """Every text is an inline string in its own cell (no shared-string table to grow with the rows), and a
    text that looks like a formula is a string cell whose characters stand in the sheet itself."""
    rows = list(_roster_like(5_000))
    book = Book()
    sheet = book.add_sheet("花名册")
    sheet.append(["姓名", "身份证号码", "电话", "单位", "状态", "到岗日期"])
    for row in rows:
        sheet.append(row)
    sheet.append(["<&>\"'", " 前后空格 ", "=1+1", "第1司法所", "在岗", None], styles=[Style.TEXT] * 6)
    content = book.to_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert "xl/sharedStrings.xml" not in zf.namelist()
        body = zf.read("xl/worksheets/sheet1.xml").decode()
    assert 't="s"' not in body and "<f>" not in body
    assert '<c r="C5002" s="4" t="inlineStr"><is><t xml:space="preserve">=1+1</t></is></c>' in body
    read = _openpyxl_rows(content)
    assert read[1:-1] == [tuple(r[:5]) + (datetime.datetime.combine(r[5], datetime.time()),) for r in rows]
    assert read[-1] == ("<&>\"'", " 前后空格 ", "=1+1", "第1司法所", "在岗", None)
    assert [r for _, r in read_cells(content)][-1] == {"A": "<&>\"'", "B": " 前后空格 ", "C": "=1+1",
                                                      "D": "第1司法所", "E": "在岗"}


# --- nobody else reads or writes xlsx ----------------------------------------------------------------------

SPREADSHEET_LIBRARIES = ("openpyxl", "python_calamine", "xlsxwriter")  # only core/spreadsheets may use them


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_outside_core_spreadsheets_reads_or_writes_xlsx_itself():
    """No module outside core/spreadsheets imports a spreadsheet library or opens an .xlsx package with
    zipfile (screening_files' regex parser, core.importers' row counter and core/xlsxstream.py are gone)."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("core/spreadsheets/"):
            continue
        imported = _imports(path)
        for name in imported:
            if name.split(".")[0] in SPREADSHEET_LIBRARIES:
                offenders.append(f"{relative} imports {name}")
        text = path.read_text(encoding="utf-8")
        if "zipfile" in imported and ("sheetData" in text or "xl/" in text or "SpreadsheetML" in text):
            offenders.append(f"{relative} reads or writes xlsx with zipfile")
    assert offenders == []


def test_no_library_is_patched_at_start_up():
    """core/xlsxstream.py replaced openpyxl's private read-only parser for the whole process. Read from the
    source (not by looking into openpyxl's private modules): nothing under src/ reaches a spreadsheet library's
    private names, and the patch module is gone."""
    import re

    private = re.compile(r"(openpyxl|python_calamine)[\w.]*\._\w|from (openpyxl|python_calamine)[\w.]* import _")
    offenders = [str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                 if private.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
    assert not (SRC / "core" / "xlsxstream.py").exists()
