"""The imports of units, of an office's equipment ledger and of an announcement's applications and scores are
core's Excel import page (core.views.ExcelImportView, issue 17): what they load from the URL is read in the edit
scope (D37), a refused file says why, the pages and templates stay as they were, and a file of more than 1,000
rows runs as a job like every other import (D48)."""

from __future__ import annotations

import datetime
import io
import re
from urllib.parse import quote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.accounts.roles import Role
from sifasuo.core.models import Job
from sifasuo.orgunits import services as unit_services
from sifasuo.standards.models import EquipmentItem
from tests.conftest import client_for
from tests.factories import user
from tests.spreadsheets import xlsx_upload
from tests.worker import run_worker

HEADER = ["装备类别", "品名型号", "资产编号", "数量", "购置日期", "状态"]
BOUGHT = f"{datetime.date.today().year - 2}-05-10"


def ledger(count: int):
    return xlsx_upload([["电脑", "联想", f"ZC-{n}", 1, BOUGHT, "在用"] for n in range(1, count + 1)], HEADER,
                       name="ledger.xlsx")


@pytest.mark.django_db
def test_a_hub_edits_its_own_ledger_only_though_it_sees_its_members(wuhu):
    """The office is loaded once the edit scope is set: a hub's staff read a member office but cannot import
    into its ledger (404, nothing written), and import into their own."""
    hub = unit_services.update_unit(unit=wuhu["township"], is_hub=True)
    member = unit_services.update_unit(unit=wuhu["street"], hub=hub)
    director = wuhu["director"]
    client = client_for(director)
    assert client.get(f"/standards/offices/{member.pk}/").status_code == 200   # read: the cluster
    assert client.get(f"/standards/offices/{member.pk}/equipment/import/").status_code == 404
    refused = client.post(f"/standards/offices/{member.pk}/equipment/import/", {"file": ledger(1)})
    assert refused.status_code == 404 and not EquipmentItem.objects.exists()
    page = client.get(f"/standards/offices/{hub.pk}/equipment/import/")
    assert page.status_code == 200 and "方村镇司法所 · 从 Excel 导入装备资产账目" in page.content.decode()
    done = client.post(f"/standards/offices/{hub.pk}/equipment/import/", {"file": ledger(2)})
    assert done.status_code == 302 and done["Location"] == f"/standards/offices/{hub.pk}/"
    assert EquipmentItem.objects.filter(unit=hub).count() == 2


@pytest.mark.django_db
def test_a_missing_or_oversized_file_is_refused_in_chinese(wuhu, tree, accounts):
    office = wuhu["street"]
    client = client_for(wuhu["clerk"])
    url = f"/standards/offices/{office.pk}/equipment/import/"
    missing = client.post(url, {})
    assert missing.status_code == 400 and "请选择要导入的 Excel 文件" in missing.content.decode()
    oversized = client.post(url, {"file": SimpleUploadedFile("ledger.xlsx", b"0" * (11 * 1024 * 1024))})
    assert oversized.status_code == 400
    assert re.search(r"文件过大（\d+ MB），上限 10 MB", oversized.content.decode())
    assert not EquipmentItem.objects.exists()
    units = client_for(accounts["county_admin"]).post("/org/import/", {})
    assert units.status_code == 400 and "请选择要导入的 Excel 文件" in units.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_ledger_of_more_than_1000_rows_is_imported_as_a_job(wuhu):
    office = wuhu["street"]
    client = client_for(user("jh_staff", Role.OFFICE_STAFF, office))
    response = client.post(f"/standards/offices/{office.pk}/equipment/import/", {"file": ledger(1001)})
    assert response.status_code == 302, response.content.decode()[:500]
    match = re.fullmatch(r"/jobs/([0-9a-f-]{36})/", response["Location"])
    assert match, response["Location"]
    assert not EquipmentItem.objects.exists()     # the request only queued the work
    run_worker()
    job = Job.objects.get(pk=match.group(1))
    assert job.status == Job.Status.DONE, (job.message, job.errors)
    assert job.title == "导入装备资产（1001 行）" and job.message == "导入成功：装备资产 1001 条"
    assert EquipmentItem.objects.filter(unit=office).count() == 1001


@pytest.mark.django_db
def test_an_announcements_sheets_keep_their_template_names_and_page(clerk, announcement):
    """The application and score imports: the page names the announcement, the blank templates keep their
    names (报名模板 / 成绩模板) and the page lists the template's columns, which for scores say more than
    the file is read with (one column per interviewer)."""
    base = f"/recruitment/announcements/{announcement.pk}"
    for kind, name in (("applications", "报名模板.xlsx"), ("scores", "成绩模板.xlsx")):
        template = clerk.get(f"{base}/{kind}/import/?template=1")
        assert quote(name) in template["Content-Disposition"]
        header = [c.value for c in openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[0][1]]
        page = clerk.get(f"{base}/{kind}/import/").content.decode()
        assert announcement.title in page and all(f"<td>{h}</td>" in page for h in header)
    assert "面试评分5" in header
    missing = clerk.post(f"{base}/scores/import/", {})
    body = missing.content.decode()
    assert missing.status_code == 400 and "请选择要导入的 Excel 文件" in body and "从 Excel 导入成绩" in body
