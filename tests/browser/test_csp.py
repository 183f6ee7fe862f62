"""In Chromium: the pages run under the Content-Security-Policy without a single violation (no inline script,
style or handler refused) and their scripts still work: the dashboard's ECharts charts and htmx fragment,
the organisation tree, Swagger UI trying a request, the two-factor QR code, the applicant's pages, and every
page one link away from the menu. Every other browser test is watched for violations too (conftest)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from sifasuo.accounts.roles import Role
from sifasuo.core.navigation import menu_for
from tests import factories

from .conftest import PageProblems
from .helpers import log_in

pytestmark = pytest.mark.browser

# Records every violation the page reports (init scripts run outside the page's policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile || ""}:${e.lineNumber}`));
"""
EXTRA_PAGES = ["/org/tree/", "/accounts/tokens/", "/accounts/locks/", "/accounts/2fa/", "/accounts/password/",
               "/api/docs/", "/casework/cases/print/", "/correction/print/", "/reporting/table/print/",
               "/indicators/"]
# Links a walk does not follow: leaving, files rather than pages.
NOT_PAGES = re.compile(r"logout|export|download|template|/media/|\.(xlsx|csv|docx|pdf|zip)$", re.I)
MAX_LINKED_PAGES = 80


def _watch(page, found):
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda msg: found.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text else None)


def _visit(page, path, found) -> bool:
    """Open `path`; False when it is a file download rather than a page."""
    try:
        response = page.goto(path)
    except PlaywrightError as exc:
        if "Download is starting" in str(exc):
            return False
        raise
    page.wait_for_load_state("networkidle")
    assert response.headers.get("content-security-policy"), f"{path} has no Content-Security-Policy"
    found.extend(f"{path}: {v}" for v in page.evaluate("window.__cspViolations || []"))
    return True


def _pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _linked_paths(page, origin: str) -> list[str]:
    out = []
    for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" == origin and not NOT_PAGES.search(href):
            out.append(parts.path)
    return out


def test_the_violation_watch_is_not_blind(browser, live_server):
    """A style attribute and an inline script written into a page are refused, and both watches see it."""
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        problems, found = PageProblems(), []
        problems.watch(page)
        _watch(page, found)
        page.goto("/accounts/login/")
        page.evaluate("""() => {
            document.body.insertAdjacentHTML("beforeend", '<p id="styled" style="color: rgb(255, 0, 0)">x</p>');
            const s = document.createElement("script"); s.textContent = "window.__ran = 1"; document.body.append(s);
        }""")
        page.wait_for_timeout(200)   # the violation events are queued as tasks
        assert page.evaluate("getComputedStyle(document.getElementById('styled')).color") != "rgb(255, 0, 0)"
        assert page.evaluate("window.__ran") is None
        directives = " ".join(page.evaluate("window.__cspViolations"))
        assert "style-src-attr" in directives and "script-src-elem" in directives, directives
        assert len([p for p in problems if p.startswith("Content-Security-Policy violation")]) == 2, problems
    finally:
        context.close()


def test_pages_raise_no_content_security_policy_violation(page, new_page, live_server, tree, accounts):
    admin = factories.user("csp_admin", Role.PROVINCE_ADMIN, tree["province"], is_superuser=True)
    factories.staff_member(tree["office"], full_name="李四")   # a detail page with a person on it
    found: list[str] = []
    _watch(page, found)
    for path in ("/accounts/login/", "/accounts/register/", "/recruitment/open/"):
        _visit(page, path, found)
    log_in(page, admin.username)
    paths = [url for _, url in menu_for(admin)] + EXTRA_PAGES
    assert len(paths) > 20
    seen = {_pattern(p) for p in paths}
    linked: list[str] = []
    for path in paths:
        if not _visit(page, path, found):
            continue
        for link in _linked_paths(page, live_server.url):
            if _pattern(link) not in seen:
                seen.add(_pattern(link))
                linked.append(link)
    # Every page one link away (detail pages, forms, drill-downs), one per URL pattern.
    visited = [link for link in linked[:MAX_LINKED_PAGES] if _visit(page, link, found)]
    assert len(visited) > 20, visited
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)

    # The dashboard: ECharts draws its three charts (and a tooltip), htmx brings in the overdue alerts.
    page.goto("/indicators/")
    for chart in ("#chart-trend", "#chart-targets", "#chart-ranking"):
        expect(page.locator(f"{chart} canvas").first).to_be_visible()
    page.locator("#chart-trend canvas").first.hover(position={"x": 200, "y": 150})
    expect(page.locator("[hx-get*='/alerts/']")).not_to_contain_text("正在加载")

    # The organisation tree: a folded node loads its children over htmx, then folds again.
    page.goto("/org/tree/")
    for code, child in (("370100", "370102"), ("370102", "370102001")):   # the city, then the county
        node = page.locator(f"li[data-code='{code}']")
        toggle = node.locator(":scope > [data-tree-toggle]")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(node.locator(f"li[data-code='{child}']")).to_be_visible()

    # Swagger UI draws the API and sends a request from "Try it out".
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("司法所综合管理平台 API")
    operation = page.locator(".opblock-get").filter(
        has=page.locator(".opblock-summary-path[data-path='/api/assessment-items/']")).first
    operation.locator(".opblock-summary").click()
    operation.locator(".try-out__btn").click()
    operation.locator(".execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")

    # The two-factor set-up shows its QR code (an inline SVG) without a refused style.
    page.goto("/accounts/2fa/")
    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    assert not page.evaluate("window.__cspViolations")

    # An applicant's own pages.
    applicant_page = new_page()
    _watch(applicant_page, found)
    log_in(applicant_page, accounts["applicant"].username)
    for _, path in menu_for(accounts["applicant"]):
        _visit(applicant_page, path, found)
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)
