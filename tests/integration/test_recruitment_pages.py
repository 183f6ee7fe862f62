"""Recruitment pages and API with the Django test client, under the real daqing-2024 policy: announcements,
applications entered by the county and made online, screening with its reasons, review, scores, ranking,
checks with backfill, notice, hire — and the bad input of each step."""

from __future__ import annotations

import datetime
import io
import random
import re
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sifasuo.accounts.models import User
from sifasuo.accounts.roles import Role
from sifasuo.core import idnumbers
from sifasuo.core.models import SensitiveAccess
from sifasuo.recruitment import services
from sifasuo.recruitment.choices import ApplicationStatus
from sifasuo.recruitment.models import Announcement, Application, ApplicationDocument
from sifasuo.recruitment.policies import load
from sifasuo.recruitment.views import applications as clock_module
from sifasuo.staff.models import Contract, StaffMember
from tests import factories
from tests.conftest import client_for
from tests.recruitment_fixtures import announce, approved_plan

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
POLICY = "daqing-2024"
PDF = b"%PDF-1.4 diploma"
PNG = b"\x89PNG\r\n\x1a\n evidence"


@pytest.fixture
def clock(monkeypatch):
    """The pages' clock, moved to a day of the 2024 recruitment (registration ran 2024-08-01 to 08-10)."""

    def set_day(day: datetime.date) -> None:
        moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=SHANGHAI)
        monkeypatch.setattr(clock_module, "now", lambda: moment)

    set_day(datetime.date(2024, 8, 5))
    return set_day




SARTU = {"0": "230000", "1": "230600", "2": "230602"}  # 黑龙江省 大庆市 萨尔图区, as the pickers post it


def person(seed: int, birth=datetime.date(1995, 5, 5), sex="M", name=None) -> dict:
    """A person as the forms take them: no sex or birth date (read from the ID number), regions picked."""
    number = idnumbers.generate(random.Random(seed), region_code="230602", birth_date=birth, sex=sex)
    return {"full_name": name or f"应聘{seed}", "id_number": number, "phone": "13800000000",
            "education": "bachelor", "major": "法学",
            **{f"household_region_{k}": v for k, v in SARTU.items()},
            **{f"residence_region_{k}": v for k, v in SARTU.items()}}


def service_person(seed: int, birth=datetime.date(1995, 5, 5), sex="M", name=None) -> dict:
    """The same person as the services and the API take them."""
    number = idnumbers.generate(random.Random(seed), region_code="230602", birth_date=birth, sex=sex)
    return {"full_name": name or f"应聘{seed}", "id_number": number, "phone": "13800000000",
            "education": "bachelor", "major": "法学", "household_region": "230602", "residence_region": "230602"}


def answers(track="public", **yes) -> dict:
    policy = load(POLICY)
    return {f"decl_{code}": "yes" if yes.get(code) else "no"
            for code, *_ in services.declaration_items(policy, track)}


def enter(client, announcement, post_code="001", **data):
    post = announcement.posts.get(code=post_code)
    return client.post(f"/recruitment/announcements/{announcement.pk}/applications/new/",
                       {"post": post.pk, **answers(post.track), **data})


def errors_of(response) -> str:
    html = response.content.decode()
    shown = r'data-testid="(?:field-error|form-errors|import-errors)"[^>]*>(.*?)</div>'
    return " ".join(re.findall(shown, html, re.DOTALL))


def apply_online(daqing, announcement, *, seed, username, post_code="001", **extra):
    account = factories.user(username, Role.APPLICANT, None, full_name=f"应聘{seed}")
    client = client_for(account)
    post = announcement.posts.get(code=post_code)
    response = client.post(f"/recruitment/posts/{post.pk}/apply/", {
        **person(seed), **answers(post.track), "doc_diploma": SimpleUploadedFile("diploma.pdf", PDF),
        **extra})
    return account, client, response


# --- menu, announcements ---------------------------------------------------------------------------------


def test_menu_per_role(daqing, clerk):
    html = clerk.get("/").content.decode()
    assert "招聘公告" in html and "报名与审查" in html and "我的报名" not in html
    applicant = factories.user("menu_app", Role.APPLICANT, None)
    html = client_for(applicant).get("/").content.decode()
    assert "我的报名" in html and "在线报名" in html and "报名与审查" not in html


