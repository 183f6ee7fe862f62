"""变更执行地：批准后对象移交接收司法所（办法第三十条），交接有记录，原所不再看到，新所看到对象和它的提醒。"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifasuo.alerts import engine
from sifasuo.core.models import ChangeLogEntry
from sifasuo.correction import services
from sifasuo.correction.models import CorrectionSubject
from tests import factories
from tests.conftest import client_for
from tests.scope_builders.correction import subject

D = datetime.date


def _move(s, applied_on=D(2024, 5, 1)):
    return services.apply_leave(actor=None, subject=s, kind="move", applied_on=applied_on, start_on=applied_on,
                                end_on=None, destination="千佛山街道", reason="随子女居住")


@pytest.fixture
def moving(tree):
    s = subject(tree["office"], "MV-1", full_name="迁某")
    services.change_level(actor=None, subject=s, level="normal", changed_on=D(2024, 4, 1), reason="表现良好")
    services.record_check_in(actor=None, subject=s, method="in_person", on=D(2024, 4, 20))
    return s, _move(s)


def test_approved_move_hands_the_subject_to_the_receiving_office(tree, accounts, moving):
    s, leave = moving
    clerk = accounts["county_clerk"]
    services.decide_leave(actor=clerk, leave=leave, approve=True, decided_on=D(2024, 5, 3), to_unit=tree["office2"])
    s.refresh_from_db()
    leave.refresh_from_db()
    assert s.unit == tree["office2"]
    assert (leave.status, leave.from_unit, leave.to_unit, leave.transferred_on) == (
        "approved", tree["office"], tree["office2"], D(2024, 5, 3))
    # the supervision history follows the subject
    assert [c.level for c in s.level_changes.all()] == ["normal", "strict"]
    assert s.check_ins.count() == 1 and s.last_in_person_on == D(2024, 4, 20)
    # the change of office is in the change log, before and after
    entry = ChangeLogEntry.objects.filter(content_type__model="correctionsubject", object_id=str(s.pk),
                                          action="update").latest("id")
    assert (entry.before["unit"], entry.after["unit"]) == (tree["office"].pk, tree["office2"].pk)
    assert entry.after["id_number"] != s.id_number          # masked in the log
    # 30 days before expiry alert now belongs to the new office
    s.end_on = D(2024, 6, 10)
    s.save()
    alerts = engine.collect(tree["office2"].path, D(2024, 5, 20), codes=["correction.expiry_30_days"])
    assert [a.subject for a in alerts] == ["迁某（MV-1）"]
    assert engine.collect(tree["office"].path, D(2024, 5, 20), codes=["correction.expiry_30_days"]) == []


def test_old_office_no_longer_sees_the_subject_new_office_does(tree, accounts, moving):
    s, leave = moving
    director = accounts["office_director"]           # 解放路街道司法所
    assert client_for(director).get(f"/correction/{s.pk}/").status_code == 200
    page = client_for(accounts["county_clerk"]).post(
        f"/correction/leaves/{leave.pk}/decide/",
        {"approve": "1", "decided_on": "2024-05-03", "to_unit_code": "370102002", "transferred_on": "2024-05-06"})
    assert page.status_code == 302
    entry = ChangeLogEntry.objects.filter(content_type__model="leave", object_id=str(leave.pk)).latest("id")
    assert entry.username == "x_clerk" and entry.after["to_unit"] == tree["office2"].pk
    assert client_for(director).get(f"/correction/{s.pk}/").status_code == 404
    assert "迁某" not in client_for(director).get("/correction/").content.decode()
    new_director = factories.user("o2_dir", "office_director", tree["office2"])
    assert "迁某" in client_for(new_director).get("/correction/").content.decode()
    detail = client_for(new_director).get(f"/correction/{s.pk}/").content.decode()
    assert "2024-05-06 由解放路街道司法所移交千佛山街道司法所" in detail


@pytest.mark.parametrize("code, message", [
    ("", "批准变更执行地须填写接收司法所的单位代码"),
    ("999999999", "单位代码 999999999 不存在"),
    ("370103001", "不在您的管辖范围内"),                       # the other county's office
    ("370102", "接收单位须是司法所，「历下区司法局」是县级司法局"),
    ("370102001001", "接收单位须是司法所"),                    # a workstation
    ("370102001", "已由「解放路街道司法所」负责"),               # the same office
])
def test_refused_receiving_units_change_nothing(tree, accounts, moving, code, message):
    s, leave = moving
    page = client_for(accounts["county_clerk"]).post(
        f"/correction/leaves/{leave.pk}/decide/", {"approve": "1", "decided_on": "2024-05-03", "to_unit_code": code})
    assert page.status_code == 400
    assert message in page.content.decode()
    s.refresh_from_db()
    leave.refresh_from_db()
    assert s.unit == tree["office"] and leave.status == "pending" and leave.to_unit is None


def test_refusals_in_the_service(tree, accounts, moving):
    s, leave = moving
    with pytest.raises(ValidationError, match="交接日期 2024-05-02 早于审批日期 2024-05-03"):
        services.decide_leave(actor=accounts["county_clerk"], leave=leave, approve=True, decided_on=D(2024, 5, 3),
                              to_unit=tree["office2"], transferred_on=D(2024, 5, 2))
    with pytest.raises(ValidationError, match="须由县级社区矫正机构审批"):
        services.decide_leave(actor=accounts["office_director"], leave=leave, approve=True, decided_on=D(2024, 5, 3),
                              to_unit=tree["office2"])
    closed = factories.unit("370102003", "已撤销街道司法所", 4, tree["county"])
    closed.closed_on = D(2024, 1, 1)
    closed.save()
    with pytest.raises(ValidationError, match="已于 2024-01-01 撤销"):
        services.decide_leave(actor=accounts["county_clerk"], leave=leave, approve=True, decided_on=D(2024, 5, 3),
                              to_unit=closed)
    assert CorrectionSubject.objects.get(pk=s.pk).unit == tree["office"]
    # a refusal needs no receiving office and moves nothing
    services.decide_leave(actor=accounts["county_clerk"], leave=leave, approve=False, decided_on=D(2024, 5, 3))
    assert CorrectionSubject.objects.get(pk=s.pk).unit == tree["office"]


def test_move_through_the_api(tree, accounts, moving):
    s, leave = moving
    api = client_for(accounts["county_clerk"])
    bad = api.post(f"/api/correction-leaves/{leave.pk}/decide/",
                   {"approve": True, "decided_on": "2024-05-03", "to_unit": "370103001"}, content_type="application/json")
    assert bad.status_code == 400 and "不在您的管辖范围内" in bad.json()["to_unit"][0]
    ok = api.post(f"/api/correction-leaves/{leave.pk}/decide/",
                  {"approve": True, "decided_on": "2024-05-03", "to_unit": "370102002"}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["to_unit"] == "370102002" and ok.json()["from_unit"] == "370102001"
    assert CorrectionSubject.objects.get(pk=s.pk).unit == tree["office2"]
