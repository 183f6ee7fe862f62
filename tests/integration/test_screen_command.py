"""`sifasuo screen`: an HR bureau's spreadsheet screened under a policy file, verdicts written to Excel.

The input files are real .xlsx workbooks written with openpyxl, as Excel or WPS would save them. None of
these tests is marked django_db: the command must work without a database, and pytest-django fails any
test that touches one.
"""

from __future__ import annotations

import datetime
import io
import random
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from sifasuo.core import idnumbers
from sifasuo.core.spreadsheets.writer import Book

DATE = "2024-08-10"  # daqing-2024 counts ages to the registration deadline: this day
DECLARATIONS = ["受过刑事处罚", "涉嫌违法犯罪正在接受调查或尚未结案", "被开除公职", "被开除军籍",
                "曾从事司法行政机关辅助工作，因违反工作纪律被解除劳动合同",
                "曾从事司法行政机关辅助工作，合同期未满擅自离职", "被列为失信被执行人"]
HEADER = ["姓名", "身份证号码", "性别", "出生日期", "学历", "专业", "户籍所在地代码", "居住地代码", "现为专职辅助人员",
          *DECLARATIONS, "优先条件"]
# The template also asks what every rule needs (issue 13): 国籍 for DQ-2.4 and the reviewer's column for DQ-5.5
# (不适宜的其他情形). A sheet without them (HEADER) is still read: 国籍 blank means 中国, and the reviewer's
# finding is then recorded at review.
REVIEWER_COLUMN = "不适宜从事司法协理员工作的其他情形（审查人员认定）"
TEMPLATE_HEADER = [*HEADER[:4], "国籍", *HEADER[4:], REVIEWER_COLUMN]


def id_number(birth: datetime.date, sex: str, seed: int, region: str = "230602") -> str:
    return idnumbers.generate(random.Random(seed), region_code=region, birth_date=birth, sex=sex)


def person(name: str, birth: datetime.date, sex: str = "M", *, seed: int = 0, education: str = "大学本科",
           birth_cell: object = "same", declared: dict[str, str] | None = None, conditions: str | None = None,
           region: str = "230602", auxiliary: str = "否") -> list:
    answers = {situation: "否" for situation in DECLARATIONS}
    answers.update(declared or {})
    birth_value = birth if birth_cell == "same" else birth_cell
    return [name, id_number(birth, sex, seed), "男" if sex == "M" else "女", birth_value, education, "法学",
            region, region, auxiliary, *(answers[s] for s in DECLARATIONS), conditions]