def post_rows(*rows, total=4):
    data = {"posts-TOTAL_FORMS": str(total), "posts-INITIAL_FORMS": "0", "posts-MIN_NUM_FORMS": "0",
            "posts-MAX_NUM_FORMS": "50"}
    for i, row in enumerate(rows):
        data.update({f"posts-{i}-{k}": v for k, v in row.items()})
    return data


ANNOUNCEMENT = {"title": "萨尔图区2024年公开招聘司法协理员公告", "announced_on": "2024-08-01",
                "registration_start": "2024-08-01", "registration_deadline": "2024-08-10", "body": "详见附件"}


def test_clerk_creates_announcement_with_posts(daqing, clerk):
    plan = approved_plan(daqing["county"], 2024, {daqing["office_a"]: 2, daqing["office_b"]: 1})
    page = clerk.get("/recruitment/announcements/new/").content.decode()
    assert "现有专职辅助人员转任" in page and "面向社会公开招录" in page  # tracks of the policy
    assert "性别要求" not in page  # DQ-7.8: posts are not split by sex
    assert "会战街道司法所" in page and "外县" not in page
    response = clerk.post("/recruitment/announcements/new/", {**ANNOUNCEMENT, "plan": plan.pk, **post_rows(
        {"office": daqing["office_a"].pk, "track": "public", "positions": "2"},
        {"office": daqing["office_b"].pk, "track": "internal", "positions": "1"}, total=2)})
    assert response.status_code == 302, errors_of(response)
    ann = Announcement.objects.get()
    assert response["Location"] == f"/recruitment/announcements/{ann.pk}/"
    assert [(p.code, p.office.name, p.track, p.positions) for p in ann.posts.order_by("code")] == [
        ("001", "萨尔图街道司法所", "public", 2), ("002", "会战街道司法所", "internal", 1)]
    detail = clerk.get(response["Location"]).content.decode()
    assert "萨尔图区2024年公开招聘司法协理员公告" in detail and "运行资格审查" in detail
    listing = clerk.get("/recruitment/announcements/").content.decode()
    assert "萨尔图区2024年公开招聘司法协理员公告" in listing


def test_announcement_bad_input_creates_nothing(daqing, clerk):
    response = clerk.post("/recruitment/announcements/new/", {
        **ANNOUNCEMENT, "title": "", "registration_deadline": "2024-02-30",
        **post_rows({"office": daqing["office_a"].pk, "track": "public", "positions": ""})})
    assert response.status_code == 400
    text = errors_of(response)
    assert "这个字段是必填项" in text or "此项为必填项" in text
    assert "不存在的日期" in text
    assert "此项为必填项" in text  # the post row has an office but no number
    response = clerk.post("/recruitment/announcements/new/", {
        **ANNOUNCEMENT, "registration_deadline": "2024-07-20",
        **post_rows({"office": daqing["office_a"].pk, "track": "public", "positions": "1"})})
    assert response.status_code == 400
    assert "报名截止日期 2024-07-20 早于报名开始日期 2024-08-01" in errors_of(response)
    response = clerk.post("/recruitment/announcements/new/", {**ANNOUNCEMENT, **post_rows()})
    assert "至少设置一个招聘岗位" in errors_of(response)
    assert not Announcement.objects.exists()


def test_county_without_policy_is_told_so(accounts):
    page = client_for(accounts["county_clerk"]).get("/recruitment/announcements/new/")
    assert page.status_code == 200
    assert "还没有司法协理员政策文件" in page.content.decode()


def test_only_county_managers_create_and_act(daqing, announcement):
    hr = client_for(daqing["people"]["hr"])
    assert hr.get("/recruitment/announcements/new/").status_code == 403
    assert hr.post(f"/recruitment/announcements/{announcement.pk}/screen/").status_code == 403
    assert hr.get(f"/recruitment/announcements/{announcement.pk}/").status_code == 200
    other = client_for(daqing["people"]["other_clerk"])
    assert other.get(f"/recruitment/announcements/{announcement.pk}/").status_code == 404
    assert other.post(f"/recruitment/announcements/{announcement.pk}/screen/").status_code == 404


# --- applications entered by the county ------------------------------------------------------------------


