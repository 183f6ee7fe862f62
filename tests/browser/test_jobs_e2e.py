"""In a real browser: an office clerk uploads 1,200 mediation cases; the request answers at once with the job's
page, and the page's progress bar (htmx polling the live server) moves while the worker imports and reaches
the end, where the page says what was imported."""

from __future__ import annotations

import datetime
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from sifasuo.casework.models import MediationCase
from sifasuo.core import jobs
from tests.worker import run_worker

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["单位代码", "案件编号", "登记日期", "案件来源", "纠纷类型", "纠纷简要", "申请人", "被申请人"]
YEAR = datetime.date.today().year - 1

BAR_PART_WAY = """() => {
  const bar = document.querySelector('[data-testid=progress-bar]');
  const width = bar ? parseFloat(bar.style.width) : 0;
  return width > 0 && width < 100;
}"""


def test_the_progress_bar_of_a_large_import_reaches_the_end(page, live_server, tree, accounts, tmp_path):
    from django.test import Client

    Client().get("/accounts/login/")   # warm up URL configuration and templates in this process
    path = tmp_path / "cases.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("案件")
    ws.append(HEADER)
    for n in range(1, 1201):
        ws.append(["370102001", f"（{YEAR}）调字第{n:05d}号", f"{YEAR}-05-06", "当事人申请", "邻里", f"纠纷{n}",
                   f"申请人{n}", f"被申请人{n}"])
    wb.save(path)

    log_in(page, accounts["office_staff"].username)
    page.goto("/casework/cases/import/")
    page.locator("input[name=file]").set_input_files(str(path))
    page.get_by_role("button", name="导入").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    expect(page.get_by_test_id("job-counts")).to_contain_text("排队中")
    assert MediationCase.objects.count() == 0

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

    assert seen and re.search(r"进行中.*已处理 \d+ / 1200 项", seen[0]), seen
    done_state = page.locator("[data-testid=job-progress][data-status=done]")
    expect(done_state).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("progress-bar")).to_have_text("100%")
    expect(page.get_by_test_id("job-message")).to_have_text("导入成功：新增 1200 条人民调解案件记录")
    assert MediationCase.objects.count() == 1200
    page.get_by_role("link", name="返回").click()
    expect(page).to_have_url(re.compile(r"/casework/cases/$"))
