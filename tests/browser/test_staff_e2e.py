"""One judicial assistant of a Daqing office followed through a year in Chromium, by the county clerk: found on
the roster (filters: office, type, 缺岗前培训), pre-job and county training recorded, the year's training shown
as met, two annual assessments, the yearly level review run and approved (四级→三级 from 1 January), the
contract ending within 60 days found and renewed as the assessments propose, the new contract printed.

Dates are relative to today (the services refuse future training and assessment years): the person was hired
on 15 October two years before the review year R = this year − 1, so at the end of R they have served two
full years at 四级, which daqing-2024 (DQ-9.1) requires for 三级 together with two 称职 years."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from sifasuo.staff import services
from sifasuo.staff.models import Contract, LevelRecord, StaffMember
from tests import factories

from .helpers import assert_no_foreign_units, log_in

pytestmark = pytest.mark.browser

NAME = "王晓芳"
TODAY = datetime.date.today()
R = TODAY.year - 1  # the review year
HIRED = datetime.date(R - 2, 10, 15)
CONTRACT_END = TODAY + datetime.timedelta(days=40)


@pytest.fixture
def hired(daqing):
    """What recruitment's hire leaves behind: the staff record and the first contract with probation."""
    member = factories.staff_member(daqing["office_a"], full_name=NAME, staff_type="judicial_assistant",
                                    joined_on=HIRED, birth_date=datetime.date(1996, 4, 12), sex="F",
                                    duty_category="public_legal_service")
    services.create_contract(actor=None, staff=member, start=HIRED, end=CONTRACT_END,
                             probation_end=datetime.date(R - 1, 1, 14), policy_id="daqing-2024")
    return member


def messages_box(page):
    return page.get_by_role("alert").first


def menu(page, entry: str):
    """The staff group of the side menu (opened unless a staff page already opened it), then one of its
    entries."""
    nav = page.locator("#mainnav")
    link = nav.get_by_role("link", name=entry, exact=True)
    if not link.is_visible():
        nav.get_by_role("button", name="工作人员", exact=True).click()
    link.click()
    page.wait_for_load_state()


def record(page, action: str, fields: dict, selects: dict | None = None):
    page.get_by_test_id(f"action-{action}").click()
    for name, value in (selects or {}).items():
        page.locator(f"#id_{name}").select_option(label=value)
    for name, value in fields.items():
        page.locator(f"#id_{name}").fill(str(value))
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    expect(page.locator("main h1")).to_contain_text(NAME)


