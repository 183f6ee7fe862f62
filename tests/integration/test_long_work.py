"""The other long work runs as jobs on the real queue too: a province's statistical table, a period's reports
compiled for a county and above, the aggregate table refreshed for a year, and every document of an
announcement in one zip. The request answers at once; the job's page gives the result."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import openpyxl
import pytest

from sifasuo.core.models import Job
from sifasuo.reporting.models import Report
from sifasuo.reporting.services import ensure_templates
from tests.conftest import client_for
from tests.integration.test_recruitment_documents import recruitment  # noqa: F401
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)
LAST_MONTH = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def job_of(response) -> Job:
    assert response.status_code == 302, response.content.decode()[:300]
    match = re.fullmatch(r"/jobs/([0-9a-f-]{36})/", response["Location"])
    assert match, response["Location"]
    return Job.objects.get(pk=match.group(1))


def finished(job: Job) -> Job:
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, (job.message, job.errors)
    return job


def test_the_provinces_statistical_table_is_made_by_the_worker(tree, accounts):
    ensure_templates()
    province = client_for(accounts["province_admin"])
    query = {"unit": "370000", "template": "office_monthly", "period": f"{LAST_MONTH:%Y-%m}"}
    job = finished(job_of(province.get("/reporting/table/", {**query, "export": "xlsx"})))
    assert job.message.startswith("已生成") and job.result_name.endswith(".xlsx")
    content = b"".join(province.get(f"/jobs/{job.pk}/download/").streaming_content)
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
             for c in row if c]
    assert "济南市司法局" in cells and "合计" in "".join(map(str, cells))
    # A county's table is small: still answered in the request.
    clerk = client_for(accounts["county_clerk"])
    response = clerk.get("/reporting/table/", {**query, "unit": "370102", "export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_a_period_is_compiled_for_a_county_in_the_background(tree, accounts):
    ensure_templates()
    clerk = client_for(accounts["county_clerk"])
    url = f"/reporting/compile/?unit=370102&template=office_monthly&period={LAST_MONTH:%Y-%m}"
    job = job_of(clerk.post(url, {"what": "reports"}))
    assert not Report.objects.exists()            # nothing yet: the request only queued it
    job = finished(job)
    assert "生成或更新 2 份报表" in job.message
    assert set(Report.objects.values_list("unit__code", flat=True)) == {"370102001", "370102002"}
    job = finished(job_of(clerk.post(url, {"what": "aggregates"})))
    assert job.message.startswith("已重新汇总历下区司法局") and job.total == job.done
    # Offices do not compile their county's reports.
    office = client_for(accounts["office_staff"])
    assert office.post(url, {"what": "reports"}).status_code == 403


def test_every_document_of_an_announcement_in_one_zip(recruitment, daqing):  # noqa: F811
    announcement = recruitment["announcement"]
    clerk = client_for(daqing["people"]["county_clerk"])
    assert clerk.get(f"/recruitment/announcements/{announcement.pk}/documents/all/").status_code == 405
    job = finished(job_of(clerk.post(f"/recruitment/announcements/{announcement.pk}/documents/all/")))
    assert job.message == "已生成资格审查结果、综合成绩排名表、拟聘用人员公示（Word 与 PDF）"
    assert (job.done, job.total) == (6, 6)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(clerk.get(f"/jobs/{job.pk}/download/").streaming_content)))
    names = sorted(archive.namelist())
    assert len(names) == 6 and sum(n.endswith(".pdf") for n in names) == 3
    assert all(archive.read(n).startswith(b"%PDF") for n in names if n.endswith(".pdf"))
    # Another county's clerk cannot start it (the announcement does not exist for them).
    other = client_for(daqing["people"]["other_clerk"])
    assert other.post(f"/recruitment/announcements/{announcement.pk}/documents/all/").status_code == 404
