"""Seed 003: a hub office's cluster members are offices of its own county, also after moves.

Moving a hub to another county, taking away its hub status while it still has members, or moving a member
away from its hub's county is refused with the members named, and nothing changes; through the service,
the edit page, the API and the Excel import alike.
"""

from __future__ import annotations


import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.core.models import ChangeLogEntry
from sifasuo.orgunits import services
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit
from tests.conftest import client_for
from tests.factories import unit
from tests.spreadsheets import xlsx_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(tree):
    """千佛山街道 leads a cluster of 解放路街道 and a third office of the same county."""
    hub = services.update_unit(unit=tree["office2"], is_hub=True)
    third = unit("370102003", "趵突泉街道司法所", Level.OFFICE, tree["county"])
    services.update_unit(unit=tree["office"], hub=hub)
    services.update_unit(unit=third, hub=hub)
    return {"hub": hub, "member": tree["office"], "third": third}


def _state():
    return sorted(OrgUnit.objects.values_list("code", "path", "is_hub", "hub__code"))


def _messages(exc: ValidationError, field: str) -> str:
    return " ".join(exc.message_dict[field])


def test_moving_a_hub_to_another_county_is_refused_naming_its_members(tree, cluster):
    before, log_before = _state(), ChangeLogEntry.objects.count()
    hub = cluster["hub"]
    with pytest.raises(ValidationError) as caught:
        services.update_unit(unit=hub, parent=tree["other_county"], code="370103002")
    message = _messages(caught.value, "parent")
    assert "「千佛山街道司法所」是片区中心所" in message
    assert "「解放路街道司法所」（370102001）" in message and "「趵突泉街道司法所」（370102003）" in message
    assert "不再属于同一县（区）" in message
    assert _state() == before and ChangeLogEntry.objects.count() == log_before
    hub.refresh_from_db()
    assert hub.code == "370102002" and hub.parent == tree["county"]


def test_hub_moves_once_its_members_are_reassigned(tree, cluster):
    services.update_unit(unit=cluster["member"], hub=None)
    services.update_unit(unit=cluster["third"], hub=None)
    moved = services.update_unit(unit=cluster["hub"], parent=tree["other_county"], code="370103002")
    assert moved.path == "/370000/370100/370103/370103002/"
    assert moved.is_hub


def test_hub_renumbered_within_its_county_keeps_its_members(tree, cluster):
    moved = services.update_unit(unit=cluster["hub"], code="370102009")
    assert sorted(moved.cluster_members.values_list("code", flat=True)) == ["370102001", "370102003"]


def test_a_hub_with_members_cannot_stop_being_one(cluster):
    with pytest.raises(ValidationError) as caught:
        services.update_unit(unit=cluster["hub"], is_hub=False)
    message = _messages(caught.value, "is_hub")
    assert "「千佛山街道司法所」仍有片区成员所" in message
    assert "「解放路街道司法所」（370102001）、「趵突泉街道司法所」（370102003）" in message
    assert OrgUnit.objects.get(code="370102002").is_hub


def test_a_member_cannot_be_moved_out_of_its_hubs_county(tree, cluster):
    third = cluster["third"]
    with pytest.raises(ValidationError) as caught:
        services.update_unit(unit=third, parent=tree["other_county"], code="370103003")
    message = _messages(caught.value, "hub")
    assert "片区中心所「千佛山街道司法所」与「趵突泉街道司法所」不属于同一县（区）" in message
    assert "请先清空其所属片区中心所" in message
    third.refresh_from_db()
    assert third.code == "370102003" and third.hub == cluster["hub"]
    # Leaving the cluster in the same step lets it move.
    moved = services.update_unit(unit=third, parent=tree["other_county"], code="370103003", hub=None)
    assert moved.path == "/370000/370100/370103/370103003/" and moved.hub is None


def test_many_members_are_named_then_counted(tree, cluster):
    hub = cluster["hub"]
    for n in range(4, 9):
        services.update_unit(unit=unit(f"37010200{n}", f"第{n}街道司法所", Level.OFFICE, tree["county"]), hub=hub)
    with pytest.raises(ValidationError) as caught:
        services.update_unit(unit=hub, is_hub=False)
    assert "等7个" in _messages(caught.value, "is_hub")


