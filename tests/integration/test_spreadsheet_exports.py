"""Formula injection: whatever someone typed — an applicant at registration, an office renaming a unit — reaches
the downloaded spreadsheet as the characters typed, never as a formula that runs when the file is opened.
Every export goes through core.spreadsheets.writer (D42); read back with openpyxl."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import openpyxl
import pytest

from sifasuo.casework.models import Petition
from sifasuo.core.spreadsheets.writer import Book, Style, csv_bytes, sheet_title
from sifasuo.orgunits import services as unit_services
from sifasuo.recruitment import services as recruitment
from sifasuo.reporting import aggregates
from tests import factories
from tests.conftest import client_for
from tests.recruitment_fixtures import announce
from tests.scope_builders.casework import record

D = datetime.date
LINK = '=HYPERLINK("http://example.invalid/x","点击查看")'


def _formula_cells(content: bytes) -> list[str]:
    """Every <f> element of every sheet: a formula cell in the file."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [m for name in archive.namelist() if name.startswith("xl/worksheets/")
                for m in re.findall(r"<f[ >].*?</f>", archive.read(name).decode())]


def _text_cells(content: bytes, value: str) -> list:
    """The cells holding `value`, each checked to be a text cell."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    found = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == value]
    assert found, f"{value!r} not in the workbook"
    assert {c.data_type for c in found} == {"s"}, [(c.coordinate, c.data_type) for c in found]
    assert _formula_cells(content) == []
    return found


# --- the writer itself -----------------------------------------------------------------------------------------


def test_the_writer_keeps_text_numbers_and_dates_apart():
    book = Book()
    sheet = book.add_sheet("名单", freeze="A2")
    sheet.append(["姓名", "金额", "日期", "时间", "是否"], styles=[Style.BOLD] * 5)
    sheet.append([LINK, -12.5, D(2024, 2, 29), datetime.datetime(2024, 3, 1, 8, 30), True])
    sheet.append(["+86 138", "-", "@SUM(A1)", 7, None])
    content = book.to_bytes()
    ws = openpyxl.load_workbook(io.BytesIO(content))["名单"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.b
    assert [(c.value, c.data_type) for c in ws[2]] == [
        (LINK, "s"), (-12.5, "n"), (datetime.datetime(2024, 2, 29), "d"), (datetime.datetime(2024, 3, 1, 8, 30), "d"),
        (True, "b")]
    assert ws["C2"].number_format == "yyyy\\-mm\\-dd"
    assert [c.value for c in ws[3]][:4] == ["+86 138", "-", "@SUM(A1)", 7] and _formula_cells(content) == []


def test_csv_prefixes_what_a_spreadsheet_would_run_and_leaves_numbers_alone():
    text = csv_bytes(["名称", "数值"], [[LINK, -3], ["+1", 2.5], ["-x", 0], ["@A1", None], ["\tcmd", 1],
                                        ["普通", D(2024, 1, 2)]]).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text[1:].splitlines()
    assert lines[1] == "\"'=HYPERLINK(\"\"http://example.invalid/x\"\",\"\"点击查看\"\")\",-3"
    assert lines[2:5] == ["'+1,2.5", "'-x,0", "'@A1,"]
    assert lines[5].startswith("'\tcmd") and lines[6] == "普通,2024-01-02"


@pytest.mark.parametrize("title, expected", [
    ("2026/2027年度招聘公告 · 报名", "2026_2027年度招聘公告 · 报名"),
    ("a[1]:b*?\\c", "a_1__b___c"),
    ("'引号'", "引号"),
    ("一" * 40, "一" * 31),
    ("", "Sheet"),
])
def test_sheet_titles_excel_refuses_are_made_acceptable(title, expected):
    assert sheet_title(title) == expected
    assert sheet_title("名单", ["名单", "名单(2)"]) == "名单(3)"


# --- the exports the review named -----------------------------------------------------------------------------


def test_an_applicants_typed_formula_is_text_in_the_applications_export(daqing, clerk):
    announcement = announce(daqing["county"], [(daqing["office_a"], "public", 1)],
                            title="萨尔图区2026/2027年度司法协理员招聘公告")
    from tests.integration.test_recruitment_pages import person

    recruitment.submit_application(post=announcement.posts.get(), data={
        **person(7), "full_name": LINK, "birth_date": D(1995, 5, 5)}, entered_by=None)
    response = clerk.get(f"/recruitment/announcements/{announcement.pk}/applications/?export=xlsx")
    assert response.status_code == 200  # the "/" in the title used to break the sheet name
    _text_cells(response.content, LINK)
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames == [
        "萨尔图区2026_2027年度司法协理员招聘公告 · 报名"[:31]]


def test_a_renamed_unit_is_text_in_the_unit_list_export(tree, accounts):
    unit_services.update_unit(unit=tree["office"], name="=1+1")
    response = client_for(accounts["county_clerk"]).get("/org/?level=4&export=xlsx")
    _text_cells(response.content, "=1+1")


def test_a_petitioners_name_is_text_in_the_petition_register_export(tree, accounts):
    record(Petition, unit=tree["office"], kind="visit", received_on=D(2025, 3, 6), petitioner="=SUM(1+1)*cmd|calc",
           subject="反映事项", headcount=1, result="pending")
    response = client_for(accounts["county_clerk"]).get("/casework/petitions/?export=xlsx")
    _text_cells(response.content, "=SUM(1+1)*cmd|calc")


def test_dashboard_ranking_keeps_unit_names_as_text_in_xlsx_and_csv(tree, accounts):
    unit_services.update_unit(unit=tree["office2"], name="-2+3")
    aggregates.refresh(tree["province"].path, D(2024, 3, 1), D(2024, 3, 1))
    client = client_for(accounts["county_clerk"])
    xlsx = client.get("/indicators/?year=2024&month=3&export=ranking&as=xlsx")
    _text_cells(xlsx.content, "-2+3")
    csv = client.get("/indicators/?year=2024&month=3&export=ranking&as=csv").content.decode("utf-8-sig")
    assert ",'-2+3," in csv and ",-2+3," not in csv


def test_the_roster_template_export_keeps_a_typed_formula_as_text(tree, accounts):
    factories.staff_member(tree["office"], full_name="=cmd|'/c calc'!A1")
    response = client_for(accounts["county_clerk"]).get("/staff/?export=roster")
    _text_cells(response.content, "=cmd|'/c calc'!A1")


def test_the_statistical_table_keeps_unit_names_as_text(tree, accounts):
    from sifasuo.reporting import services as reporting
    from tests.scope_builders.reporting import monthly_template

    unit_services.update_unit(unit=tree["office"], name="=SUM(9)+A1")
    reporting.compile_reports(template=monthly_template(), start=D(2024, 3, 1), path=tree["county"].path)
    response = client_for(accounts["county_clerk"]).get("/reporting/table/?period=2024-03&export=xlsx")
    assert response.status_code == 200
    _text_cells(response.content, "=SUM(9)+A1")


def test_the_marks_import_template_keeps_office_names_as_text(tree, accounts):
    from sifasuo.indicators import services as indicators
    from sifasuo.indicators.defaults import DEFAULT_ITEMS

    scheme = indicators.create_scheme(actor=accounts["county_clerk"], unit=tree["county"], year=2024,
                                      name="2024年司法所工作考核", fund_total="100000", items=DEFAULT_ITEMS)
    unit_services.update_unit(unit=tree["office"], name="=HYPERLINK(\"http://example.invalid\")")
    response = client_for(accounts["county_clerk"]).get(
        f"/indicators/schemes/{scheme.pk}/manual/import/?template=1&month=2024-05")
    assert response.status_code == 200
    _text_cells(response.content, "=HYPERLINK(\"http://example.invalid\")")
