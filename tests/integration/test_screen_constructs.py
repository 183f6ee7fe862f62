"""`sifasuo screen` under the test policies of tests/policies/ (issue 13): the template's new columns (学习形式,
例外条件 apart from 优先条件, the reviewer's columns), 有条件通过 with its obligations, rules that still need a
reviewer, and named lists given with --list NAME@DATE=FILE.xlsx. Real .xlsx files written with openpyxl and read
back; no database (none of these tests is marked django_db)."""

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

POLICIES = Path(__file__).resolve().parents[1] / "policies"
DATE = "2025-03-10"


def policy_file(name: str) -> str:
    return str(POLICIES / f"{name}.yaml")


def template(tmp_path: Path, name: str, track: str = "public") -> list[str]:
    target = tmp_path / f"{name}-{track}-模板.xlsx"
    call_command("screen", "--policy", policy_file(name), "--track", track, "--template", "-o", str(target),
                 stdout=io.StringIO())
    return [c.value for c in load_workbook(target)["报名人员"][1]]


def id_number(seed: int, region: str, birth=datetime.date(1995, 5, 20), sex="M") -> str:
    return idnumbers.generate(random.Random(seed), region_code=region, birth_date=birth, sex=sex)


def row(header: list[str], region: str, seed: int, **cells) -> list:
    values = {"姓名": f"申请人{seed}", "身份证号码": id_number(seed, region), "性别": "男", "学历": "大学本科",
              "专业": "法学", "户籍所在地代码": region, "居住地代码": region, "现为专职辅助人员": "否",
              "受过刑事处罚": "否"}
    values.update(cells)
    unknown = set(cells) - set(header)
    assert not unknown, unknown
    return [values.get(name) for name in header]


