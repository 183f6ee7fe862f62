"""Every create, update and delete is logged with who, when, before, after and one request id per request."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from sifasuo.core.models import ChangeLogEntry
from sifasuo.orgunits.models import OrgUnit
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def entries_for(unit):
    ct = ContentType.objects.get_for_model(OrgUnit)
    return ChangeLogEntry.objects.filter(content_type=ct, object_id=str(unit.pk)).order_by("id")


def test_edit_through_the_page_is_logged_with_actor_and_before_after(tree, accounts):
    admin = accounts["county_admin"]
    client = client_for(admin)
    office = tree["office"]
    response = client.post(f"/org/{office.pk}/edit/", {
        "parent_code": "370102", "code": office.code, "name": "解放路街道司法所（新址）", "level": 4,
        "kind": "street", "population": "81000", "address": "解放路88号",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = entries_for(office).last()
    assert entry.action == "update"
    assert entry.user == admin and entry.username == admin.username
    assert entry.before["name"] == "解放路街道司法所" and entry.after["name"] == "解放路街道司法所（新址）"
    assert entry.before["population"] == 80000 and entry.after["population"] == 81000
    assert entry.unit_path == office.path
    assert str(entry.request_id) == response["X-Request-ID"]
    changed = {f for f, _, _ in entry.changed_fields()}
    assert changed == {"name", "population", "address"}


def test_create_and_delete_via_api_are_logged(tree, accounts):
    client = client_for(accounts["county_admin"])
    response = client.post("/api/org-units/", {
        "code": "370102020", "name": "测试街道司法所", "level": 4, "kind": "street", "parent": "370102",
    }, content_type="application/json")
    assert response.status_code == 201, response.json()
    unit = OrgUnit.objects.get(code="370102020")
    assert response.json()["path"] == "/370000/370100/370102/370102020/"
    response = client.delete(f"/api/org-units/{unit.pk}/")
    assert response.status_code == 204
    actions = [e.action for e in entries_for(unit)]
    assert actions == ["create", "delete"]
    deleted = entries_for(unit).last()
    assert deleted.before["code"] == "370102020" and deleted.after is None
    assert deleted.source == "api"


def test_one_request_id_per_request_and_a_new_one_for_the_next(tree, accounts):
    client = client_for(accounts["county_admin"])
    first = client.post("/api/org-units/", {"code": "370102021", "name": "甲所", "level": 4, "kind": "street",
                                            "parent": "370102"}, content_type="application/json")
    second = client.post("/api/org-units/", {"code": "370102022", "name": "乙所", "level": 4, "kind": "street",
                                             "parent": "370102"}, content_type="application/json")
    ids = set(ChangeLogEntry.objects.filter(object_repr__in=["甲所", "乙所"]).values_list("request_id", flat=True))
    assert len(ids) == 2
    assert {first["X-Request-ID"], second["X-Request-ID"]} == {str(i) for i in ids}


def test_bulk_load_is_one_request(tree):
    from sifasuo.core.context import ActionContext, acting
    from sifasuo.orgunits.services import UnitRow, bulk_load_units

    with acting(ActionContext(source="command")) as ctx:
        bulk_load_units([UnitRow("370102030", "批量甲所", 4, "street", "370102"),
                         UnitRow("370102031", "批量乙所", 4, "street", "370102")])
    logged = ChangeLogEntry.objects.filter(object_repr__startswith="批量")
    assert logged.count() == 2
    assert set(logged.values_list("request_id", flat=True)) == {ctx.request_id}


def test_unchanged_save_writes_no_entry(tree):
    office = OrgUnit.objects.get(pk=tree["office"].pk)
    count = ChangeLogEntry.objects.count()
    office.save()
    assert ChangeLogEntry.objects.count() == count


def test_admin_browses_log_of_own_scope_only(tree, accounts):
    client = client_for(accounts["county_admin"])
    ct = ContentType.objects.get_for_model(OrgUnit)
    page = client.get(f"/changelog/?unit=370102001&content_type={ct.pk}")
    assert page.status_code == 200
    names = {e.object_repr for e in page.context["object_list"]}
    assert names == {"解放路街道司法所", "燕子山社区司法行政工作室"}
    assert client.get("/changelog/?unit=370103").context["object_list"].count() == 0
    foreign = ChangeLogEntry.objects.filter(unit_path__startswith="/370000/370100/370103/").first()
    assert client.get(f"/changelog/{foreign.pk}/").status_code == 404
    # per object
    page = client.get(f"/changelog/?content_type={ct.pk}&object_id={tree['office'].pk}")
    assert [e.object_repr for e in page.context["object_list"]] == ["解放路街道司法所"]
    # A clerk does not browse the log at all.
    assert client_for(accounts["county_clerk"]).get("/changelog/").status_code == 403


def test_account_changes_are_logged_without_password(tree, accounts):
    from sifasuo.accounts.models import User

    user = accounts["office_staff"]
    user.full_name = "改名"
    user.save()
    entry = ChangeLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User),
                                          object_id=str(user.pk)).order_by("id").last()
    assert entry.after["full_name"] == "改名"
    assert "password" not in entry.after
