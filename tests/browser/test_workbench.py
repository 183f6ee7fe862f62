"""The workbench and the page frame in Chromium at the two screens people have (a 1366×768 office PC and a
375×812 phone): each role starts on its own 工作台 with what waits for it; the top bar stays one line (≤ 80 px)
and nothing scrolls sideways on the home page, a list, a form and the monthly report; the search box finds
what is in scope; the county clerk's menu pages speak Chinese without internal codes (issue 18)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from sifasuo.alerts import engine
from sifasuo.alerts import services as alert_services
from sifasuo.correction import services as correction_services
from sifasuo.reporting import periods
from sifasuo.reporting import services as reporting_services
from sifasuo.reporting.models import Report
from sifasuo.staff.models import LevelProposal
from tests import factories
from tests.browser.helpers import assert_no_foreign_units, log_in
from tests.scope_builders.casework import case
from tests.scope_builders.correction import subject
from tests.scope_builders.reporting import monthly_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"pc": {"width": 1366, "height": 768}, "phone": {"width": 375, "height": 812}}


def assert_fits(page) -> None:
    """One-line top bar, no sideways scrolling of the page."""
    over = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert over <= 0, f"{page.url} scrolls sideways by {over} px"
    # what stands above the page's content (the top bar) takes at most 80 px: it did not wrap
    height = page.evaluate("document.querySelector('main').getBoundingClientRect().top + window.scrollY")
    assert height <= 80, f"{page.url}: the page starts {height} px down (the top bar wrapped)"


def _morning(tree, accounts):
    """What a county's morning holds: an office's overdue case, a leave request, a level proposal, last
    month's reports (one office filed, the other not)."""
    today = datetime.date.today()
    overdue = case(tree["office"], registered_on=today - datetime.timedelta(days=45), applicant="欧阳锋",
                   title="欧阳家宅基地纠纷")
    s = subject(tree["office"], "历下-矫-0001", full_name="司马青", start_on=today - datetime.timedelta(days=200),
                effective_on=today - datetime.timedelta(days=200), reported_on=today - datetime.timedelta(days=195),
                end_on=today + datetime.timedelta(days=300))
    correction_services.apply_leave(actor=None, subject=s, kind="leave", applied_on=today,
                                    start_on=today + datetime.timedelta(days=2),
                                    end_on=today + datetime.timedelta(days=4), destination="济南", reason="探亲")
    member = factories.staff_member(tree["office"], full_name="上官明")
    LevelProposal.objects.create(staff=member, year=today.year, from_level=4, to_level=3, kind="promotion",
                                 rule_id="DQ-9.1", reason="年度考核优秀")
    template = monthly_template()
    start = periods.previous_period(template.period_type, today)
    reporting_services.compile_reports(template=template, start=start, path=tree["county"].path)
    filed = Report.objects.get(unit=tree["office"], template=template, period_start=start)
    on_time = timezone.make_aware(datetime.datetime.combine(filed.deadline, datetime.time(9)))
    reporting_services.save_values(actor=None, report=filed, values={"difficult_succeeded": 0, "risk_prevented": 0},
                                   now=on_time)
    reporting_services.submit(actor=None, report=filed, now=on_time)
    for county in (tree["county"], tree["other_county"]):   # managed here for a year: last month's deadlines
        county.managed_from = today - datetime.timedelta(days=365)   # are alerts, not the historical list
        county.save()
    alert_services.refresh(today=timezone.localdate())     # the stored alert items, as the worker keeps them
    return {"case": overdue, "subject": s, "member": member, "period": f"{start:%Y-%m}"}