def test_county_enters_an_application(daqing, clerk, announcement):
    page = clerk.get(f"/recruitment/announcements/{announcement.pk}/applications/new/").content.decode()
    assert "受过刑事处罚（DQ-5.1）" in page and "法学类专业本科毕业生（DQ-3.3）" in page
    response = enter(clerk, announcement, "002", **person(1), is_existing_auxiliary="on",
                     auxiliary_region="230602", conditions=["law_bachelor"])
    assert response.status_code == 302, errors_of(response)
    application = Application.objects.get()
    assert application.track == "internal" and application.applicant is None
    assert application.is_existing_auxiliary is True
    assert application.conditions == ["law_bachelor"]
    assert set(application.declarations.values()) == {False}


@pytest.mark.parametrize("change, message", [
    ({"id_number": "230602199505051234"}, "身份证号码校验位错误"),
    ({"id_number": "23060219950505"}, "身份证号码应为18位"),
    ({"household_since": "1995-02-30"}, "不存在的日期"),
    ({"full_name": ""}, "必填"),
    ({"household_region_2": "230699"}, "行政区划代码 230699 不在区划数据中"),
    ({"household_region_2": "", "household_region_1": ""}, "请至少选择到县（市、区）"),
    ({"decl_criminal_punishment": ""}, "请回答此项（是或否）"),
])
def test_bad_application_input_is_explained_and_nothing_saved(daqing, clerk, announcement, change, message):
    response = enter(clerk, announcement, **{**person(2), **change})
    assert response.status_code == 400
    assert message in errors_of(response)
    assert not Application.objects.exists()


def test_duplicate_application_is_refused(daqing, clerk, announcement):
    assert enter(clerk, announcement, **person(3)).status_code == 302
    response = enter(clerk, announcement, "002", **person(3))
    assert response.status_code == 400
    assert "已报名本次招聘，不能重复报名" in errors_of(response)
    assert Application.objects.count() == 1


# --- applicants: registration, online application, their own applications --------------------------------


def test_self_registration(db):
    client = Client()
    assert "注册报名账号" in client.get("/accounts/register/").content.decode()
    good = {"username": "zhangsan", "full_name": "张三", "phone": "13912345678",
            "password": "Apply@2024ok", "password_again": "Apply@2024ok"}
    response = client.post("/accounts/register/", {**good, "password_again": "Apply@2024no"})
    assert "两次输入的密码不一致" in errors_of(response)
    response = client.post("/accounts/register/", {**good, "password": "abc", "password_again": "abc"})
    assert response.status_code == 400 and "密码" in errors_of(response)
    response = client.post("/accounts/register/", {**good, "phone": "12345"})
    assert "手机号码应为以1开头的11位数字" in errors_of(response)
    assert not User.objects.filter(username="zhangsan").exists()
    response = client.post("/accounts/register/", good)
    assert response.status_code == 302 and response["Location"] == "/recruitment/open/"
    account = User.objects.get(username="zhangsan")
    assert (account.role, account.unit) == (Role.APPLICANT, None)
    assert (account.full_name, account.phone) == ("张三", "13912345678")
    assert "我的报名" in client.get("/").content.decode()  # logged in
    again = Client().post("/accounts/register/", {**good, "username": "ZhangSan"})
    assert "已存在" in errors_of(again)


def test_open_announcements_are_public(daqing, announcement, clock):
    closed = announce(daqing["county"], [(daqing["office_a"], "public", 1)], title="已截止的公告",
                      announced_on=datetime.date(2024, 6, 1))
    services.submit_application(post=announcement.posts.get(code="001"),
                                data={**service_person(4, name="不公开的报名人"), "birth_date": datetime.date(1995, 5, 5)})
    page = Client().get("/recruitment/open/").content.decode()
    assert "萨尔图区2024年司法协理员招聘公告" in page and "萨尔图区司法局" in page and "萨尔图街道司法所 1人" in page
    assert "已截止的公告" not in page
    assert Client().get(f"/recruitment/open/{closed.pk}/").status_code == 404
    detail = Client().get(f"/recruitment/open/{announcement.pk}/").content.decode()
    assert "会战街道司法所" in detail and "登录后报名" in detail
    assert "不公开的报名人" not in page + detail


