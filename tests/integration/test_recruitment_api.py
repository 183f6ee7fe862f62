"""/api/recruitment-plans/ and /api/recruitment-quotas/ under the real daqing-2024 policy: the same steps,
capabilities, scope and Chinese messages as the pages."""

from __future__ import annotations

import pytest
import yaml

from sifasuo.recruitment.choices import PlanStatus
from sifasuo.recruitment.models import RecruitmentPlan
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PLANS = "/api/recruitment-plans/"
QUOTAS = "/api/recruitment-quotas/"


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def create_plan(daqing) -> dict:
    response = post(client_for(daqing["people"]["county_clerk"]), PLANS, {"county": "230602", "year": 2024})
    assert response.status_code == 201, response.content
    return response.json()


def status_of(plan_id: int) -> str:
    return RecruitmentPlan.objects.get(pk=plan_id).status


def test_quota_of_a_county_is_the_engines(daqing):
    data = client_for(daqing["people"]["county_clerk"]).get(QUOTAS, {"county": "230602"}).json()
    assert data["count"] == 1
    result = data["results"][0]
    assert result["county"] == "230602" and result["message"] == ""
    assert result["policy"] == {"id": "daqing-2024", "name": "大庆市司法协理员制度试点（2024年）"}
    quota = result["quota"]
    assert (quota["rule_id"], quota["aggregation"], quota["minimum_to_recruit"]) == ("DQ-6", "per_office", 2)
    office = quota["offices"][0]
    assert (office["code"], office["counted_total"], office["required"], office["vacancy"]) == (
        "230602013", 4, 6, 2)
    assert {"staff_type": "political_legal_establishment", "name": "政法专项编制", "count": 2} in office["counted"]
    assert office["line"].startswith("DQ-6：") and "萨尔图街道司法所现有4人" in office["line"]
    assert quota["lines"][-1] == "DQ-6：萨尔图区司法局共2个司法所，缺额合计2人，至少招聘2人"


def test_quotas_are_scoped(daqing):
    county = client_for(daqing["people"]["county_clerk"])
    assert [r["county"] for r in county.get(QUOTAS).json()["results"]] == ["230602"]
    assert county.get(QUOTAS, {"county": "230603"}).json()["count"] == 0
    city = client_for(daqing["people"]["city_admin"])
    assert [r["county"] for r in city.get(QUOTAS).json()["results"]] == ["230602", "230603"]


def test_quota_without_a_policy_file_says_why(tree, accounts):
    result = client_for(accounts["county_clerk"]).get(QUOTAS).json()["results"][0]
    assert result["policy"] is None and result["quota"] is None
    assert result["message"].startswith("「历下区司法局」所在地区还没有司法协理员政策文件")
    response = post(client_for(accounts["county_clerk"]), PLANS, {"county": "370102", "year": 2024})
    assert response.status_code == 400 and "还没有司法协理员政策文件" in response.json()["county"][0]


def test_applicants_get_nothing(tree, accounts):
    client = client_for(accounts["applicant"])
    assert client.get(QUOTAS).status_code == 403
    assert client.get(PLANS).status_code == 403


