"""Dates that cannot lie: screening before the deadline is a preview and does not close registration; closing is
its own step (early only with a confirmation and a reason); the notice comes after the final ranking, never
before the announcement or the deadline, its end from the calendar; the hire waits for the notice to end with
no open objection, and an objection has its own resolution step. The stage shown is the real one, tracks are
named as their policy names them, and the applicant's sex, birth date and regions are not typed."""

from __future__ import annotations

import datetime
import io
import random

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from sifasuo.core import holidays, idnumbers, workdays
from sifasuo.recruitment import selectors, services
from sifasuo.recruitment.choices import AnnouncementStatus, ApplicationStatus
from sifasuo.recruitment.models import Application
from sifasuo.recruitment.policies import policy_for
from tests.conftest import client_for
from tests.integration.test_recruitment_pages import SARTU, answers, apply_online, clock, errors_of  # noqa: F401
from tests.recruitment_fixtures import announce

pytestmark = pytest.mark.django_db
D = datetime.date


def person(seed: int, birth=D(1995, 5, 5), sex="M") -> dict:
    number = idnumbers.generate(random.Random(seed), region_code="230602", birth_date=birth, sex=sex)
    return {"full_name": f"应聘{seed}", "id_number": number, "education": "bachelor", "major": "法学"}


def enter(announcement, seed, post_code="001", **extra):  # noqa: F811
    post = announcement.posts.get(code=post_code)
    policy = policy_for(announcement.unit)
    decl = {code: False for code, *_ in services.declaration_items(policy, post.track)}
    return services.submit_application(post=post, data={**person(seed, **extra), "declarations": decl},
                                       now=datetime.datetime(2024, 8, 5, 10, tzinfo=datetime.UTC))


# --- registration: preview screening, closing --------------------------------------------------------------


def test_screening_before_the_deadline_is_a_preview_and_registration_stays_open(daqing, announcement, clerk, clock):  # noqa: F811
    first = enter(announcement, 1)
    response = clerk.post(f"/recruitment/announcements/{announcement.pk}/screen/", follow=True)
    assert "资格预审（报名尚未截止，新的报名提交后即时审查）完成：共审查 1 人" in response.content.decode()
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.OPEN and announcement.registration_closed_on is None
    # applicants keep applying, and the new application is screened as it arrives
    _account, online, response = apply_online(daqing, announcement, seed=2, username="later")
    assert response.status_code == 302, errors_of(response)
    late = Application.objects.get(full_name="应聘2")
    assert late.auto_eligible is True and late.status == ApplicationStatus.ELIGIBLE
    page = online.get(f"/recruitment/mine/{late.pk}/").content.decode()
    assert "资格预审通过（报名截止后正式审查）" in page
    first.refresh_from_db()
    assert selectors.stage(first, D(2024, 8, 5)) == "资格预审通过（报名截止后正式审查）"
    # the steps after the screening wait for the registration to close
    with pytest.raises(ValidationError, match="报名尚未截止（截止日期 2024-08-10），不能综合排名"):
        services.rank_final(announcement=announcement, today=D(2024, 8, 5))
    with pytest.raises(ValidationError, match="不能登记成绩"):
        services.record_scores(application=first, written="80", today=D(2024, 8, 5))


def test_closing_registration_early_needs_a_confirmation_and_a_reason(daqing, announcement, clerk, clock):  # noqa: F811
    url = f"/recruitment/announcements/{announcement.pk}/close/"
    page = clerk.get(f"/recruitment/announcements/{announcement.pk}/").content.decode()
    assert "截止报名" in page and "提前截止" in page
    response = clerk.post(url, {"reason": ""})
    assert response.status_code == 400
    text = errors_of(response)
    assert "报名截止日期为 2024-08-10，今天（2024-08-05）截止属于提前截止，请勾选确认" in text
    assert "提前截止报名须填写理由" in text
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.OPEN
    response = clerk.post(url, {"reason": "报名人数已足，经局务会研究提前截止", "confirm": "on"})
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert (announcement.status, announcement.registration_closed_on, announcement.registration_close_reason,
            announcement.registration_closed_by) == (AnnouncementStatus.CLOSED, D(2024, 8, 5),
                                                     "报名人数已足，经局务会研究提前截止", daqing["people"]["county_clerk"])
    page = clerk.get(f"/recruitment/announcements/{announcement.pk}/").content.decode()
    assert "已于 2024-08-05 截止" in page and "报名人数已足" in page
    # closed: nobody applies any more, online or entered by the county, and closing again is refused
    _account, _client, response = apply_online(daqing, announcement, seed=3, username="toolate")
    assert response.status_code == 404  # no longer among the open announcements
    with pytest.raises(ValidationError, match="报名已于 2024-08-05 截止，不能再录入报名"):
        enter(announcement, 4)
    with pytest.raises(ValidationError, match="报名已经截止"):
        services.close_registration(announcement=announcement, actor=None, today=D(2024, 8, 6))


