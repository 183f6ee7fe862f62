"""Excel import of released persons: template, all-or-nothing, bad rows named by row and column, change log."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from sifasuo.core.models import ChangeLogEntry
from sifasuo.resettlement.importers import COLUMNS
from sifasuo.resettlement.models import ReleasedPerson, RiskReview
from tests.conftest import client_for
from tests.scope_builders.correction import id_for
from tests.scope_builders.resettlement import person
from tests.spreadsheets import xlsx_upload

D = datetime.date
pytestmark = pytest.mark.django_db
HEADERS = [c.header for c in COLUMNS]


def _row(tree, name, **values):
    row = {"帮教单位代码": "370102001", "姓名": name, "身份证号码": id_for(tree["office"], name), "罪名": "盗窃罪",
           "原判刑罚": "有期徒刑三年", "刑期起始日期": "2021-05-01", "释放单位": "山东省济南监狱",
           "收到预释放通知日期": "2024-04-01", "预计释放日期": "2024-05-01"}
    row.update(values)
    return row


def _sheet(rows):
    return xlsx_upload([[row.get(h, "") for h in HEADERS] for row in rows], HEADERS, name="persons.xlsx")


def _post(user, rows):
    return client_for(user).post("/resettlement/import/", {"file": _sheet(rows)})


def test_template_download_and_page(tree, accounts):
    client = client_for(accounts["office_staff"])
    page = client.get("/resettlement/import/")
    assert page.status_code == 200 and "刑期起始日期" in page.content.decode()
    template = client.get("/resettlement/import/?template=1")
    assert template.status_code == 200
    wb = load_workbook(io.BytesIO(template.content))
    assert [c.value for c in wb.worksheets[0][1]] == HEADERS
    assert wb.worksheets[1].title == "填写说明"
    assert "导入 Excel" in client.get("/resettlement/").content.decode()
    # no import for those who only read, nor for those without the duty
    assert client_for(accounts["workstation_staff"]).get("/resettlement/import/").status_code == 403


def test_good_file_lands_whole_with_states_and_change_log(tree, accounts):
    rows = [
        _row(tree, "甲某"),                                                       # notice only
        _row(tree, "乙某", 释放日期="2024-05-01", 重点帮教对象="是", 接回日期="2024-05-01", 接回人员="所长、家属"),
        _row(tree, "丙某", 帮教单位代码="370102001001", 释放日期="2024-05-01", 衔接日期="2024-05-03", 风险等级="低风险"),
    ]
    response = _post(accounts["office_staff"], rows)
    assert response.status_code == 302, response.content.decode()
    people = {p.full_name: p for p in ReleasedPerson.objects.all()}
    assert people["甲某"].status == "notified" and people["甲某"].sentence_start_on == D(2021, 5, 1)
    assert people["乙某"].status == "released" and people["乙某"].is_key
    assert people["乙某"].assistance_until == D(2029, 5, 1) and people["乙某"].collected_by == "所长、家属"
    c = people["丙某"]
    assert (c.status, c.unit, c.risk_tier, c.last_contact_on) == ("assisting", tree["workstation"], "low", D(2024, 5, 3))
    assert RiskReview.objects.get(person=c).tier == "low"
    entries = ChangeLogEntry.objects.filter(content_type__model="releasedperson", action="create")
    assert entries.count() == 3
    for entry in entries:
        assert "*" in entry.after["id_number"]                                  # masked in the log
        assert entry.after["id_number"] != people[entry.after["full_name"]].id_number


@pytest.mark.parametrize("values, message", [
    ({"身份证号码": "370102198502075840"}, "第3行「身份证号码」："),
    ({"身份证号码": "37010219850207"}, "第3行「身份证号码」："),
    ({"释放日期": "2021-04-01"}, "第3行「释放日期」：释放日期 2021-04-01 早于刑期起始日期 2021-05-01"),
    ({"预计释放日期": "2021-01-01", "收到预释放通知日期": ""},
     "第3行「预计释放日期」：预计释放日期 2021-01-01 早于刑期起始日期 2021-05-01"),
    ({"收到预释放通知日期": "2024-06-01"}, "第3行「收到预释放通知日期」：收到预释放通知日期 2024-06-01 晚于预计释放日期 2024-05-01"),
    ({"释放日期": "2024-02-30"}, "第3行「释放日期」：「2024-02-30」不是存在的日期（2024年没有2月30日）"),
    ({"释放日期": "2024-05-01", "衔接日期": "2024-04-20"}, "第3行「衔接日期」：衔接日期 2024-04-20 早于释放日期 2024-05-01"),
    ({"衔接日期": "2024-05-03"}, "第3行「衔接日期」：未填写释放日期，不能填写衔接日期"),
    ({"释放日期": "2024-05-01", "接回日期": "2024-05-01"}, "第3行「接回人员」：请填写接回人员"),
    ({"帮教单位代码": "370199001"}, "第3行「帮教单位代码」：370199001 不存在"),
    ({"帮教单位代码": "370103001"}, "第3行「帮教单位代码」：单位代码 370103001 不存在，或不在您的管辖范围内"),
    ({"帮教单位代码": "370102"}, "第3行「帮教单位代码」：刑满释放人员应登记在司法所或司法行政工作室"),
    ({"风险等级": "极高"}, "第3行「风险等级」：「极高」不是有效的风险等级"),
    ({"重点帮教对象": "也许"}, "第3行「重点帮教对象」：「也许」应为“是”或“否”"),
    ({"罪名": ""}, "第3行「罪名」：不能为空"),
])
def test_a_bad_row_imports_nothing(tree, accounts, values, message):
    response = _post(accounts["county_clerk"], [_row(tree, "甲某"), _row(tree, "乙某", **values)])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ReleasedPerson.objects.count() == 0 and ChangeLogEntry.objects.filter(
        content_type__model="releasedperson").count() == 0


def test_duplicates_in_the_file_and_in_the_database(tree, accounts):
    existing = person(tree["office"], full_name="旧某")
    rows = [_row(tree, "甲某"), _row(tree, "甲某"), _row(tree, "旧某", 身份证号码=existing.id_number)]
    response = _post(accounts["county_clerk"], rows)
    text = response.content.decode()
    assert response.status_code == 400
    assert "第3行「身份证号码」：与第2行是同一人（身份证号码相同）" in text
    assert "第4行「身份证号码」：身份证号码 " in text and "已在安置帮教中，不能重复登记" in text
    assert existing.id_number not in text                                       # masked in the message too
    assert ReleasedPerson.objects.count() == 1


def test_office_staff_cannot_import_into_another_office(tree, accounts):
    response = _post(accounts["office_staff"], [_row(tree, "甲某", 帮教单位代码="370102002")])
    assert response.status_code == 400
    assert "第2行「帮教单位代码」：单位代码 370102002 不存在，或不在您的管辖范围内" in response.content.decode()


def test_broken_file_is_refused(tree, accounts):
    upload = io.BytesIO(b"not a spreadsheet")
    upload.name = "x.xlsx"
    response = client_for(accounts["county_clerk"]).post("/resettlement/import/", {"file": upload})
    assert response.status_code == 400 and "无法读取该文件" in response.content.decode()
