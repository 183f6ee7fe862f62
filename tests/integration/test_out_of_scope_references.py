"""A reference to another county's record — an id in the API, a unit code in a form or an import — gets
exactly the answer a reference to nothing gets, and names nothing (core.scoping.not_found_message, the
API's ScopedPrimaryKeyRelatedField and orgunits' scoped_unit)."""

from __future__ import annotations

import datetime

from rest_framework.test import APIClient

from sifasuo.casework.models import TypicalCase
from sifasuo.correction import services as correction
from sifasuo.staff.models import StaffMember, Transfer
from tests import factories
from tests.conftest import client_for
from tests.scope_builders.casework import case
from tests.scope_builders.correction import subject
from tests.spreadsheets import xlsx_upload

D = datetime.date
MISSING_ID = 987654
MISSING_CODE = "370199001"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _same_answer(post, foreign, missing, field):
    """POST twice, with the foreign reference and with a missing one: the same status and the same words
    (the reference itself aside)."""
    a, b = post(foreign), post(missing)
    assert a.status_code == b.status_code == 400, (a.status_code, b.status_code)
    first, second = a.json()[field], b.json()[field]
    assert [m.replace(str(foreign), "X") for m in first] == [m.replace(str(missing), "X") for m in second]
    return " ".join(first)


def test_typical_case_with_another_countys_case_id(tree, accounts):
    foreign = case(tree["other_office"], applicant="严恒", respondent="李凯", title="严恒与李凯宅基地纠纷")
    body = {"unit": "370102001", "recorded_on": "2025-03-10", "title": "典型", "summary": "经过",
            "dispute_type": "neighbour"}
    client = api(accounts["county_clerk"])
    text = _same_answer(lambda ref: client.post("/api/casework-typical/", {**body, "case": ref}, format="json"),
                        foreign.pk, MISSING_ID, "case")
    assert "严恒" not in text and foreign.number not in text and "不存在，或不在您的管辖范围内" in text
    assert not TypicalCase.objects.exists()


def test_staff_record_for_another_countys_person(tree, accounts):
    foreign = factories.staff_member(tree["other_office"], full_name="外县某人")
    client = api(accounts["county_clerk"])
    body = {"kind": "reward", "title": "表彰", "on": "2024-05-01", "reason": "表现突出"}
    text = _same_answer(lambda ref: client.post("/api/staff-rewards/", {**body, "staff": ref}, format="json"),
                        foreign.pk, MISSING_ID, "staff")
    assert "外县某人" not in text


def test_transfer_to_another_countys_unit_via_api(tree, accounts):
    member = factories.staff_member(tree["office"], full_name="调动乙")
    client = api(accounts["county_clerk"])
    text = _same_answer(lambda ref: client.post("/api/staff-transfers/", {
        "staff": member.pk, "to_unit": ref, "on": "2024-06-01"}, format="json"),
        tree["other_office"].code, MISSING_CODE, "to_unit")
    assert tree["other_office"].name not in text and not Transfer.objects.exists()


def test_correction_move_to_another_countys_office(tree, accounts):
    s = subject(tree["office"], "REF-1")
    leave = correction.apply_leave(actor=None, subject=s, kind="move", applied_on=D(2024, 5, 1),
                                   start_on=D(2024, 5, 1), end_on=None, destination="外县", reason="随子女居住")
    client = api(accounts["county_clerk"])
    text = _same_answer(lambda ref: client.post(f"/api/correction-leaves/{leave.pk}/decide/", {
        "approve": True, "decided_on": "2024-05-03", "to_unit": ref}, format="json"),
        tree["other_office"].code, MISSING_CODE, "to_unit")
    assert tree["other_office"].name not in text
    leave.refresh_from_db()
    assert leave.status == "pending"


def test_unit_form_parent_code_of_another_county(tree, accounts):
    client = client_for(accounts["county_admin"])
    data = {"name": "新所", "level": "4", "kind": "street", "opened_on": "2024-01-01"}
    answers = []
    for code, parent in (("370103009", tree["other_county"].code), ("370199009", "370199")):
        page = client.post("/org/new/", {**data, "code": code, "parent_code": parent}).content.decode()
        assert tree["other_county"].name not in page
        answers.append(page.count("不存在，或不在您的管辖范围内"))
    assert answers[0] == answers[1] >= 1


def test_roster_import_with_another_countys_unit_code(tree, accounts):
    from sifasuo.staff.importers import COLUMNS

    person = factories.staff_member(tree["office"], full_name="样本")
    row = {c.header: "" for c in COLUMNS}
    row.update({"单位代码": tree["other_office"].code, "姓名": "导入甲", "身份证号码": person.id_number,
                "人员类别": "专职辅助人员", "到岗日期": "2024-01-01"})
    upload = xlsx_upload([[row[c.header] for c in COLUMNS]], [c.header for c in COLUMNS], name="roster.xlsx")
    page = client_for(accounts["county_clerk"]).post("/staff/import/", {"file": upload}).content.decode()
    assert f"单位代码 {tree['other_office'].code} 不存在，或不在您的管辖范围内" in page
    assert tree["other_office"].name not in page
    assert not StaffMember.objects.filter(full_name="导入甲").exists()