def _text(page, testid: str) -> str:
    return page.locator(f"[data-testid={testid}]").inner_text()


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_each_role_starts_the_day_on_its_workbench(new_page, tree, accounts, screen):
    data = _morning(tree, accounts)
    page = new_page(viewport=SCREENS[screen])

    def home(role):
        page.context.clear_cookies()
        log_in(page, accounts[role].username)
        page.goto("/")
        assert page.title().startswith("工作台")
        assert_fits(page)
        if role not in ("leader", "city_admin", "province_admin"):     # the city and province see both counties
            assert_no_foreign_units(page)
        return {m for m in re.findall(r'data-testid="(wb-[a-z]+)"', page.content())}

    # The county clerk: what waits for a decision, the units that have not filed, the alerts, the figures.
    sections = home("county_clerk")
    assert {"wb-alerts", "wb-reports", "wb-decide", "wb-drafts", "wb-figures", "wb-quick"} <= sections
    decide = _text(page, "wb-decide")
    assert "待审核的下级报表" in decide and "解放路街道司法所" in decide
    assert "待审批的请假外出" in decide and "司马青" in decide
    assert "千佛山街道司法所" in _text(page, "wb-missing")          # has not filed
    assert "解放路街道司法所" not in _text(page, "wb-missing")
    alerts = _text(page, "wb-alerts")
    assert "调解案件超过 30 日未结 1" in _text(page, "wb-alert-rules") and "欧阳家宅基地纠纷" in alerts
    assert "收结案登记簿" in _text(page, "wb-quick")
    # one click from the alert to the case, and from the queue to the report
    page.locator("[data-testid=wb-alert]").filter(has_text="欧阳家宅基地纠纷").get_by_role("link", name="办理").click()
    page.wait_for_load_state()
    assert page.url.endswith(data["case"].get_absolute_url())
    page.goto("/")
    page.locator("[data-testid=wb-decide]").get_by_role("link", name=re.compile("解放路街道司法所")).click()
    page.wait_for_load_state()
    assert "已上报待审核" in _text(page, "report-status")

    # The county administrator decides level proposals (DQ-9).
    home("county_admin")
    assert "待审批的层级评定" in _text(page, "wb-decide") and "上官明" in _text(page, "wb-decide")

    # The office director: the office's own report and alerts first ("本单位"), the leave to decide.
    sections = home("office_director")
    assert {"wb-alerts", "wb-reports", "wb-decide", "wb-figures", "wb-quick"} <= sections
    assert _text(page, "wb-own-report") == "已上报待审核"
    assert "本单位" in page.locator("[data-testid=wb-alert]").first.inner_text()
    assert "司马青" in _text(page, "wb-decide")
    assert "登记调解案件" in _text(page, "wb-quick")

    # Office staff: the office's report and alerts, their own unfinished work; no decisions.
    sections = home("office_staff")
    assert {"wb-alerts", "wb-reports", "wb-drafts", "wb-quick"} <= sections and "wb-decide" not in sections
    assert {"本单位报表", "登记调解案件"} <= set(page.locator("[data-testid=wb-quick] a").all_inner_texts())

    # The city and the province: plans to review or file, the figures, the change log; accounts to manage.
    sections = home("city_admin")
    assert {"wb-decide", "wb-figures", "wb-alerts", "wb-changes", "wb-scope"} <= sections
    assert "县级司法局 2 个" in _text(page, "wb-scope")
    sections = home("province_admin")
    assert {"wb-decide", "wb-figures", "wb-changes"} <= sections
    assert "账号管理" in _text(page, "wb-quick")

    # Workstation staff: alerts and what they do most; nothing to approve.
    sections = home("workstation_staff")
    assert "wb-alerts" in sections and "wb-decide" not in sections and "wb-figures" not in sections
    assert {"登记调解案件", "矛盾纠纷排查"} <= set(page.locator("[data-testid=wb-quick] a").all_inner_texts())

    # The HR reviewer: applications to screen; no casework alerts or figures.
    sections = home("hr_reviewer")
    assert "wb-decide" in sections and "wb-alerts" not in sections and "wb-figures" not in sections
    assert "报名与审查" in _text(page, "wb-quick")

    # A leader reads: figures, alerts, reports; nothing to decide or draft.
    sections = home("leader")
    assert {"wb-figures", "wb-alerts", "wb-reports"} <= sections
    assert not sections & {"wb-decide", "wb-drafts"}
    assert page.locator("[data-testid=wb-figure]").count() > 0

    # An applicant: their applications and the open announcements; no 接口文档, no search box.
    sections = home("applicant")
    assert "wb-applicant" in sections and not sections & {"wb-alerts", "wb-decide", "wb-figures"}
    assert "接口文档" not in page.content() and page.locator("input[type=search]").count() == 0
    assert {"在线报名", "我的报名"} <= set(page.locator("[data-testid=wb-quick] a").all_inner_texts())


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_home_list_form_and_monthly_report_fit_the_screen(new_page, tree, accounts, screen):
    data = _morning(tree, accounts)
    page = new_page(viewport=SCREENS[screen])
    log_in(page, accounts["office_director"].username)
    for url in ("/", "/casework/cases/", "/casework/cases/new/", f"/reporting/mine/?period={data['period']}",
                "/staff/", "/alerts/"):
        page.goto(url)
        assert_fits(page)
    menu = page.locator("#mainnav")
    if screen == "pc":
        # the side menu is there beside the page; folding it gives the page the width
        assert menu.is_visible()
        page.locator("[data-side-toggle]").click()
        assert not menu.is_visible()
        assert_fits(page)
    else:
        # on a phone the menu is a drawer behind ☰, with the search box in it
        assert not menu.is_visible()
        page.get_by_role("button", name="展开菜单").click()
        assert menu.is_visible()
        page.get_by_role("button", name="统计报表").click()
        page.get_by_role("link", name="本单位报表").click()
        page.wait_for_load_state()
        assert "/reporting/mine/" in page.url
        assert_fits(page)


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_search_box_finds_what_is_in_scope(new_page, tree, accounts, screen):
    data = _morning(tree, accounts)
    factories.staff_member(tree["other_office"], full_name=f"{factories.FOREIGN_MARKER}欧阳")
    page = new_page(viewport=SCREENS[screen])
    log_in(page, accounts["county_clerk"].username)
    if screen == "phone":
        page.get_by_role("button", name="展开菜单").click()
    box = page.locator("#mainnav input[type=search]" if screen == "phone" else "header input[type=search]")
    box.fill("欧阳")
    box.press("Enter")
    page.wait_for_load_state()
    results = page.locator("main").inner_text()
    assert "欧阳家宅基地纠纷" in results                      # a case, by title
    assert_no_foreign_units(page)
    assert_fits(page)
    page.goto("/")
    if screen == "phone":
        page.get_by_role("button", name="展开菜单").click()
    box.fill("司马青")
    box.press("Enter")
    page.wait_for_load_state()
    page.locator("main").get_by_role("link", name=re.compile("司马青")).first.click()
    page.wait_for_load_state()
    assert page.url.endswith(data["subject"].get_absolute_url())


