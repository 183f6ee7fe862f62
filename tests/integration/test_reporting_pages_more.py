"""Reporting pages beyond the flow: report templates created and edited in pages by the province (fields,
rules with severity, deadline rule), refused with Chinese messages and nothing changed; the statistical
table's print page and its PDF export."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError

from sifasuo.core.models import ChangeLogEntry
from sifasuo.recruitment import documents
from sifasuo.reporting import services
from sifasuo.reporting.models import Report, ReportTemplate
from tests import factories
from tests.conftest import client_for
from tests.scope_builders.reporting import monthly_template

D = datetime.date
MARCH = D(2024, 3, 1)


@pytest.fixture
def province_clerk(tree):
    from sifasuo.accounts.roles import Role

    return factories.user("p_clerk", Role.PROVINCE_CLERK, tree["province"])


def _post(**overrides) -> dict:
    data = {
        "code": "petition_monthly", "name": "信访工作月报表", "period_type": "month", "unit_level": "4",
        "deadline_day": "5", "move_to_working_day": "on", "basis": "HZ-3", "order": "9", "active": "on",
        "field_code": ["petitions", "petitions_settled", "mediation_accepted", ""],
        "field_label": ["来信来访（件）", "其中已化解（件）", "调解受理（件）", ""],
        "field_source": ["compiled", "manual", "compiled", "compiled"],
        "field_element": ["petitions", "", "mediation_accepted", ""],
        "rule_left": ["petitions_settled", ""], "rule_op": ["<=", "<="], "rule_right": ["petitions", ""],
        "rule_severity": ["blocking", "blocking"], "rule_message": ["已化解数不能大于来信来访数", ""],
    }
    data.update(overrides)
    return data


def test_province_creates_a_template_in_the_page(tree, province_clerk):
    services.ensure_templates()
    client = client_for(province_clerk)
    page = client.get("/reporting/templates/new/")
    assert page.status_code == 200 and "新建报表模板" in page.content.decode()
    response = client.post("/reporting/templates/new/", _post())
    assert response.status_code == 302, response.content.decode()[:3000]
    template = ReportTemplate.objects.get(code="petition_monthly")
    assert (template.name, template.period_type, template.unit_level, template.deadline_day) == \
        ("信访工作月报表", "month", 4, 5)
    assert template.move_to_working_day is True
    assert template.fields == [
        {"code": "petitions", "label": "来信来访（件）", "source": "compiled", "element": "petitions"},
        {"code": "petitions_settled", "label": "其中已化解（件）", "source": "manual", "element": "petitions_settled"},
        {"code": "mediation_accepted", "label": "调解受理（件）", "source": "compiled", "element": "mediation_accepted"},
    ]
    assert template.rules == [{"left": "petitions_settled", "op": "<=", "right": "petitions",
                               "severity": "blocking", "message": "已化解数不能大于来信来访数"}]
    entry = ChangeLogEntry.objects.get(object_id=str(template.pk), content_type__model="reporttemplate")
    assert entry.action == "create" and entry.unit_path == tree["province"].path
    listing = client.get("/reporting/templates/").content.decode()
    assert "信访工作月报表" in listing and "?template=petition_monthly" in listing
    # the new template works end to end: an office's report has its fields and its blocking rule applies
    report = services.report_for(template=template, unit=tree["office"], start=MARCH)
    assert set(report.values) == {"petitions", "petitions_settled", "mediation_accepted"}
    blocking, _ = services.check_rules(template, {"petitions": 1, "petitions_settled": 2})
    assert blocking == ["已化解数不能大于来信来访数（其中已化解（件） 2，来信来访（件） 1）"]
    # and its statistical table (a typed-in field of no data element reads 0)
    table = client.get(f"/reporting/table/?template=petition_monthly&period=2024-03&unit={tree['county'].code}")
    assert table.status_code == 200 and "其中已化解（件）" in table.content.decode()


def test_edit_changes_deadline_fields_and_rules_and_is_logged(tree, province_clerk):
    template = monthly_template()
    client = client_for(province_clerk)
    page = client.get("/reporting/templates/edit/?template=office_monthly").content.decode()
    assert "司法所工作月报表" in page and 'value="mediation_accepted"' in page
    fields = template.fields[:3]
    data = _post(code="ignored", name="司法所工作月报表（修订）", deadline_day="4", move_to_working_day="",
                 field_code=[f["code"] for f in fields], field_label=[f["label"] for f in fields],
                 field_source=[f["source"] for f in fields], field_element=[f["element"] for f in fields],
                 rule_left=["mediation_succeeded"], rule_op=["<="], rule_right=["mediation_closed"],
                 rule_severity=["warning"], rule_message=[""])
    response = client.post("/reporting/templates/edit/?template=office_monthly", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    template.refresh_from_db()
    assert template.code == "office_monthly" and template.deadline_day == 4 and not template.move_to_working_day
    assert [f["code"] for f in template.fields] == ["mediation_accepted", "mediation_closed", "mediation_succeeded"]
    assert template.rules == [{"left": "mediation_succeeded", "op": "<=", "right": "mediation_closed",
                               "severity": "warning", "message": "调解成功数（件）应不大于调解案件结案数（件）"}]
    entry = ChangeLogEntry.objects.filter(object_id=str(template.pk), content_type__model="reporttemplate",
                                          action="update").get()
    assert entry.before["deadline_day"] == 3 and entry.after["deadline_day"] == 4
    # the deadline of a new period follows the edit
    assert services.deadline_for(template, D(2025, 6, 1)) == D(2025, 7, 4)


def test_field_rows_can_be_deleted(tree, province_clerk):
    template = monthly_template()
    client = client_for(province_clerk)
    fields = template.fields[:3]
    data = _post(name=template.name, field_code=[f["code"] for f in fields], field_label=[f["label"] for f in fields],
                 field_source=[f["source"] for f in fields], field_element=[f["element"] for f in fields],
                 field_delete=["2"], rule_left=[""], rule_op=["<="], rule_right=[""], rule_severity=["blocking"],
                 rule_message=[""])
    assert client.post("/reporting/templates/edit/?template=office_monthly", data).status_code == 302
    template.refresh_from_db()
    assert [f["code"] for f in template.fields] == ["mediation_accepted", "mediation_succeeded"]
    assert template.rules == []


@pytest.mark.parametrize(("overrides", "message"), [
    ({"code": "Bad Code"}, "报表代码应以小写字母开头"),
    ({"code": "office_monthly"}, "报表代码“office_monthly”已被使用"),
    ({"deadline_day": "32"}, "报送截止日应在 1 至 31 日之间"),
    ({"deadline_day": "三"}, "报送截止日应填写 1 至 31 的整数"),
    ({"field_element": ["", "", "mediation_accepted", ""]}, "栏目第1行（来信来访（件））：自动汇总的栏目请选择数据项"),
    ({"field_code": ["petitions", "petitions", "mediation_accepted", ""]}, "栏目第2行：栏目代码“petitions”与第1行重复"),
    ({"field_label": ["来信来访（件）", "", "调解受理（件）", ""]}, "栏目第2行（petitions_settled）：请填写栏目名称"),
    ({"field_code": ["1petitions", "petitions_settled", "mediation_accepted", ""]}, "栏目代码“1petitions”应以小写字母开头"),
    ({"rule_right": ["nothing", ""]}, "审核规则第1行：请在左右两边各选择一个报表中的栏目"),
    ({"rule_right": ["petitions_settled", ""]}, "第1条审核规则左右两边是同一个栏目"),
    ({"field_code": [""] * 4, "field_label": [""] * 4, "rule_left": [""], "rule_right": [""],
      "rule_message": [""]}, "报表至少要有一个栏目"),
])
def test_bad_input_is_refused_in_chinese_and_changes_nothing(tree, province_clerk, overrides, message):
    services.ensure_templates()
    before = list(ReportTemplate.objects.values_list("code", "updated_at"))
    client = client_for(province_clerk)
    response = client.post("/reporting/templates/new/", _post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(ReportTemplate.objects.values_list("code", "updated_at")) == before
    # what was typed is shown again: every column name that was filled in, in its input
    html = response.content.decode()
    for label in filter(None, _post(**overrides)["field_label"]):
        assert f'value="{label}"' in html, label


def test_period_and_level_fixed_once_reports_exist(tree, province_clerk):
    template = monthly_template()
    services.compile_reports(template=template, start=MARCH, path=tree["county"].path)
    made = Report.objects.filter(template=template).count()
    assert made
    fields = template.fields
    data = _post(name=template.name, period_type="quarter", unit_level="3",
                 field_code=[f["code"] for f in fields], field_label=[f["label"] for f in fields],
                 field_source=[f["source"] for f in fields], field_element=[f["element"] for f in fields],
                 rule_left=[""], rule_op=["<="], rule_right=[""], rule_severity=["blocking"], rule_message=[""])
    response = client_for(province_clerk).post("/reporting/templates/edit/?template=office_monthly", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert f"该报表已有 {made} 份报表，不能再更改报送周期" in body
    assert f"该报表已有 {made} 份报表，不能再更改填报层级" in body
    template.refresh_from_db()
    assert template.period_type == "month" and template.unit_level == 4 and len(template.rules) == 4


def test_only_the_province_edits_templates(tree, accounts):
    services.ensure_templates()
    for role in ("county_admin", "county_clerk", "city_admin", "office_director", "leader"):
        client = client_for(accounts[role])
        assert client.get("/reporting/templates/new/").status_code == 403, role
        assert client.post("/reporting/templates/edit/?template=office_monthly", _post()).status_code == 403, role
        assert "新建报表模板" not in client.get("/reporting/templates/").content.decode()
    # the service refuses a non-province actor too (the API goes through it)
    with pytest.raises(ValidationError) as exc:
        services.create_template(actor=accounts["city_admin"], code="x_report", name="某表", period_type="month",
                                 unit_level=4, deadline_day=3, fields=[{"code": "a", "label": "甲", "source": "manual"}])
    assert exc.value.message_dict == {"template": ["报表模板只能由省级司法厅修改"]}
    province = client_for(accounts["province_admin"])
    assert province.get("/reporting/templates/edit/?template=nope").status_code == 404
    response = province.get("/reporting/templates/edit/")
    assert response.status_code == 302 and response["Location"] == "/reporting/templates/"


# --- statistical table: print page and PDF -----------------------------------------------------------------

@pytest.fixture
def compiled(tree):
    from sifasuo.casework.models import MediationCase

    for n, unit in enumerate([tree["office"], tree["office"], tree["office2"]], start=1):
        MediationCase.objects.create(unit=unit, year=2024, number=f"P{n}", source="application",
                                     dispute_type="neighbour", title="邻里纠纷", registered_on=D(2024, 3, n),
                                     status="accepted")
    services.compile_reports(template=monthly_template(), start=MARCH, path=tree["county"].path)
    return tree


def test_print_page_is_laid_out_as_sent_upward(compiled, accounts):
    clerk = client_for(accounts["county_clerk"])
    table = clerk.get("/reporting/table/?period=2024-03").content.decode()
    assert "/reporting/table/print/?period=2024-03" in table
    response = clerk.get("/reporting/table/print/?period=2024-03")
    assert response.status_code == 200
    body = response.content.decode()
    # A4 landscape and no buttons on paper: the shared print sheet (no inline styles under the CSP).
    assert "sifasuo/print-sheet" in body and 'class="sheet-table"' in body
    from django.contrib.staticfiles import finders

    sheet = open(finders.find("sifasuo/print-sheet.css"), encoding="utf-8").read()
    assert "@page { size: A4 landscape" in sheet and "@media print { .no-print { display: none; } }" in sheet
    assert "2024年3月" in body and "填报单位（盖章）" in body and "单位负责人" in body
    import re

    header = re.search(r"<thead><tr>(.*?)</tr></thead>", body).group(1)
    assert header.startswith("<th>序号</th><th>单位</th><th>调解案件受理数（件）</th>")
    rows = re.findall(r"<tr><td class=\"no\">(\d+)</td><td>([^<]+)</td><td class=\"num\">([^<]+)</td>", body)
    by_name = {name: value for _, name, value in rows}
    assert by_name["解放路街道司法所"] == "2"
    total = re.search(r'<tr class="total"><td class="no"></td><td>合计</td><td class="num">([^<]+)</td>', body)
    assert total.group(1) == "3"
    # the other county's units never appear, whatever ?unit= says
    other = clerk.get(f"/reporting/table/print/?period=2024-03&unit={compiled['other_county'].code}")
    assert compiled["other_office"].name not in other.content.decode()


def test_table_exports_a_real_pdf(compiled, accounts):
    if documents.soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    clerk = client_for(accounts["county_clerk"])
    response = clerk.get("/reporting/table/?period=2024-03&export=pdf")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True,
                              check=True).stdout.decode()
        assert "合计" in text and "解放路街道司法所" in text
        assert "数据口径：实时数据" in "".join(text.split())   # live or official, and when (D53)


def test_api_creates_templates_with_the_same_checks(tree, accounts):
    from rest_framework.test import APIClient

    services.ensure_templates()
    body = {"code": "api_monthly", "name": "接口月报", "period_type": "month", "unit_level": 4, "deadline_day": 3,
            "fields": [{"code": "info_items", "label": "信息（条）", "source": "compiled", "element": "info_items"}],
            "rules": []}
    county = APIClient()
    county.force_authenticate(accounts["county_admin"])
    response = county.post("/api/reporting-templates/", body, format="json")
    assert response.status_code == 400 and response.json() == {"template": ["报表模板只能由省级司法厅修改"]}
    province = APIClient()
    province.force_authenticate(accounts["province_admin"])
    bad = province.post("/api/reporting-templates/", {**body, "deadline_day": 40}, format="json")
    assert bad.status_code == 400 and bad.json() == {"deadline_day": ["报送截止日应在 1 至 31 日之间"]}
    assert not ReportTemplate.objects.filter(code="api_monthly").exists()
    created = province.post("/api/reporting-templates/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["code"] == "api_monthly"
    assert ReportTemplate.objects.get(code="api_monthly").fields[0]["element"] == "info_items"


def test_print_and_template_pages_query_counts(compiled, accounts, province_clerk, django_assert_max_num_queries):
    """The print page reads the aggregate table with grouped queries: its count does not grow with the units."""
    clerk = client_for(accounts["county_clerk"])
    with django_assert_max_num_queries(11):  # 3 of them the session's, 1 whether the live month is computed
        assert clerk.get("/reporting/table/print/?period=2024-03").status_code == 200
    province = client_for(province_clerk)
    with django_assert_max_num_queries(12):
        assert province.get("/reporting/templates/edit/?template=office_monthly").status_code == 200
