"""One recruitment end to end in Chromium, under the real daqing-2024 policy: the county clerk publishes an
announcement; an applicant registers and applies online, a second application is entered by the county;
screening with its reasons; written scores, interview shortlist, examiners' marks; final ranking; 考察 and 体检;
the public notice with its end date in working days; hire, which opens the new staff record."""

from __future__ import annotations

import datetime
import random
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from sifasuo.core import idnumbers
from sifasuo.recruitment.models import Announcement, Application
from sifasuo.recruitment.views import applications as clock_module
from sifasuo.staff.models import StaffMember
from tests.recruitment_fixtures import daqing  # noqa: F401

from .helpers import assert_no_foreign_units, log_in

pytestmark = pytest.mark.browser

TITLE = "萨尔图区2024年公开招聘司法协理员公告"
PDF = b"%PDF-1.4 diploma of the applicant"
APPLICANT_ID = idnumbers.generate(random.Random(1), region_code="230602",
                                  birth_date=datetime.date(1995, 5, 5), sex="M")
ENTERED_ID = idnumbers.generate(random.Random(2), region_code="230602",
                                birth_date=datetime.date(1996, 6, 6), sex="F")


def set_clock(monkeypatch, day: datetime.date) -> None:
    """The live server runs in this process: moving the pages' clock moves it for the browser too."""
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(clock_module, "now", lambda: moment)


def alert(page):
    return page.get_by_role("alert").first


def fill_person(page, *, id_number, sex, birth, education="大学本科", major="法学"):
    page.locator("#id_id_number").fill(id_number)
    page.locator("#id_sex").select_option(label=sex)
    page.locator("#id_birth_date").fill(birth)
    page.locator("#id_education").select_option(label=education)
    page.locator("#id_major").fill(major)
    page.locator("#id_household_region").fill("230602")
    page.locator("#id_residence_region").fill("230602013")
    declarations = page.get_by_test_id("declarations").locator("select")
    for i in range(declarations.count()):
        declarations.nth(i).select_option(label="否")


def open_application(page, announcement_pk: int, name: str):
    page.goto(f"/recruitment/announcements/{announcement_pk}/applications/")
    page.get_by_test_id("object-table").get_by_role("link", name=name).click()
    expect(page.get_by_test_id("applicant-name")).to_have_text(name)