def test_applicant_applies_online_with_certificates(daqing, announcement, clock):
    account, client, response = apply_online(daqing, announcement, seed=5, username="wang",
                                             doc_priority=SimpleUploadedFile("law.png", PNG))
    assert response.status_code == 302, errors_of(response)
    application = Application.objects.get()
    assert response["Location"] == f"/recruitment/mine/{application.pk}/"
    assert application.applicant == account and application.track == "public"
    assert sorted(d.kind for d in application.documents.all()) == ["优先条件证明材料", "学历证书"]
    page = client.get(response["Location"]).content.decode()
    assert "已报名" in page and "尚未进行资格审查" in page
    assert application.id_number not in page and idnumbers.mask(application.id_number) in page
    diploma = application.documents.get(kind="学历证书")
    download = client.get(f"/recruitment/documents/{diploma.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # A second application to the same announcement is not offered.
    again = client.get(f"/recruitment/posts/{announcement.posts.get(code='001').pk}/apply/").content.decode()
    assert "您已报名本次招聘" in again


@pytest.mark.parametrize("upload, message", [
    (None, "请上传学历证书"),
    (SimpleUploadedFile("diploma.exe", b"MZ"), "文件类型不允许：只接受 PDF、JPG、PNG"),
    (SimpleUploadedFile("diploma.pdf", b"not a pdf"), "内容不是有效的PDF文件"),
    (SimpleUploadedFile("diploma.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024)), "超过 5 MB 上限"),
])
def test_bad_certificate_is_refused(daqing, announcement, clock, upload, message):
    extra = {"doc_diploma": upload} if upload else {"doc_diploma": ""}
    _account, _client, response = apply_online(daqing, announcement, seed=6, username="li", **extra)
    assert response.status_code == 400
    assert message in errors_of(response)
    assert not Application.objects.exists() and not ApplicationDocument.objects.exists()


def test_online_application_outside_registration_period(daqing, announcement, clock):
    clock(datetime.date(2024, 7, 31))  # listed (upcoming) but not yet open
    _account, _client, response = apply_online(daqing, announcement, seed=7, username="zhao")
    assert response.status_code == 400
    assert "当前不在报名期内" in errors_of(response)
    clock(datetime.date(2024, 8, 11))  # after the deadline the post is gone from the public pages
    _account, _client, response = apply_online(daqing, announcement, seed=8, username="qian")
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_applicant_sees_only_own_applications(daqing, announcement, clock):
    _a, mine, _ = apply_online(daqing, announcement, seed=9, username="sun")
    _b, theirs, _ = apply_online(daqing, announcement, seed=10, username="zhou")
    my_app = Application.objects.get(applicant__username="sun")
    their_app = Application.objects.get(applicant__username="zhou")
    listing = mine.get("/recruitment/mine/")
    assert [a.pk for a in listing.context["object_list"]] == [my_app.pk]
    assert "应聘10" not in listing.content.decode()
    assert mine.get(f"/recruitment/mine/{their_app.pk}/").status_code == 404
    assert mine.get(f"/recruitment/documents/{their_app.documents.get().pk}/").status_code == 404
    assert mine.get(f"/recruitment/applications/{their_app.pk}/").status_code == 403
    assert mine.get("/recruitment/applications/").status_code == 403
    assert mine.get("/api/recruitment-applications/").status_code == 403
    export = mine.get("/recruitment/mine/?export=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and idnumbers.mask(my_app.id_number) in rows[2]
    assert theirs.get(f"/recruitment/mine/{my_app.pk}/").status_code == 404


# --- screening, review, scores, ranking, checks, notice, hire --------------------------------------------


def make_applicants(clerk, announcement, births, post_code="001", **extra):
    for seed, birth in births:
        response = enter(clerk, announcement, post_code, **person(seed, birth=birth), **extra)
        assert response.status_code == 302, errors_of(response)
    return list(Application.objects.order_by("id"))


def test_screening_shows_every_reason(daqing, clerk, announcement, clock):
    too_old = datetime.date(1988, 8, 10)  # 36 on the deadline 2024-08-10: DQ-2.2 refuses
    make_applicants(clerk, announcement, [(11, datetime.date(1995, 5, 5)), (12, too_old)])
    _acc, online, _ = apply_online(daqing, announcement, seed=13, username="wu")
    clock(datetime.date(2024, 8, 11))  # the deadline has passed: the screening is final
    response = clerk.post(f"/recruitment/announcements/{announcement.pk}/screen/", follow=True)
    assert "资格审查完成：共审查 3 人，通过 2 人，未通过 1 人" in response.content.decode()
    old = Application.objects.get(full_name="应聘12")
    page = clerk.get(f"/recruitment/applications/{old.pk}/").content.decode()
    assert "资格审查未通过" in page
    row = re.search(r"<tr class=\"table-danger\">(.*?)</tr>", page, re.DOTALL).group(1)
    assert "DQ-2.2" in row and "三(二)1.(2)" in row and "未通过" in row
    assert "待人工确认" in page and "DQ-2.1" in page  # political standing is for the reviewer
    assert page.count("<td class=\"text-nowrap\">通过</td>") >= 3
    # The applicant sees the reasons of their own screening.
    mine = online.get(f"/recruitment/mine/{Application.objects.get(full_name='应聘13').pk}/").content.decode()
    assert "资格审查通过" in mine and "DQ-2.5" in mine and "尚未进行资格审查" not in mine
    # The counts on the announcement page.
    detail = clerk.get(f"/recruitment/announcements/{announcement.pk}/").content.decode()
    assert "共 3 人报名；资格审查通过 2 人；资格审查未通过 1 人" in detail


def test_review_confirms_or_overrides_with_reason(daqing, clerk, announcement):
    app, = make_applicants(clerk, announcement, [(14, datetime.date(1995, 5, 5))])
    hr = client_for(daqing["people"]["hr"])
    response = hr.post(f"/recruitment/applications/{app.pk}/review/", {"decision": "confirm"})
    assert response.status_code == 400 and "尚未进行系统资格审查，请先运行资格审查" in errors_of(response)
    services.screen_announcement(announcement=announcement)
    response = hr.post(f"/recruitment/applications/{app.pk}/review/",
                       {"decision": "override_ineligible", "reason": ""})
    assert response.status_code == 400 and "改变系统结论时必须填写理由" in errors_of(response)
    response = hr.post(f"/recruitment/applications/{app.pk}/review/",
                       {"decision": "override_ineligible", "reason": "经核查存在不适宜情形（DQ-5.5）"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.status, app.reviewed_by, app.review_reason) == (
        ApplicationStatus.INELIGIBLE, daqing["people"]["hr"], "经核查存在不适宜情形（DQ-5.5）")
    page = hr.get(f"/recruitment/applications/{app.pk}/").content.decode()
    assert "改为不通过（经核查存在不适宜情形（DQ-5.5））" in page and "审核人 dq_hr" in page
    director = factories.user("dq_dir", Role.OFFICE_DIRECTOR, daqing["office_a"])
    assert client_for(director).post(f"/recruitment/applications/{app.pk}/review/",
                                     {"decision": "confirm"}).status_code == 403


def test_score_entry_checks_the_range(daqing, clerk, announcement):
    app, = make_applicants(clerk, announcement, [(15, datetime.date(1995, 5, 5))])
    services.screen_announcement(announcement=announcement)
    url = f"/recruitment/applications/{app.pk}/scores/"
    for value, message in [("101", "笔试成绩 101 超出范围（0至100）"), ("-1", "笔试成绩 -1 超出范围（0至100）"),
                           ("八十", "笔试成绩「八十」不是数字"), ("", "请填写笔试成绩或面试考官评分")]:
        response = clerk.post(url, {"written": value})
        assert response.status_code == 400 and message in errors_of(response), value
    response = clerk.post(url, {"interview_marks": "90 91 89"})
    assert "至少需要5名考官评分" in errors_of(response)
    response = clerk.post(url, {"interview_marks": "90 91 89 95 160"})
    assert "第5位考官评分 160 超出范围（0至100）" in errors_of(response)
    app.refresh_from_db()
    assert app.written_score is None and app.interview_score is None
    assert clerk.post(url, {"written": "88.5"}).status_code == 302
    app.refresh_from_db()
    assert app.written_score == 88.5


def test_recruitment_from_screening_to_hire(daqing, clerk, announcement, clock):
    apps = make_applicants(clerk, announcement, [(20, datetime.date(1995, 1, 1)),
                                                 (21, datetime.date(1996, 1, 1)),
                                                 (22, datetime.date(1997, 1, 1))])
    base = f"/recruitment/announcements/{announcement.pk}"
    response = clerk.post(f"{base}/screen/", follow=True)  # 2024-08-05: registration is still open
    assert "资格预审（报名尚未截止" in response.content.decode()
    response = clerk.post(f"/recruitment/applications/{apps[0].pk}/scores/", {"written": "85"})
    assert response.status_code == 400 and "报名尚未截止（截止日期 2024-08-10），不能登记成绩" in errors_of(response)
    clock(datetime.date(2024, 8, 11))
    clerk.post(f"{base}/screen/")
    for app, written in zip(apps, ["85", "80", "75"]):
        response = clerk.post(f"/recruitment/applications/{app.pk}/scores/", {"written": written})
        assert response.status_code == 302
    response = clerk.post(f"{base}/shortlist/", follow=True)
    assert "进入面试 3 人，未入围 0 人" in response.content.decode()
    for app, marks in zip(apps, ["90 91 89 95 60", "80 80 80 80 80", "85 85 85 85 85"]):
        response = clerk.post(f"/recruitment/applications/{app.pk}/scores/", {"interview_marks": marks})
        assert response.status_code == 302
    response = clerk.post(f"{base}/rank/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{base}/ranking/"
    assert "综合排名完成：共 3 人参加排名，1 人为拟聘用人员" in page
    # 应聘20: 85×.5+90×.5 = 87.50; 应聘21 80.00 and 应聘22 80.00 tie, the written score decides (DQ-7.3).
    rows = re.findall(r'<tr data-testid="rank-row">(.*?)</tr>', page, re.DOTALL)
    text = [re.sub(r"<[^>]+>", " ", r) for r in rows]
    assert "87.50" in text[0] and "应聘20" in text[0] and "拟聘用" in text[0]
    assert "应聘21" in text[1] and "笔试" in text[1]
    assert "应聘22" in text[2]
    # 体检 fails: the next in rank is backfilled, and the page says who.
    first, second = apps[0], apps[1]
    response = clerk.post(f"/recruitment/applications/{first.pk}/checks/",
                          {"inspection": "passed", "medical": "failed", "next": f"{base}/ranking/"},
                          follow=True)
    assert response.redirect_chain[-1][0] == f"{base}/ranking/"
    message = response.content.decode()
    assert "按排名递补" in message and "应聘21" in message and f"/recruitment/applications/{second.pk}/" in message
    response = clerk.post(f"/recruitment/applications/{second.pk}/checks/",
                          {"inspection": "passed", "medical": "passed"})
    assert response.status_code == 302
    # Notice: five working days across National Day (2024-09-29 is an adjusted working Sunday).
    response = clerk.post(f"{base}/notice/", {"start": "2024-09-27"}, follow=True)
    page = response.content.decode()
    assert "公示已开始：2024-09-27 至 2024-10-09，共5个工作日（法定节假日不计，调休上班日计入）（DQ-7.6）" in page
    second.refresh_from_db()
    assert second.status == ApplicationStatus.NOTICE
    clock(datetime.date(2024, 10, 8))
    response = clerk.post(f"/recruitment/applications/{second.pk}/objection/", {"objection": "反映其学历存疑"})
    assert response.status_code == 302
    clock(datetime.date(2024, 10, 10))
    response = clerk.post(f"/recruitment/applications/{second.pk}/hire/", {"contract_start": "2024-10-15"})
    assert response.status_code == 400 and "公示期间有异议尚未处理，不能聘用" in errors_of(response)
    assert "公示期满" not in clerk.get(f"/recruitment/applications/{second.pk}/").content.decode()
    response = clerk.post(f"/recruitment/applications/{second.pk}/objection/resolve/",
                          {"outcome": "dismissed", "resolution": "经核查学历证书真实，异议不成立", "on": "2024-10-09"})
    assert response.status_code == 302, errors_of(response)
    page = clerk.get(f"/recruitment/applications/{second.pk}/").content.decode()
    assert "异议不成立，维持拟聘用" in page and "2024-10-09" in page and "dq_clerk" in page
    assert "公示期满，待聘用" in page
    clock(datetime.date(2024, 10, 9))
    response = clerk.post(f"/recruitment/applications/{second.pk}/hire/", {"contract_start": "2024-10-15"})
    assert response.status_code == 400 and "公示期至 2024-10-09 结束，结束后方可聘用" in errors_of(response)
    clock(datetime.date(2024, 10, 10))
    response = clerk.post(f"/recruitment/applications/{second.pk}/hire/",
                          {"contract_start": "2024-10-15", "duty_category": "public_legal_service"})
    member = StaffMember.objects.get(full_name="应聘21")
    assert response.status_code == 302 and response["Location"] == f"/staff/{member.pk}/"
    assert (member.unit, member.staff_type) == (daqing["office_a"], "judicial_assistant")
    assert Contract.objects.get(staff=member).end == datetime.date(2027, 10, 14)
    page = clerk.get(f"/recruitment/applications/{second.pk}/").content.decode()
    assert "已聘用" in page and f"/staff/{member.pk}/" in page


def test_notice_needs_the_ranking_and_checked_candidates(daqing, clerk, announcement):
    response = clerk.post(f"/recruitment/announcements/{announcement.pk}/notice/", {"start": "2024-09-27"})
    assert response.status_code == 400
    assert "尚未完成综合排名，不能发布公示" in errors_of(response)
    services.rank_final(announcement=announcement)
    response = clerk.post(f"/recruitment/announcements/{announcement.pk}/notice/", {"start": "2024-09-27"})
    assert response.status_code == 400
    assert "没有完成考察、体检（按本渠道程序）的拟聘用人员，不能发布公示" in errors_of(response)
    response = clerk.post(f"/recruitment/announcements/{announcement.pk}/notice/", {"start": "2024-09-31"})
    assert "不存在的日期" in errors_of(response)


# --- the list, its filters and export, full ID numbers --------------------------------------------------


def test_list_filters_and_masked_export(daqing, clerk, announcement):
    apps = make_applicants(clerk, announcement, [(30, datetime.date(1995, 5, 5)),
                                                 (31, datetime.date(1980, 1, 1))])
    make_applicants(clerk, announcement, [(32, datetime.date(1980, 1, 1))], post_code="002",
                    is_existing_auxiliary="on",
                    **{f"auxiliary_region_{k}": v for k, v in SARTU.items()})  # DQ-4.2: up to 55 on this track
    services.screen_announcement(announcement=announcement)
    url = f"/recruitment/announcements/{announcement.pk}/applications/"

    def names(query=""):
        return sorted(a.full_name for a in clerk.get(url + query).context["object_list"])

    assert names() == ["应聘30", "应聘31", "应聘32"]
    assert names("?eligible=false") == ["应聘31"]
    assert names("?eligible=true") == ["应聘30", "应聘32"]
    assert names(f"?post={announcement.posts.get(code='002').pk}") == ["应聘32"]
    assert names("?track=public&status=eligible") == ["应聘30"]
    assert names("?q=应聘3") == ["应聘30", "应聘31", "应聘32"] and names("?q=31") == ["应聘31"]
    services.review_application(application=Application.objects.get(full_name="应聘31"),
                                decision="override_eligible", reason="年龄按原公告口径", reviewer=None)
    assert names("?eligible=false") == []
    page = clerk.get(url).content.decode()
    assert apps[0].id_number not in page and idnumbers.mask(apps[0].id_number) in page
    export = clerk.get(url + "?export=xlsx&post=" + str(announcement.posts.get(code="001").pk))
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("姓名", "身份证号码", "性别")
    assert sorted(r[0] for r in rows[2:]) == ["应聘30", "应聘31"]
    cells = " ".join(str(c) for r in rows for c in r)
    assert apps[0].id_number not in cells and idnumbers.mask(apps[0].id_number) in cells
    everything = client_for(daqing["people"]["hr"]).get("/recruitment/applications/?status=eligible")
    assert sorted(a.full_name for a in everything.context["object_list"]) == ["应聘30", "应聘31", "应聘32"]
    assert client_for(daqing["people"]["other_clerk"]).get(url).status_code == 404


def test_full_id_number_only_for_allowed_roles_and_logged(daqing, clerk, announcement):
    app, = make_applicants(clerk, announcement, [(40, datetime.date(1995, 5, 5))])
    page = clerk.get(f"/recruitment/applications/{app.pk}/").content.decode()
    assert app.id_number in page and "本次查看已记录" in page
    access = SensitiveAccess.objects.get(object_id=str(app.pk))
    assert (access.username, access.field, access.unit_path) == ("dq_clerk", "身份证号码", daqing["county"].path)
    page = client_for(daqing["people"]["hr"]).get(f"/recruitment/applications/{app.pk}/").content.decode()
    assert app.id_number not in page and idnumbers.mask(app.id_number) in page
    assert SensitiveAccess.objects.count() == 1


# --- API -------------------------------------------------------------------------------------------------


def test_api_announcements_and_actions(daqing, announcement):
    clerk, hr = client_for(daqing["people"]["county_clerk"]), client_for(daqing["people"]["hr"])
    data = clerk.get("/api/recruitment-announcements/").json()
    assert data["count"] == 1
    posts = data["results"][0]["posts"]
    assert [(p["code"], p["office"], p["track"]) for p in posts] == [("001", "230602013", "public"),
                                                                      ("002", "230602014", "internal")]
    url = f"/api/recruitment-announcements/{announcement.pk}"
    assert hr.post(f"{url}/screen/").status_code == 403
    assert clerk.post(f"{url}/screen/").json() == {"eligible": 0, "ineligible": 0, "preview": False}
    assert clerk.get(f"{url}/screen/").status_code == 405
    assert client_for(daqing["people"]["other_clerk"]).get(f"{url}/screen/").status_code == 404
    assert client_for(daqing["people"]["other_clerk"]).post(f"{url}/screen/").status_code == 404


def test_api_applications(daqing, announcement):
    clerk, hr = client_for(daqing["people"]["county_clerk"]), client_for(daqing["people"]["hr"])
    post = announcement.posts.get(code="001")
    declarations = {code.removeprefix("decl_"): False for code in answers()}
    body = {**service_person(50), "post": post.pk, "declarations": declarations}
    response = hr.post("/api/recruitment-applications/", body, content_type="application/json")
    assert response.status_code == 403
    bad = {**body, "household_region": "230699"}
    response = clerk.post("/api/recruitment-applications/", bad, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"household_region": ["行政区划代码 230699 不在区划数据中，请重新选择"]}
    response = clerk.post("/api/recruitment-applications/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["id_number"] == idnumbers.mask(body["id_number"]) and created["track"] == "public"
    assert (created["sex"], created["birth_date"]) == ("M", "1995-05-05")  # read from the ID number
    again = clerk.post("/api/recruitment-applications/", body, content_type="application/json")
    assert "已报名本次招聘，不能重复报名" in again.json()["id_number"][0]
    listing = hr.get(f"/api/recruitment-applications/?announcement={announcement.pk}&status=submitted").json()
    assert [r["full_name"] for r in listing["results"]] == ["应聘50"]
    assert body["id_number"] not in str(listing)
    assert hr.get("/api/recruitment-applications/?status=eligible").json()["count"] == 0
    pk = created["id"]
    clerk.post(f"/api/recruitment-announcements/{announcement.pk}/screen/")
    response = hr.post(f"/api/recruitment-applications/{pk}/review/", {"decision": "override_ineligible"},
                       content_type="application/json")
    assert response.status_code == 400 and response.json() == {"reason": ["改变系统结论时必须填写理由"]}
    response = hr.post(f"/api/recruitment-applications/{pk}/review/", {"decision": "confirm"},
                       content_type="application/json")
    assert response.status_code == 200 and response.json()["review_decision"] == "confirm"
    assert hr.post(f"/api/recruitment-applications/{pk}/scores/", {"written": "80"},
                   content_type="application/json").status_code == 403
    response = clerk.post(f"/api/recruitment-applications/{pk}/scores/", {"written": "101"},
                          content_type="application/json")
    assert response.status_code == 400 and response.json() == {"non_field_errors": ["笔试成绩 101 超出范围（0至100）"]}
    response = clerk.post(f"/api/recruitment-applications/{pk}/scores/", {"interview_marks": ["80", "81"]},
                          content_type="application/json")
    assert response.status_code == 400 and "至少需要5名考官评分" in response.json()["interview_marks"][0]
    response = clerk.post(f"/api/recruitment-applications/{pk}/scores/", {"written": "80"},
                          content_type="application/json")
    assert response.json()["written_score"] == "80.00"
    other = client_for(daqing["people"]["other_clerk"])
    assert other.get(f"/api/recruitment-applications/{pk}/").status_code == 404
    assert other.get(f"/api/recruitment-applications/{pk}/review/").status_code == 404


def test_schema_lists_recruitment_endpoints(accounts):
    import yaml

    schema = yaml.safe_load(client_for(accounts["county_clerk"]).get("/api/schema/").content)  # needs a login
    for path in ["/api/recruitment-announcements/", "/api/recruitment-announcements/{id}/screen/",
                 "/api/recruitment-announcements/{id}/shortlist/",
                 "/api/recruitment-announcements/{id}/rank/",
                 "/api/recruitment-applications/", "/api/recruitment-applications/{id}/review/",
                 "/api/recruitment-applications/{id}/scores/"]:
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/recruitment-applications/"]["get"]["parameters"]}
    assert {"announcement", "post", "status", "eligible", "track", "q"} <= params
