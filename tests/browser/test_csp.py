"""In Chromium: the main pages run under the Content-Security-Policy without a single violation (no inline
script, style or handler refused), and their scripts still work (the tree opens, print buttons are wired)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sifasuo.accounts.roles import Role
from sifasuo.core.navigation import menu_for
from tests import factories

from .helpers import log_in

pytestmark = pytest.mark.browser

# Records every violation the page reports (init scripts run outside the page's policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile || ""}:${e.lineNumber}`));
"""
EXTRA_PAGES = ["/org/tree/", "/accounts/tokens/", "/accounts/locks/", "/api/docs/", "/casework/cases/print/",
               "/correction/print/", "/reporting/table/print/", "/indicators/"]


def _watch(page, found):
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda msg: found.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text else None)


def _visit(page, path, found):
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    assert response.headers.get("content-security-policy"), f"{path} has no Content-Security-Policy"
    found.extend(f"{path}: {v}" for v in page.evaluate("window.__cspViolations || []"))


def test_main_pages_raise_no_content_security_policy_violation(page, live_server, tree, accounts):
    admin = factories.user("csp_admin", Role.PROVINCE_ADMIN, tree["province"], is_superuser=True)
    found: list[str] = []
    _watch(page, found)
    for path in ("/accounts/login/", "/accounts/register/", "/recruitment/open/"):
        _visit(page, path, found)
    log_in(page, admin.username)
    paths = [url for _, url in menu_for(admin)] + EXTRA_PAGES
    assert len(paths) > 20
    for path in paths:
        _visit(page, path, found)
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)

    # The scripts moved out of the pages still act: the tree folds a node, Swagger UI draws the API.
    page.goto("/org/tree/")
    toggle = page.locator("[data-tree-toggle]").first
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("司法所综合管理平台 API")
    assert not page.evaluate("window.__cspViolations")
