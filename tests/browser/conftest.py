"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium from the Debian package (`make test` installs
it through the `browser-deps` target). A missing browser fails these tests with a clear message, unless
SIFASUO_SKIP_BROWSER=1 says to skip them (a developer machine without Chromium).

One Chromium for all browser tests. It is scoped to this package rather than the session so that
Playwright's event loop (which makes Django refuse synchronous database calls unless
DJANGO_ALLOW_ASYNC_UNSAFE is set, and breaks asyncio.run) is gone before the other suites run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 10_000


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("SIFASUO_SKIP_BROWSER") == "1":
        pytest.skip(f"{reason} (SIFASUO_SKIP_BROWSER=1)")
    pytest.fail(
        f"{reason}. Install it with `make browser-deps` (apt-get install chromium), or set "
        "SIFASUO_SKIP_BROWSER=1 to skip the browser tests on this machine.",
        pytrace=False,
    )


@pytest.fixture(scope="package")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        _skip_or_fail(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # the dev dependency group was not installed
        _skip_or_fail(f"Playwright for Python is not installed ({exc})")

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # Playwright's sync API keeps an asyncio loop running in this thread; the ORM calls made by the
    # tests and fixtures are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageProblems(list):
    """What went wrong in the browser besides the page itself: script errors, broken assets, and anything
    the Content-Security-Policy refused (an inline script, style or handler: D46), in every browser test."""

    def watch(self, page) -> None:
        page.on("pageerror", lambda exc: self.append(f"JavaScript error on {page.url}: {exc}"))
        page.on("console", lambda message: self._on_console(page, message))
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    def _on_console(self, page, message) -> None:
        # Chromium reports each refusal on the console: "Refused to apply inline style because it violates
        # the following Content Security Policy directive: …".
        if "Content Security Policy" in message.text:
            self.append(f"Content-Security-Policy violation on {page.url}: {message.text}")

    def _on_response(self, response) -> None:
        # Documents may legitimately be 400 (a form with errors) or 404 (a unit out of scope); the
        # tests check those themselves. Stylesheets, scripts and htmx fragments must load.
        if response.status >= 400 and response.request.resource_type != "document" \
                and not response.url.endswith("/favicon.ico"):
            self.append(f"{response.status} for {response.request.resource_type} {response.url}")

    def _on_request_failed(self, request) -> None:
        failure = request.failure or ""
        if "ERR_ABORTED" not in failure:  # navigating away cancels pending requests
            self.append(f"request failed: {request.url} ({failure})")


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """Make a page in a fresh browser context (own cookies) on the live server; close it afterwards.

    Relative URLs in page.goto() resolve against the live server. The test fails if a page threw a
    JavaScript error or a stylesheet, script or htmx request failed.
    """
    contexts = []
    problems = PageProblems()

    def make(**context_options):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai",
                                      **context_options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, "problems in the browser:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page):
    """A desktop-sized page (1280×800)."""
    return new_page(viewport={"width": 1280, "height": 800})

