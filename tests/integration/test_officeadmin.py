"""Office administration: budgets per heading and spending within them (HZ-7), inspections hosted with their
extra budget, cost settled by the county and points (HZ-7), plans and summaries with due dates, alerts and the
county's overview (HZ-6, WH-13, DQ-11) — every refusal in Chinese, nothing changed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.alerts import engine
from sifasuo.officeadmin import selectors, services
from sifasuo.officeadmin.models import Expense, OperatingBudget, WorkDocument
from tests.conftest import client_for
from tests.scope_builders.officeadmin import PDF, pdf

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = datetime.date.today().year - 1


@pytest.fixture
def budget(tree, accounts):
    return services.set_budgets(actor=accounts["county_clerk"], unit=tree["office"], year=YEAR,
                                amounts={"water": "1200", "electricity": "3000", "office": "5000", "network": ""})


def test_the_county_budgets_by_heading_and_the_office_spends_within_it(tree, accounts, budget):
    staff = accounts["office_staff"]
    services.record_expense(actor=staff, unit=tree["office"], spent_on=D(YEAR, 3, 1), heading="office",
                            amount="4800.50", description="打印纸、墨盒", receipt_number="FP-001")
    with pytest.raises(ValidationError) as caught:
        services.record_expense(actor=staff, unit=tree["office"], spent_on=D(YEAR, 3, 2), heading="office",
                                amount="200", description="文件柜", receipt_number="FP-002")
    assert caught.value.message_dict["amount"] == [
        f"超出预算：「办公费」{YEAR}年预算 5000.00 元，已支出 4800.50 元，余额 199.50 元，本笔 200.00 元"
        "（HZ-7：不得超过县局的支出预算）"]
    with pytest.raises(ValidationError, match="严禁白条入账"):
        services.record_expense(actor=staff, unit=tree["office"], spent_on=D(YEAR, 3, 2), heading="water",
                                amount="10", description="水费", receipt_number=" ")
    with pytest.raises(ValidationError, match="没有「网络费」预算"):
        services.record_expense(actor=staff, unit=tree["office"], spent_on=D(YEAR, 3, 2), heading="network",
                                amount="10", description="宽带", receipt_number="FP-003")
    with pytest.raises(ValidationError, match="已登记过，不能重复入账"):
        services.record_expense(actor=staff, unit=tree["office"], spent_on=D(YEAR, 3, 2), heading="water",
                                amount="10", description="水费", receipt_number="FP-001")
    for amount in ("0", "1.234", "-5"):   # an expense is a positive amount in yuan and fen
        with pytest.raises(ValidationError) as caught:
            services.record_expense(actor=staff, unit=tree["office"], spent_on=D(YEAR, 3, 2), heading="water",
                                    amount=amount, description="水费", receipt_number="FP-004")
        assert caught.value.message_dict == {"amount": [f"金额应为大于 0 的金额（元，最多两位小数），收到“{amount}”"]}
    assert Expense.objects.count() == 1
    table = selectors.budget_table(tree["office"], YEAR)
    office_line = next(line for line in table.lines if line.heading == "office")
    assert (office_line.budget, office_line.spent, office_line.remaining) == (
        Decimal("5000"), Decimal("4800.50"), Decimal("199.50"))
    assert table.total.budget == Decimal("9200")
    county = selectors.budget_table(tree["county"], YEAR)
    assert [line.label for line in county.lines] == ["解放路街道司法所", "千佛山街道司法所"]
    assert [o.name for o in county.offices_without_budget] == ["千佛山街道司法所"]
    page = client_for(accounts["county_clerk"]).get(f"/officeadmin/?unit={tree['county'].code}&year={YEAR}")
    assert "尚未核定" in page.content.decode() and "千佛山街道司法所" in page.content.decode()


def test_budgets_are_the_countys_and_cannot_fall_below_the_spending(tree, accounts, budget):
    with pytest.raises(ValidationError, match="由「解放路街道司法所」所属的县级司法局办理"):
        services.set_budgets(actor=accounts["office_director"], unit=tree["office"], year=YEAR,
                             amounts={"office": "9000"})
    services.record_expense(actor=None, unit=tree["office"], spent_on=D(YEAR, 5, 1), heading="water", amount="600",
                            description="水费", receipt_number="SF-1")
    with pytest.raises(ValidationError) as caught:
        services.set_budgets(actor=accounts["county_clerk"], unit=tree["office"], year=YEAR,
                             amounts={"water": "500", "electricity": "abc"})
    assert caught.value.message_dict["electricity"][0].startswith("「电费」预算应为不小于 0 的金额")
    with pytest.raises(ValidationError, match="预算不能少于已支出金额"):
        services.set_budgets(actor=accounts["county_clerk"], unit=tree["office"], year=YEAR, amounts={"water": "500"})
    with pytest.raises(ValidationError, match="不能取消预算"):
        services.set_budgets(actor=accounts["county_clerk"], unit=tree["office"], year=YEAR, amounts={"water": ""})
    assert OperatingBudget.objects.get(unit=tree["office"], year=YEAR, heading="water").amount == Decimal("1200")
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.set_budgets(actor=accounts["county_clerk"], unit=tree["other_office"], year=YEAR,
                             amounts={"water": "1"})
    # through the page: the county's form, every heading at once
    response = client_for(accounts["county_clerk"]).post(f"/officeadmin/budget/{tree['office'].pk}/", {
        "year": YEAR, "amount_water": "1500", "amount_electricity": "3000",
        "amount_office": "5000", "amount_transport": "2400"})
    assert response.status_code == 302
    assert OperatingBudget.objects.get(unit=tree["office"], year=YEAR, heading="transport").amount == 2400
    assert client_for(accounts["county_clerk"]).post(f"/officeadmin/budget/{tree['other_office'].pk}/", {
        "year": YEAR, "amount_water": "1"}).status_code == 404


def test_inspection_hosting_points_and_cost_settled_by_the_county(tree, accounts):
    hosting = services.record_hosting(actor=accounts["county_clerk"], unit=tree["office"], hosted_on=D(YEAR, 6, 12),
                                      inspected_by="省司法厅", subject="规范化建设验收", extra_budget="3000",
                                      actual_cost="2650.00", settled_on=D(YEAR, 6, 20), bonus_points="3",
                                      bonus_reason="迎检准备充分，受到省厅肯定")
    assert selectors.inspection_points(tree["county"].path, D(YEAR, 1, 1), D(YEAR, 12, 31)) == {
        (tree["office"].pk, D(YEAR, 6, 1)): Decimal("3.0")}
    for bad, message in (({"bonus_points": "3", "bonus_reason": ""}, "加分须写明理由"),
                         ({"bonus_points": "12", "bonus_reason": "x"}, "迎检加分应为 0 至 10 分"),
                         ({"settled_on": D(YEAR, 6, 1), "actual_cost": "1"}, "早于迎检日期"),
                         ({"settled_on": D(YEAR, 6, 30)}, "已结算的迎检请填写实际开支")):
        with pytest.raises(ValidationError, match=message):
            services.record_hosting(actor=accounts["county_clerk"], unit=tree["office"], hosted_on=D(YEAR, 6, 12),
                                    inspected_by="省司法厅", subject="检查", **bad)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.record_hosting(actor=accounts["county_clerk"], unit=tree["office"], hosted_on=tomorrow,
                                inspected_by="省司法厅", subject="检查", settled_on=D(YEAR, 6, 1), actual_cost="1")
    assert caught.value.message_dict == {"hosted_on": [f"迎检日期 {tomorrow.isoformat()} 在今天之后"],
                                         "settled_on": [f"结算日期 {YEAR}-06-01 早于迎检日期 {tomorrow.isoformat()}"]}
    with pytest.raises(ValidationError, match="县级司法局办理"):
        services.record_hosting(actor=accounts["office_director"], unit=tree["office"], hosted_on=D(YEAR, 6, 12),
                                inspected_by="省司法厅", subject="检查")
    table = selectors.budget_table(tree["office"], YEAR)
    assert (table.hostings, table.hosting_extra, table.hosting_cost) == (1, Decimal("3000"), Decimal("2650"))
    assert hosting.bonus_points == 3


def test_plans_and_summaries_are_filed_judged_against_due_dates_and_overviewed(tree, accounts):
    staff = accounts["office_staff"]
    doc = services.file_document(actor=staff, unit=tree["office"], year=YEAR, kind="annual_plan",
                                 title="2025年工作计划", file=pdf(), filed_on=D(YEAR, 1, 20))
    assert doc.due_on == D(YEAR, 1, 31) and doc.on_time
    late = services.file_document(actor=staff, unit=tree["office"], year=YEAR, kind="half_year_summary",
                                  title="上半年小结", file=pdf("小结.pdf"), filed_on=D(YEAR, 7, 15))
    assert late.due_on == D(YEAR, 7, 10) and not late.on_time
    for upload, message in ((SimpleUploadedFile("a.exe", b"MZ..."), "文件类型不允许"),
                            (SimpleUploadedFile("a.pdf", b"not a pdf"), "不是有效的PDF文件"),
                            (SimpleUploadedFile("a.pdf", b""), "是空文件")):
        with pytest.raises(ValidationError, match=message):
            services.file_document(actor=staff, unit=tree["office"], year=YEAR, kind="training_plan", title="规划",
                                   file=upload)
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.file_document(actor=staff, unit=tree["office2"], year=YEAR, kind="training_plan", title="规划",
                               file=pdf())
    on = D(YEAR + 1, 1, 2)
    overview = selectors.document_overview(tree["county"], YEAR, today=on)
    states = {r["unit"].name: [c.state(on) for c in r["cells"]] for r in overview["rows"]}
    assert states["解放路街道司法所"] == ["on_time", "late", "missing", "missing"]
    assert states["千佛山街道司法所"] == ["missing"] * 4
    assert overview["missing"] == {"annual_plan": 1, "half_year_summary": 1, "year_end_summary": 2,
                                   "training_plan": 2}
    page = client_for(accounts["county_clerk"]).get(f"/officeadmin/documents/overview/?year={YEAR}")
    assert "逾期未报：年初工作计划 1 个所" in page.content.decode()
    # the file is served to the office and the county, not to the other county
    assert client_for(accounts["county_clerk"]).get(f"/officeadmin/documents/{doc.pk}/file/").status_code == 200
    assert client_for(accounts["other_county_admin"]).get(f"/officeadmin/documents/{doc.pk}/file/").status_code == 404
    # uploading through the page
    response = client_for(staff).post("/officeadmin/documents/new/", {
        "unit_code": tree["office"].code, "year": YEAR, "kind": "training_plan", "title": "队伍培训规划",
        "file": SimpleUploadedFile("规划.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302
    assert WorkDocument.objects.filter(unit=tree["office"], kind="training_plan").exists()


def test_documents_due_are_alerted_ahead_and_when_overdue(tree):
    today = datetime.date.today()
    year = today.year
    alerts = [a for a in engine.collect(tree["office"].path, D(year, 1, 20), codes=["officeadmin.document_due"])
              if a.due.year == year]
    assert [a.subject for a in alerts] == [f"解放路街道司法所 {year}年年初工作计划"]
    assert alerts[0].message == f"应于 {year}-01-31 前报送（HZ-6、WH-13）"
    services.file_document(actor=None, unit=tree["office"], year=year, kind="annual_plan", title="计划", file=pdf(),
                           filed_on=min(today, D(year, 1, 20)))
    after = engine.collect(tree["office"].path, D(year, 2, 5), codes=["officeadmin.document_due"])
    assert not [a for a in after if "年初工作计划" in a.subject and a.due.year == year]


def test_spending_through_the_api_is_checked_like_the_page_and_a_hub_only_reads(tree, accounts, budget):
    """POST /api/office-expenses/ goes through the same service: within the budget it lands (201), beyond it,
    without a receipt or for an office outside the user's scope it is refused in Chinese (400) and nothing is
    written. A hub office's director reads a member office's budget and spending but books nothing on it."""
    from sifasuo.accounts.roles import Role
    from sifasuo.orgunits import services as unit_services
    from tests.factories import user

    client = client_for(accounts["office_staff"])
    row = {"unit": tree["office"].code, "spent_on": f"{YEAR}-04-01", "heading": "water", "amount": "300.00",
           "description": "一季度水费", "receipt_number": "SF-0401"}
    created = client.post("/api/office-expenses/", row, content_type="application/json")
    assert created.status_code == 201 and created.json()["unit_name"] == "解放路街道司法所"
    beyond = client.post("/api/office-expenses/", {**row, "amount": "900.01", "receipt_number": "SF-0402"},
                         content_type="application/json")
    assert beyond.status_code == 400
    assert "超出预算：「水费」" in str(beyond.json())
    blank = client.post("/api/office-expenses/", {**row, "receipt_number": ""},
                        content_type="application/json")
    assert blank.status_code == 400 and "严禁白条入账" in str(blank.json())
    outside = {**row, "unit": tree["other_office"].code, "receipt_number": "SF-0403"}
    foreign = client.post("/api/office-expenses/", outside, content_type="application/json")
    assert foreign.status_code == 400 and "不在您的管辖范围内" in foreign.json()["unit"][0]
    assert list(Expense.objects.values_list("receipt_number", flat=True)) == ["SF-0401"]
    # a hub reads its member's budget and spending, and books nothing on it
    hub = unit_services.update_unit(unit=tree["office2"], is_hub=True)
    unit_services.update_unit(unit=tree["office"], hub=hub)
    hub_client = client_for(user("hub_dir", Role.OFFICE_DIRECTOR, hub))
    budgets = hub_client.get("/api/office-budgets/").json()["results"]
    assert {b["unit"] for b in budgets} == {tree["office"].code}
    spent = hub_client.get("/api/office-expenses/").json()["results"]
    assert [e["receipt_number"] for e in spent] == ["SF-0401"]
    refused = hub_client.post("/api/office-expenses/", {**row, "receipt_number": "SF-0404"},
                              content_type="application/json")
    assert refused.status_code == 400 and "不在您的管辖范围内" in refused.json()["unit"][0]
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.record_expense(actor=user("hub_staff", Role.OFFICE_STAFF, hub), unit=tree["office"],
                                spent_on=D(YEAR, 4, 2), heading="water", amount="1", description="代记",
                                receipt_number="SF-0405")
    assert Expense.objects.count() == 1


def test_above_a_county_the_pages_show_one_line_per_unit_below_not_every_office(tree, accounts, budget):
    """A province admin saw all 1,807 offices on 经费预算与支出 and 计划总结报送情况 (355 KB, 0.4–0.8 s on the
    province dataset); a city or province now sees one line per unit one level down, each opening it, with
    the sums and the offices without a budget or with a plan or summary missing."""
    services.record_expense(actor=None, unit=tree["office"], spent_on=D(YEAR, 3, 1), heading="office",
                            amount="800", description="打印纸", receipt_number="FP-9")
    city = selectors.budget_table(tree["city"], YEAR)
    lines = {line.label: line for line in city.lines}
    assert set(lines) == {"历下区司法局", tree["other_county"].name}
    ours = lines["历下区司法局"]
    assert (ours.budget, ours.spent, ours.without_budget) == (Decimal("9200"), Decimal("800"), 1)
    assert lines[tree["other_county"].name].without_budget == 1 and city.total.without_budget == 2
    assert city.offices_without_budget == []
    page = client_for(accounts["city_admin"]).get(f"/officeadmin/?unit={tree['city'].code}&year={YEAR}").content.decode()
    assert f'?unit={tree["county"].code}&year={YEAR}' in page and "解放路街道司法所" not in page
    on = D(YEAR + 1, 1, 2)
    services.file_document(actor=accounts["office_staff"], unit=tree["office"], year=YEAR, kind="annual_plan",
                           title="工作计划", file=pdf(), filed_on=D(YEAR, 2, 20))
    overview = selectors.document_overview(tree["city"], YEAR, today=on)
    assert overview["rows"] == []
    summary = {s["unit"].name: s for s in overview["summary"]}
    assert summary["历下区司法局"]["offices"] == 2
    assert summary["历下区司法局"]["cells"][0] == {"missing": 1, "late": 1}   # 年初工作计划: one missing, one late
    assert overview["missing"]["annual_plan"] == 2   # the city's own count: both counties' missing ones
    page = client_for(accounts["city_admin"]).get(
        f"/officeadmin/documents/overview/?unit={tree['city'].code}&year={YEAR}").content.decode()
    assert 'data-testid="document-summary"' in page and "逾期未报 1 个，逾期报送 1 个" in page