def write(path: Path, header: list[str], rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for values in rows:
        ws.append(values)
    wb.save(path)
    return path


def run(source: Path, target: Path, name: str, *args: str, track: str = "public") -> str:
    out = io.StringIO()
    call_command("screen", str(source), "-o", str(target), "--policy", policy_file(name), "--track", track,
                 "--date", DATE, *args, stdout=out)
    return out.getvalue()


def results(path: Path) -> dict[str, dict]:
    rows = list(load_workbook(path)["审查结果"].iter_rows(values_only=True))
    return {values[0]: dict(zip(rows[0], values)) for values in rows[1:]}


def test_study_mode_in_the_education_cell_or_its_own_column(tmp_path):
    header = template(tmp_path, "studymode-2025")
    assert "学习形式" in header and header.index("学习形式") == header.index("学历") + 1
    county = "140321"
    rows = [row(header, county, 1, 学历="大专(全日制)"), row(header, county, 2, 学历="全日制大专"),
            row(header, county, 3, 学历="本科（非全日制）"), row(header, county, 4, 学历="大学本科", 学习形式="全日制"),
            row(header, county, 5, 学历="大学本科")]
    source = write(tmp_path / "a.xlsx", header, rows)
    output = run(source, tmp_path / "r.xlsx", "studymode-2025")
    got = results(tmp_path / "r.xlsx")
    assert {n: r["审查结论"] for n, r in got.items()} == {
        "申请人1": "通过", "申请人2": "通过", "申请人3": "不通过", "申请人4": "通过", "申请人5": "通过"}
    assert got["申请人3"]["未通过理由"] == "PD-2.2：学历为非全日制大学本科，不符合全日制大专及以上学历的要求"
    assert "PD-2.2：学历为大学本科，学习形式未填写，须人工核对是否为全日制" in got["申请人5"]["待人工确认"]
    assert "仍须审查人员认定或人工核对的规则：" in output and "PD-2.2 1人" in output
    # a study mode typed twice must agree
    bad = write(tmp_path / "b.xlsx", header, [row(header, county, 6, 学历="大专（全日制）", 学习形式="非全日制")])
    with pytest.raises(CommandError, match="第2行「学习形式」（.列）：填写的学习形式非全日制与学历列中的全日制不一致"):
        run(bad, tmp_path / "r2.xlsx", "studymode-2025")
    assert not (tmp_path / "r2.xlsx").exists()


def test_conditional_pass_and_its_obligation_column(tmp_path):
    header = template(tmp_path, "conditional-2025")
    assert "例外条件" in header and "优先条件" in header  # separate columns
    county = "230623"
    rows = [row(header, county, 1, 学历="大专"),
            row(header, county, 2, 学历="高中", 例外条件="退役军人"),
            row(header, county, 3, 学历="初中")]
    source = write(tmp_path / "a.xlsx", header, rows)
    output = run(source, tmp_path / "r.xlsx", "conditional-2025")
    assert "共审查 3 人：通过 1 人，有条件通过 1 人，不通过 1 人" in output
    got = results(tmp_path / "r.xlsx")
    assert [got[n]["审查结论"] for n in ("申请人1", "申请人2", "申请人3")] == ["通过", "有条件通过", "不通过"]
    assert got["申请人2"]["有条件通过须履行的义务"] == "LD-2.2：在首个聘用合同期内取得大专及以上学历（首个聘用合同期满前）"
    assert got["申请人1"]["有条件通过须履行的义务"] is None
    notes = list(load_workbook(tmp_path / "r.xlsx")["审查说明"].iter_rows(values_only=True))
    assert ("通过", 1) in notes and ("有条件通过", 1) in notes and ("不通过", 1) in notes


def test_exception_conditions_have_their_own_column(tmp_path):
    header = template(tmp_path, "exceptions-2025")
    county, outside = "230622", "230102"
    rows = [row(header, county, 1, 户籍所在地代码=outside, 居住地代码=outside, 例外条件="因婚姻关系迁入本县的配偶"),
            row(header, county, 2, 户籍所在地代码=outside, 居住地代码=outside)]
    run(write(tmp_path / "a.xlsx", header, rows), tmp_path / "r.xlsx", "exceptions-2025")
    got = results(tmp_path / "r.xlsx")
    assert got["申请人1"]["审查结论"] == "通过" and got["申请人2"]["审查结论"] == "不通过"
    # an exception's condition in the priority column is refused, as is a priority in the exception column
    wrong = write(tmp_path / "b.xlsx", header, [row(header, county, 3, 优先条件="退役军人"),
                                                row(header, county, 4, 例外条件="烈士的配偶、子女")])
    with pytest.raises(CommandError) as caught:
        run(wrong, tmp_path / "r2.xlsx", "exceptions-2025")
    assert "第2行「优先条件」（" in str(caught.value) and "「退役军人」是放宽资格条件的例外条件，请填在「例外条件」列" in str(caught.value)
    assert "第3行「例外条件」（" in str(caught.value) and "不是本渠道放宽资格条件的例外条件" in str(caught.value)


def test_reviewer_columns_and_what_still_needs_a_reviewer(tmp_path):
    header = template(tmp_path, "reviewer-2025")
    assert header[-2:] == ["不适宜从事司法协理员工作的其他情形（审查人员认定）", "考察（政审）认定不宜聘用（审查人员认定）"]
    county = "140303"
    rows = [row(header, county, 1),
            row(header, county, 2, **{"考察（政审）认定不宜聘用（审查人员认定）": "是"}),
            row(header, county, 3, **{"不适宜从事司法协理员工作的其他情形（审查人员认定）": "否",
                                      "考察（政审）认定不宜聘用（审查人员认定）": "否"})]
    output = run(write(tmp_path / "a.xlsx", header, rows), tmp_path / "r.xlsx", "reviewer-2025")
    got = results(tmp_path / "r.xlsx")
    assert [got[f"申请人{i}"]["审查结论"] for i in (1, 2, 3)] == ["通过", "不通过", "通过"]
    assert got["申请人1"]["待人工确认"] == ("RV-3.2：“不适宜从事司法协理员工作的其他情形”、“考察（政审）认定不宜聘用”"
                                         "须由审查人员认定（名单中审查人员认定列未填写）")
    assert got["申请人2"]["未通过理由"] == "RV-3.2：存在以下情形：“考察（政审）认定不宜聘用”，不得招聘为司法协理员"
    assert got["申请人3"]["待人工确认"] is None
    assert "仍须审查人员认定或人工核对的规则：RV-3.2 1人" in output
    notes = list(load_workbook(tmp_path / "r.xlsx")["审查说明"].iter_rows(values_only=True))
    assert ("RV-3.2", "1人：有不适宜从事司法协理员工作的其他情形，或经考察认定不宜聘用的，不得聘用。") in notes


def list_sheet(path: Path, ids: list[str], *, title: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(["序号", "姓名", "身份证号码"])
    for number, value in enumerate(ids, start=1):
        ws.append([number, f"在册{number}", value])
    wb.save(path)
    return path


def test_named_lists_from_the_command_line(tmp_path):
    header = template(tmp_path, "lists-2025", "internal")
    county = "140322"
    on, off = id_number(1, county), id_number(2, county)
    roster = list_sheet(tmp_path / "在册名单.xlsx", [on, id_number(3, county)], title="全省司法辅助人员在册名单（2024年6月30日）")
    people = [row(header, county, 1, 身份证号码=on, 现为专职辅助人员="是", 现工作单位所在地代码=county),
              row(header, county, 2, 身份证号码=off, 现为专职辅助人员="是", 现工作单位所在地代码=county)]
    source = write(tmp_path / "a.xlsx", header, people)
    run(source, tmp_path / "r.xlsx", "lists-2025", "--list", f"auxiliary_roster@2024-06-30={roster}", track="internal")
    got = results(tmp_path / "r.xlsx")
    assert got["申请人1"]["审查结论"] == "通过"
    assert got["申请人2"]["未通过理由"] == "YX-2.5：身份证号码不在“司法辅助人员在册名单”（2024年6月30日）中，不符合要求"
    notes = list(load_workbook(tmp_path / "r.xlsx")["审查说明"].iter_rows(values_only=True))
    assert ("名单", "司法辅助人员在册名单（auxiliary_roster，2024-06-30）：2人") in notes
    with pytest.raises(CommandError, match="没有提供该名单"):
        run(source, tmp_path / "r2.xlsx", "lists-2025", track="internal")
    with pytest.raises(CommandError, match="须使用2024年6月30日的“司法辅助人员在册名单”，提供的名单为未注明日期"):
        run(source, tmp_path / "r2.xlsx", "lists-2025", "--list", f"auxiliary_roster={roster}", track="internal")
    with pytest.raises(CommandError, match="没有名单代码“roster”"):
        run(source, tmp_path / "r2.xlsx", "lists-2025", "--list", f"roster@2024-06-30={roster}", track="internal")
    broken = list_sheet(tmp_path / "坏名单.xlsx", [on, on[:-1] + ("0" if on[-1] != "0" else "1"), on])
    with pytest.raises(CommandError) as caught:
        run(source, tmp_path / "r2.xlsx", "lists-2025", "--list", f"auxiliary_roster@2024-06-30={broken}",
            track="internal")
    assert "第3行「身份证号码」（C列）：身份证号码校验位错误" in str(caught.value)
    assert "第4行「身份证号码」（C列）：与第2行重复" in str(caught.value)
    assert not (tmp_path / "r2.xlsx").exists()


def test_majors_outside_the_catalogue_are_for_a_person(tmp_path):
    header = template(tmp_path, "majors-2025")
    county = "140311"
    rows = [row(header, county, 1, 专业="侦查学"), row(header, county, 2, 专业="计算机科学与技术"),
            row(header, county, 3, 专业="智慧司法治理")]
    run(write(tmp_path / "a.xlsx", header, rows), tmp_path / "r.xlsx", "majors-2025")
    got = results(tmp_path / "r.xlsx")
    assert [got[f"申请人{i}"]["审查结论"] for i in (1, 2, 3)] == ["通过", "不通过", "通过"]
    assert got["申请人3"]["待人工确认"].startswith("JQ-2.2：学历为大学本科，所学专业“智慧司法治理”不在国家专业目录中")


def test_dates_that_follow_the_deadline(tmp_path):
    header = template(tmp_path, "relative-2025")
    assert "居住起始日期" in header
    county = "230606"
    rows = [row(header, county, 1, 居住起始日期=datetime.date(2024, 3, 31), 户籍迁入日期=datetime.date(2020, 1, 1)),
            row(header, county, 2, 居住起始日期=datetime.date(2024, 4, 1), 户籍迁入日期=datetime.date(2020, 1, 1))]
    source = write(tmp_path / "a.xlsx", header, rows)
    run(source, tmp_path / "r.xlsx", "relative-2025", "--deadline", "2025-03-31")
    got = results(tmp_path / "r.xlsx")
    assert got["申请人1"]["审查结论"] == "通过" and got["申请人2"]["审查结论"] == "不通过"
    notes = list(load_workbook(tmp_path / "r.xlsx")["审查说明"].iter_rows(values_only=True))
    assert ("报名截止日", "2025-03-31") in notes and ("年龄计算截止日", "2025-03-09（DT-2）") in notes
    with pytest.raises(CommandError, match="报名截止日 2025-03-01 早于公告发布日 2025-03-10"):
        run(source, tmp_path / "r2.xlsx", "relative-2025", "--deadline", "2025-03-01")


def test_a_step_result_that_decides_has_its_column(tmp_path):
    """YQ-3.8 (经考核合格；考核不合格或未经考核的不得选聘) is decided by the recorded assessment: the template asks for it."""
    target = tmp_path / "y.xlsx"
    call_command("screen", "--policy", "yangquan-2024", "--track", "internal", "--template", "-o", str(target),
                 stdout=io.StringIO())
    header = [c.value for c in load_workbook(target)["报名人员"][1]]
    assert "考核结论" in header
    county = "140302"
    rows = [row(header, county, 1, 现为专职辅助人员="是", 现工作单位所在地代码=county, 考核结论="合格"),
            row(header, county, 2, 现为专职辅助人员="是", 现工作单位所在地代码=county, 考核结论="不合格"),
            row(header, county, 3, 现为专职辅助人员="是", 现工作单位所在地代码=county)]
    for values in rows:  # Yangquan's internal declarations: all 否
        for index, name in enumerate(header):
            blank_allowed = name in ("出生日期", "国籍", "专业", "优先条件", "考核结论") or "（审查人员认定）" in name
            if values[index] is None and not blank_allowed:
                values[index] = "否"
    source = write(tmp_path / "a.xlsx", header, rows)
    out = io.StringIO()
    call_command("screen", str(source), "-o", str(tmp_path / "r.xlsx"), "--policy", "yangquan-2024", "--track",
                 "internal", "--county", county, "--date", "2024-08-10", stdout=out)
    got = results(tmp_path / "r.xlsx")
    assert [got[f"申请人{i}"]["审查结论"] for i in (1, 2, 3)] == ["通过", "不通过", "不通过"]
    assert "YQ-3.8：考核结论为不合格" in got["申请人2"]["未通过理由"]
    bad = write(tmp_path / "b.xlsx", header, [[*rows[0][:header.index("考核结论")], "良好",
                                              *rows[0][header.index("考核结论") + 1:]]])
    with pytest.raises(CommandError, match="「考核结论」（.列）：「良好」应填“合格”或“不合格”"):
        call_command("screen", str(bad), "-o", str(tmp_path / "r2.xlsx"), "--policy", "yangquan-2024", "--track",
                     "internal", "--county", county, "--date", "2024-08-10", stdout=io.StringIO())
