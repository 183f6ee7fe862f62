"""Two recruitments end to end in Chromium, under the real policy files.

Daqing (daqing-2024), the internal track: the county clerk publishes an announcement from the approved plan
(posts prefilled, rows added and removed in the page), picks an existing auxiliary from the roster, previews the
screening, closes registration early with a reason, screens, scores, ranks, starts the notice and hires: the
auxiliary's record ends as 转任 and the new 司法协理员 record shows the person's history.

Yangquan (yangquan-2024), the public track: an applicant registers and applies online, sex and birth date read
from the ID number and the household picked province → city → county; the county enters a paper application;
screening after the deadline; written scores, interview shortlist, examiners' marks; ranking; 考察 and 体检; a
notice in working days; an objection and its resolution; hire."""

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
from sifasuo.staff import services as staff_services
from sifasuo.staff.models import StaffMember
from tests.integration.test_recruitment_internal_transfer import yangquan  # noqa: F401
from tests.recruitment_fixtures import approved_plan

from .helpers import assert_no_foreign_units, log_in

pytestmark = pytest.mark.browser
D = datetime.date
PDF = b"%PDF-1.4 diploma of the applicant"
APPLICANT_ID = idnumbers.generate(random.Random(1), region_code="140302", birth_date=D(1995, 5, 5), sex="M")
ENTERED_ID = idnumbers.generate(random.Random(2), region_code="140302", birth_date=D(1996, 6, 6), sex="F")


def set_clock(monkeypatch, day: datetime.date) -> None:
    """The live server runs in this process: moving the pages' clock moves it for the browser too."""
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(clock_module, "now", lambda: moment)


def alert(page):
    return page.get_by_role("alert").first


def answer_no(page):
    declarations = page.get_by_test_id("declarations").locator("select")
    for i in range(declarations.count()):
        declarations.nth(i).select_option(label="否")


def pick_region(page, field: str, *names: str) -> None:
    """The cascading picker: each level's list is loaded when the level above is chosen."""
    for level, name in enumerate(names):
        page.locator(f"#id_{field}_{level}").select_option(label=name)


def open_application(page, announcement_pk: int, name: str):
    page.goto(f"/recruitment/announcements/{announcement_pk}/applications/")
    page.get_by_test_id("object-table").get_by_role("link", name=name).click()
    expect(page.get_by_test_id("applicant-name")).to_have_text(name)


def publish(clerk, *, title, announced, deadline):
    clerk.locator("#id_title").fill(title)
    clerk.locator("#id_announced_on").fill(announced)
    clerk.locator("#id_registration_start").fill(announced)
    clerk.locator("#id_registration_deadline").fill(deadline)
    clerk.get_by_role("button", name="发布").click()
    expect(alert(clerk)).to_contain_text(f"已发布「{title}」")