def test_assistant_through_a_year(new_page, daqing, hired):
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, "dq_clerk")

    # 1. The roster: every judicial assistant of office A still lacking pre-job training.
    menu(page, "工作人员")
    expect(page.locator("main h1")).to_have_text("工作人员花名册")
    page.locator("#id_unit").fill(daqing["office_a"].code)
    page.locator("#id_staff_type").select_option(label="司法协理员")
    page.locator("#id_no_pre_job").select_option(label="是")
    page.get_by_role("button", name="查询").click()
    table = page.get_by_test_id("object-table")
    expect(table).to_contain_text(NAME)
    expect(table).to_contain_text("甲3")  # the office's other assistant, also without pre-job training
    expect(table).not_to_contain_text("甲0")  # 政法专项编制, not an assistant
    assert_no_foreign_units(page)
    table.get_by_role("link", name=NAME).click()
    expect(page.locator("main h1")).to_contain_text(NAME)
    expect(page.get_by_test_id("contracts")).to_contain_text(f"{HIRED:%Y-%m-%d}")

    # 2. Training: pre-job training at hire, then the county's business training of the review year.
    record(page, "training", {"title": "新聘司法协理员岗前培训", "start_on": f"{HIRED + datetime.timedelta(days=1)}",
                              "days": "3"}, {"kind": "岗前培训", "organizer": "县级"})
    expect(messages_box(page)).to_contain_text("登记培训：已保存")
    # a bad figure is refused in Chinese and nothing is saved
    page.get_by_test_id("action-training").click()
    page.locator("#id_kind").select_option(label="业务培训")
    page.locator("#id_organizer").select_option(label="县级")
    page.locator("#id_title").fill("人民调解业务培训")
    page.locator("#id_start_on").fill(f"{R}-05-10")
    page.locator("#id_days").fill("90")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("培训天数 90 不合理")
    page.locator("#id_days").fill("7")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("trainings")).to_contain_text("人民调解业务培训")
    assert hired.trainings.count() == 2

    page.goto(f"/staff/training/compliance/?year={R}&unit={daqing['office_a'].code}")
    row = page.get_by_test_id("by-person").locator("tr", has_text=NAME)
    expect(row).to_contain_text("达标")
    expect(page.get_by_test_id("missing-pre-job")).not_to_contain_text(NAME)
    row.get_by_role("link", name=NAME).click()

    # 3. Annual assessments of the two years before the review (称职 by the scores of DQ-10.1).
    for year in (R - 1, R):
        record(page, "assessment", {"year": year, "virtue": 16, "ability": 16, "diligence": 15,
                                    "performance": 16, "integrity": 17})
    expect(page.get_by_test_id("assessments")).to_contain_text(f"{R}")
    expect(page.get_by_test_id("assessments")).to_contain_text("称职")

    # 4. The yearly level review: entry level from the hire, then the promotion proposal, approved.
    menu(page, "层级评定")
    page.locator("#year").fill(str(R))
    page.get_by_role("button", name="查看").click()
    page.get_by_test_id("run-review").click()
    expect(messages_box(page)).to_contain_text(f"{R}年度层级评定：新增 1 条调整建议")
    proposal = page.get_by_test_id("proposals").locator("tr", has_text=NAME)
    expect(proposal).to_contain_text("晋升：四级→三级")
    expect(proposal).to_contain_text("DQ-9.1")
    proposal.get_by_role("button", name="批准", exact=True).click()
    expect(messages_box(page)).to_contain_text(f"{NAME}：已批准")
    expect(page.get_by_test_id("proposals").locator("tr", has_text=NAME)).to_contain_text("已批准")
    member = StaffMember.objects.get(pk=hired.pk)
    assert member.assistant_level == 3
    assert list(LevelRecord.objects.filter(staff=member).order_by("effective_on")
                .values_list("level", "effective_on")) == [(4, HIRED), (3, datetime.date(R + 1, 1, 1))]

    # 5. The contract ending within 60 days, with the renewal the assessments propose (DQ-9.2).
    menu(page, "合同到期")
    ending = page.get_by_test_id("object-table").locator("tr", has_text=NAME)
    expect(ending).to_contain_text(f"{CONTRACT_END:%Y-%m-%d}")
    expect(ending).to_contain_text("建议续聘")
    ending.get_by_role("link", name=NAME).click()
    expect(page.locator("main h1")).to_contain_text("聘用合同")
    expect(page.get_by_test_id("renewal-proposal")).to_contain_text("建议续聘")
    page.get_by_role("button", name="续订合同").click()
    new_start = CONTRACT_END + datetime.timedelta(days=1)
    expect(messages_box(page)).to_contain_text(f"已续订合同：{new_start:%Y-%m-%d}至")
    renewed = Contract.objects.get(staff=hired, renewal_of__isnull=False)
    assert renewed.start == new_start and renewed.probation_end is None
    assert (renewed.end - renewed.start).days > 3 * 365 - 2  # daqing-2024: three-year terms

    # the new contract prints as Word
    with page.expect_download() as download:
        page.get_by_test_id("contract-docx").click()
    assert download.value.suggested_filename == f"聘用合同-{NAME}.docx"

    # the person's page tells the year's story
    page.get_by_role("link", name=NAME).first.click()
    expect(page.locator("main h1")).to_contain_text("三级")
    expect(page.get_by_test_id("levels")).to_contain_text(f"{R}年度层级评定")
    expect(page.get_by_test_id("contracts").locator("tbody tr")).to_have_count(2)
    assert_no_foreign_units(page)