def test_registration_closes_without_a_reason_from_the_deadline_on(daqing, announcement):  # noqa: F811
    closed = services.close_registration(announcement=announcement, actor=None, today=D(2024, 8, 10))
    assert (closed.registration_closed_on, closed.registration_close_reason) == (D(2024, 8, 10), "")


def test_after_the_deadline_the_screening_is_final_and_closes_by_date(daqing, announcement):  # noqa: F811
    enter(announcement, 5)
    counts = services.screen_announcement(announcement=announcement, today=D(2024, 8, 12))
    assert counts["preview"] is False
    announcement.refresh_from_db()
    assert (announcement.status, announcement.registration_closed_on) == (AnnouncementStatus.CLOSED, D(2024, 8, 10))


# --- notice and hire --------------------------------------------------------------------------------------


def ranked_public(daqing, *, people=3):  # noqa: F811
    """A public post, three applicants, screened, scored, interviewed and ranked: 应聘10 is the candidate."""
    ann = announce(daqing["county"], [(daqing["office_a"], "public", 1)], title="公示公告")
    apps = [enter(ann, 10 + i) for i in range(people)]
    services.screen_announcement(announcement=ann)
    for app, written in zip(apps, ["90", "80", "70"]):
        services.record_scores(application=app, written=written)
    services.shortlist_for_interview(announcement=ann)
    for app, mark in zip(apps, [90, 80, 50]):
        services.record_scores(application=app, interview_marks=[mark] * 5)
    services.rank_final(announcement=ann)
    return ann, [Application.objects.get(pk=a.pk) for a in apps]


def test_the_stage_shown_is_the_real_one(daqing):  # noqa: F811
    ann, (top, second, third) = ranked_public(daqing)
    # interviewed and ranked out: not "进入面试" any more
    assert second.status == ApplicationStatus.NOT_SELECTED and third.status == ApplicationStatus.NOT_SELECTED
    assert selectors.stage(second, D(2024, 9, 1)) == "综合排名未入选"
    assert selectors.stage(top, D(2024, 9, 1)) == "拟聘用，待考察、体检"
    services.record_check(application=top, inspection="passed", medical="passed")
    top.refresh_from_db()
    assert selectors.stage(top, D(2024, 9, 1)) == "拟聘用，待公示"
    services.start_notice(announcement=ann, start=D(2024, 9, 2))
    top.refresh_from_db()
    assert selectors.stage(top, D(2024, 9, 3)) == "公示中（至2024-09-06）"
    assert selectors.stage(top, D(2024, 9, 7)) == "公示期满，待聘用"


def test_the_notice_follows_the_ranking_and_the_dates_of_the_announcement(daqing):  # noqa: F811
    ann = announce(daqing["county"], [(daqing["office_a"], "public", 1)], title="公示日期公告")
    with pytest.raises(ValidationError, match="尚未完成综合排名，不能发布公示"):
        services.start_notice(announcement=ann, start=D(2024, 9, 2))
    ann, (top, *_rest) = ranked_public(daqing)
    services.record_check(application=top, inspection="passed", medical="passed")
    with pytest.raises(ValidationError) as caught:
        services.start_notice(announcement=ann, start=D(2024, 7, 1))
    assert caught.value.message_dict["start"] == ["公示开始日期 2024-07-01 早于招聘公告日期 2024-08-01",
                                                  "公示开始日期 2024-07-01 早于报名截止日期 2024-08-10"]
    with pytest.raises(ValidationError, match="公示开始日期 2024-08-05 早于报名截止日期 2024-08-10"):
        services.start_notice(announcement=ann, start=D(2024, 8, 5))
    top.refresh_from_db()
    assert top.status == ApplicationStatus.CANDIDATE  # nothing changed
    api = client_for(daqing["people"]["county_clerk"])
    refused = api.post(f"/api/recruitment-announcements/{ann.pk}/notice/", {"start": "2024-07-01"},
                       content_type="application/json")
    assert refused.status_code == 400 and "早于招聘公告日期" in refused.json()["start"][0]
    done = api.post(f"/api/recruitment-announcements/{ann.pk}/notice/", {"start": "2024-09-27"},
                    content_type="application/json")
    assert done.status_code == 200 and done.json()["notice_end"] == "2024-10-09"  # across National Day