def write_sheet(path: Path, rows: list[list], header: list[str] = HEADER, *, title: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "报名人员"
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    wb.save(path)
    return path


def screen(source: Path, target: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("screen", str(source), "-o", str(target), "--policy", "daqing-2024", "--track", "public",
                 "--date", DATE, *args, stdout=out)
    return out.getvalue()


def results(path: Path) -> dict[str, dict]:
    """The result rows by name, each a dict of column header -> value."""
    ws = load_workbook(path)["审查结果"]  # the full (not read-only) reader: the file must be a sound workbook
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    return {row[0]: dict(zip(header, row)) for row in rows[1:]}


def rejected(source: Path, target: Path, *args: str) -> str:
    with pytest.raises(CommandError) as caught:
        screen(source, target, *args)
    assert not target.exists(), "no output file may be written for a bad file"
    return str(caught.value)


# --- verdicts -------------------------------------------------------------------------------------------


def test_ages_at_the_boundaries_declarations_and_reasons(tmp_path):
    rows = [
        person("满35周岁", datetime.date(1989, 8, 10), seed=1),  # 35 on the day: allowed (35周岁以下含35)
        person("满36周岁", datetime.date(1988, 8, 10), "F", seed=2),  # 36 on the day: refused
        person("差一天36", datetime.date(1988, 8, 11), seed=3, birth_cell="1988-08-11"),  # still 35
        person("刚满18", datetime.date(2006, 8, 10), "F", seed=4, birth_cell=None),
        person("差一天18", datetime.date(2006, 8, 11), seed=5),  # 17
        person("失信", datetime.date(1995, 1, 1), seed=6, declared={"被列为失信被执行人": "是"}),
        person("未声明", datetime.date(1995, 2, 2), "F", seed=7, declared={"受过刑事处罚": None}),
        person("两条理由", datetime.date(1980, 3, 3), seed=8, education="高中（中专、技校）"),
        person("有优先条件", datetime.date(1996, 4, 4), "F", seed=9, conditions="烈士的配偶、子女、法学类专业本科毕业生"),
        person("外地户籍", datetime.date(1997, 5, 5), seed=10, region="110105"),  # Daqing sets no residence rule
    ]
    source = write_sheet(tmp_path / "报名人员.xlsx", rows)
    target = tmp_path / "results.xlsx"
    output = screen(source, target)
    assert "共审查 10 人：通过 5 人，不通过 5 人" in output
    assert f"结果已写入 {target}" in output and "用时" in output and "秒" in output
    got = results(target)
    verdicts = {name: row["审查结论"] for name, row in got.items()}
    assert verdicts == {"满35周岁": "通过", "满36周岁": "不通过", "差一天36": "通过", "刚满18": "通过",
                        "差一天18": "不通过", "失信": "不通过", "未声明": "不通过", "两条理由": "不通过",
                        "有优先条件": "通过", "外地户籍": "通过"}
    assert got["满36周岁"]["未通过理由"] == (
        "DQ-2.2：年龄36周岁（计算至报名截止日2024年8月10日），超过35周岁，不符合“35周岁以下”")
    assert got["差一天18"]["未通过理由"].startswith("DQ-2.3：年龄17周岁")
    assert got["失信"]["未通过理由"] == "DQ-5.4：存在以下情形：“被列为失信被执行人”，不得招聘为司法协理员"
    assert got["未声明"]["未通过理由"] == "DQ-5.1：未声明是否存在以下情形：“受过刑事处罚”，不能通过资格审查"
    reasons = got["两条理由"]["未通过理由"].split("\n")  # one reason a line, rule id first, in policy order
    assert [r.split("：", 1)[0] for r in reasons] == ["DQ-2.2", "DQ-2.5"]
    assert got["满35周岁"]["未通过理由"] is None
    pending = got["满35周岁"]["待人工确认"].split("\n")
    assert [p.split("：", 1)[0] for p in pending] == ["DQ-2.1", "DQ-2.6", "DQ-2.7"]
    assert "DQ-2.6：身体健康，热爱司法行政事业。（体检环节确认）" in pending
    # each applicant's row is repeated as it was
    assert got["有优先条件"]["优先条件"] == "烈士的配偶、子女、法学类专业本科毕业生"
    assert got["差一天36"]["出生日期"] == "1988-08-11"
    assert got["满35周岁"]["出生日期"] == datetime.datetime(1989, 8, 10)
    assert list(got["满35周岁"])[:len(HEADER)] == HEADER
    assert list(got["满35周岁"])[len(HEADER):] == ["审查结论", "未通过理由", "待人工确认"]
    notes = list(load_workbook(target)["审查说明"].iter_rows(values_only=True))
    assert ("年龄计算截止日", "2024-08-10（DQ-2.8）") in notes and ("通过", 5) in notes


def test_internal_track_ages_by_sex_and_membership(tmp_path):
    header = [*HEADER[:9], "现工作单位所在地代码", *HEADER[9:]]

    def internal(name, birth, sex, seed, auxiliary="是", unit="230604"):
        row = person(name, birth, sex, seed=seed, auxiliary=auxiliary)
        return [*row[:9], unit, *row[9:]]

    rows = [internal("男55", datetime.date(1969, 8, 10), "M", 1),  # DQ-4.2: men up to 55
            internal("男56", datetime.date(1968, 8, 10), "M", 2),
            internal("女45", datetime.date(1979, 8, 10), "F", 3),  # DQ-4.3: women up to 45
            internal("女46", datetime.date(1978, 8, 10), "F", 4),
            internal("非辅助人员", datetime.date(1990, 1, 1), "M", 5, auxiliary="否"),
            internal("外市辅助人员", datetime.date(1990, 1, 1), "F", 6, unit="140302")]
    source = write_sheet(tmp_path / "转任.xlsx", rows, header)
    out = io.StringIO()
    call_command("screen", str(source), "-o", str(tmp_path / "r.xlsx"), "--policy", "daqing-2024",
                 "--track", "internal", "--county", "230602", "--date", DATE, stdout=out)
    got = results(tmp_path / "r.xlsx")
    assert {n: r["审查结论"] for n, r in got.items()} == {
        "男55": "通过", "男56": "不通过", "女45": "通过", "女46": "不通过", "非辅助人员": "不通过", "外市辅助人员": "不通过"}
    assert got["男56"]["未通过理由"].startswith("DQ-4.2：年龄56周岁")
    assert got["女46"]["未通过理由"].startswith("DQ-4.3：年龄46周岁")
    assert got["非辅助人员"]["未通过理由"].startswith("DQ-4：")
    assert "不在大庆市范围内" in got["外市辅助人员"]["未通过理由"]


def test_a_title_row_above_the_header_and_extra_columns(tmp_path):
    rows = [[1, *person("张三", datetime.date(1995, 1, 1), seed=1), "手工备注"]]
    source = write_sheet(tmp_path / "a.xlsx", rows, ["序号", *HEADER, "备注"], title="萨尔图区2024年报名人员名单")
    screen(source, tmp_path / "r.xlsx")
    row = results(tmp_path / "r.xlsx")[1]  # keyed by the first column, 序号
    assert row["姓名"] == "张三" and row["备注"] == "手工备注" and row["审查结论"] == "通过"


# --- bad files ---------------------------------------------------------------------------------------------


def test_a_bad_row_stops_everything_and_names_row_and_column(tmp_path):
    good = person("张三", datetime.date(1995, 1, 1), seed=1)
    bad_id = person("李四", datetime.date(1995, 2, 2), seed=2)
    bad_id[1] = bad_id[1][:-1] + ("0" if bad_id[1][-1] != "0" else "1")  # wrong check character
    bad_date = person("王五", datetime.date(1990, 3, 3), seed=3, birth_cell="1990-02-30")
    other_date = person("赵六", datetime.date(1990, 4, 4), seed=4, birth_cell=datetime.date(1990, 4, 5))
    bad_answer = person("钱七", datetime.date(1990, 5, 5), seed=5, declared={"被开除军籍": "不知道"})
    bad_education = person("孙八", datetime.date(1990, 6, 6), seed=6, education="大学")
    source = write_sheet(tmp_path / "bad.xlsx", [good, bad_id, bad_date, other_date, bad_answer, bad_education])
    target = tmp_path / "results.xlsx"
    message = rejected(source, target)
    assert "bad.xlsx 有5处错误，未审查，未写出结果文件" in message
    assert "第3行「身份证号码」（B列）：身份证号码校验位错误" in message
    assert "第4行「出生日期」（D列）：「1990-02-30」不是存在的日期（1990年没有2月30日）" in message
    assert "第5行「出生日期」（D列）：填写的出生日期 1990-04-05 与身份证号码中的 1990-04-04 不一致" in message
    assert "第6行「被开除军籍」（M列）：「不知道」应为“是”或“否”" in message
    assert "第7行「学历」（E列）：「大学」不是可识别的学历，应为：初中及以下、" in message


def test_an_existing_output_is_left_alone_when_the_input_is_bad(tmp_path):
    row = person("张三", datetime.date(1995, 1, 1), seed=1)
    row[2] = "女"  # the ID number says male
    source = write_sheet(tmp_path / "bad.xlsx", [row])
    target = tmp_path / "results.xlsx"
    target.write_bytes(b"earlier results")
    with pytest.raises(CommandError, match="第2行「性别」（C列）：填写的性别女与身份证号码中的男不一致"):
        screen(source, target)
    assert target.read_bytes() == b"earlier results"
    assert list(tmp_path.glob(".*.part")) == []


def test_wrong_header(tmp_path):
    header = [h for h in HEADER if h != "性别"] + ["电话号码"]
    rows = [[v for h, v in zip(HEADER, person("张三", datetime.date(1995, 1, 1), seed=1)) if h != "性别"] + ["1"]]
    message = rejected(write_sheet(tmp_path / "h.xlsx", rows, header), tmp_path / "r.xlsx")
    assert "第1行：缺少列「性别」" in message
    assert "第1行（Q列）：「电话号码」不是本表的列" in message
    message = rejected(write_sheet(tmp_path / "none.xlsx", [["张三", "1"]], ["名字", "号码"]), tmp_path / "r.xlsx")
    assert "找不到表头" in message and "身份证号码" in message


def test_duplicates_numbers_and_empty_files(tmp_path):
    first = person("张三", datetime.date(1995, 1, 1), seed=1)
    again = list(first)
    again[0] = "张三（重复）"
    numeric = person("李四", datetime.date(1995, 2, 2), seed=2)
    numeric[1] = int(numeric[1][:15])  # what Excel keeps of a long number typed into a general cell
    message = rejected(write_sheet(tmp_path / "d.xlsx", [first, again, numeric]), tmp_path / "r.xlsx")
    assert "第3行「身份证号码」（B列）：与第2行重复" in message
    assert "第4行「身份证号码」（B列）：身份证号码应为18位，当前为15位（该单元格是数字格式" in message
    assert "表头（第1行）下没有数据行" in rejected(write_sheet(tmp_path / "e.xlsx", []), tmp_path / "r.xlsx")
    (tmp_path / "x.xlsx").write_bytes(b"not a workbook")
    assert "无法读取该文件" in rejected(tmp_path / "x.xlsx", tmp_path / "r.xlsx")


def test_wrong_options(tmp_path):
    source = write_sheet(tmp_path / "a.xlsx", [person("张三", datetime.date(1995, 1, 1), seed=1)])
    target = tmp_path / "r.xlsx"
    with pytest.raises(CommandError, match="不在政策适用地区大庆市"):
        screen(source, target, "--county", "140302")
    with pytest.raises(CommandError, match="没有招聘渠道“night”"):
        call_command("screen", str(source), "-o", str(target), "--policy", "daqing-2024", "--track", "night")
    with pytest.raises(CommandError, match="找不到政策“beijing-2030”"):
        call_command("screen", str(source), "-o", str(target), "--policy", "beijing-2030", "--track", "public")
    with pytest.raises(CommandError, match="不是存在的日期"):
        screen(source, target, "--date", "2024-02-30")
    (tmp_path / "old.xls").write_bytes(b"")
    with pytest.raises(CommandError, match=r"不是 Excel \.xlsx 文件"):
        screen(tmp_path / "old.xls", target)
    assert not target.exists()


# --- template and reader ---------------------------------------------------------------------------------


def test_template_has_the_columns_of_the_policy_and_track(tmp_path):
    out = io.StringIO()
    call_command("screen", "--policy", "daqing-2024", "--track", "public", "--template", "-o",
                 str(tmp_path / "t.xlsx"), stdout=out)
    wb = load_workbook(tmp_path / "t.xlsx")
    assert [c.value for c in wb["报名人员"][1]] == TEMPLATE_HEADER
    explained = [row[0] for row in wb["填写说明"].iter_rows(min_row=3, values_only=True)]
    assert explained[:len(TEMPLATE_HEADER)] == TEMPLATE_HEADER
    assert wb["报名人员"].column_dimensions["B"].number_format == "@"  # ID numbers stay text (the column's format)
    call_command("screen", "--policy", "yangquan-2024", "--track", "internal", "--template", "-o",
                 str(tmp_path / "y.xlsx"), stdout=out)
    header = [c.value for c in load_workbook(tmp_path / "y.xlsx")["报名人员"][1]]
    assert "现工作单位所在地代码" in header and "属于见习大学生" in header and "被开除军籍" not in header
    # the template, filled in, is accepted as it is
    wb = load_workbook(tmp_path / "t.xlsx")
    row = dict(zip(HEADER, person("张三", datetime.date(1995, 1, 1), seed=1), strict=True))
    wb["报名人员"].append([row.get(name) for name in TEMPLATE_HEADER])
    wb.save(tmp_path / "filled.xlsx")
    screen(tmp_path / "filled.xlsx", tmp_path / "r.xlsx")
    assert results(tmp_path / "r.xlsx")["张三"]["审查结论"] == "通过"


def test_the_writer_escapes_and_keeps_types(tmp_path):
    book = Book()
    sheet = book.add_sheet("结果", widths=[10, 10], freeze_header=True)
    sheet.append(["a<b & c", "第一行\n第二行"])
    sheet.append([1, 2.5, True, datetime.date(2024, 2, 29), None, "x\x01y"])
    (tmp_path / "w.xlsx").write_bytes(book.to_bytes())
    ws = load_workbook(tmp_path / "w.xlsx")["结果"]
    assert [c.value for c in ws[1]][:3] == ["a<b & c", "第一行\n第二行", None]
    assert [c.value for c in ws[2]] == [1, 2.5, True, datetime.datetime(2024, 2, 29), None, "xy"]
    assert ws.freeze_panes == "A2"


def test_a_damaged_workbook_is_reported_not_crashed_on(tmp_path):
    import zipfile

    source = write_sheet(tmp_path / "a.xlsx", [person("张三", datetime.date(1995, 1, 1), seed=1)])
    damaged = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(damaged, "w") as target:
        for name in original.namelist():
            data = original.read(name)
            if name == "xl/worksheets/sheet1.xml":  # the sheet's XML cut off in the middle of a row
                data = data[:len(data) // 2]
            target.writestr(name, data)
    (tmp_path / "damaged.xlsx").write_bytes(damaged.getvalue())
    message = rejected(tmp_path / "damaged.xlsx", tmp_path / "r.xlsx")
    assert "无法读取该文件" in message
