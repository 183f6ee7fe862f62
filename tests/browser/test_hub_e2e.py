"""In a real browser: a hub office's director (片区中心所) opens the cluster page, sees the member office short
of its minimum and its submitted monthly report, returns the report with a comment (a blank one is refused),
and the member office's director reads the hub's comment and submits again (HZ-1, HZ-3, HZ-6)."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.accounts.roles import Role
from sifasuo.casework.models import InfoItem
from sifasuo.orgunits import services as unit_services
from sifasuo.reporting import services
from tests.browser.helpers import assert_no_foreign_units, log_in
from tests.factories import user
from tests.scope_builders.reporting import monthly_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_hub_returns_a_members_report_from_its_cluster_page(page, tree):
    month = datetime.date.today().replace(day=1)   # the month in progress: its report is still open
    period = f"{month:%Y-%m}"
    hub = unit_services.update_unit(unit=tree["office2"], is_hub=True)
    member = unit_services.update_unit(unit=tree["office"], hub=hub)
    hub_director = user("hub_dir_e2e", Role.OFFICE_DIRECTOR, hub)
    member_director = user("member_dir_e2e", Role.OFFICE_DIRECTOR, member)
    InfoItem.objects.create(unit=member, kind="news", reported_on=month, title="成员所简讯")
    report = services.report_for(template=monthly_template(), unit=member, start=month)
    services.save_values(actor=None, report=report, values={"difficult_succeeded": 0, "risk_prevented": 0})
    services.submit(actor=None, report=report)

    log_in(page, hub_director.username)
    page.goto(f"/indicators/submissions/?month={period}")
    assert_no_foreign_units(page)
    body = page.locator("main").inner_text()
    assert "片区工作 · 千佛山街道司法所" in body
    assert "解放路街道司法所：一句话新闻 1 条，应不少于 2 条" in body.replace("\n", "")
    row = page.locator("[data-testid=cluster-reports] tr", has_text="解放路街道司法所")
    assert "待审阅" in row.inner_text()
    row.get_by_role("link").click()
    page.locator("[data-testid=hub-return]").click()
    assert page.get_by_text("退回报表必须填写退回意见").is_visible()
    page.locator("[data-testid=hub-return-comment]").fill("一句话新闻少报 1 条，请补报")
    page.locator("[data-testid=hub-return]").click()
    assert "退回" in page.locator("[data-testid=report-status]").inner_text()
    page.context.clear_cookies()

    log_in(page, member_director.username)
    page.goto(f"/reporting/mine/?period={period}")
    assert "一句话新闻少报 1 条" in page.locator("[data-testid=return-comment]").inner_text()
    assert "片区中心所" in page.locator("main").inner_text()
    page.locator("[data-testid=submit]").click()
    assert "已上报待审核" in page.locator("[data-testid=report-status]").inner_text()