def test_edit_page_shows_the_refusal(tree, accounts, cluster):
    hub = cluster["hub"]
    client = client_for(accounts["city_admin"])
    response = client.post(f"/org/{hub.pk}/edit/", {
        "parent_code": "370103", "code": "370103002", "name": hub.name, "level": Level.OFFICE,
        "kind": hub.kind, "is_hub": "on", "hub_code": "",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "不再属于同一县（区）" in html and "解放路街道司法所" in html
    assert OrgUnit.objects.get(pk=hub.pk).code == "370102002"


def test_api_refuses_with_the_members_named(tree, accounts, cluster):
    hub = cluster["hub"]
    client = client_for(accounts["city_admin"])
    response = client.patch(f"/api/org-units/{hub.pk}/", {"is_hub": False}, content_type="application/json")
    assert response.status_code == 400
    assert "解放路街道司法所" in response.content.decode()
    response = client.patch(f"/api/org-units/{hub.pk}/", {"parent": "370103", "code": "370103002"},
                            content_type="application/json")
    assert response.status_code == 400
    assert "趵突泉街道司法所" in response.content.decode()
    assert OrgUnit.objects.get(pk=hub.pk).path == "/370000/370100/370102/370102002/"


# --- Excel import ---------------------------------------------------------------------------------

HEADER = ["单位代码", "单位名称", "层级", "类型", "上级单位代码", "片区中心司法所", "所属片区中心所代码"]


def _sheet(rows) -> SimpleUploadedFile:
    return xlsx_upload(rows, HEADER, name="units.xlsx")


def test_import_builds_a_cluster_of_one_county(tree, accounts):
    response = client_for(accounts["county_admin"]).post("/org/import/", {"file": _sheet([
        ["370102010", "甲街道司法所", "司法所", "街道", "370102", "是", ""],
        ["370102011", "乙街道司法所", "司法所", "街道", "370102", "否", "370102010"],
        ["370102012", "丙街道司法所", "司法所", "街道", "370102", None, "370102010"],
    ])})
    assert response.status_code == 302, response.content.decode()
    hub = OrgUnit.objects.get(code="370102010")
    assert hub.is_hub
    assert sorted(hub.cluster_members.values_list("code", flat=True)) == ["370102011", "370102012"]


def test_import_refuses_a_member_of_another_countys_hub(tree, accounts, cluster):
    before = OrgUnit.objects.count()
    response = client_for(accounts["city_admin"]).post("/org/import/", {"file": _sheet([
        ["370103005", "外县新街道司法所", "司法所", "街道", "370103", "否", "370102002"],
        ["370102013", "丁街道司法所", "司法所", "街道", "370102", "也许", ""],
    ])})
    assert response.status_code == 400
    html = response.content.decode()
    assert "第3行「片区中心司法所」：「也许」应为“是”或“否”" in html
    assert OrgUnit.objects.count() == before
    response = client_for(accounts["city_admin"]).post("/org/import/", {"file": _sheet([
        ["370103005", "新街道司法所", "司法所", "街道", "370103", "否", "370102002"],
    ])})
    assert response.status_code == 400
    assert "第2行（370103005 新街道司法所）：片区中心所「千佛山街道司法所」与「新街道司法所」不属于同一县（区）" \
        in response.content.decode()
    assert OrgUnit.objects.count() == before


def test_import_hub_code_outside_scope_or_unknown(tree, accounts, cluster):
    services.update_unit(unit=tree["other_office"], is_hub=True)
    response = client_for(accounts["county_admin"]).post("/org/import/", {"file": _sheet([
        ["370102014", "戊街道司法所", "司法所", "街道", "370102", "否", "370103001"],
        ["370102015", "己街道司法所", "司法所", "街道", "370102", "否", "370102999"],
    ])})
    assert response.status_code == 400
    html = response.content.decode()
    assert "第2行「所属片区中心所代码」：单位代码 370103001 不存在，或不在您的管辖范围内" in html
    assert "第3行「所属片区中心所代码」：单位代码 370102999 不存在，或不在您的管辖范围内" in html
    assert not OrgUnit.objects.filter(code__in=["370102014", "370102015"]).exists()
