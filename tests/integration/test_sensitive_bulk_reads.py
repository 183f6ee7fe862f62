"""Lists of sensitive records read at once — an export, the printed register, a page of the API — are logged:
one sensitive-access entry each, with how many records and the filter that chose them."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.core.models import SensitiveAccess
from tests.conftest import client_for
from tests.scope_builders.correction import subject
from tests.scope_builders.resettlement import person

D = datetime.date


@pytest.fixture
def records(tree):
    for n in range(3):
        subject(tree["office"], f"BULK-{n}", full_name=f"对象{n}")
    subject(tree["other_office"], "BULK-F", full_name="外县对象")
    for n in range(2):
        person(tree["office"], full_name=f"释放{n}")
    return tree


def _only_entry():
    entry = SensitiveAccess.objects.get()
    SensitiveAccess.objects.all().delete()
    return entry


def test_correction_export_print_and_api_pages_are_logged(records, accounts):
    clerk = accounts["county_clerk"]
    client = client_for(clerk)
    assert client.get("/correction/?export=xlsx&q=对象&status=supervised").status_code == 200
    entry = _only_entry()
    assert (entry.user, entry.count, entry.field, entry.content_type.model) == (
        clerk, 3, "批量导出", "correctionsubject")
    assert "q=对象" in entry.query and "status=supervised" in entry.query and entry.unit_path == clerk.unit.path
    assert client.get("/correction/print/?q=对象").status_code == 200
    assert (_only_entry().count, ) == (3, )
    page = client.get("/api/correction-subjects/?page_size=2")
    assert page.status_code == 200 and len(page.json()["results"]) == 2
    entry = _only_entry()
    assert (entry.count, entry.field, entry.query) == (2, "接口列表", "page_size=2")
    client.get("/api/correction-subjects/?page_size=2&page=2")
    assert _only_entry().count == 1


def test_released_persons_export_and_api_pages_are_logged(records, accounts):
    client = client_for(accounts["office_director"])
    client.get("/resettlement/?export=xlsx")
    entry = _only_entry()
    assert (entry.count, entry.content_type.model, entry.field) == (2, "releasedperson", "批量导出")
    client.get("/api/released-persons/")
    assert _only_entry().count == 2


def test_the_log_page_shows_count_and_filter(records, accounts):
    client_for(accounts["county_clerk"]).get("/correction/?export=xlsx&q=对象")
    page = client_for(accounts["county_admin"]).get("/sensitive-access/").content.decode()
    assert "批量导出" in page and "q=对象" in page


def test_ordinary_lists_are_not_logged(records, accounts):
    client_for(accounts["county_clerk"]).get("/staff/?export=xlsx")
    client_for(accounts["county_clerk"]).get("/api/staff/")
    assert not SensitiveAccess.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_export_written_by_the_worker_is_logged_too(records, accounts, monkeypatch):
    """A large export runs as a job (D48): the worker's export of a sensitive list writes the same entry."""
    from sifasuo.core import views as core_views
    from tests.worker import run_worker

    monkeypatch.setattr(core_views, "ASYNC_EXPORT_ROWS", 2)      # three subjects make a "large" export
    clerk = accounts["county_clerk"]
    answer = client_for(clerk).get("/correction/?export=xlsx&q=对象")
    assert answer.status_code == 302 and not SensitiveAccess.objects.exists()
    run_worker()
    entry = _only_entry()
    assert (entry.user, entry.count, entry.field, entry.content_type.model) == (
        clerk, 3, "批量导出", "correctionsubject")
    assert "q=对象" in entry.query