def test_an_objection_has_its_own_resolution_and_an_upheld_one_backfills(daqing, clerk):  # noqa: F811
    ann, (top, second, _third) = ranked_public(daqing)
    services.record_check(application=top, inspection="passed", medical="passed")
    services.start_notice(announcement=ann, start=D(2024, 9, 2))  # 2–6 September
    with pytest.raises(ValidationError, match="异议收到日期 2024-09-09 不在公示期内（2024-09-02至2024-09-06）"):
        services.record_objection(application=top, objection="反映学历造假", received_on=D(2024, 9, 9),
                                  today=D(2024, 9, 10))
    services.record_objection(application=top, objection="反映学历造假", received_on=D(2024, 9, 4),
                              today=D(2024, 9, 4))
    top.refresh_from_db()
    assert selectors.stage(top, D(2024, 9, 9)) == "公示中，有异议待处理"
    with pytest.raises(ValidationError, match="公示期间有异议尚未处理，不能聘用"):
        services.hire(application=top, contract_start=D(2024, 9, 16), today=D(2024, 9, 9))
    with pytest.raises(ValidationError) as caught:
        services.resolve_objection(application=top, outcome="maybe", resolution="", actor=None,
                                   on=D(2024, 9, 3), today=D(2024, 9, 9))
    assert set(caught.value.message_dict) == {"outcome", "resolution", "on"}  # on 09-03 is before 09-04
    with pytest.raises(ValidationError, match="处理日期 2024-09-03 早于异议收到日期 2024-09-04"):
        services.resolve_objection(application=top, outcome="upheld", resolution="经核查属实", actor=None,
                                   on=D(2024, 9, 3), today=D(2024, 9, 9))
    response = clerk.post(f"/recruitment/applications/{top.pk}/objection/resolve/",
                          {"outcome": "upheld", "resolution": "经学信网核查，学历证书不实", "on": "2024-09-05"},
                          follow=True)
    assert "异议成立，不予聘用" in response.content.decode() and "按排名递补" in response.content.decode()
    top.refresh_from_db()
    assert (top.status, top.objection_outcome, top.objection_resolved_on, top.objection_resolved_by) == (
        ApplicationStatus.OBJECTION_UPHELD, "upheld", D(2024, 9, 5), daqing["people"]["county_clerk"])
    second.refresh_from_db()
    assert second.status == ApplicationStatus.CANDIDATE  # the next in rank, for checks and a notice of their own
    with pytest.raises(ValidationError, match="没有待处理的公示异议"):
        services.resolve_objection(application=top, outcome="dismissed", resolution="x", actor=None)
    with pytest.raises(ValidationError, match="不在公示中"):
        services.hire(application=top, contract_start=D(2024, 9, 16), today=D(2024, 9, 9))
    services.record_check(application=second, inspection="passed", medical="passed")
    services.start_notice(announcement=ann, start=D(2024, 9, 9))
    second.refresh_from_db()
    assert (second.notice_start, second.notice_end) == (D(2024, 9, 9), D(2024, 9, 13))
    member = services.hire(application=second, contract_start=D(2024, 9, 23), today=D(2024, 9, 14))
    assert member.full_name == "应聘11"
    ann.refresh_from_db()
    assert ann.status == AnnouncementStatus.FINISHED


def test_a_notice_counted_with_the_fallback_says_so_until_the_year_is_entered(daqing, accounts_province_admin):  # noqa: F811
    """A recruitment in a year whose holidays are not entered: the notice end is marked as an estimate."""
    year = datetime.date.today().year
    while workdays.is_known_year(year):
        year += 1
    ann = announce(daqing["county"], [(daqing["office_a"], "internal", 1)], title="明年的公告",
                   announced_on=D(year, 3, 2))
    from sifasuo.staff.models import StaffMember

    application = services.submit_application(post=ann.posts.get(), data={"education": "bachelor"},
                                              staff=StaffMember.objects.get(full_name="甲4"))
    services.close_registration(announcement=ann, actor=None, today=D(year, 3, 11))
    services.screen_announcement(announcement=ann, today=D(year, 3, 11))
    services.record_scores(application=application, written="80", today=D(year, 3, 12))
    services.rank_final(announcement=ann, today=D(year, 3, 12))
    services.start_notice(announcement=ann, start=D(year, 4, 30))
    client = client_for(daqing["people"]["county_clerk"])
    page = client.get(f"/recruitment/announcements/{ann.pk}/").content.decode()
    assert "暂按周一至周五推算" in page and f"{year}年节假日安排尚未录入" in page
    holidays.save_year(actor=accounts_province_admin, year=year, notice_title=f"关于{year}年部分节假日安排的通知",
                       notice_issued_on=min(datetime.date.today(), D(year - 1, 12, 1)),
                       entries=[holidays.Entry("劳动节", holidays.HOLIDAY, D(year, 5, 1), D(year, 5, 5))])
    page = client.get(f"/recruitment/announcements/{ann.pk}/").content.decode()
    assert "暂按周一至周五推算" not in page