ENGLISH = re.compile(r"descending|ascending|-{9}|\.ya?ml\b|\bNone\b|\bTrue\b|\bFalse\b")


def test_county_clerk_menu_pages_speak_chinese(new_page, tree, accounts):
    """Every menu page of the county clerk at 1366×768: no English sort labels, no dashes for an empty
    choice, no rule codes or policy file names, one-line top bar, no sideways scrolling."""
    _morning(tree, accounts)
    page = new_page(viewport=SCREENS["pc"])
    log_in(page, accounts["county_clerk"].username)
    links = page.locator("#mainnav a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    urls = [u for u in dict.fromkeys(links)
            if u and u.startswith("/") and not u.startswith(("/api/", "/accounts/password"))]
    assert len(urls) > 30
    codes = [code for code in engine.rules()]
    for url in [*urls, "/alerts/rules/"]:
        page.goto(url)
        assert_fits(page)
        # what the page says, including the options of its drop-downs
        text = page.locator("main").inner_text() + " ".join(page.locator("main option").all_inner_texts())
        found = ENGLISH.search(text)
        assert found is None, f"{url} shows “{found.group()}”: …{text[max(0, found.start() - 60):found.end() + 60]}…"
        leaked = [code for code in codes if code in text]
        assert not leaked, f"{url} shows rule codes {leaked}"
    page.goto("/casework/cases/")
    options = page.locator("select[name=ordering] option, select[name=o] option").all_inner_texts()
    if options:
        assert any("（降序）" in o for o in options)


def test_a_form_shows_every_error_at_once(new_page, tree, accounts):
    page = new_page(viewport=SCREENS["pc"])
    log_in(page, accounts["office_director"].username)
    page.goto("/casework/cases/new/")
    page.locator("#id_registered_on").evaluate("e => e.type = 'text'")
    page.locator("#id_registered_on").fill("2025-02-30")
    page.locator("#id_title").fill("邻里纠纷")
    page.locator("#id_amount").fill("-5")
    page.locator("#id_applicant_name").fill("张三")
    page.locator("#id_applicant_id_number").fill("370102198502075840")      # wrong check digit
    page.locator("main form").get_by_role("button", name=re.compile("保存|登记")).first.click()
    page.wait_for_load_state()
    summary = _text(page, "form-errors")
    assert "请修改以下 3 处后再提交" in summary
    assert "登记日期不是有效日期" in summary
    assert "涉及金额（元）不能小于 0" in summary
    assert "申请人身份证号码" in summary and "校验位错误" in summary
    assert "确保" not in page.content()                          # not Django's bare message


def test_a_list_prints_on_a4_landscape(new_page, tree, accounts):
    today = datetime.date.today()
    for n in range(12):
        case(tree["office"], registered_on=today - datetime.timedelta(days=n), applicant=f"申请人{n}",
             respondent=f"被申请人{n}", title=f"第{n}号相邻关系与排水沟走向纠纷，涉及宅基地边界")
    page = new_page(viewport=SCREENS["pc"])
    log_in(page, accounts["county_clerk"].username)
    page.goto("/casework/cases/")
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", pdf)
    assert boxes and all(round(float(w)) == 842 and round(float(h)) == 595 for w, h in boxes), boxes  # A4 landscape
    # at the printable width of A4 landscape (297 mm less 2 × 10 mm margins, 96 dpi) every column fits
    page.set_viewport_size({"width": 1047, "height": 740})
    page.emulate_media(media="print")
    table = page.locator("main table").first
    assert table.evaluate("t => t.scrollWidth") <= 1047
    assert page.evaluate("document.documentElement.scrollWidth") <= 1047
    assert not page.locator(".app-side").is_visible() and not page.locator(".filter-bar").is_visible()
