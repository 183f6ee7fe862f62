"""Long work off the request (core/jobs.py): a 5,000-row import and a large export run as jobs on the real
queue (django_tasks_db, its own worker), report their progress, and land whole or not at all."""

from __future__ import annotations

import datetime
import io
import re

import openpyxl
import pytest
from django_tasks_db.models import DBTaskResult

from sifasuo.casework.models import CaseParty, MediationCase
from sifasuo.core import jobs
from sifasuo.core.importers import estimate_rows
from sifasuo.core.models import ChangeLogEntry, Job
from tests.conftest import client_for
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = ["单位代码", "案件编号", "登记日期", "案件来源", "纠纷类型", "纠纷简要", "涉及金额", "申请人", "申请人性别",
          "申请人身份证号码", "被申请人", "纠纷事实"]
YEAR = datetime.date.today().year - 1


def case_row(n: int, unit: str = "370102001", registered: str = f"{YEAR}-03-03") -> list:
    return [unit, f"（{YEAR}）调字第{n:05d}号", registered, "当事人申请", "邻里", f"纠纷{n}", 100, f"申请人{n}", "男", "",
            f"被申请人{n}", ""]


def workbook(rows) -> io.BytesIO:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("案件")
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "cases.xlsx"
    return buffer


@pytest.fixture
def watched():
    """Every progress write of the jobs run in the test (the `progressed` signal)."""
    seen: list[dict] = []

    def receiver(sender, **snapshot):
        seen.append(snapshot)

    jobs.progressed.connect(receiver)
    yield seen
    jobs.progressed.disconnect(receiver)


def _job_from(response) -> Job:
    assert response.status_code == 302, response.content.decode()[:500]
    match = re.fullmatch(r"/jobs/([0-9a-f-]{36})/", response["Location"])
    assert match, response["Location"]
    return Job.objects.get(pk=match.group(1))


def test_estimate_rows_counts_the_first_sheet_without_parsing():
    assert estimate_rows(workbook([case_row(n) for n in range(1, 1235)]).getvalue()) == 1234
    assert estimate_rows(b"not a workbook") is None


def test_a_5000_row_import_runs_as_a_job_reports_progress_and_lands_whole(tree, accounts, watched):
    client = client_for(accounts["office_staff"])
    response = client.post("/casework/cases/import/", {"file": workbook([case_row(n) for n in range(1, 5001)])})
    job = _job_from(response)
    # The request only stored the file and queued the work: nothing is imported yet.
    assert MediationCase.objects.count() == 0
    assert job.status == Job.Status.QUEUED and job.title == "导入人民调解收结案登记簿（5000 行）"
    assert DBTaskResult.objects.filter(id=job.task_id, status="READY").exists()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "排队中" in page and 'hx-get="/jobs/' in page

    # While the worker runs, the progress page shows how far it got (read when the job reports progress).
    midway: list[str] = []

    def look(sender, done, total, phase, **kwargs):
        if not midway and total and 0 < done < total:
            midway.append(client.get(f"/jobs/{job.pk}/progress/").content.decode())

    jobs.progressed.connect(look)
    try:
        run_worker()
    finally:
        jobs.progressed.disconnect(look)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.message == "导入成功：新增 5000 条人民调解案件记录"
    assert (job.done, job.total, job.error_count) == (5000, 5000, 0)
    assert MediationCase.objects.count() == 5000 and CaseParty.objects.count() == 10000
    # The change log ties the rows to the request that started the job, and to its user.
    entry = ChangeLogEntry.objects.filter(content_type__model="mediationcase").first()
    assert entry.request_id == job.request_id and entry.username == "o_staff" and entry.source == "task"
    # Progress went up step by step, and the page showed a part-way state while it did.
    done = [s["done"] for s in watched if s["job_id"] == str(job.pk) and s["phase"] == "检查并写入"]
    assert done == sorted(done) and len(done) >= 20 and done[-1] == 5000
    assert midway and re.search(r"已处理 (\d+) / 5000 项", midway[0])
    assert 0 < int(re.search(r"已处理 (\d+) / 5000", midway[0]).group(1)) < 5000
    assert 'hx-get="/jobs/' in midway[0] and "进行中" in midway[0]
    final = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "100%" in final and "hx-get" not in final and "导入成功：新增 5000 条" in final
    assert input_removed(job)


