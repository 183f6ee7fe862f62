"""In a real browser: a county clerk receives a correction subject, records the report, 宣告, a check-in,
releases the subject at the end of the term and hands them over to resettlement."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sifasuo.correction.models import CorrectionSubject
from tests.scope_builders.correction import id_for, subject

from .helpers import assert_no_foreign_units, log_in

pytestmark = pytest.mark.browser


def _fill_dates(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.locator(f"[name={name}]").fill(value)


def test_correction_subject_from_intake_to_release(page, live_server, tree, accounts):
    subject(tree["other_office"], "外县-B-1", full_name="外县某")
    log_in(page, accounts["county_clerk"].username)
    page.goto(f"{live_server.url}/correction/new/")
    page.locator("[name=unit_code]").fill("370102001")
    page.locator("[name=number]").fill("370102-2024-009")
    page.locator("[name=full_name]").fill("张某")
    page.locator("[name=id_number]").fill(id_for(tree["office"], "browser"))
    page.locator("[name=crime]").fill("危险驾驶罪")
    page.locator("[name=sentence_type]").select_option("probation")
    _fill_dates(page, {"effective_on": "2024-03-01", "start_on": "2024-03-01", "end_on": "2024-06-30"})
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("status")).to_have_text("待报到")
    assert_no_foreign_units(page)

    page.get_by_role("link", name="登记报到").click()
    _fill_dates(page, {"reported_on": "2024-02-20"})                  # before the sentence took effect
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("form-errors").or_(page.locator(".invalid-feedback")).first).to_contain_text("早于生效日期")
    _fill_dates(page, {"reported_on": "2024-03-05"})
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("status")).to_have_text("在矫")

    page.get_by_role("link", name="宣告").click()
    _fill_dates(page, {"declared_on": "2024-03-05"})
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="登记报告").click()
    page.locator("[name=method]").select_option("in_person")
    _fill_dates(page, {"on": "2024-03-20"})
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("check-ins")).to_contain_text("当面报告")

    page.get_by_role("link", name="解除或终止矫正").click()
    page.locator("[name=reason]").select_option("expired")
    _fill_dates(page, {"ended_on": "2024-06-30"})
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("status")).to_have_text("解除矫正")
    page.get_by_role("link", name="移交安置帮教").click()
    _fill_dates(page, {"on": "2024-07-01"})
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("handed-over")).to_contain_text("2024-07-01")
    page.get_by_role("link", name="查看帮教档案").click()
    expect(page.get_by_test_id("status")).to_have_text("帮教中")

    page.goto(f"{live_server.url}/correction/")
    expect(page.get_by_test_id("object-table")).to_contain_text("370102-2024-009")
    assert_no_foreign_units(page)
    assert CorrectionSubject.objects.get(number="370102-2024-009").status == "released"
