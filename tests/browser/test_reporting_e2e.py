"""An office submits its monthly report, the county returns it, the office resubmits, the county approves and
submits its own, the city approves, and the city's dashboard shows the live figures at once and the official
ones once approved."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.casework.models import MediationCase
from sifasuo.reporting import services
from sifasuo.reporting.models import Report
from tests.browser.helpers import assert_no_foreign_units, log_in
from tests.scope_builders.reporting import monthly_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _case(unit, n, day, outcome):
    MediationCase.objects.create(unit=unit, year=day.year, number=f"E{unit.code}-{n}", source="application",
                                 dispute_type="neighbour", title="邻里纠纷", registered_on=day, status="closed",
                                 closed_on=day, outcome=outcome)


def test_monthly_report_up_the_tree(new_page, tree, accounts):
    today = datetime.date.today()
    month = today.replace(day=1)
    period = f"{month:%Y-%m}"
    for n in range(3):
        _case(tree["office"], n, month, "success")
    _case(tree["office2"], 9, month, "failure")
    template = monthly_template()
    services.compile_reports(template=template, start=month, path=tree["county"].path)
    other = Report.objects.get(unit=tree["office2"], period_start=month)
    services.save_values(actor=None, report=other, values={"difficult_succeeded": 0, "risk_prevented": 0})
    services.approve(actor=None, report=services.submit(actor=None, report=other))
    _case(tree["office"], 5, month, "success")  # registered after the figures were compiled

    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, accounts["city_admin"].username)
    page.goto(f"/indicators/?year={month.year}&month={month.month}")
    # live figures: the case registered after compiling counts at once (4 of 5); officially nothing yet but
    # 千佛山's approved report (0 of 1)
    assert page.locator("[data-testid=ind-mediation_success_rate]").inner_text().startswith("80")
    assert "数据更新于" in page.locator("[data-testid=data-freshness]").inner_text()
    assert "正式：0" in page.locator("[data-testid=official-mediation_success_rate]").inner_text()
    page.context.clear_cookies()

    # the office fills in and submits
    log_in(page, accounts["office_director"].username)
    page.goto(f"/reporting/mine/?period={period}")
    page.locator("[data-testid=field-difficult_succeeded]").fill("1")
    page.locator("[data-testid=field-risk_prevented]").fill("0")
    page.get_by_role("button", name="保存填报").click()
    page.locator("[data-testid=submit]").click()
    assert "已上报待审核" in page.locator("[data-testid=report-status]").inner_text()
    page.context.clear_cookies()

    # the county returns it with a comment (an empty comment is refused)
    log_in(page, accounts["county_clerk"].username)
    page.goto(f"/reporting/?period={period}")
    assert_no_foreign_units(page)
    page.locator("[data-testid=status-table]").get_by_role("link", name="已上报待审核").click()
    page.locator("[data-testid=return]").click()
    assert page.get_by_text("退回报表必须填写退回意见").is_visible()
    page.locator("[data-testid=return-comment-input]").fill("疑难纠纷数请核对")
    page.locator("[data-testid=return]").click()
    assert "已退回" in page.locator("[data-testid=report-status]").inner_text()
    page.context.clear_cookies()

    # the office sees the comment and resubmits
    log_in(page, accounts["office_director"].username)
    page.goto(f"/reporting/mine/?period={period}")
    assert "疑难纠纷数请核对" in page.locator("[data-testid=return-comment]").inner_text()
    page.locator("[data-testid=submit]").click()
    assert "已上报待审核" in page.locator("[data-testid=report-status]").inner_text()
    page.context.clear_cookies()

    # the county approves, then submits its own report
    log_in(page, accounts["county_clerk"].username)
    page.goto(f"/reporting/?period={period}")
    page.locator("[data-testid=status-table]").get_by_role("link", name="已上报待审核").click()
    page.locator("[data-testid=approve]").click()
    assert "已审核通过" in page.locator("[data-testid=report-status]").inner_text()
    page.goto(f"/reporting/mine/?period={period}")
    page.locator("[data-testid=submit]").click()
    assert "已上报待审核" in page.locator("[data-testid=report-status]").inner_text()
    page.context.clear_cookies()

    # the city approves the county's report and its dashboard shows the new figures
    log_in(page, accounts["city_admin"].username)
    page.goto(f"/reporting/?period={period}")
    page.locator("[data-testid=status-table]").get_by_role("link", name="已上报待审核").click()
    page.locator("[data-testid=approve]").click()
    assert "已审核通过" in page.locator("[data-testid=report-status]").inner_text()
    page.goto(f"/indicators/?year={month.year}&month={month.month}")
    assert page.locator("[data-testid=ind-mediation_success_rate]").inner_text().startswith("80")
    # officially too, now that 解放路's report (resubmitted with the registers as they were) is approved
    assert "正式：80" in page.locator("[data-testid=official-mediation_success_rate]").inner_text()
    assert page.locator("#chart-trend canvas").count() == 1
    ranking = page.locator("[data-testid=ranking-table]").inner_text()
    assert "历下区司法局" in ranking and "外县市中区司法局" in ranking  # the city ranks both its counties