def test_plan_from_draft_to_filed_through_the_api(daqing):
    p = daqing["people"]
    county, city, province = (client_for(p[k]) for k in ("county_clerk", "city_admin", "province_clerk"))

    plan = create_plan(daqing)
    url = f"{PLANS}{plan['id']}/"
    assert (plan["status"], plan["policy_id"], plan["minimum_to_recruit"], plan["planned_total"]) == (
        "draft", "daqing-2024", 2, 2)
    assert [(line["office"], line["vacancy"], line["planned"]) for line in plan["lines"]] == [
        ("230602013", 2, 2), ("230602014", 0, 0)]
    assert [e["action"] for e in plan["events"]] == ["draft"]
    assert "萨尔图街道司法所现有4人" in plan["reasoning"][0]

    response = post(county, url + "planned/", {"planned": {"230602013": 1}})
    assert response.status_code == 200 and response.json()["planned_total"] == 1
    response = post(county, url + "submit/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["计划招聘合计 1 人，少于员额规则要求的至少 2 人"]}
    response = post(county, url + "planned/", {"planned": {"230602099": 1}})
    assert response.status_code == 400 and response.json() == {"planned": ["司法所 230602099 不在本计划中"]}

    post(county, url + "planned/", {"planned": {"230602013": 2}})
    response = post(county, url + "submit/")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["is_locked"]) == ("submitted", True)
    response = post(county, url + "planned/", {"planned": {"230602013": 3}})
    assert response.status_code == 409 and "不能修改" in response.json()["non_field_errors"][0]

    response = post(county, url + "approve/", {"comment": "自批"})
    assert response.status_code == 403
    assert response.json()["detail"] == "您的角色（县级业务人员）不能批准招聘计划：只有市级司法局的管理员或业务人员可以批准。"
    assert status_of(plan["id"]) == PlanStatus.SUBMITTED

    response = post(city, url + "return/", {"comment": " "})
    assert response.status_code == 400 and response.json() == {"comment": ["退回时必须填写意见"]}
    response = post(city, url + "return/", {"comment": "请补充会战街道司法所的说明"})
    assert response.status_code == 200 and response.json()["status"] == "returned"

    response = post(county, url + "planned/", {"planned": {"230602014": 1}, "note": "会战所承担社区矫正任务重"})
    assert response.json()["note"] == "会战所承担社区矫正任务重"
    assert post(county, url + "submit/").status_code == 200
    assert post(province, url + "approve/").status_code == 403
    assert post(city, url + "approve/", {"comment": "同意"}).json()["status"] == "approved"
    response = post(city, url + "approve/")
    assert response.status_code == 409 and response.json() == {"non_field_errors": ["计划当前状态为「市局已批准」，不能批准"]}
    assert post(city, url + "file/").status_code == 403

    response = post(province, url + "file/")
    assert response.status_code == 200
    filed = response.json()
    assert filed["status"] == "filed" and filed["planned_total"] == 3
    assert [(e["action"], e["actor_unit"], e["comment"]) for e in filed["events"]] == [
        ("draft", "萨尔图区司法局", ""), ("submit", "萨尔图区司法局", ""),
        ("return", "大庆市司法局", "请补充会战街道司法所的说明"), ("submit", "萨尔图区司法局", ""),
        ("approve", "大庆市司法局", "同意"), ("file", "黑龙江省司法厅", "")]
    assert county.get(url).json() == filed


def test_list_filters(daqing):
    plan = create_plan(daqing)
    client = client_for(daqing["people"]["city_admin"])
    found = client.get(PLANS, {"year": 2024, "status": "draft", "county": "230602"}).json()["results"]
    assert [r["id"] for r in found] == [plan["id"]]
    assert client.get(PLANS, {"status": "filed"}).json()["count"] == 0
    assert client.get(PLANS, {"county": "230603"}).json()["count"] == 0
    assert client.get(PLANS, {"year": 2023}).json()["count"] == 0


def test_only_the_county_drafts_and_only_its_own(daqing):
    response = post(client_for(daqing["people"]["city_admin"]), PLANS, {"county": "230602", "year": 2024})
    assert response.status_code == 403
    response = post(client_for(daqing["people"]["other_clerk"]), PLANS, {"county": "230602", "year": 2024})
    assert response.status_code == 400
    assert response.json() == {"county": ["单位代码 230602 不存在，或不在您的管辖范围内"]}
    assert not RecruitmentPlan.objects.exists()
    create_plan(daqing)
    response = post(client_for(daqing["people"]["county_clerk"]), PLANS, {"county": "230602", "year": 2024})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["萨尔图区司法局2024年的招聘计划已存在，请在原计划上修改"]}


def test_another_county_gets_404(daqing):
    plan = create_plan(daqing)
    url = f"{PLANS}{plan['id']}/"
    other = client_for(daqing["people"]["other_clerk"])
    assert other.get(url).status_code == 404
    assert other.get(url + "submit/").status_code == 404  # whatever the method
    assert post(other, url + "submit/").status_code == 404
    assert post(other, url + "planned/", {"planned": {"230602013": 9}}).status_code == 404
    assert other.get(PLANS).json()["count"] == 0
    assert status_of(plan["id"]) == PlanStatus.DRAFT
    assert client_for(daqing["people"]["county_clerk"]).get(url + "submit/").status_code == 405


def test_schema_lists_the_plan_endpoints(accounts):
    schema = yaml.safe_load(client_for(accounts["county_clerk"]).get("/api/schema/").content)  # needs a login
    for path in (PLANS, QUOTAS, PLANS + "{id}/", PLANS + "{id}/submit/", PLANS + "{id}/approve/",
                 PLANS + "{id}/return/", PLANS + "{id}/file/", PLANS + "{id}/planned/"):
        assert path in schema["paths"], path
    assert {"year", "status", "county"} <= {p["name"] for p in schema["paths"][PLANS]["get"]["parameters"]}
    assert "county" in {p["name"] for p in schema["paths"][QUOTAS]["get"]["parameters"]}
