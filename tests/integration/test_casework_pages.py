"""Pages of the registers and of mediation: lists, forms with their Chinese messages, print, export,
imports (whole or nothing), the workflow through the pages, query counts, and the scope walk of casework."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from sifasuo.casework.models import (
    LegalAidApplication,
    MediationCase,
    Mediator,
    Petition,
    PublicityEvent,
    ScreeningFinding,
    ScreeningRound,
)
from sifasuo.casework.registers import CASES, SPECS
from sifasuo.core.models import ChangeLogEntry, SensitiveAccess
from tests.conftest import client_for
from tests.factories import FOREIGN_MARKER
from tests.scope_builders.casework import (
    FOREIGN_BUILDERS,
    ID_FEMALE,
    closed_case,
    committee,
    mediator,
    record,
)
from tests.scope_walk import walk
from tests.spreadsheets import xlsx_upload

D = datetime.date
pytestmark = pytest.mark.django_db


def test_every_register_list_print_and_form_page_answers(tree, accounts):
    client = client_for(accounts["office_director"])
    for spec in [CASES, *SPECS]:
        for name in ("list", "print", "create"):
            response = client.get(reverse(f"casework:{spec.key}_{name}"))
            assert response.status_code == 200, (spec.key, name)
        assert spec.title in client.get(reverse(f"casework:{spec.key}_list")).content.decode()
    assert "七簿二册" in client.get(reverse("casework:index")).content.decode()
    # a leader reads but does not write; an applicant reads nothing
    assert client_for(accounts["leader"]).get(reverse("casework:petitions_list")).status_code == 200
    assert client_for(accounts["leader"]).get(reverse("casework:petitions_create")).status_code == 403
    assert client_for(accounts["applicant"]).get(reverse("casework:cases_list")).status_code == 403


def test_petition_form_saves_and_refuses_with_chinese_messages(tree, accounts):
    client = client_for(accounts["office_staff"])
    data = {"unit_code": "370102001", "kind": "visit", "received_on": "2025-03-05", "petitioner": "周某",
            "headcount": "2", "subject": "邻居装修噪音", "result": "resolved", "closed_on": "2025-03-01"}
    response = client.post(reverse("casework:petitions_create"), data)
    assert response.status_code == 400
    assert "办结日期 2025-03-01 早于登记日期 2025-03-05" in response.content.decode()
    response = client.post(reverse("casework:petitions_create"), {**data, "unit_code": "370103001"})
    assert "不在您的管辖范围内" in response.content.decode()
    assert Petition.objects.count() == 0
    response = client.post(reverse("casework:petitions_create"), {**data, "closed_on": "2025-03-09"})
    petition = Petition.objects.get()
    assert response.status_code == 302 and response["Location"] == petition.get_absolute_url()
    assert petition.unit == tree["office"] and petition.headcount == 2
    # edit
    response = client.post(reverse("casework:petitions_edit", args=[petition.pk]),
                           {**data, "closed_on": "2025-03-09", "handling": "约谈双方"})
    petition.refresh_from_db()
    assert petition.handling == "约谈双方"
    assert ChangeLogEntry.objects.filter(content_type__model="petition", action="update").count() == 1


def test_list_filters_search_month_and_export(tree, accounts):
    for day, place in ((D(2025, 3, 5), "广场"), (D(2025, 3, 20), "学校"), (D(2025, 4, 2), "社区")):
        record(PublicityEvent, unit=tree["office"], held_on=day, title=f"宪法宣传（{place}）", form="lecture",
               audience=100, place=place)
    client = client_for(accounts["county_clerk"])
    url = reverse("casework:publicity_list")
    page = client.get(url + "?month=2025-03").content.decode()
    assert "共 2 条" in page and "学校" in page and "社区" not in page.split("</form>")[1]
    assert "共 1 条" in client.get(url + "?q=学校").content.decode()
    assert "共 0 条" in client.get(url + "?within=370102002").content.decode()
    export = client.get(url + "?month=2025-03&export=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("活动日期", "单位", "活动主题", "宣传形式") and len(rows) == 4  # row 1: the title
    assert rows[2][3] == "法治讲座"


def test_print_view_is_the_paper_register(tree, accounts):
    record(Petition, unit=tree["office"], kind="letter", received_on=D(2025, 3, 5), petitioner="吴某",
           subject="土地承包", result="pending")
    record(Petition, unit=tree["office"], kind="visit", received_on=D(2025, 2, 5), petitioner="郑某",
           subject="二月来访", result="pending")
    page = client_for(accounts["office_director"]).get(reverse("casework:petitions_print") + "?month=2025-03")
    html = page.content.decode()
    assert "来信来访登记簿" in html and "单位：解放路街道司法所" in html and "期间：2025-03" in html
    assert "吴某" in html and "郑某" not in html and "审核人（所长）" in html
    assert "<th>单位</th>" not in html  # one office: the unit is in the heading, not a column


def test_register_import_bad_row_imports_nothing(tree, accounts):
    client = client_for(accounts["office_staff"])
    header = ["单位代码", "活动日期", "活动主题", "宣传形式", "受众人数"]
    bad = xlsx_upload([header, ["370102001", "2025-03-05", "宪法进社区", "法治讲座", 120],
                ["370102001", "2025-02-30", "民法典宣讲", "讲座", 80],
                ["370103001", "2025-03-06", "越界", "法治讲座", 10]])
    response = client.post(reverse("casework:publicity_import"), {"file": bad})
    html = response.content.decode()
    assert response.status_code == 400
    assert "第3行「活动日期」：「2025-02-30」不是存在的日期（2025年没有2月30日）" in html
    assert "第3行「宣传形式」：「讲座」不是有效的宣传形式" in html
    assert PublicityEvent.objects.count() == 0
    # scope is checked too, named by row and column
    response = client.post(reverse("casework:publicity_import"), {"file": xlsx_upload([header, bad_row := [
        "370103001", "2025-03-06", "越界", "法治讲座", 10]])})
    assert "第2行「单位代码」：单位代码 370103001 不存在，或不在您的管辖范围内" in response.content.decode()
    assert bad_row and PublicityEvent.objects.count() == 0
    good = xlsx_upload([header, ["370102001", "2025-03-05", "宪法进社区", "法治讲座", 120],
                 ["370102001001", "2025/3/6", "民法典宣讲", "法治讲座", 80]])
    response = client.post(reverse("casework:publicity_import"), {"file": good})
    assert response.status_code == 302 and PublicityEvent.objects.count() == 2
    assert ChangeLogEntry.objects.filter(content_type__model="publicityevent").count() == 2
    template = client.get(reverse("casework:publicity_import") + "?template=1")
    assert openpyxl.load_workbook(io.BytesIO(template.content)).active["A1"].value == "单位代码"


def test_mediator_import_resolves_committee_by_name(tree, accounts):
    committee(tree["office"], name="解放路街道人民调解委员会")
    client = client_for(accounts["office_staff"])
    header = ["单位代码", "调委会名称", "姓名", "性别", "身份证号码", "职务", "聘任日期"]
    response = client.post(reverse("casework:mediators_import"), {"file": xlsx_upload([
        header, ["370102001", "解放路街道人民调解委员会", "冯调解", "女", ID_FEMALE, "委员", "2024-01-01"],
        ["370102001", "不存在的调委会", "陈调解", "男", "", "调解员", "2024-01-01"]])})
    assert "第3行「调委会名称」：「解放路街道司法所」没有名为「不存在的调委会」的调委会，请先登记调委会" in \
        response.content.decode()
    assert Mediator.objects.count() == 0


def test_case_workflow_through_the_pages(tree, accounts):
    client = client_for(accounts["office_staff"])
    comm = committee(tree["office"])
    med = mediator(tree["office"], comm, full_name="韩调解")
    response = client.post(reverse("casework:cases_create"), {
        "unit_code": "370102001", "registered_on": "2025-03-03", "source": "application",
        "dispute_type": "neighbour", "title": "排水沟堵塞纠纷", "applicant_name": "张三",
        "applicant_id_number": "370102198502075846", "respondent_name": "李四"})
    assert "申请人身份证号码：身份证号码校验位错误：应为 5，实际为 6" in response.content.decode()
    response = client.post(reverse("casework:cases_create"), {
        "unit_code": "370102001", "registered_on": "2025-03-03", "source": "application",
        "dispute_type": "neighbour", "title": "排水沟堵塞纠纷", "applicant_name": "张三",
        "applicant_id_number": ID_FEMALE, "respondent_name": "李四"})
    c = MediationCase.objects.get()
    detail = client.get(c.get_absolute_url()).content.decode()
    assert "370102********5845" in detail and ID_FEMALE not in detail
    # closing is not offered before acceptance, and refused if posted
    assert 'data-testid="step-close"' not in detail
    response = client.post(reverse("casework:cases_close", args=[c.pk]),
                           {"close-outcome": "success", "close-closed_on": "2025-03-05"})
    assert response.status_code == 400 and "案件尚未受理，不能结案（请先受理）" in response.content.decode()
    client.post(reverse("casework:cases_accept", args=[c.pk]),
                {"accept-accepted_on": "2025-03-04", "accept-mediators": [med.pk]})
    response = client.post(reverse("casework:cases_close", args=[c.pk]),
                           {"close-outcome": "success", "close-closed_on": "2025-03-05"})
    assert "调解成功必须达成调解协议：请选择书面协议或口头协议" in response.content.decode()
    client.post(reverse("casework:cases_session", args=[c.pk]),
                {"session-held_on": "2025-03-05", "session-summary": "现场查看，达成一致"})
    client.post(reverse("casework:cases_close", args=[c.pk]), {
        "close-outcome": "success", "close-closed_on": "2025-03-05", "close-agreement_form": "oral",
        "close-agreement_on": "2025-03-05", "close-performance": "performed"})
    client.post(reverse("casework:cases_archive", args=[c.pk]),
                {"archive-archived_on": "2025-03-10", "archive-dossier_number": "2025-001"})
    c.refresh_from_db()
    assert (c.status, c.outcome, c.mediator_names, c.sessions.count()) == ("archived", "success", "韩调解", 1)
    # the register view over the cases
    page = client.get(reverse("casework:cases_print") + "?month=2025-03").content.decode()
    assert "人民调解收结案登记簿" in page and "张三 与 李四" in page and "口头协议" in page


def test_finding_converted_from_its_page(tree, accounts):
    client = client_for(accounts["office_staff"])
    rnd = record(ScreeningRound, unit=tree["office"], kind="routine", held_on=D(2025, 3, 14))
    finding = record(ScreeningFinding, unit=tree["office"], screening=rnd, found_on=D(2025, 3, 14),
                     description="两户宅基地界址争执", parties="孙某", dispute_type="housing", risk_level="high")
    form = client.get(reverse("casework:cases_create") + f"?finding={finding.pk}").content.decode()
    assert "由排查发现的纠纷转入" in form and "两户宅基地界址争执" in form
    client.post(reverse("casework:cases_create"), {
        "finding": finding.pk, "unit_code": "370102001", "registered_on": "2025-03-15", "source": "initiative",
        "dispute_type": "housing", "title": "两户宅基地界址争执", "applicant_name": "孙某"})
    finding.refresh_from_db()
    assert finding.status == "converted" and finding.case.title == "两户宅基地界址争执"


def test_full_id_number_revealed_and_logged(tree, accounts):
    aid = record(LegalAidApplication, unit=tree["office"], applied_on=D(2025, 3, 3), applicant="钱某",
                 matter="injury", id_number=ID_FEMALE)
    assert "370102********5845" in client_for(accounts["office_staff"]).get(aid.get_absolute_url()).content.decode()
    assert SensitiveAccess.objects.count() == 0
    assert ID_FEMALE in client_for(accounts["office_director"]).get(aid.get_absolute_url()).content.decode()
    assert SensitiveAccess.objects.get().username == accounts["office_director"].username
    listing = client_for(accounts["office_director"]).get(reverse("casework:legalaid_list")).content.decode()
    assert ID_FEMALE not in listing and "370102********5845" in listing


@pytest.mark.parametrize("key", ["cases", "petitions", "mediators", "screenings", "committees"])
def test_list_query_count_does_not_grow(tree, accounts, django_assert_max_num_queries, key):
    comm = committee(tree["office"])
    for i in range(30):
        closed_case(tree["office"], applicant=f"甲{i}")
        record(Petition, unit=tree["office"], kind="visit", received_on=D(2025, 3, 5), petitioner=f"乙{i}",
               subject="事项")
        mediator(tree["office"], comm, full_name=f"丙{i}")
        record(ScreeningRound, unit=tree["office"], kind="routine", held_on=D(2025, 3, 5))
    client = client_for(accounts["county_clerk"])
    client.get(reverse(f"casework:{key}_list"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse(f"casework:{key}_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_a_records_lists_and_the_printed_book_in_their_order_and_the_same_queries(
        tree, accounts, django_assert_max_num_queries, rows):
    """A screening round's findings, a committee's mediators and the printed book are read by the casework
    selectors (issue 17), in their order, in as many queries for 12 rows as for one."""
    comm = committee(tree["office"])
    rnd = record(ScreeningRound, unit=tree["office"], kind="routine", held_on=D(2025, 3, 1))
    for i in range(rows):
        mediator(tree["office"], comm, full_name=f"丙{rows - i:02d}")
        record(ScreeningFinding, unit=tree["office"], screening=rnd, found_on=D(2025, 3, 1) + datetime.timedelta(rows - i),
               description=f"纠纷{i:02d}", parties="孙某", dispute_type="housing", risk_level="low")
        record(Petition, unit=tree["office"], kind="visit", received_on=D(2025, 3, 20) - datetime.timedelta(i),
               petitioner=f"乙{i:02d}", subject="事项")
    client = client_for(accounts["county_clerk"])
    round_url = reverse("casework:screenings_detail", args=[rnd.pk])
    committee_url = reverse("casework:committees_detail", args=[comm.pk])
    print_url = reverse("casework:petitions_print") + "?month=2025-03&within=370102001"
    client.get(round_url)   # warm caches (content types, session)
    with django_assert_max_num_queries(4):   # session, user, the round, its findings with their cases
        findings = list(client.get(round_url).context["findings"])
    assert [f.description for f in findings] == [f"纠纷{i:02d}" for i in reversed(range(rows))]
    with django_assert_max_num_queries(4):   # session, user, the committee, its mediators
        members = list(client.get(committee_url).context["members"])
    assert [m.full_name for m in members] == [f"丙{n:02d}" for n in range(1, rows + 1)]
    with django_assert_max_num_queries(5):   # session, user, the unit filtered on, the rows, the unit printed
        printed = client.get(print_url).context
    assert printed["unit_name"] == "解放路街道司法所"
    assert [row[2] for _, row in printed["table"]] == [f"乙{i:02d}" for i in reversed(range(rows))]


def test_a_rounds_page_lists_only_the_findings_in_the_readers_scope(tree, accounts):
    """A finding may be recorded a level above its round (the office's, on its workstation's round): the
    workstation's staff open the round and see their own findings only, never the office's (issue 17)."""
    rnd = record(ScreeningRound, unit=tree["workstation"], kind="routine", held_on=D(2025, 3, 1))
    for unit, text in ((tree["workstation"], "工作室发现的纠纷"), (tree["office"], "司法所发现的纠纷")):
        record(ScreeningFinding, unit=unit, screening=rnd, found_on=D(2025, 3, 2), description=text,
               parties="孙某", dispute_type="housing", risk_level="low")
    url = reverse("casework:screenings_detail", args=[rnd.pk])
    workstation = client_for(accounts["workstation_staff"]).get(url)
    assert [f.description for f in workstation.context["findings"]] == ["工作室发现的纠纷"]
    assert "司法所发现的纠纷" not in workstation.content.decode()
    office = client_for(accounts["office_director"]).get(url)
    assert sorted(f.description for f in office.context["findings"]) == ["司法所发现的纠纷", "工作室发现的纠纷"]


def test_casework_routes_leak_nothing_of_the_other_county(tree, accounts):
    """The scope walk, on casework's routes only (pages and API), as the county clerk and office director."""
    foreign = {model: builder(tree, accounts) for model, builder in FOREIGN_BUILDERS.items()}
    walkers = {who: accounts[who] for who in ("county_clerk", "office_director")}
    lists, details = walk(walkers, foreign, only=lambda name: name.startswith(("casework:", "casework-")))
    assert lists + details > 300
    # the foreign rows exist and are seen by their own county
    other = client_for(accounts["other_county_admin"]).get(reverse("casework:cases_list")).content.decode()
    assert FOREIGN_MARKER in other
