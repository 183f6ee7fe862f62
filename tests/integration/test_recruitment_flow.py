"""One recruitment from vacancy to hire through the services, under the real daqing-2024 policy file."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sifasuo.core import idnumbers
from sifasuo.recruitment import selectors, services
from sifasuo.recruitment.choices import ApplicationStatus, PlanStatus
from sifasuo.recruitment.policies import policy_for
from sifasuo.staff.models import Contract
from tests.recruitment_fixtures import announce

pytestmark = pytest.mark.django_db
NO = {"criminal_record": False}


def person(birth: datetime.date, sex: str, seed: int, region="230602") -> dict:
    number = idnumbers.generate(random.Random(seed), region_code=region, birth_date=birth, sex=sex)
    return {"full_name": f"应聘{seed}", "id_number": number, "birth_date": birth, "sex": sex,
            "education": "bachelor", "major": "法学", "phone": "13800000000"}


def declarations(policy, track):
    return {code: False for code, *_ in services.declaration_items(policy, track)}


def test_quota_follows_dq6(daqing):
    quota = selectors.county_quota(county=daqing["county"], policy=policy_for(daqing["county"]))
    assert quota.minimum_to_recruit == 2
    text = "\n".join(quota.lines)
    assert "萨尔图街道司法所现有4人" in text and "缺2人" in text
    assert "会战街道司法所现有6人" in text


def test_plan_goes_up_the_tree_and_locks(daqing):
    p = daqing["people"]
    plan = services.draft_plan(county=daqing["county"], year=2024, actor=p["county_clerk"])
    assert plan.policy_id == "daqing-2024" and plan.minimum_to_recruit == 2
    assert {line.office.name: line.planned for line in plan.lines.all()} == {"萨尔图街道司法所": 2, "会战街道司法所": 0}
    with pytest.raises(ValidationError, match="少于员额规则要求的至少 2 人"):
        services.set_planned(plan=plan, planned={daqing["office_a"].pk: 1})
        services.submit_plan(plan=plan, actor=p["county_clerk"])
    services.set_planned(plan=plan, planned={daqing["office_a"].pk: 2})
    services.submit_plan(plan=plan, actor=p["county_clerk"])
    with pytest.raises(ValidationError, match="不能修改"):
        services.set_planned(plan=plan, planned={daqing["office_a"].pk: 3})
    with pytest.raises(PermissionDenied):
        services.approve_plan(plan=plan, actor=p["county_clerk"])  # a county cannot approve its own plan
    with pytest.raises(ValidationError, match="必须填写意见"):
        services.return_plan(plan=plan, actor=p["city_admin"], comment=" ")
    services.return_plan(plan=plan, actor=p["city_admin"], comment="请补充会战街道司法所的说明")
    services.set_planned(plan=plan, planned={daqing["office_b"].pk: 1}, note="会战所承担社区矫正任务重")
    services.submit_plan(plan=plan, actor=p["county_clerk"])
    services.approve_plan(plan=plan, actor=p["city_admin"], comment="同意")
    with pytest.raises(ValidationError, match="不能批准"):
        services.approve_plan(plan=plan, actor=p["city_admin"])
    services.file_plan(plan=plan, actor=p["province_clerk"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FILED
    steps = [(e.get_action_display(), e.actor_unit, e.comment) for e in plan.events.all()]
    assert steps == [("起草", "萨尔图区司法局", ""), ("上报", "萨尔图区司法局", ""),
                     ("退回", "大庆市司法局", "请补充会战街道司法所的说明"), ("上报", "萨尔图区司法局", ""),
                     ("批准", "大庆市司法局", "同意"), ("备案", "黑龙江省司法厅", "")]


def test_public_recruitment_from_announcement_to_hire(daqing):
    p = daqing["people"]
    county, office = daqing["county"], daqing["office_a"]
    policy = policy_for(county)
    ann = announce(county, [(office, "public", 1)], title="萨尔图区2024年公开招聘司法协理员公告")
    post = ann.posts.get()
    decl = declarations(policy, "public")
    deadline = ann.registration_deadline
    apps = []
    # exactly 35 on the deadline (allowed), 36 (refused), and three younger
    births = [deadline.replace(year=deadline.year - 35), deadline.replace(year=deadline.year - 36),
              datetime.date(1995, 5, 5), datetime.date(1996, 6, 6), datetime.date(1997, 7, 7)]
    for i, birth in enumerate(births):
        apps.append(services.submit_application(post=post, data={**person(birth, "MF"[i % 2], i), "declarations": decl},
                                                entered_by=p["county_clerk"]))
    with pytest.raises(ValidationError, match="已报名本次招聘，不能重复报名"):
        services.submit_application(post=post, data={**person(births[0], "M", 0), "declarations": decl})
    bad = person(datetime.date(1990, 1, 1), "F", 99)
    bad["birth_date"] = datetime.date(1990, 1, 2)
    with pytest.raises(ValidationError, match="不一致"):
        services.submit_application(post=post, data={**bad, "declarations": decl})

    counts = services.screen_announcement(announcement=ann)
    assert counts == {"eligible": 4, "ineligible": 1, "preview": False}  # the deadline is past: final
    too_old = apps[1]
    too_old.refresh_from_db()
    assert too_old.status == ApplicationStatus.INELIGIBLE
    failed = [r["message"] for r in too_old.auto_reasons if r["passed"] is False]
    assert any(m.startswith("DQ-2.2") for m in failed), failed
    services.review_application(application=too_old, decision="confirm", reason="", reviewer=p["hr"])

    for app in apps:
        app.refresh_from_db()
    for app, written in zip([apps[0], *apps[2:]], ["88", "80", "75", "70"]):
        services.record_scores(application=app, written=written)
    with pytest.raises(ValidationError, match="超出范围"):
        services.record_scores(application=apps[2], written="101")
    result = services.shortlist_for_interview(announcement=ann)
    assert result == {"shortlisted": 3, "eliminated": 1}  # 1 position × ratio 3
    for app, marks in zip([apps[0], apps[2], apps[3]], [[90, 91, 89, 95, 60], [80] * 5, [85] * 5]):
        app.refresh_from_db()
        services.record_scores(application=app, interview_marks=marks)
    apps[0].refresh_from_db()
    assert apps[0].interview_score == 90  # highest and lowest dropped, mean of 90, 91, 89
    ranked = services.rank_final(announcement=ann)
    top = [a for a in ranked if a.status == ApplicationStatus.CANDIDATE]
    assert [a.full_name for a in top] == ["应聘0"]
    backfilled = services.record_check(application=top[0], inspection="passed", medical="failed")
    # Next in rank: 应聘2 (80×.5+80×.5 = 80) and 应聘3 (75×.5+85×.5 = 80) tie on the composite score;
    # DQ-7.3 breaks the tie by the written score, so 应聘2 is backfilled.
    assert backfilled is not None and backfilled.full_name == "应聘2"
    assert any("笔试" in note for note in backfilled.rank_notes), backfilled.rank_notes
    services.record_check(application=backfilled, inspection="passed", medical="passed")
    services.start_notice(announcement=ann, start=datetime.date(2024, 9, 27))
    ann.refresh_from_db()
    assert ann.notice_end == datetime.date(2024, 10, 9)  # 5 working days across National Day (9-29 is a working Sunday)
    backfilled.refresh_from_db()
    assert backfilled.notice_end == ann.notice_end
    with pytest.raises(ValidationError, match="结束后方可聘用"):
        services.hire(application=backfilled, contract_start=datetime.date(2024, 10, 10), today=datetime.date(2024, 10, 9))
    with pytest.raises(ValidationError, match="应晚于公示截止日期"):
        services.hire(application=backfilled, contract_start=datetime.date(2024, 10, 9), today=datetime.date(2024, 10, 10))
    member = services.hire(application=backfilled, contract_start=datetime.date(2024, 10, 15),
                           today=datetime.date(2024, 10, 10))
    assert member.staff_type == "judicial_assistant" and member.unit == office
    contract = Contract.objects.get(staff=member)
    assert (contract.start, contract.end, contract.probation_end) == (
        datetime.date(2024, 10, 15), datetime.date(2027, 10, 14), datetime.date(2025, 1, 14))


def test_staffing_of_every_county_in_two_queries(daqing, django_assert_num_queries):
    with django_assert_num_queries(2):
        by_county = selectors.staffing_by_county(root=daqing["city"])
    assert {county.code: [o.code for o in offices] for county, offices in by_county.items()} == {
        "230602": ["230602013", "230602014"]}
    assert by_county[daqing["county"]] == selectors.office_staffing(county=daqing["county"])


def test_internal_selection_first_and_public_fills_the_rest(daqing):
    """DQ-4: the positions the internal track did not fill pass to public recruitment."""
    from tests.conftest import client_for

    county, office = daqing["county"], daqing["office_a"]
    ann = announce(county, [(office, "internal", 2)], title="萨尔图区2024年专职辅助人员转任司法协理员公告")
    policy = policy_for(county)
    post = ann.posts.get()
    app = services.submit_application(post=post, data={**person(datetime.date(1980, 3, 3), "M", 7),
                                                       "is_existing_auxiliary": True, "auxiliary_region": "230602",
                                                       "declarations": declarations(policy, "internal")})
    services.screen_announcement(announcement=ann)
    app.refresh_from_db()
    assert app.eligible, app.auto_reasons
    services.record_scores(application=app, written="75")
    services.rank_final(announcement=ann)
    assert services.carried_over_posts(announcement=ann) == [
        {"office": office, "track": "public", "positions": 1, "sex": ""}]
    page = client_for(daqing["people"]["county_clerk"]).get(f"/recruitment/announcements/{ann.pk}/")
    assert "未选满的 1 个名额转入面向社会公开招录" in page.content.decode()
    form = client_for(daqing["people"]["county_clerk"]).get(f"/recruitment/announcements/new/?from={ann.pk}")
    first = form.context["formset"].forms[0]
    assert (first.initial["office"], first.initial["track"], first.initial["positions"]) == (office, "public", 1)


def test_documents_download_from_the_announcement_page(daqing):
    import io

    import docx

    from tests.conftest import client_for

    county, office = daqing["county"], daqing["office_a"]
    ann = announce(county, [(office, "public", 1)], title="萨尔图区公开招聘司法协理员公告")
    policy = policy_for(county)
    services.submit_application(post=ann.posts.get(), data={**person(datetime.date(1995, 5, 5), "F", 3),
                                                            "declarations": declarations(policy, "public")})
    services.screen_announcement(announcement=ann)
    client = client_for(daqing["people"]["county_clerk"])
    page = client.get(f"/recruitment/announcements/{ann.pk}/").content.decode()
    assert "资格审查结果（<a" in page
    response = client.get(f"/recruitment/announcements/{ann.pk}/documents/review.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "资格审查" in text
    # no notice yet: the page says why instead of failing
    refused = client.get(f"/recruitment/announcements/{ann.pk}/documents/notice.docx", follow=True)
    assert "尚未发布公示" in refused.content.decode()
    assert client.get(f"/recruitment/announcements/{ann.pk}/documents/nonsense.docx").status_code == 404
    other = client_for(daqing["people"]["other_clerk"])
    assert other.get(f"/recruitment/announcements/{ann.pk}/documents/review.docx").status_code == 404


def test_later_steps_through_the_api(daqing, monkeypatch):
    from django.utils import timezone

    from tests.conftest import client_for

    county, office = daqing["county"], daqing["office_a"]
    policy = policy_for(county)
    ann = announce(county, [(office, "public", 1)], title="API公告")
    apps = [services.submit_application(post=ann.posts.get(), data={
        **person(datetime.date(1994 + i, 4, 4), "MF"[i], 40 + i), "declarations": declarations(policy, "public")})
        for i in range(2)]
    services.screen_announcement(announcement=ann)
    for app, (written, mark) in zip(apps, [("90", 90), ("80", 80)]):
        app.refresh_from_db()
        services.record_scores(application=app, written=written)
    services.shortlist_for_interview(announcement=ann)
    for app, mark in zip(apps, [90, 80]):
        app.refresh_from_db()
        services.record_scores(application=app, interview_marks=[mark] * 5)
    services.rank_final(announcement=ann)
    client = client_for(daqing["people"]["county_clerk"])
    api = "/api/recruitment-applications/"
    first, second = apps
    response = client.post(f"{api}{first.pk}/checks/", {"inspection": "passed", "medical": "failed"},
                           content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["backfilled"] == second.pk
    client.post(f"{api}{second.pk}/checks/", {"inspection": "passed", "medical": "passed"},
                content_type="application/json")
    response = client.post(f"/api/recruitment-announcements/{ann.pk}/notice/", {"start": "2024-09-02"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["notice_end"] == "2024-09-06"
    response = client.post(f"{api}{second.pk}/objection/", {"objection": "有人反映学历存疑", "received_on": "2024-09-04"},
                           content_type="application/json")
    assert response.status_code == 200, response.json()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2024, 9, 10))
    refused = client.post(f"{api}{second.pk}/hire/", {"contract_start": "2024-09-15"}, content_type="application/json")
    assert refused.status_code == 400 and "异议尚未处理" in str(refused.json())
    resolved = client.post(f"{api}{second.pk}/resolve-objection/",
                           {"outcome": "dismissed", "resolution": "经核实学历属实", "on": "2024-09-09"},
                           content_type="application/json")
    assert resolved.status_code == 200, resolved.json()
    assert resolved.json()["objection_outcome"] == "dismissed" and resolved.json()["objection_resolved_on"] == "2024-09-09"
    hired = client.post(f"{api}{second.pk}/hire/", {"contract_start": "2024-09-15"}, content_type="application/json")
    assert hired.status_code == 200, hired.json()
    assert hired.json()["status"] == "hired" and hired.json()["staff"]
    page = client.get(f"/staff/{hired.json()['staff']}/").content.decode()
    assert "聘用合同" in page and "2024-09-15" in page and "2027-09-14" in page


def test_a_full_tie_on_the_last_place_keeps_both(daqing):
    county, office = daqing["county"], daqing["office_a"]
    policy = policy_for(county)
    ann = announce(county, [(office, "public", 1)], title="并列公告")
    apps = [services.submit_application(post=ann.posts.get(), data={
        **person(datetime.date(1994, 4, 4), "F", 60 + i), "declarations": declarations(policy, "public")})
        for i in range(2)]
    services.screen_announcement(announcement=ann)
    for app in apps:
        app.refresh_from_db()
        services.record_scores(application=app, written="85")
    services.shortlist_for_interview(announcement=ann)
    for app in apps:
        app.refresh_from_db()
        services.record_scores(application=app, interview_marks=[88] * 5)
    ranked = services.rank_final(announcement=ann)
    assert [a.status for a in ranked] == [ApplicationStatus.CANDIDATE, ApplicationStatus.CANDIDATE]
    assert [a.rank for a in ranked] == [1, 1]
    assert any("完全并列" in note for a in ranked for note in a.rank_notes)
