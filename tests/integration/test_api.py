"""The REST API: filters, Chinese validation messages, permissions, the OpenAPI schema and docs."""

from __future__ import annotations

import pytest
import yaml

from sifasuo.orgunits.models import OrgUnit
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def codes(response):
    assert response.status_code == 200, response.content[:500]
    return sorted(r["code"] for r in response.json()["results"])


def test_org_unit_filters(tree, accounts):
    client = client_for(accounts["city_admin"])
    assert codes(client.get("/api/org-units/?level=3")) == ["370102", "370103"]
    assert codes(client.get(f"/api/org-units/?parent={tree['county'].pk}")) == ["370102001", "370102002"]
    assert codes(client.get("/api/org-units/?code_prefix=370102001")) == ["370102001", "370102001001"]
    assert codes(client.get("/api/org-units/?search=千佛山")) == ["370102002"]
    assert codes(client.get("/api/org-units/?within=370103")) == ["370103", "370103001", "370103001001"]
    # The county user asking for the other county gets nothing, not an error that leaks its existence.
    clerk = client_for(accounts["county_clerk"])
    assert codes(clerk.get("/api/org-units/?within=370103")) == []
    assert codes(clerk.get("/api/org-units/")) == ["370102", "370102001", "370102001001", "370102002"]


def test_cached_api_list_follows_writes_and_keeps_scopes_apart(tree, accounts):
    """The list's data is cached under the tree's data version (D27)."""
    admin = client_for(accounts["county_admin"])
    other = client_for(accounts["other_county_admin"])
    for _ in range(2):   # the second round is served from the cache
        assert codes(admin.get("/api/org-units/?level=4")) == ["370102001", "370102002"]
        assert codes(other.get("/api/org-units/?level=4")) == ["370103001"]
    created = admin.post("/api/org-units/", {"code": "370102009", "name": "新所", "level": 4, "kind": "street",
                                             "parent": "370102"}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert codes(admin.get("/api/org-units/?level=4")) == ["370102001", "370102002", "370102009"]
    assert admin.patch(f"/api/org-units/{created.json()['id']}/", {"name": "改名所"},
                       content_type="application/json").status_code == 200
    assert "改名所" in [u["name"] for u in admin.get("/api/org-units/?level=4").json()["results"]]
    assert admin.delete(f"/api/org-units/{created.json()['id']}/").status_code == 204
    assert codes(admin.get("/api/org-units/?level=4")) == ["370102001", "370102002"]
    assert codes(other.get("/api/org-units/?level=4")) == ["370103001"]


def test_bad_input_gets_chinese_message_and_changes_nothing(tree, accounts):
    client = client_for(accounts["county_admin"])
    before = OrgUnit.objects.count()
    cases = [
        ({"code": "370102001", "name": "重复", "level": 4, "kind": "street", "parent": "370102"},
         "code", "已被「解放路街道司法所」使用"),
        ({"code": "370102009", "name": "错级", "level": 4, "kind": "street", "parent": "370102001"},
         "parent", "不能设司法所"),
        ({"code": "370109001", "name": "错位", "level": 4, "kind": "street", "parent": "370102"},
         "code", "不属于上级单位"),
        ({"code": "370102009", "name": "日期", "level": 4, "kind": "street", "parent": "370102",
          "opened_on": "2020-01-02", "closed_on": "2020-01-01"}, "closed_on", "早于设立日期"),
        ({"code": "370102009", "name": "外县上级", "level": 4, "kind": "street", "parent": "370103"},
         "parent", "不在您的管辖范围内"),
        ({"code": "370102009", "name": "坏日期", "level": 4, "kind": "street", "parent": "370102",
          "opened_on": "2020-02-30"}, "opened_on", "日期格式错误"),
    ]
    for payload, field, fragment in cases:
        response = client.post("/api/org-units/", payload, content_type="application/json")
        assert response.status_code == 400, (payload, response.content)
        body = response.json()
        assert field in body and any(fragment in m for m in body[field]), (payload, body)
    assert OrgUnit.objects.count() == before


def test_clerk_reads_but_cannot_write(tree, accounts):
    clerk = client_for(accounts["county_clerk"])
    assert clerk.get("/api/org-units/").status_code == 200
    response = clerk.post("/api/org-units/", {"code": "370102009", "name": "x", "level": 4, "kind": "street",
                                              "parent": "370102"}, content_type="application/json")
    assert response.status_code == 403
    assert "权限" in response.json()["detail"]


def test_other_county_object_is_404_not_403(tree, accounts):
    client = client_for(accounts["county_admin"])
    response = client.patch(f"/api/org-units/{tree['other_office'].pk}/", {"name": "篡改"},
                            content_type="application/json")
    assert response.status_code == 404
    assert OrgUnit.objects.get(pk=tree["other_office"].pk).name.endswith("大观园街道司法所")


def test_schema_lists_the_endpoints(accounts):
    from tests.conftest import client_for

    response = client_for(accounts["county_clerk"]).get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    for path in ("/api/org-units/", "/api/auth/token/", "/api/users/", "/api/changelog/", "/api/tokens/"):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/org-units/"]["get"]["parameters"]}
    assert {"level", "parent", "code_prefix", "search"} <= params


def test_docs_page_loads_nothing_from_the_internet(accounts):
    from tests.conftest import client_for

    body = client_for(accounts["county_clerk"]).get("/api/docs/").content.decode()
    assert "swagger" in body.lower()
    assert "cdn" not in body and "unpkg" not in body and "jsdelivr" not in body
