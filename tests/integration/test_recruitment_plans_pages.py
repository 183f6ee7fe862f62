"""Pages of quotas and recruitment plans under the real daqing-2024 policy: what each user sees and may do
on a plan's way up the tree, and that a POST by the wrong user changes nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest

from sifasuo.recruitment.choices import PlanStatus
from sifasuo.recruitment.models import PlanEvent, RecruitmentPlan
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

QUOTA = "/recruitment/plans/quota/"


def page(response) -> str:
    return response.content.decode()


def draft(daqing) -> RecruitmentPlan:
    response = client_for(daqing["people"]["county_clerk"]).post(
        "/recruitment/plans/new/", {"county": "230602", "year": 2024})
    plan = RecruitmentPlan.objects.get(unit=daqing["county"], year=2024)
    assert response.status_code == 302 and response.url == f"/recruitment/plans/{plan.pk}/"
    return plan


def planned(plan: RecruitmentPlan) -> dict[str, int]:
    return {line.office.name: line.planned for line in plan.lines.select_related("office")}


def status_of(plan: RecruitmentPlan) -> str:
    plan.refresh_from_db()
    return plan.status


# --- the quota page -------------------------------------------------------------------------------------


def test_county_clerk_sees_the_quota_of_their_county_with_the_engines_reasoning(daqing):
    body = page(client_for(daqing["people"]["county_clerk"]).get(QUOTA))
    assert "萨尔图区司法局" in body and "大庆市司法协理员制度试点（2024年）（daqing-2024）" in body
    assert "萨尔图街道司法所现有4人" in body and "缺2人" in body
    assert "DQ-6：每个司法所工作人员不少于6人；萨尔图街道司法所现有4人（" in body  # the rule id opens the line
    assert "会战街道司法所现有6人" in body and "已达到要求" in body
    assert "萨尔图区司法局按员额规则至少应招聘 2 人" in body
    assert 'data-testid="draft-form"' in body


def test_city_chooses_a_county_and_cannot_draft(daqing):
    client = client_for(daqing["people"]["city_admin"])
    body = page(client.get(QUOTA))
    assert "请选择县级司法局" in body and "萨尔图区司法局（230602）" in body
    body = page(client.get(QUOTA + "?county=230602"))
    assert "萨尔图街道司法所现有4人" in body
    assert 'data-testid="draft-form"' not in body  # drafting is the county's


def test_a_county_outside_scope_is_not_found(daqing):
    response = client_for(daqing["people"]["other_clerk"]).get(QUOTA + "?county=230602")
    assert response.status_code == 404


def test_quota_exports_the_table_to_excel(daqing):
    response = client_for(daqing["people"]["county_clerk"]).get(QUOTA + "?export=xlsx")
    assert "spreadsheetml" in response["Content-Type"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("司法所代码", "司法所") and header[-4:] == ("计入人数", "应有人数", "缺额", "核定依据")
    by_name = {row[1]: dict(zip(header, row)) for row in rows[1:]}
    assert by_name["萨尔图街道司法所"]["计入人数"] == 4 and by_name["萨尔图街道司法所"]["缺额"] == 2
    assert by_name["会战街道司法所"]["缺额"] == 0
    total = by_name["萨尔图区司法局合计（至少招聘）"]
    assert total["缺额"] == 2 and "至少招聘2人" in total["核定依据"]


def test_a_county_without_a_policy_file_is_told_so(tree, accounts):
    body = page(client_for(accounts["county_clerk"]).get(QUOTA))
    assert "「历下区司法局」所在地区还没有司法协理员政策文件" in body
    assert 'data-testid="draft-form"' not in body
    response = client_for(accounts["county_clerk"]).post("/recruitment/plans/new/",
                                                         {"county": "370102", "year": 2024})
    assert response.status_code == 400 and "还没有司法协理员政策文件" in page(response)
    assert not RecruitmentPlan.objects.exists()


def test_an_office_has_no_county_to_measure(tree, accounts):
    body = page(client_for(accounts["office_director"]).get(QUOTA))
    assert "您的管辖范围内没有县级司法局" in body


# --- a plan's whole way through the pages ---------------------------------------------------------------


def test_plan_from_draft_to_filed_through_the_pages(daqing):
    p = daqing["people"]
    county, city, province, hr = (client_for(p[k])
                                  for k in ("county_clerk", "city_admin", "province_clerk", "hr"))
    a, b = daqing["office_a"].pk, daqing["office_b"].pk

    # The county drafts from the vacancies: planned = vacancy per office.
    plan = draft(daqing)
    url = f"/recruitment/plans/{plan.pk}/"
    assert planned(plan) == {"萨尔图街道司法所": 2, "会战街道司法所": 0}
    body = page(county.get(url))
    assert "草稿" in body and "已锁定" not in body
    assert 'data-testid="edit-plan"' in body and 'data-testid="step-submit"' in body
    assert "萨尔图街道司法所现有4人" in body  # the reasoning kept with the plan
    assert 'data-testid="step-approve"' not in page(city.get(url))  # nothing to approve yet

    # Below the minimum it cannot be submitted; the page says why and nothing changes.
    assert county.post(f"{url}edit/", {f"office_{a}": 1, f"office_{b}": 0}).status_code == 302
    response = county.post(f"{url}submit/")
    assert response.status_code == 400
    assert "计划招聘合计 1 人，少于员额规则要求的至少 2 人" in page(response)
    assert status_of(plan) == PlanStatus.DRAFT

    # A number the service refuses is shown on the form and nothing is saved.
    response = county.post(f"{url}edit/", {f"office_{a}": 80, f"office_{b}": 0})
    assert response.status_code == 400 and "计划招聘人数 80 不合理（应为0至50）" in page(response)
    assert planned(plan)["萨尔图街道司法所"] == 1

    assert county.post(f"{url}edit/", {f"office_{a}": 2, f"office_{b}": 0}).status_code == 302
    assert county.post(f"{url}submit/").status_code == 302
    assert status_of(plan) == PlanStatus.SUBMITTED
    body = page(county.get(url))
    assert "已报市局审核" in body and "已锁定" in body
    assert 'data-testid="edit-plan"' not in body and 'data-testid="plan-steps"' not in body
    response = county.post(f"{url}edit/", {f"office_{a}": 3, f"office_{b}": 0})
    assert response.status_code == 400 and "不能修改" in page(response)
    assert planned(plan)["萨尔图街道司法所"] == 2

    # Wrong users: the county cannot approve its own plan, the HR bureau cannot act on it.
    response = county.post(f"{url}approve/", {"comment": "自批"})
    assert response.status_code == 403
    assert "只有市级司法局的管理员或业务人员可以批准" in page(response)
    assert hr.post(f"{url}return/", {"comment": "退回"}).status_code == 403
    assert status_of(plan) == PlanStatus.SUBMITTED and plan.events.count() == 2

    # The city sees approve and return; returning needs a comment.
    body = page(city.get(url))
    assert 'data-testid="step-approve"' in body and 'data-testid="step-return"' in body
    response = city.post(f"{url}return/", {"comment": "  "})
    assert response.status_code == 400 and "退回时必须填写意见" in page(response)
    assert status_of(plan) == PlanStatus.SUBMITTED
    assert city.post(f"{url}return/", {"comment": "请补充会战街道司法所的说明"}).status_code == 302
    assert status_of(plan) == PlanStatus.RETURNED

    # The county sees the comment, edits and resubmits.
    body = page(county.get(url))
    assert "已退回修改" in body and "请补充会战街道司法所的说明" in body and "已锁定" not in body
    assert county.post(f"{url}edit/", {f"office_{a}": 2, f"office_{b}": 1,
                                       "note": "会战所承担社区矫正任务重"}).status_code == 302
    assert county.post(f"{url}submit/").status_code == 302

    # The city approves; the province may not approve, the city may not file.
    assert province.post(f"{url}approve/").status_code == 403
    assert city.post(f"{url}approve/", {"comment": "同意"}).status_code == 302
    assert status_of(plan) == PlanStatus.APPROVED
    response = city.post(f"{url}file/")
    assert response.status_code == 403 and "只有省级司法厅的管理员或业务人员可以备案" in page(response)
    response = city.post(f"{url}approve/")
    assert response.status_code == 400 and "计划当前状态为「市局已批准」，不能批准" in page(response)
    assert 'data-testid="plan-steps"' not in page(city.get(url))  # nothing left for the city to do

    # The province files it.
    assert 'data-testid="step-file"' in page(province.get(url))
    assert province.post(f"{url}file/", {"comment": "已备案"}).status_code == 302
    assert status_of(plan) == PlanStatus.FILED
    assert planned(plan) == {"萨尔图街道司法所": 2, "会战街道司法所": 1}

    body = page(county.get(url))
    assert "省厅已备案" in body and "已锁定" in body and "会战所承担社区矫正任务重" in body
    history = [(e.get_action_display(), e.actor_unit, e.comment) for e in PlanEvent.objects.filter(plan=plan)]
    assert history == [("起草", "萨尔图区司法局", ""), ("上报", "萨尔图区司法局", ""),
                       ("退回", "大庆市司法局", "请补充会战街道司法所的说明"), ("上报", "萨尔图区司法局", ""),
                       ("批准", "大庆市司法局", "同意"), ("备案", "黑龙江省司法厅", "已备案")]
    for action, unit, comment in history:
        assert action in body and unit in body and comment in body

    printed = page(county.get(f"{url}print/"))
    assert "萨尔图区司法局2024年司法协理员招聘计划" in printed and "会战所承担社区矫正任务重" in printed


def test_a_second_plan_for_the_same_year_is_refused(daqing):
    draft(daqing)
    response = client_for(daqing["people"]["county_clerk"]).post("/recruitment/plans/new/",
                                                               {"county": "230602", "year": 2024})
    assert response.status_code == 400
    assert "萨尔图区司法局2024年的招聘计划已存在，请在原计划上修改" in page(response)
    assert RecruitmentPlan.objects.count() == 1


def test_only_the_county_drafts(daqing):
    response = client_for(daqing["people"]["city_admin"]).post("/recruitment/plans/new/",
                                                              {"county": "230602", "year": 2024})
    assert response.status_code == 403
    assert not RecruitmentPlan.objects.exists()


def test_list_filters_and_exports(daqing):
    plan = draft(daqing)
    client = client_for(daqing["people"]["city_admin"])
    body = page(client.get("/recruitment/plans/"))
    assert f'href="/recruitment/plans/{plan.pk}/"' in body and "萨尔图区司法局2024年司法协理员招聘计划" in body
    assert "萨尔图区司法局2024年" in page(client.get("/recruitment/plans/?status=draft&year=2024&county=230602"))
    assert "没有符合条件的记录" in page(client.get("/recruitment/plans/?status=submitted"))
    assert "没有符合条件的记录" in page(client.get("/recruitment/plans/?year=2023"))
    response = client.get("/recruitment/plans/?export=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2][:3] == ("萨尔图区司法局2024年司法协理员招聘计划", "萨尔图区司法局", 2024)
    assert rows[2][4:7] == ("草稿", 2, 2)


def test_another_county_cannot_see_or_touch_the_plan(daqing):
    plan = draft(daqing)
    other = client_for(daqing["people"]["other_clerk"])
    url = f"/recruitment/plans/{plan.pk}/"
    for path in ("", "print/", "edit/", "submit/"):
        assert other.get(url + path).status_code == 404, path
    assert other.post(url + "submit/").status_code == 404
    assert other.post(url + "edit/", {f"office_{daqing['office_a'].pk}": 9}).status_code == 404
    assert "萨尔图" not in page(other.get("/recruitment/plans/"))
    assert status_of(plan) == PlanStatus.DRAFT and planned(plan)["萨尔图街道司法所"] == 2
