"""In a real browser: a county clerk exports 5,002 mediation cases; the request answers at once with the job's
page, whose progress bar (htmx polling the live server) moves while the worker writes the workbook and
reaches the end, where the page offers the file.

(An export, not an import: with the in-memory SQLite test database the live server's requests and the worker
share one process, and an import's long write transaction would hold the tables the polling requests read; the
import's progress is followed through the same page in tests/integration/test_jobs.py.)"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from sifasuo.casework.choices import CaseStatus
from sifasuo.casework.models import MediationCase
from sifasuo.core import jobs
from tests.worker import run_worker

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = datetime.date.today().year - 1
BAR_PART_WAY = """() => {
  const bar = document.querySelector('[data-testid=progress-bar]');
  const width = bar ? parseFloat(bar.style.width) : 0;
  return width > 0 && width < 100;
}"""


def test_the_progress_bar_of_a_large_export_reaches_the_end(page, live_server, tree, accounts):
    from django.test import Client

    Client().get("/accounts/login/")   # warm up URL configuration and templates in this process
    MediationCase.objects.bulk_create([
        MediationCase(unit=tree["office"], year=YEAR, number=f"（{YEAR}）调字第{n:05d}号", source="application",
                      dispute_type="neighbour", title=f"纠纷{n}", registered_on=datetime.date(YEAR, 5, 6),
                      status=CaseStatus.REGISTERED) for n in range(1, 5003)])

    log_in(page, accounts["county_clerk"].username)
    page.goto("/casework/cases/")
    page.get_by_role("link", name="导出 Excel").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    expect(page.get_by_test_id("job-counts")).to_contain_text("排队中")

    seen: list[str] = []

    def watch(sender, done, total, **kwargs):
        # Part-way through, the worker waits until the browser's polling has shown a part-way bar.
        if not seen and total and total // 3 < done < total:
            page.wait_for_function(BAR_PART_WAY, timeout=15_000)
            seen.append(page.get_by_test_id("job-counts").inner_text())

    jobs.progressed.connect(watch)
    try:
        run_worker()
    finally:
        jobs.progressed.disconnect(watch)

    assert seen and re.search(r"进行中.*写入 Excel：已处理 \d+ / 5002 项", seen[0]), seen
    expect(page.locator("[data-testid=job-progress][data-status=done]")).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("progress-bar")).to_have_text("100%")
    expect(page.get_by_test_id("job-message")).to_have_text("已导出 5002 行")
    with page.expect_download() as download:
        page.get_by_test_id("job-download").click()
    assert download.value.suggested_filename.endswith(".xlsx")