def test_daqing_internal_transfer_from_the_plan_to_hire(new_page, live_server, daqing, monkeypatch):  # noqa: F811
    auxiliary = StaffMember.objects.get(full_name="甲4")  # 专职辅助人员 of 萨尔图街道司法所
    staff_services.record_training(actor=None, staff=auxiliary, kind="business", organizer="county",
                                   title="人民调解业务培训", start_on=D(2023, 5, 8), days=3)
    approved_plan(daqing["county"], 2024)  # DQ-6: 萨尔图街道司法所 may recruit 2
    set_clock(monkeypatch, D(2024, 8, 5))
    clerk = new_page(viewport={"width": 1280, "height": 900})
    log_in(clerk, "dq_clerk")

    # 1. The announcement starts from the approved plan; a row added then removed.
    clerk.goto("/recruitment/announcements/new/")
    expect(clerk.locator("main h1")).to_have_text("发布招聘公告")
    expect(clerk.locator("#id_posts-0-office")).to_have_value(str(daqing["office_a"].pk))
    expect(clerk.locator("#id_posts-0-track")).to_have_value("internal")
    expect(clerk.locator("#id_posts-0-positions")).to_have_value("2")
    clerk.locator("#id_posts-0-positions").fill("1")
    clerk.get_by_test_id("add-post").click()
    rows = clerk.get_by_test_id("post-rows").locator("tbody tr")
    expect(rows).to_have_count(2)
    clerk.locator("#id_posts-1-office").select_option(label="会战街道司法所")
    rows.nth(1).get_by_role("button", name="删除").click()
    expect(rows.nth(1)).to_be_hidden()
    publish(clerk, title="萨尔图区2024年专职辅助人员转任司法协理员公告", announced="2024-08-01", deadline="2024-08-10")
    expect(clerk.get_by_test_id("posts")).to_contain_text("现有专职辅助人员转任")
    announcement = Announcement.objects.get()
    assert announcement.posts.count() == 1
    detail_url = f"/recruitment/announcements/{announcement.pk}/"

    # 2. The internal application: the auxiliary picked from the roster, nothing retyped.
    clerk.get_by_role("link", name="录入报名").click()
    clerk.locator("#id_post").select_option(index=1)
    expect(clerk.locator("#id_staff")).to_contain_text("甲4（萨尔图街道司法所，专职辅助人员")
    clerk.locator("#id_staff").select_option(value=str(auxiliary.pk))
    clerk.locator("#id_education").select_option(label="大专")
    answer_no(clerk)
    clerk.get_by_role("button", name="保存报名").click()
    expect(alert(clerk)).to_have_text("已录入 甲4 的报名（岗位 001）")
    expect(clerk.get_by_test_id("source-record")).to_be_visible()

    # 3. A preview while registration is open; then registration closed early, with the reason recorded.
    clerk.goto(detail_url)
    expect(clerk.get_by_test_id("registration")).to_contain_text("报名中")
    clerk.get_by_test_id("screen").click()
    expect(alert(clerk)).to_contain_text("资格预审（报名尚未截止")
    expect(clerk.get_by_test_id("registration")).to_contain_text("报名中")
    close = clerk.get_by_test_id("close-registration")
    close.get_by_role("button", name="截止报名").click()
    close = clerk.get_by_test_id("close-registration")
    expect(close.get_by_test_id("field-error").nth(0)).to_contain_text("提前截止报名须填写理由")
    expect(close.get_by_test_id("field-error").nth(1)).to_contain_text("属于提前截止，请勾选确认")
    close = clerk.get_by_test_id("close-registration")
    close.locator("#id_reason").fill("本所符合条件的专职辅助人员均已报名")
    close.get_by_label("确认在截止日期前截止报名").check()
    close.get_by_role("button", name="截止报名").click()
    expect(alert(clerk)).to_have_text("报名已于 2024-08-05 截止；此后的资格审查为正式审查")
    expect(clerk.get_by_test_id("registration")).to_contain_text("提前截止：本所符合条件的专职辅助人员均已报名")
    clerk.get_by_test_id("screen").click()
    expect(alert(clerk)).to_have_text("资格审查完成：共审查 1 人，通过 1 人，未通过 0 人")

    # 4. The exam (no interview on this track, DQ-7.2), the ranking, the notice.
    open_application(clerk, announcement.pk, "甲4")
    clerk.locator("#id_written").fill("82")
    clerk.get_by_test_id("score-form").get_by_role("button", name="保存成绩").click()
    expect(alert(clerk)).to_have_text("已登记 甲4 的成绩：笔试 82.00")
    clerk.goto(detail_url)
    clerk.get_by_role("button", name="综合排名").click()
    expect(alert(clerk)).to_have_text("综合排名完成：共 1 人参加排名，1 人为拟聘用人员")
    clerk.goto(detail_url)
    clerk.locator("#id_start").fill("2024-08-01")
    clerk.get_by_role("button", name="开始公示").click()
    expect(clerk.get_by_test_id("field-error")).to_contain_text("公示开始日期 2024-08-01 早于报名截止日期 2024-08-05")
    clerk.locator("#id_start").fill("2024-08-20")
    clerk.get_by_role("button", name="开始公示").click()
    expect(alert(clerk)).to_contain_text("公示已开始：2024-08-20 至 2024-08-26，共5个工作日")

    # 5. Hire after the notice: the auxiliary's record ends as 转任, the new record keeps the history.
    set_clock(monkeypatch, D(2024, 8, 28))
    open_application(clerk, announcement.pk, "甲4")
    expect(clerk.get_by_test_id("application-status")).to_have_text("公示期满，待聘用")
    clerk.locator("#id_contract_start").fill("2024-09-02")
    clerk.get_by_test_id("hire-form").get_by_role("button", name="聘用").click()
    member = StaffMember.objects.get(full_name="甲4", staff_type="judicial_assistant")
    expect(clerk).to_have_url(f"{live_server.url}/staff/{member.pk}/")
    expect(alert(clerk)).to_have_text("已聘用 甲4：原专职辅助人员记录已于 2024-09-01 以“转任”离岗，"
                                      "司法协理员记录和聘用合同已建立")
    expect(clerk.locator("main h1")).to_contain_text("司法协理员")
    expect(clerk.locator("main h1")).to_contain_text("四级")
    expect(clerk.get_by_test_id("record-chain")).to_contain_text("专职辅助人员")
    expect(clerk.get_by_test_id("record-chain")).to_contain_text("转任")
    expect(clerk.get_by_test_id("trainings")).to_contain_text("人民调解业务培训")
    expect(clerk.get_by_test_id("trainings")).to_contain_text("转任前")
    assert_no_foreign_units(clerk)


