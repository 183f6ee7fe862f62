"""In a real browser: an office clerk registers a mediation case and takes it from intake to archive, then
finds it in the register and its print view."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sifasuo.casework.models import MediationCase
from tests.scope_builders.casework import ID_FEMALE, committee, mediator

from .helpers import assert_no_foreign_units, log_in

pytestmark = pytest.mark.browser


def _warm_up() -> None:
    """Import the URL configuration and compile the templates in this process (the live server's thread
    shares them), so that the browser's first page does not pay for it within its timeout on a busy machine."""
    from django.test import Client

    Client().get("/accounts/login/")


def test_mediation_case_from_intake_to_archive(page, live_server, tree, accounts):
    _warm_up()
    comm = committee(tree["office"], name="解放路街道人民调解委员会")
    mediator(tree["office"], comm, full_name="韩调解")
    log_in(page, accounts["office_staff"].username)

    page.goto("/casework/cases/new/")
    expect(page.locator("#id_unit_code")).to_have_value("370102001")
    page.locator("#id_registered_on").fill("2025-03-03")
    page.locator("#id_source").select_option(label="当事人申请")
    page.locator("#id_dispute_type").select_option(label="邻里")
    page.locator("#id_committee").select_option(label="解放路街道人民调解委员会")
    page.locator("#id_title").fill("排水沟堵塞纠纷")
    page.locator("#id_amount").fill("3000")
    page.locator("#id_applicant_name").fill("张三")
    page.locator("#id_applicant_id_number").fill("370102198502075846")   # wrong check digit
    page.locator("#id_respondent_name").fill("李四")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("申请人身份证号码：身份证号码校验位错误：应为 5，实际为 6")
    page.locator("#id_applicant_id_number").fill(ID_FEMALE)
    page.get_by_role("button", name="登记").click()
    expect(page).to_have_url(re.compile(r"/casework/cases/\d+/$"))
    expect(page.get_by_test_id("case-status")).to_have_text("已登记")
    expect(page.get_by_test_id("parties")).to_contain_text("370102********5845")
    expect(page.get_by_test_id("step-close")).to_have_count(0)

    accept = page.get_by_test_id("step-accept")
    accept.locator("#id_accept-accepted_on").fill("2025-03-04")
    accept.locator("#id_accept-mediators").select_option(label="韩调解")
    accept.get_by_role("button", name="受理").click()
    expect(page.get_by_test_id("case-status")).to_have_text("调解中")
    expect(page.get_by_test_id("case-fields")).to_contain_text("韩调解")

    session = page.get_by_test_id("step-session")
    session.locator("#id_session-held_on").fill("2025-03-05")
    session.locator("#id_session-summary").fill("现场查看排水沟，释法说理，双方同意共同疏通")
    session.get_by_role("button", name="登记调解").click()
    expect(page.get_by_test_id("sessions")).to_contain_text("现场查看排水沟")

    close = page.get_by_test_id("step-close")
    close.locator("#id_close-outcome").select_option(label="调解成功")
    close.locator("#id_close-closed_on").fill("2025-03-05")
    close.get_by_role("button", name="结案").click()
    expect(page.get_by_test_id("step-close")).to_contain_text("调解成功必须达成调解协议：请选择书面协议或口头协议")
    close = page.get_by_test_id("step-close")
    close.locator("#id_close-outcome").select_option(label="调解成功")
    close.locator("#id_close-closed_on").fill("2025-03-05")
    close.locator("#id_close-agreement_form").select_option(label="书面协议")
    close.locator("#id_close-agreement_on").fill("2025-03-05")
    close.locator("#id_close-agreement_amount").fill("1500")
    close.locator("#id_close-agreement_content").fill("双方各承担疏通费用一半")
    close.get_by_role("button", name="结案").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已结案")
    expect(page.get_by_test_id("case-outcome")).to_contain_text("调解成功")

    visit = page.get_by_test_id("step-visit")
    visit.locator("#id_visit-visited_on").fill("2025-03-15")
    visit.locator("#id_visit-performance").select_option(label="已履行")
    visit.get_by_role("button", name="回访").click()
    expect(page.get_by_test_id("visits")).to_contain_text("已履行")

    archive = page.get_by_test_id("step-archive")
    archive.locator("#id_archive-archived_on").fill("2025-03-20")
    archive.locator("#id_archive-dossier_number").fill("2025-调-001")
    archive.get_by_role("button", name="立卷归档").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已归档")
    expect(page.get_by_test_id("case-archive")).to_contain_text("卷宗号 2025-调-001")
    case = MediationCase.objects.get()
    assert (case.status, case.outcome, case.performance) == ("archived", "success", "performed")

    # the register lists it, and its print view is the paper register
    page.goto("/casework/cases/?month=2025-03")
    expect(page.get_by_test_id("object-table")).to_contain_text("张三 与 李四")
    assert_no_foreign_units(page)
    page.goto("/casework/cases/print/?month=2025-03")
    expect(page.get_by_test_id("register-title")).to_have_text("人民调解收结案登记簿")
    expect(page.get_by_test_id("print-table")).to_contain_text("书面协议")
