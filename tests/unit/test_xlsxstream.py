"""Read-only worksheets (core.xlsxstream): the same rows as openpyxl's own parser, in memory that does not
grow with the sheet."""

from __future__ import annotations

import datetime
import gc
import io
import tracemalloc

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet import _read_only, _reader

from sifasuo.core import xlsxstream


def _sheet(rows: int) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("案件")
    ws.append(["编号", "日期", "金额", "当事人", "备注"])
    for n in range(rows):
        ws.append([f"（2019）导字第{n:06d}号", datetime.date(2019, 1, 1) + datetime.timedelta(days=n % 365),
                   n * 10 if n % 3 else None, f"申请人{n}", "" if n % 2 else "双方因琐事发生争执"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _read(content: bytes) -> list[tuple]:
    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        return list(wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()


def _with_rich_inline_strings() -> bytes:
    """A write-only file whose placeholders are turned into a rich-text inline string (runs and a phonetic
    run, which is not part of the text), an empty one and one with surrounding spaces."""
    import zipfile

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("案件")
    ws.append(["编号", "说明"])
    ws.append(["A1", "PLACEHOLDER_RICH"])
    ws.append(["A2", "PLACEHOLDER_EMPTY"])
    ws.append(["A3", "PLACEHOLDER_SPACES"])
    out = io.BytesIO()
    wb.save(out)
    replaced = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as src, zipfile.ZipFile(replaced, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode()
                text = text.replace(
                    "<t>PLACEHOLDER_RICH</t>",
                    '<r><rPr><b/></rPr><t>加粗</t></r><r><t xml:space="preserve"> 普通</t></r>'
                    '<rPh sb="0" eb="1"><t>注音</t></rPh>')
                text = text.replace("<t>PLACEHOLDER_EMPTY</t>", "<t/>")
                text = text.replace("<t>PLACEHOLDER_SPACES</t>", '<t xml:space="preserve">  两端空格 </t>')
                data = text.encode()
            dst.writestr(item, data)
    return replaced.getvalue()


def test_inline_strings_with_runs_empty_and_spaces_read_as_openpyxl_reads_them(monkeypatch):
    content = _with_rich_inline_strings()
    ours = _read(content)
    monkeypatch.setattr(_read_only, "WorkSheetParser", _reader.WorkSheetParser)
    assert ours == _read(content)
    assert [row[1] for row in ours[1:]] == ["加粗 普通", "", "  两端空格 "]


def _peak(content: bytes) -> int:
    """Peak of reading every row (the file's bytes themselves are held before the count starts)."""
    source = io.BytesIO(content)
    source.getbuffer().release()   # BytesIO copies its bytes lazily: make the copy now, outside the count
    gc.collect()
    tracemalloc.start()
    wb = load_workbook(source, read_only=True, data_only=True)
    count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count > 0
    return peak


def test_installed_for_read_only_worksheets():
    assert _read_only.WorkSheetParser is xlsxstream.StreamingWorkSheetParser


def test_rows_are_read_as_openpyxl_reads_them(monkeypatch):
    content = _sheet(500)
    ours = _read(content)
    monkeypatch.setattr(_read_only, "WorkSheetParser", _reader.WorkSheetParser)
    assert ours == _read(content)
    assert ours[1][:2] == ("（2019）导字第000000号", datetime.datetime(2019, 1, 1))


def test_peak_memory_does_not_grow_with_the_sheet(monkeypatch):
    small, large = _sheet(2_000), _sheet(20_000)
    # openpyxl's own parser keeps an emptied element per row: the difference the test must be able to see
    monkeypatch.setattr(_read_only, "WorkSheetParser", _reader.WorkSheetParser)
    theirs = _peak(large) - _peak(small)
    monkeypatch.setattr(_read_only, "WorkSheetParser", xlsxstream.StreamingWorkSheetParser)
    ours = _peak(large) - _peak(small)
    assert theirs > 1_000_000, theirs          # 18,000 more rows kept ~1.4 MB
    assert ours < 150_000, ours                # and ours nothing


def test_dimensions_are_read_when_the_file_has_them_and_not_looked_for_past_the_data(monkeypatch):
    wb = Workbook()
    for n in range(30):
        wb.active.append([n, f"行{n}", None, n * 2])
    out = io.BytesIO()
    wb.save(out)        # the normal writer records <dimension ref="A1:D30">
    sized = load_workbook(io.BytesIO(out.getvalue()), read_only=True)
    assert (sized.active.max_row, sized.active.max_column) == (30, 4)
    unsized = load_workbook(io.BytesIO(_sheet(10)), read_only=True)   # write-only files have none
    assert unsized.active.max_row is None
    assert len(list(unsized.active.iter_rows(values_only=True))) == 11
