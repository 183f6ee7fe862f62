"""Forms and pages that respect people's time (issue 18): a returned monthly report keeps its typed values,
a locked report says whom to ask for 申请解锁, 本单位报表 has a period picker, an archived case still shows
what is open on it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sifasuo.casework import services as casework_services
from sifasuo.reporting import periods
from sifasuo.reporting import services as reporting_services
from sifasuo.reporting.models import Report
from tests.conftest import client_for
from tests.scope_builders.casework import closed_case
from tests.scope_builders.reporting import monthly_template

pytestmark = pytest.mark.django_db


def _last_month_report(tree):
    template = monthly_template()
    start = periods.previous_period(template.period_type, datetime.date.today())
    reporting_services.compile_reports(template=template, start=start, path=tree["county"].path)
    return Report.objects.get(unit=tree["office"], template=template, period_start=start)


def test_a_returned_report_keeps_its_typed_values(tree, accounts):
    report = _last_month_report(tree)
    on_time = timezone.make_aware(datetime.datetime.combine(report.deadline, datetime.time(9)))
    director = accounts["office_director"]
    reporting_services.save_values(actor=director, report=report, values={"difficult_succeeded": 0,
                                                                          "risk_prevented": 7}, now=on_time)
    reporting_services.submit(actor=director, report=report, now=on_time)
    reporting_services.return_report(actor=accounts["county_clerk"], report=report, comment="请核对", now=on_time)
    reporting_services.unlock(actor=accounts["county_clerk"], report=report, reason="退回修改", days=3)
    page = client_for(director).get(f"/reporting/mine/?period={report.period_start:%Y-%m}").content.decode()
    assert 'name="risk_prevented" value="7"' in page
    assert "请核对" in page


def test_a_locked_report_says_whom_to_ask_and_the_unit_report_has_a_period_picker(tree, accounts):
    report = _last_month_report(tree)            # last month's, past its deadline in most of the month
    client = client_for(accounts["office_director"])
    page = client.get(f"/reporting/mine/?period={report.period_start:%Y-%m}").content.decode()
    assert 'data-testid="period-picker"' in page and 'type="month" name="period"' in page
    assert f'value="{report.period_start:%Y-%m}"' in page
    if reporting_services.is_locked(report):
        hint = page[page.index('data-testid="unlock-hint"'):]
        assert "向历下区司法局申请" in hint[:300] and "解锁补报" in hint[:300]
    # an older period through the picker: locked, and says so with whom to ask
    old = datetime.date.today().replace(day=1) - datetime.timedelta(days=100)
    page = client.get("/reporting/mine/", {"template": report.template.code, "period": f"{old:%Y-%m}"})
    body = page.content.decode()
    assert page.status_code == 200 and "向历下区司法局申请，由其在本报表页面点击“解锁补报”" in body
    # the county sees the picker on its own report only, not on the office's
    county_view = client_for(accounts["county_clerk"]).get(report.get_absolute_url()).content.decode()
    assert 'data-testid="period-picker"' not in county_view


def test_an_archived_case_still_shows_what_is_open_on_it(tree, accounts):
    today = datetime.date.today()
    case = closed_case(tree["office"], accepted_on=today - datetime.timedelta(days=6),
                       closed_on=today - datetime.timedelta(days=5))
    assert case.confirmation_wanted
    case = casework_services.archive_case(actor=None, case=case, archived_on=today, dossier_number="2026-调-001")
    page = client_for(accounts["office_director"]).get(case.get_absolute_url()).content.decode()
    box = page[page.index('data-testid="still-open"'):]
    box = box[:box.index("</div>")]
    assert "已归档，仍待办理" in box
    assert "当事人申请司法确认" in box and "还剩 25 天" in box
    assert "回访协议履行情况" in box
    casework_services.apply_confirmation(actor=None, case=case, applied_on=today, court="历下区人民法院")
    page = client_for(accounts["office_director"]).get(case.get_absolute_url()).content.decode()
    assert "当事人申请司法确认" not in page[page.index("<main"):]
