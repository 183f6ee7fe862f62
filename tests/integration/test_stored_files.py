"""A stored file is served by one function (core.views.stored_file_response, issue 17): a filed plan as an
attachment named after the document, an inspection photo shown in the page; a file gone from storage answers
404 (not a server error)."""

from __future__ import annotations

import datetime
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.officeadmin import services
from sifasuo.standards.models import InspectionPhoto
from tests.conftest import client_for
from tests.scope_builders.officeadmin import PDF, pdf

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def test_a_filed_plan_downloads_under_its_title_and_a_lost_file_answers_404(tree, accounts):
    doc = services.file_document(actor=accounts["office_staff"], unit=tree["office"], year=YEAR, kind="annual_plan",
                                 title="年初工作计划", file=pdf("计划.pdf"), filed_on=datetime.date(YEAR, 1, 20))
    client = client_for(accounts["county_clerk"])
    response = client.get(f"/officeadmin/documents/{doc.pk}/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    stored = doc.file.name.rsplit("/", 1)[-1]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"{doc}-{stored}" == _filename(disposition)
    doc.file.storage.delete(doc.file.name)
    lost = client.get(f"/officeadmin/documents/{doc.pk}/file/")
    assert lost.status_code == 404


def test_an_inspection_photo_is_shown_inline_and_a_lost_one_answers_404(wuhu):
    client = client_for(wuhu["clerk"])
    response = client.post("/standards/inspections/new/", {
        "unit_code": "340202001", "inspector_code": "340202", "inspectors": "王检查",
        "visited_on": (datetime.date.today() - datetime.timedelta(days=5)).isoformat(), "summary": "用房面积不足"})
    url = response["Location"]
    photo = SimpleUploadedFile("site.png", PNG, content_type="image/png")
    assert client.post(url, {"action": "photo", "image": photo, "caption": "办公室"}).status_code == 302
    stored = InspectionPhoto.objects.get()
    shown = client.get(f"/standards/photos/{stored.pk}/")
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == PNG
    assert shown["Content-Disposition"].startswith("inline;")
    assert _filename(shown["Content-Disposition"]) == stored.image.name.rsplit("/", 1)[-1]
    stored.image.storage.delete(stored.image.name)
    lost = client.get(f"/standards/photos/{stored.pk}/")
    assert lost.status_code == 404


def _filename(disposition: str) -> str:
    if "filename*=utf-8''" in disposition:
        return unquote(disposition.split("filename*=utf-8''", 1)[1])
    return disposition.split('filename="', 1)[1].rstrip('"')
