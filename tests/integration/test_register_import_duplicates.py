"""The same record twice in one import — or a record already registered — is refused, naming the rows of both
copies; nothing is imported (RegisterSpec.identities, services.duplicate_rows). Duplicate committees in one
file used to end in a database error (HTTP 500)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sifasuo.casework.models import LegalAidApplication, MediationCommittee, Mediator, Petition
from tests.conftest import client_for
from tests.scope_builders.casework import ID_FEMALE, ID_MALE, committee, record
from tests.spreadsheets import xlsx_upload

COMMITTEE = "解放路街道人民调解委员会"


def _import(client, key, rows):
    response = client.post(reverse(f"casework:{key}_import"), {"file": xlsx_upload(rows)})
    return response.status_code, response.content.decode()


def test_mediator_listed_twice_is_refused_with_both_rows(tree, accounts):
    committee(tree["office"], name=COMMITTEE)
    header = ["单位代码", "调委会名称", "姓名", "性别", "身份证号码", "职务", "聘任日期"]
    status, html = _import(client_for(accounts["office_staff"]), "mediators", [
        header,
        ["370102001", COMMITTEE, "冯调解", "女", ID_FEMALE, "调解员", "2024-01-01"],
        ["370102001", COMMITTEE, "陈调解", "男", ID_MALE, "调解员", "2024-01-01"],
        ["370102001", COMMITTEE, "冯调解", "女", "", "调解员", "2024-03-01"],          # same name
        ["370102001", COMMITTEE, "冯某", "女", ID_FEMALE.lower(), "调解员", "2024-03-01"]])  # same ID number
    assert status == 400
    assert "第4行：与第2行重复（调委会名称、姓名相同），同一记录只能登记一次" in html
    assert "第5行：与第2行重复（调委会名称、身份证号码相同），同一记录只能登记一次" in html
    assert Mediator.objects.count() == 0


def test_mediator_already_on_the_roll_is_refused(tree, accounts):
    comm = committee(tree["office"], name=COMMITTEE)
    record(Mediator, unit=tree["office"], committee=comm, full_name="冯调解", sex="F", role="mediator",
           joined_on="2024-01-01")
    header = ["单位代码", "调委会名称", "姓名", "性别", "职务", "聘任日期"]
    status, html = _import(client_for(accounts["office_staff"]), "mediators", [
        header, ["370102001", COMMITTEE, "冯调解", "女", "调解员", "2024-01-01"]])
    assert status == 400 and "第2行：人民调解员已登记（调委会名称、姓名相同）" in html
    assert Mediator.objects.count() == 1


def test_legal_aid_application_twice_is_refused(tree, accounts):
    header = ["单位代码", "申请日期", "申请人", "身份证号码", "援助事项"]
    status, html = _import(client_for(accounts["office_staff"]), "legalaid", [
        header,
        ["370102001", "2025-03-05", "赵六", ID_FEMALE, "追索劳动报酬"],
        ["370102001", "2025-03-06", "钱七", "", "工伤"],
        ["370102001", "2025-03-05", "赵六", ID_FEMALE, "追索劳动报酬"]])
    assert status == 400 and "第4行：与第2行重复（申请日期、申请人、援助事项相同）" in html
    assert "第4行：与第2行重复（身份证号码、申请日期、援助事项相同）" in html
    assert LegalAidApplication.objects.count() == 0


def test_petition_twice_is_refused(tree, accounts):
    header = ["单位代码", "来信来访方式", "登记日期", "来信来访人", "反映事项"]
    status, html = _import(client_for(accounts["office_staff"]), "petitions", [
        header,
        ["370102001", "来访", "2025-03-05", "王五", "宅基地界址"],
        ["370102001", "来访", "2025-03-05", "王五", "宅基地界址"],
        ["370102001", "来信", "2025-03-05", "王五", "噪声扰民"]])
    assert status == 400 and "第3行：与第2行重复（登记日期、来信来访人、反映事项相同）" in html
    assert Petition.objects.count() == 0


@pytest.mark.parametrize("existing", [False, True])
def test_committee_twice_is_a_message_not_a_server_error(tree, accounts, existing):
    if existing:
        committee(tree["office"], name=COMMITTEE)
    header = ["单位代码", "调委会名称", "类型", "本届任期起", "本届任期止"]
    rows = [header, ["370102001", COMMITTEE, "乡镇（街道）调委会", "2024-01-01", "2026-12-31"]]
    if not existing:
        rows.append(rows[1])
    status, html = _import(client_for(accounts["office_staff"]), "committees", rows)
    assert status == 400
    assert ("第3行：与第2行重复（调委会名称相同）" in html) if not existing else ("已有名为" in html)
    assert MediationCommittee.objects.count() == (1 if existing else 0)