def test_yangquan_public_recruitment_to_hire(new_page, live_server, yangquan, monkeypatch):  # noqa: F811
    approved_plan(yangquan["county"], 2024)  # YQ-2: 城区 recruits 5 (8 − 3 establishment posts)
    set_clock(monkeypatch, D(2024, 3, 20))
    clerk = new_page(viewport={"width": 1280, "height": 900})
    log_in(clerk, "cq_clerk")

    # 1. The announcement: one public post of 上站街道司法所 (the prefilled rows changed and removed).
    clerk.goto("/recruitment/announcements/new/")
    expect(clerk.locator("main")).to_contain_text("适用政策：阳泉市司法协理员制度试点（2024年）（yangquan-2024）")
    rows = clerk.get_by_test_id("post-rows").locator("tbody tr")
    expect(rows).to_have_count(2)
    clerk.locator("#id_posts-0-office").select_option(label="上站街道司法所")
    clerk.locator("#id_posts-0-track").select_option(label="面向社会公开招聘")
    clerk.locator("#id_posts-0-positions").fill("1")
    rows.nth(1).get_by_role("button", name="删除").click()
    title = "城区2024年面向社会公开招聘司法协理员公告"
    publish(clerk, title=title, announced="2024-03-20", deadline="2024-03-29")
    announcement = Announcement.objects.get()
    detail_url = f"/recruitment/announcements/{announcement.pk}/"

    # 2. An applicant registers and applies online: sex and birth date from the ID number, regions picked.
    applicant = new_page(viewport={"width": 1280, "height": 900})
    applicant.goto("/recruitment/open/")
    expect(applicant.get_by_test_id("open-announcements")).to_contain_text(title)
    applicant.get_by_role("link", name="注册报名账号").click()
    applicant.locator("#id_username").fill("zhangwei")
    applicant.locator("#id_full_name").fill("张伟")
    applicant.locator("#id_phone").fill("13912345678")
    applicant.locator("#id_password").fill("Apply@2024ok")
    applicant.locator("#id_password_again").fill("Apply@2024ok")
    applicant.get_by_role("button", name="注册").click()
    expect(alert(applicant)).to_contain_text("注册成功")
    applicant.get_by_role("link", name=re.compile(title)).click()
    applicant.get_by_role("link", name="报名此岗位").click()
    expect(applicant.locator("#id_sex")).to_have_count(0)
    expect(applicant.locator("#id_birth_date")).to_have_count(0)
    applicant.locator("#id_id_number").fill(APPLICANT_ID)
    expect(applicant.get_by_test_id("id-preview")).to_have_text("性别：男　出生日期：1995-05-05（取自身份证号码）")
    applicant.locator("#id_education").select_option(label="大学本科")
    pick_region(applicant, "household_region", "山西省", "阳泉市", "城区")
    answer_no(applicant)
    applicant.locator("#id_doc_diploma").set_input_files(
        {"name": "diploma.pdf", "mimeType": "application/pdf", "buffer": PDF})
    applicant.get_by_role("button", name="提交报名").click()
    expect(alert(applicant)).to_contain_text("报名成功")
    expect(applicant.get_by_test_id("application-status")).to_have_text("已报名，待资格审查")
    expect(applicant.get_by_test_id("id-number")).to_have_text(idnumbers.mask(APPLICANT_ID))
    application = Application.objects.get(full_name="张伟")
    assert (application.sex, application.birth_date, application.household_region) == ("M", D(1995, 5, 5), "140302")

    # 3. The county enters a paper application, regions picked down to the street.
    set_clock(monkeypatch, D(2024, 3, 25))
    clerk.goto(detail_url)
    clerk.get_by_role("link", name="录入报名").click()
    clerk.locator("#id_post").select_option(index=1)
    clerk.locator("#id_full_name").fill("李红")
    clerk.locator("#id_id_number").fill(ENTERED_ID)
    clerk.locator("#id_education").select_option(label="大专")
    pick_region(clerk, "residence_region", "山西省", "阳泉市", "城区")
    answer_no(clerk)
    clerk.get_by_role("button", name="保存报名").click()
    expect(alert(clerk)).to_have_text("已录入 李红 的报名（岗位 001）")
    expect(clerk.locator("main")).to_contain_text("山西省 阳泉市 城区")

    # 4. A preview while registration runs; the final screening after the deadline.
    clerk.goto(detail_url)
    clerk.get_by_test_id("screen").click()
    expect(alert(clerk)).to_contain_text("资格预审（报名尚未截止，新的报名提交后即时审查）完成：共审查 2 人，通过 2 人")
    applicant.reload()
    expect(applicant.get_by_test_id("application-status")).to_have_text("资格预审通过（报名截止后正式审查）")
    set_clock(monkeypatch, D(2024, 3, 30))
    clerk.goto(detail_url)
    clerk.get_by_test_id("screen").click()
    expect(alert(clerk)).to_contain_text("资格审查")
    expect(clerk.get_by_test_id("registration")).to_contain_text("已于 2024-03-29 截止")
    applicant.reload()
    expect(applicant.get_by_test_id("application-status")).to_have_text("资格审查通过")
    expect(applicant.get_by_test_id("reasons")).to_contain_text("YQ-4.4")

    # 5. Written scores, the interview shortlist, examiners' marks, the final ranking.
    for name, written in [("张伟", "85"), ("李红", "80")]:
        open_application(clerk, announcement.pk, name)
        clerk.locator("#id_written").fill(written)
        clerk.get_by_test_id("score-form").get_by_role("button", name="保存成绩").click()
        expect(alert(clerk)).to_have_text(f"已登记 {name} 的成绩：笔试 {written}.00")
    clerk.goto(detail_url)
    clerk.get_by_role("button", name="入围面试").click()
    expect(alert(clerk)).to_have_text("已按笔试成绩确定面试人选：进入面试 2 人，未入围 0 人")
    for name, marks, score in [("张伟", "90 91 89 95 60", "90.00"), ("李红", "80 80 80 80 80", "80.00")]:
        open_application(clerk, announcement.pk, name)
        clerk.locator("#id_interview_marks").fill(marks)
        clerk.get_by_test_id("score-form").get_by_role("button", name="保存成绩").click()
        expect(alert(clerk)).to_contain_text(f"面试 {score}")
    clerk.goto(detail_url)
    clerk.get_by_role("button", name="综合排名").click()
    expect(alert(clerk)).to_have_text("综合排名完成：共 2 人参加排名，1 人为拟聘用人员")
    rows = clerk.get_by_test_id("ranking-001").get_by_test_id("rank-row")
    expect(rows.nth(0)).to_contain_text("张伟")
    expect(rows.nth(0)).to_contain_text("87.50")
    expect(rows.nth(1)).to_contain_text("综合排名未入选")  # not "进入面试" any more

    # 6. 考察 and 体检 (YQ-6), then the notice: Monday 8 April 2024, five working days.
    rows.nth(0).get_by_label("考察").select_option(label="合格")
    rows.nth(0).get_by_label("体检").select_option(label="合格")
    rows.nth(0).get_by_role("button", name="保存").click()
    expect(alert(clerk)).to_contain_text("已记录 张伟 的考察、体检结果")
    clerk.goto(detail_url)
    clerk.locator("#id_start").fill("2024-04-08")
    clerk.get_by_role("button", name="开始公示").click()
    expect(alert(clerk)).to_have_text(
        "公示已开始：2024-04-08 至 2024-04-12，共5个工作日（法定节假日不计，调休上班日计入）（YQ-6.7）")

    # 7. An objection during the notice, and its resolution by the clerk.
    set_clock(monkeypatch, D(2024, 4, 10))
    open_application(clerk, announcement.pk, "张伟")
    clerk.get_by_test_id("objection-form").locator("#id_objection").fill("反映其户籍信息有误")
    clerk.get_by_test_id("objection-form").get_by_role("button", name="登记异议").click()
    expect(alert(clerk)).to_contain_text("已登记公示期间异议")
    expect(clerk.get_by_test_id("application-status")).to_have_text("公示中，有异议待处理")
    resolve = clerk.get_by_test_id("resolve-form")
    resolve.locator("#id_outcome").select_option(label="异议不成立，维持拟聘用")
    resolve.locator("#id_resolution").fill("经公安机关核实户籍信息无误")
    resolve.get_by_role("button", name="保存处理结论").click()
    expect(alert(clerk)).to_have_text("已登记异议处理结论：异议不成立，维持拟聘用")
    expect(clerk.get_by_test_id("objection")).to_contain_text("经公安机关核实户籍信息无误（2024-04-10")

    # 8. Hire after the notice.
    set_clock(monkeypatch, D(2024, 4, 15))
    open_application(clerk, announcement.pk, "张伟")
    clerk.locator("#id_contract_start").fill("2024-04-22")
    clerk.get_by_test_id("hire-form").get_by_role("button", name="聘用").click()
    member = StaffMember.objects.get(full_name="张伟")
    expect(clerk).to_have_url(f"{live_server.url}/staff/{member.pk}/")
    expect(alert(clerk)).to_have_text("已聘用 张伟，人员记录和聘用合同已建立")
    expect(clerk.locator("main")).to_contain_text("上站街道司法所")
    applicant.reload()
    expect(applicant.get_by_test_id("application-status")).to_have_text("已聘用")