def input_removed(job: Job) -> bool:
    return not Job.objects.get(pk=job.pk).input_file


def test_a_failed_import_job_names_rows_and_columns_and_changes_nothing(tree, accounts, watched):
    rows = [case_row(n) for n in range(1, 5001)]
    rows[4699] = case_row(4700, registered=f"{YEAR}-02-30")     # spreadsheet row 4701
    rows[4899] = case_row(3)                                       # a duplicate of row 4, written in batch 1
    client = client_for(accounts["office_staff"])
    job = _job_from(client.post("/casework/cases/import/", {"file": workbook(rows)}))
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "文件未导入，发现 2 处问题，未作任何更改。"
    assert job.errors == [f"第4701行「登记日期」：「{YEAR}-02-30」不是存在的日期（{YEAR}年没有2月30日）",
                          f"第4901行「案件编号」：解放路街道司法所{YEAR}年已有案件编号 （{YEAR}）调字第00003号"]
    # The first 4,000 rows had been written batch by batch before the problems were found: all rolled back.
    assert MediationCase.objects.count() == 0 and CaseParty.objects.count() == 0
    assert not ChangeLogEntry.objects.filter(content_type__model="mediationcase").exists()
    # The errors found so far were reported while it ran.
    assert any(s["errors"] >= 1 and s["done"] < 5000 for s in watched if s["job_id"] == str(job.pk))
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "第4701行「登记日期」" in page and "未完成" in page


def test_a_small_import_stays_in_the_request(tree, accounts):
    client = client_for(accounts["office_staff"])
    response = client.post("/casework/cases/import/", {"file": workbook([case_row(n) for n in range(1, 11)])})
    assert response.status_code == 302 and response["Location"] == "/casework/cases/"
    assert MediationCase.objects.count() == 10 and not Job.objects.exists()


def test_a_large_export_runs_as_a_job_with_the_page_rows(tree, accounts, watched):
    from sifasuo.casework.choices import CaseStatus

    def make(unit, n, title):
        return MediationCase(unit=unit, year=YEAR, number=f"（{YEAR}）调字第{n:05d}号", source="application",
                             dispute_type="neighbour", title=title, registered_on=datetime.date(YEAR, 3, 3),
                             status=CaseStatus.REGISTERED)

    MediationCase.objects.bulk_create([make(tree["office"], n, f"本县纠纷{n}") for n in range(1, 5003)] +
                                      [make(tree["other_office"], 1, "外县纠纷")])
    clerk = client_for(accounts["county_clerk"])
    job = _job_from(clerk.get("/casework/cases/", {"export": "xlsx", "q": "纠纷"}))
    assert job.title.startswith("导出") and job.next_url == "/casework/cases/?q=%E7%BA%A0%E7%BA%B7"
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.message == "已导出 5002 行", job.message
    response = clerk.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 5004 and not any("外县" in str(c) for r in rows for c in r)
    # the worker writes the same register as the page: the title row names the list, the unit, the filter
    # and the person who asked; the header is row 2
    assert rows[0][0].startswith("人民调解收结案登记簿\u3000历下区司法局\u3000筛选：搜索 纠纷\u3000导出时间：")
    assert rows[0][0].endswith("导出人：x_clerk") and rows[1][0] == "案件编号"
    assert [s["total"] for s in watched if s["job_id"] == str(job.pk) and s["phase"] == "写入 Excel"][-1] == 5002
    # Only its starter sees a job: another account gets 404 for its page, progress and download.
    other = client_for(accounts["county_admin"])
    for suffix in ("", "progress/", "download/"):
        assert other.get(f"/jobs/{job.pk}/{suffix}").status_code == 404
    assert job.title in clerk.get("/jobs/").content.decode()
    assert job.title not in other.get("/jobs/").content.decode()


def test_an_unexpected_error_fails_the_job_in_chinese(tree, accounts):
    user = accounts["county_clerk"]
    job = boom.start(user=user)
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "任务执行出错（ZeroDivisionError），未作任何更改。请联系系统管理员查看服务日志。"
    assert not MediationCase.objects.exists()


@jobs.job("测试：出错的任务")
def boom(job, progress) -> str:
    from tests.factories import unit

    unit("370102099", "半途写入的单位", 4, job.user.unit)   # written, then rolled back with the job
    return str(1 / 0)