def test_recruitment_from_announcement_to_hire(new_page, live_server, daqing, monkeypatch):
    set_clock(monkeypatch, datetime.date(2024, 8, 5))  # registration runs 2024-08-01 … 08-10
    clerk = new_page(viewport={"width": 1280, "height": 900})
    log_in(clerk, "dq_clerk")

    # 1. The clerk publishes the announcement with one public post.
    clerk.locator("#mainnav").get_by_role("button", name="协理员招聘").click()
    clerk.locator("#mainnav").get_by_role("link", name="招聘公告").click()
    expect(clerk.locator("main h1")).to_have_text("招聘公告")
    clerk.get_by_role("link", name="新建").click()
    expect(clerk.locator("main h1")).to_have_text("发布招聘公告")
    expect(clerk.locator("main")).to_contain_text("适用政策：大庆市司法协理员制度试点（2024年）（daqing-2024）")
    clerk.locator("#id_title").fill(TITLE)
    clerk.locator("#id_announced_on").fill("2024-08-01")
    clerk.locator("#id_registration_start").fill("2024-08-01")
    clerk.locator("#id_registration_deadline").fill("2024-08-10")
    clerk.locator("#id_posts-0-office").select_option(label="萨尔图街道司法所")
    clerk.locator("#id_posts-0-track").select_option(label="面向社会公开招录")
    clerk.locator("#id_posts-0-positions").fill("1")
    clerk.get_by_role("button", name="发布").click()
    expect(alert(clerk)).to_have_text(f"已发布「{TITLE}」，共 1 个岗位")
    expect(clerk.get_by_test_id("posts")).to_contain_text("001")
    expect(clerk.get_by_test_id("posts")).to_contain_text("萨尔图街道司法所")
    announcement = Announcement.objects.get(title=TITLE)
    detail_url = f"/recruitment/announcements/{announcement.pk}/"

    # 2. An applicant finds it without an account, registers, and applies online with a certificate.
    applicant = new_page(viewport={"width": 1280, "height": 900})
    applicant.goto("/recruitment/open/")
    expect(applicant.get_by_test_id("open-announcements")).to_contain_text(TITLE)
    expect(applicant.get_by_test_id("open-announcements")).to_contain_text("萨尔图街道司法所 1人")
    applicant.get_by_role("link", name="注册报名账号").click()
    applicant.locator("#id_username").fill("wangxm")
    applicant.locator("#id_full_name").fill("王小明")
    applicant.locator("#id_phone").fill("13912345678")
    applicant.locator("#id_password").fill("Apply@2024ok")
    applicant.locator("#id_password_again").fill("Apply@2024ok")
    applicant.get_by_role("button", name="注册").click()
    expect(applicant).to_have_url(f"{live_server.url}/recruitment/open/")
    expect(alert(applicant)).to_contain_text("注册成功")
    expect(applicant.get_by_test_id("current-user")).to_contain_text("王小明 · 报名人员")
    applicant.get_by_role("link", name=re.compile(TITLE)).click()
    applicant.get_by_role("link", name="报名此岗位").click()
    expect(applicant.locator("main h1")).to_have_text("网上报名")
    expect(applicant.locator("#id_full_name")).to_have_value("王小明")
    fill_person(applicant, id_number=APPLICANT_ID, sex="男", birth="1995-05-06")  # one day off the ID number
    applicant.locator("#id_doc_diploma").set_input_files(
        {"name": "diploma.pdf", "mimeType": "application/pdf", "buffer": PDF})
    applicant.get_by_role("button", name="提交报名").click()
    expect(applicant.get_by_test_id("field-error")).to_have_text(
        "填写的出生日期 1995-05-06 与身份证号码中的 1995-05-05 不一致")
    assert not Application.objects.exists()
    applicant.locator("#id_birth_date").fill("1995-05-05")
    applicant.locator("#id_doc_diploma").set_input_files(
        {"name": "diploma.pdf", "mimeType": "application/pdf", "buffer": PDF})
    applicant.get_by_role("button", name="提交报名").click()
    expect(applicant).to_have_url(re.compile(r"/recruitment/mine/\d+/$"))
    expect(alert(applicant)).to_contain_text("报名成功")
    expect(applicant.get_by_test_id("application-status")).to_have_text("已报名")
    expect(applicant.get_by_test_id("id-number")).to_have_text(idnumbers.mask(APPLICANT_ID))
    expect(applicant.get_by_test_id("not-screened")).to_be_visible()

    # 3. The county enters a second application (a paper form).
    clerk.goto(detail_url)
    clerk.get_by_role("link", name="录入报名").click()
    clerk.locator("#id_post").select_option(index=1)
    clerk.locator("#id_full_name").fill("李小红")
    fill_person(clerk, id_number=ENTERED_ID, sex="女", birth="1996-06-06", major="汉语言文学")
    clerk.get_by_role("button", name="保存报名").click()
    expect(alert(clerk)).to_have_text("已录入 李小红 的报名（岗位 001）")
    expect(clerk.get_by_test_id("id-number")).to_contain_text(ENTERED_ID)  # full number; the view is logged
    expect(clerk.get_by_test_id("id-number")).to_contain_text("本次查看已记录")

    # 4. Screening: both pass; every reason names its rule, and the applicant sees them.
    clerk.goto(detail_url)
    expect(clerk.get_by_test_id("status-counts")).to_contain_text("共 2 人报名；已报名 2 人")
    clerk.get_by_role("button", name="运行资格审查").click()
    expect(alert(clerk)).to_have_text("资格审查完成：共审查 2 人，通过 2 人，未通过 0 人")
    applicant.reload()
    expect(applicant.get_by_test_id("application-status")).to_have_text("资格审查通过")
    reasons = applicant.get_by_test_id("reasons")
    expect(reasons).to_contain_text("DQ-2.2")
    expect(reasons).to_contain_text("三(二)1.(2)")
    expect(reasons).to_contain_text("待人工确认")

    # 5. Written scores, the interview shortlist (1 post × 3), examiners' marks.
    for name, written in [("王小明", "85"), ("李小红", "80")]:
        open_application(clerk, announcement.pk, name)
        clerk.locator("#id_written").fill(written)
        clerk.get_by_test_id("score-form").get_by_role("button", name="保存成绩").click()
        expect(alert(clerk)).to_have_text(f"已登记 {name} 的成绩：笔试 {written}.00")
    clerk.goto(detail_url)
    clerk.get_by_role("button", name="入围面试").click()
    expect(alert(clerk)).to_have_text("已按笔试成绩确定面试人选：进入面试 2 人，未入围 0 人")
    for name, marks, score in [("王小明", "90 91 89 95 60", "90.00"), ("李小红", "80 80 80 80 80", "80.00")]:
        open_application(clerk, announcement.pk, name)
        clerk.locator("#id_interview_marks").fill(marks)
        clerk.get_by_test_id("score-form").get_by_role("button", name="保存成绩").click()
        expect(alert(clerk)).to_contain_text(f"面试 {score}")

    # 6. Final ranking: 85×50% + 90×50% = 87.50 first; 80.00 second.
    clerk.goto(detail_url)
    clerk.get_by_role("button", name="综合排名").click()
    expect(alert(clerk)).to_have_text("综合排名完成：共 2 人参加排名，1 人为拟聘用人员（待考察、体检）")
    rows = clerk.get_by_test_id("ranking-001").get_by_test_id("rank-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("王小明")
    expect(rows.nth(0)).to_contain_text("87.50")
    expect(rows.nth(0)).to_contain_text("拟聘用（考察体检中）")
    expect(rows.nth(1)).to_contain_text("李小红")
    expect(rows.nth(1)).to_contain_text("80.00")
    expect(rows.nth(1)).to_contain_text("进入面试")

    # 7. 考察 and 体检 passed, on the ranking page.
    rows.nth(0).get_by_label("考察").select_option(label="合格")
    rows.nth(0).get_by_label("体检").select_option(label="合格")
    rows.nth(0).get_by_role("button", name="保存").click()
    expect(alert(clerk)).to_have_text("已记录 王小明 的考察、体检结果（拟聘用（考察体检中））")
    expect(rows.nth(0)).to_contain_text("合格")

    # 8. The notice: five working days from Friday 27 September, across National Day → 9 October.
    clerk.goto(detail_url)
    clerk.locator("#id_start").fill("2024-09-27")
    clerk.get_by_role("button", name="开始公示").click()
    expect(alert(clerk)).to_have_text(
        "公示已开始：2024-09-27 至 2024-10-09，共5个工作日（法定节假日不计，调休上班日计入）（DQ-7.6）")
    expect(clerk.get_by_test_id("notice-period")).to_contain_text("2024-09-27 至 2024-10-09")
    expect(clerk.get_by_test_id("status-counts")).to_contain_text("公示中 1 人")

    # 9. Hire after the notice ends: the staff record opens.
    set_clock(monkeypatch, datetime.date(2024, 10, 10))
    open_application(clerk, announcement.pk, "王小明")
    expect(clerk.get_by_test_id("hire-form")).to_be_visible()
    clerk.locator("#id_contract_start").fill("2024-10-15")
    clerk.get_by_test_id("hire-form").get_by_role("button", name="聘用").click()
    member = StaffMember.objects.get(full_name="王小明")
    expect(clerk).to_have_url(f"{live_server.url}/staff/{member.pk}/")
    expect(alert(clerk)).to_have_text("已聘用 王小明，人员记录和聘用合同已建立")
    expect(clerk.locator("main h1")).to_contain_text("王小明")
    expect(clerk.locator("main h1")).to_contain_text("司法协理员")
    expect(clerk.locator("main")).to_contain_text("萨尔图街道司法所")
    assert_no_foreign_units(clerk)

    applicant.reload()
    expect(applicant.get_by_test_id("application-status")).to_have_text("已聘用")
