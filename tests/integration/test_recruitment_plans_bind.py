"""Plans bind announcements (DQ-6, YQ-2 逐级上报、审核备案): an announcement names the county's approved plan of
its year, its posts start from the plan's lines, no office gets more positions than the plan approved (counting
the plan's other announcements), in the page with any number of posts and through the REST API with the same
messages; YQ-2 counts the assistants already hired, so a county hired to its quota has no vacancy."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifasuo.recruitment import selectors, services
from sifasuo.recruitment.choices import ApplicationStatus
from sifasuo.recruitment.models import Announcement
from sifasuo.recruitment.policies import policy_for
from tests import factories
from tests.conftest import client_for
from tests.integration.test_recruitment_internal_transfer import yangquan  # noqa: F401
from tests.recruitment_fixtures import approved_plan

pytestmark = pytest.mark.django_db
D = datetime.date


def create(daqing, posts, plan=None, **dates):  # noqa: F811
    return services.create_announcement(
        county=daqing["county"], title="萨尔图区2024年司法协理员招聘公告", plan=plan,
        announced_on=dates.get("announced_on", D(2024, 8, 1)), registration_start=D(2024, 8, 1),
        registration_deadline=D(2024, 8, 10),
        posts=[{"office": office, "track": track, "positions": n} for office, track, n in posts])


def messages(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


def test_an_announcement_needs_the_approved_plan_of_its_year(daqing):  # noqa: F811
    office = daqing["office_a"]
    with pytest.raises(ValidationError) as caught:
        create(daqing, [(office, "public", 1)])
    assert "按政策 DQ-6（逐级上报、审核备案），招聘公告须依据市局已批准（或省厅已备案）的萨尔图区司法局2024年招聘计划" in messages(caught)
    draft = services.draft_plan(county=daqing["county"], year=2024, actor=daqing["people"]["county_clerk"])
    with pytest.raises(ValidationError, match="招聘计划尚未批准（当前：草稿）"):
        create(daqing, [(office, "public", 1)], plan=draft)
    services.submit_plan(plan=draft, actor=daqing["people"]["county_clerk"])
    plan = services.approve_plan(plan=draft, actor=daqing["people"]["city_admin"])
    with pytest.raises(ValidationError, match="招聘计划是2024年度的，公告日期 2025-01-05 不在该年度"):
        create(daqing, [(office, "public", 1)], plan=plan, announced_on=D(2025, 1, 5))
    assert not Announcement.objects.exists()
    assert create(daqing, [(office, "public", 1)], plan=plan).plan == plan


def test_positions_stay_within_the_plan_counting_its_other_announcements(daqing):  # noqa: F811
    office = daqing["office_a"]
    plan = approved_plan(daqing["county"], 2024, {office: 2})  # 萨尔图街道司法所: 2 approved
    with pytest.raises(ValidationError) as caught:
        create(daqing, [(office, "internal", 2), (office, "public", 1)], plan=plan)
    assert ("「萨尔图街道司法所」按2024年招聘计划批准招聘 2 人，本公告拟招聘 3 人（现有专职辅助人员转任2人、"
            "面向社会公开招录1人），超出计划") in messages(caught)
    with pytest.raises(ValidationError, match="「会战街道司法所」按2024年招聘计划批准招聘 0 人，本公告拟招聘 1 人"):
        create(daqing, [(daqing["office_b"], "public", 1)], plan=plan)
    internal = create(daqing, [(office, "internal", 2)], plan=plan)
    # while the internal selection runs, its two positions are taken
    with pytest.raises(ValidationError, match="本公告拟招聘 1 人（面向社会公开招录1人），本计划的其他公告已占用 2 人，超出计划"):
        create(daqing, [(office, "public", 1)], plan=plan)
    assert services.plan_posts(plan) == []
    # ranked with one candidate, the unfilled position is free again for the public track (DQ-4.4)
    policy = policy_for(daqing["county"])
    from tests.integration.test_recruitment_internal_transfer import declarations
    from sifasuo.staff.models import StaffMember

    auxiliary = StaffMember.objects.get(full_name="甲4")
    application = services.submit_application(post=internal.posts.get(), data={
        "education": "bachelor", "declarations": declarations(policy, "internal")}, staff=auxiliary)
    services.screen_announcement(announcement=internal)
    services.record_scores(application=application, written="80")
    services.rank_final(announcement=internal)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CANDIDATE
    assert [(s["office"], s["track"], s["positions"]) for s in services.plan_posts(plan)] == [(office, "internal", 1)]
    public = create(daqing, [(office, "public", 1)], plan=plan)
    assert public.posts.get().positions == 1


def test_the_page_prefills_posts_from_the_plan_and_takes_any_number(daqing, clerk):  # noqa: F811
    office_a = daqing["office_a"]
    new = [factories.unit(f"23060202{i}", f"第{i}街道司法所", 4, daqing["county"]) for i in range(4)]
    plan = approved_plan(daqing["county"], 2024)  # planned = each office's vacancy (DQ-6): 2, 0, and 6 each
    page = clerk.get(f"/recruitment/announcements/new/?plan={plan.pk}")
    initial = [(f.initial["office"], f.initial["track"], f.initial["positions"]) for f in page.context["formset"].forms]
    assert initial == [(office_a, "internal", 2), *((office, "internal", 6) for office in new)]
    html = page.content.decode()
    assert "data-formset-add" in html and "data-formset-remove" in html and "__prefix__" in html
    rows = [(office_a, "internal", 1), (office_a, "public", 1), *((office, "public", 1) for office in new),
            (office_a, "public", 1)]  # the last row is added, then removed, in the page
    data = {"title": "六个岗位的公告", "announced_on": "2024-08-01", "registration_start": "2024-08-01",
            "registration_deadline": "2024-08-10", "plan": plan.pk, "posts-TOTAL_FORMS": str(len(rows)),
            "posts-INITIAL_FORMS": "0", "posts-MIN_NUM_FORMS": "0", "posts-MAX_NUM_FORMS": "200"}
    for i, (office, track, n) in enumerate(rows):
        data.update({f"posts-{i}-office": office.pk, f"posts-{i}-track": track, f"posts-{i}-positions": str(n)})
    data["posts-6-DELETE"] = "on"
    response = clerk.post("/recruitment/announcements/new/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Announcement.objects.get().posts.count() == 6
    # the removed row put back: 萨尔图街道司法所 would get 3 of its 2, and the page says so; nothing is written
    data.update({"title": "超出计划", "posts-6-DELETE": ""})
    Announcement.objects.all().delete()
    response = clerk.post("/recruitment/announcements/new/", data)
    assert response.status_code == 400
    assert "「萨尔图街道司法所」按2024年招聘计划批准招聘 2 人，本公告拟招聘 3 人" in response.content.decode()
    assert not Announcement.objects.exists()


def api_body(daqing, plan, posts, **extra):  # noqa: F811
    return {"county": daqing["county"].code, "plan": plan.pk if plan else None, "title": "API公告",
            "announced_on": "2024-08-01", "registration_start": "2024-08-01", "registration_deadline": "2024-08-10",
            "posts": posts, **extra}


def test_the_api_creates_an_announcement_with_its_posts(daqing):  # noqa: F811
    api = client_for(daqing["people"]["county_clerk"])
    plan = approved_plan(daqing["county"], 2024, {daqing["office_a"]: 2})
    url = "/api/recruitment-announcements/"
    office = daqing["office_a"].code
    response = api.post(url, api_body(daqing, None, [{"office": office, "track": "internal", "positions": 1}]),
                        content_type="application/json")
    assert response.status_code == 400 and "请选择招聘计划" in response.json()["plan"][0]
    response = api.post(url, api_body(daqing, plan, [{"office": office, "track": "internal", "positions": 7}]),
                        content_type="application/json")
    assert response.status_code == 400
    assert "「萨尔图街道司法所」按2024年招聘计划批准招聘 2 人，本公告拟招聘 7 人" in response.json()["posts"][0]
    response = api.post(url, api_body(daqing, plan, [{"office": "230603001", "track": "public", "positions": 1},
                                                     {"office": office, "track": "nosuch", "positions": 1}]),
                        content_type="application/json")
    assert response.status_code == 400
    assert response.json()["posts"] == ["第1个岗位：司法所代码 230603001 不是萨尔图区司法局的司法所"]
    response = api.post(url, api_body(daqing, plan, [{"office": office, "track": "nosuch", "positions": 1}]),
                        content_type="application/json")
    assert "招聘渠道「nosuch」不在政策 daqing-2024 中" in response.json()["posts"][0]
    response = api.post(url, api_body(daqing, plan, [], registration_deadline="2024-07-01"),
                        content_type="application/json")
    body = response.json()
    assert "报名截止日期 2024-07-01 早于报名开始日期 2024-08-01" in body["registration_deadline"][0]
    assert body["posts"] == ["至少设置一个招聘岗位"]
    assert not Announcement.objects.exists()
    response = api.post(url, api_body(daqing, plan, [{"office": office, "track": "internal", "positions": 1},
                                                     {"office": office, "track": "public", "positions": 1}]),
                        content_type="application/json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["plan"] == plan.pk and [(p["code"], p["office"], p["track"], p["track_name"])
                                           for p in created["posts"]] == [
        ("001", office, "internal", "现有专职辅助人员转任"), ("002", office, "public", "面向社会公开招录")]
    # the other county's clerk cannot name this county, nor the HR reviewer create
    other = client_for(daqing["people"]["other_clerk"])
    response = other.post(url, api_body(daqing, plan, [{"office": office, "track": "internal", "positions": 1}]),
                          content_type="application/json")
    assert response.status_code == 400 and "不在您的管辖范围内" in str(response.json())
    hr = client_for(daqing["people"]["hr"])
    assert hr.post(url, api_body(daqing, plan, []), content_type="application/json").status_code == 403


def test_yangquan_counts_the_assistants_already_hired(yangquan):  # noqa: F811
    """YQ-2: 4 a office. 城区 has two offices (8) and three establishment posts: five to recruit; once five
    assistants are hired the county is at its quota and the next year's plan asks for none."""
    county = yangquan["county"]
    quota = selectors.county_quota(county=county, policy=policy_for(county))
    assert quota.minimum_to_recruit == 5
    for i in range(5):
        factories.staff_member(yangquan["office_b"], full_name=f"协理员{i}", staff_type="judicial_assistant",
                               birth_date=D(1995, 1, 1 + i))
    quota = selectors.county_quota(county=county, policy=policy_for(county))
    assert quota.minimum_to_recruit == 0
    assert "司法协理员5人" in quota.lines[-1] and "已达到要求" in quota.lines[-1]
    plan = services.draft_plan(county=county, year=2025, actor=yangquan["clerk"])
    assert plan.minimum_to_recruit == 0 and sum(line.planned for line in plan.lines.all()) == 0
