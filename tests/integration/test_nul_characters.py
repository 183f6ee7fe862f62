"""A NUL character (U+0000) anywhere in a request — path, query string, form field, JSON body — is refused with a
400 naming the field, before any view (core.middleware.RejectNulMiddleware, core.parsers). PostgreSQL can neither
store nor compare it: the schemathesis run found POST /api/casework-info/ with a unit code holding "\\x00" ending
in a server error there, and the reporting pages' ?unit= did the same."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sifasuo.casework.models import InfoItem
from tests.conftest import client_for

MESSAGE = "「{}」含有不允许的空字符（\\0），请删除后重试"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_unit_code_with_a_nul_in_a_multipart_post(tree, accounts):
    """The request schemathesis reproduced (multipart form, the unit code holding a NUL)."""
    response = api(accounts["county_clerk"]).post("/api/casework-info/", {
        "kind": "news", "title": "信息", "author": "王", "reported_on": "2026-01-05",
        "unit": "370102\x00001"}, format="multipart")
    assert response.status_code == 400, response.content
    assert response.json() == {"detail": MESSAGE.format("unit")}
    assert not InfoItem.objects.exists()


@pytest.mark.parametrize("body", [{"title": "a\x00b"}, {"parties": [{"name": "\x00"}]}, {"\x00": 1}])
def test_json_bodies_with_a_nul_anywhere(tree, accounts, body):
    response = api(accounts["county_clerk"]).post("/api/casework-info/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["detail"] == MESSAGE.format(next(iter(body)).replace("\x00", "\\0"))


def test_a_patch_form_with_a_nul(tree, accounts):
    item = InfoItem.objects.create(unit=tree["office"], kind="news", title="原标题", author="王",
                                   reported_on="2026-01-05")
    response = api(accounts["county_clerk"]).patch(f"/api/casework-info/{item.pk}/", {"unit": "\x00"},
                                                   format="multipart")
    assert response.status_code == 400 and response.json()["detail"] == MESSAGE.format("unit")
    item.refresh_from_db()
    assert item.unit == tree["office"]


def test_api_filters_and_pages_with_a_nul_in_the_query_string(tree, accounts):
    response = api(accounts["county_clerk"]).get("/api/casework-info/?unit=%00")
    assert response.status_code == 400 and response.json() == {"detail": MESSAGE.format("unit")}
    page = client_for(accounts["county_clerk"]).get("/reporting/?unit=37%0001")   # was a 500 on PostgreSQL
    assert page.status_code == 400 and page.content.decode() == MESSAGE.format("unit")


def test_a_page_form_with_a_nul(tree, accounts):
    response = client_for(accounts["county_clerk"]).post("/casework/info/new/", {"title": "\x00"})
    assert response.status_code == 400 and response.content.decode() == MESSAGE.format("title")


def test_ordinary_requests_pass(tree, accounts):
    assert api(accounts["county_clerk"]).get("/api/casework-info/?unit=370102").status_code == 200
    assert client_for(accounts["county_clerk"]).get("/reporting/").status_code == 200
