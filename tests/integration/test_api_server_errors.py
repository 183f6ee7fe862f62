"""Requests that used to end in a server error (500) answer with a client error and a Chinese reason. Each was
reproduced by the security review or by the schemathesis run (test_api_fuzz.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sifasuo.accounts.roles import Role
from sifasuo.orgunits.models import OrgUnit
from tests import factories
from tests.scope_builders.casework import case
from tests.scope_registry import build_foreign_rows

STEPS = ["accept", "session", "close", "visit", "confirm", "archive"]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def root(tree):
    return factories.user("root", Role.PROVINCE_ADMIN, tree["province"], is_superuser=True)


def test_contracts_ending_within_a_huge_number_of_days(tree, accounts):
    response = api(accounts["county_clerk"]).get("/api/staff-contracts/?ending_within=99999999999")
    assert response.status_code == 400 and "ending_within" in response.json()


@pytest.mark.parametrize("step", STEPS)
def test_case_steps_posted_empty_name_the_missing_fields(tree, accounts, step):
    c = case(tree["office"])
    response = api(accounts["office_staff"]).post(f"/api/casework-cases/{c.pk}/{step}/", {}, format="json")
    assert response.status_code == 400, response.content
    assert "此项为必填项" in str(response.json())


def test_scheme_without_fund_total(tree, accounts, root):
    for user in (accounts["county_clerk"], root):
        response = api(user).post("/api/assessment-schemes/", {"year": 2026, "name": "考核"}, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["fund_total"] == ["该字段是必填项。"]
    response = api(root).post("/api/assessment-schemes/", {"year": 2026, "name": "考核", "fund_total": "1"},
                              format="json")
    assert response.status_code == 400 and "县级司法局" in str(response.json())  # no unit: not a county


@pytest.mark.parametrize("pk", ["abc", "null,null", "99999999999999999999999"])
@pytest.mark.parametrize("action", ["approve", "submit", "return", "unlock"])
def test_report_actions_with_an_id_that_is_not_a_number(tree, accounts, pk, action):
    response = api(accounts["county_clerk"]).post(f"/api/reporting-reports/{pk}/{action}/", {}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/api/indicator-values/?year=0", "/api/recruitment-announcements/?year=0",
                                 "/api/assessment-schemes/?year=-5", "/api/staff-assessments/?year=100000",
                                 "/api/recruitment-applications/?announcement=99999999999999999999"])
def test_years_and_ids_out_of_range_in_filters(tree, accounts, url):
    response = api(accounts["county_clerk"]).get(url)
    assert response.status_code == 400, (url, response.status_code)


@pytest.mark.parametrize("url", ["/api/reporting-templates/change/", "/api/staff-level-proposals/review/",
                                 "/api/org-units/"])
def test_a_json_list_instead_of_an_object(tree, accounts, root, url):
    response = api(root).post(url, [None, None], format="json")
    assert response.status_code == 400 and response.json() == {"detail": "请求内容应为 JSON 对象，如 {\"字段\": 值}"}


def test_deleting_a_unit_that_registers_refer_to(tree, accounts, root):
    build_foreign_rows(tree, accounts)
    unit = tree["other_workstation"]
    response = api(root).delete(f"/api/org-units/{unit.pk}/")
    assert response.status_code == 400 and "不能删除" in str(response.json())
    assert OrgUnit.objects.filter(pk=unit.pk).exists()


def test_a_step_whose_policy_file_is_gone(tree, accounts, root):
    rows = build_foreign_rows(tree, accounts)   # the other county's announcement names policy "test"
    from sifasuo.recruitment.models import Announcement

    announcement = next(iter(rows[Announcement]))
    response = api(root).post(f"/api/recruitment-announcements/{announcement.pk}/screen/", {}, format="json")
    assert response.status_code == 400 and "找不到政策文件 test" in str(response.json())
