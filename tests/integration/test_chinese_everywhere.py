"""Chinese everywhere, one way to show numbers (issue 18): the change log reads as field labels and readable
values, counts read "9" not "9.0", money "6,000.00" on pages and numeric cells in Excel, filters and forms
offer 全部 / 请选择 and sorting in Chinese."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from sifasuo.core.models import ChangeLogEntry
from sifasuo.reporting import periods
from sifasuo.reporting import services as reporting_services
from sifasuo.reporting.models import Report
from tests.conftest import client_for
from tests.scope_builders.casework import case, closed_case
from tests.scope_builders.reporting import monthly_template

pytestmark = pytest.mark.django_db


def test_money_reads_with_separators_and_exports_as_a_number(tree, accounts):
    ours = case(tree["office"], amount=Decimal("6000"))
    client = client_for(accounts["county_clerk"])
    page = client.get("/casework/cases/").content.decode()
    assert "6,000.00" in page
    detail = client.get(ours.get_absolute_url()).content.decode()
    assert "6,000.00" in detail
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/casework/cases/", {"export": "xlsx"}).content)).active
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[1]]
    cell = rows[2][header.index("涉及金额")]
    assert cell.value == 6000 and not isinstance(cell.value, str)
    assert cell.number_format == "#,##0.00"


def _filed_report(tree, user):
    template = monthly_template()
    start = periods.previous_period(template.period_type, datetime.date.today())
    for n in range(3):              # compiled into the report: 3 cases closed with success
        closed_case(tree["office"], accepted_on=start + datetime.timedelta(days=n + 1),
                    closed_on=start + datetime.timedelta(days=n + 5), applicant=f"申请人{n}")
    reporting_services.compile_reports(template=template, start=start, path=tree["county"].path)
    report = Report.objects.get(unit=tree["office"], template=template, period_start=start)
    on_time = timezone.make_aware(datetime.datetime.combine(report.deadline, datetime.time(9)))
    reporting_services.save_values(actor=user, report=report, values={"difficult_succeeded": 2, "risk_prevented": 0},
                                   now=on_time)
    return reporting_services.submit(actor=user, report=report, now=on_time)


def test_counts_read_as_whole_numbers(tree, accounts):
    report = _filed_report(tree, accounts["office_director"])
    assert report.values                                 # compiled and typed-in counts
    page = client_for(accounts["county_clerk"]).get(report.get_absolute_url()).content.decode()
    values = page[page.index('data-testid="report-values"'):]
    values = values[:values.index("</table>")]
    cells = re.findall(r"<td[^>]*>\s*([0-9][0-9.,]*)\s*</td>", values)
    assert "3" in cells and "2" in cells, cells
    assert not [c for c in cells if c.endswith(".0")], cells


def test_change_log_reads_as_labels_and_values(tree, accounts):
    report = _filed_report(tree, accounts["office_director"])
    entries = ChangeLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Report),
                                            object_id=str(report.pk)).order_by("id")
    assert entries.exists()
    client = client_for(accounts["county_admin"])
    shown = ""
    for entry in entries:
        page = client.get(entry.get_absolute_url())
        assert page.status_code == 200
        body = page.content.decode()
        table = body[body.index('data-testid="diff-table"'):]
        shown += table[:table.index("</table>")]
        assert "o_dir" in body or accounts["office_director"].display_name in body
    for raw in ("template", ">unit<", ">status<", "draft", "submitted", "values", "{"):
        assert raw not in shown, f"the change log shows “{raw}”"
    assert "<td>状态</td><td class=\"diff-before\">未上报</td><td class=\"diff-after\">已上报待审核</td>" in shown
    assert "<td>填报数值·其中：疑难复杂纠纷调解成功</td>" in shown    # a report's value by the element's name


def test_filters_and_forms_offer_chinese_choices(tree, accounts):
    client = client_for(accounts["county_clerk"])
    staff_list = client.get("/staff/").content.decode()
    assert "---------" not in staff_list and "descending" not in staff_list and "ascending" not in staff_list
    assert ">全部<" in staff_list
    assert "（降序）" in staff_list
    form = client_for(accounts["office_director"]).get("/casework/cases/new/").content.decode()
    assert "---------" not in form and ">请选择<" in form


def test_a_list_exports_as_a_register_with_a_title_row(tree, accounts):
    case(tree["office"], amount=Decimal("6000"), title="一段相当长的纠纷简要，说明宅基地边界与排水沟的走向争议")
    client = client_for(accounts["county_clerk"])
    response = client.get("/casework/cases/", {"export": "xlsx", "status": "registered"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    title = sheet["A1"].value
    assert title.startswith("人民调解收结案登记簿\u3000历下区司法局\u3000筛选：状态 ")
    assert "导出时间：" in title and "导出人：x_clerk" in title and "registered" not in title
    header = [c.value for c in sheet[2]]
    assert header[0] == "案件编号" and sheet["A2"].font.b
    assert sheet.freeze_panes == "A3"                            # the header stays while scrolling
    assert sheet.print_title_rows == "$2:$2"                     # and is printed on every page
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9      # A4
    widths = {c.value: sheet.column_dimensions[c.column_letter].width for c in sheet[2]}
    assert widths["纠纷简要"] > widths["状态"] >= 6                # fitted to the contents
    money = sheet.cell(row=3, column=header.index("涉及金额") + 1)
    assert money.value == 6000 and money.number_format == "#,##0.00"
