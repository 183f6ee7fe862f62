"""What the browser tests do again and again: log in through the form, check nothing leaks."""

from __future__ import annotations

from tests.factories import FOREIGN_MARKER, PASSWORD


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Fill in and submit the real login form, and wait for the next page."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def assert_no_foreign_units(page) -> None:
    """Nothing of the other county, in the text or anywhere in the markup of the current page."""
    html = page.content()
    assert FOREIGN_MARKER not in html, (
        f"{page.url} shows the other county: …{html[max(0, html.find(FOREIGN_MARKER) - 120):][:240]}…"
    )