@pytest.fixture
def accounts_province_admin(daqing):  # noqa: F811
    from sifasuo.accounts.roles import Role
    from tests import factories

    return factories.user("hlj_padmin", Role.PROVINCE_ADMIN, daqing["province"])


# --- one vocabulary of tracks; what the ID number says is not typed; regions picked -----------------------


def test_tracks_are_named_as_the_policy_names_them(daqing, clerk, announcement):  # noqa: F811
    enter(announcement, 20)
    enter(announcement, 21, post_code="002")
    detail = clerk.get(f"/recruitment/announcements/{announcement.pk}/").content.decode()
    assert "面向社会公开招录" in detail and "现有专职辅助人员转任" in detail
    assert "内部选聘（现有专职辅助人员）" not in detail and "面向社会公开招聘" not in detail
    export = clerk.get(f"/recruitment/announcements/{announcement.pk}/applications/?export=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    column = rows[1].index("渠道")
    assert sorted(r[column] for r in rows[2:]) == ["现有专职辅助人员转任", "面向社会公开招录"]
    listing = clerk.get("/recruitment/applications/").content.decode()
    assert "现有专职辅助人员转任 / 现有专职辅助人员中择优选聘" in listing  # the filter: every policy's name


def test_the_form_reads_sex_and_birth_date_from_the_id_number_and_picks_regions(daqing, clerk, announcement):  # noqa: F811
    url = f"/recruitment/announcements/{announcement.pk}/applications/new/"
    page = clerk.get(url).content.decode()
    assert 'name="sex"' not in page and 'name="birth_date"' not in page
    assert 'data-id-preview="id_number_preview"' in page and "性别和出生日期从号码读取" in page
    assert 'data-region-picker="/org/divisions/"' in page and 'name="household_region_0"' in page
    assert '<option value="230000">黑龙江省</option>' in page
    number = idnumbers.generate(random.Random(30), region_code="230602", birth_date=D(1993, 2, 3), sex="F")
    post = announcement.posts.get(code="001")
    response = clerk.post(url, {"post": post.pk, "full_name": "李女士", "id_number": number, "education": "bachelor",
                                **answers(post.track),
                                **{f"household_region_{k}": v for k, v in SARTU.items()},
                                "household_region_3": "230602013",
                                "residence_region_0": "230000", "residence_region_1": "230600"})
    assert response.status_code == 400 and "请至少选择到县（市、区）" in errors_of(response)
    # the chosen levels come back selected, with the lists below them filled
    html = response.content.decode()
    assert '<option value="230602013" selected>萨尔图街道</option>' in html
    assert '<option value="230600" selected>大庆市</option>' in html
    response = clerk.post(url, {"post": post.pk, "full_name": "李女士", "id_number": number, "education": "bachelor",
                                **answers(post.track), **{f"household_region_{k}": v for k, v in SARTU.items()},
                                "household_region_3": "230602013"})
    assert response.status_code == 302, errors_of(response)
    application = Application.objects.get(full_name="李女士")
    assert (application.sex, application.birth_date, application.household_region) == ("F", D(1993, 2, 3), "230602013")
    page = clerk.get(f"/recruitment/applications/{application.pk}/").content.decode()
    assert "女 / 1993-02-03" in page and "取自身份证号码" in page
    assert "黑龙江省 大庆市 萨尔图区 萨尔图街道" in page


def test_the_division_picker_lists_each_level(clerk):  # noqa: F811
    def names(parent):
        return [(d["name"], d["level"]) for d in clerk.get(f"/org/divisions/?parent={parent}").json()]

    assert ("黑龙江省", "province") in names("")
    assert ("大庆市", "city") in names("230000")
    assert ("萨尔图区", "county") in names("230600")
    assert ("萨尔图街道", "township") in names("230602")
    assert ("东城街道", "township") in names("441900")  # 东莞: no counties, its townships at once
    assert ("文昌市", "county") in names("469000")  # Hainan's province-administered counties
    assert names("999999") == [] and names("abc") == []
