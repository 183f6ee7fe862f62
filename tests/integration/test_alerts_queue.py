"""Stored alerts follow their records through the real task queue (django_tasks_db and its worker): a write
queues the refresh of its office right after the writer's transaction; the item appears, and closes itself
when the record is completed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sifasuo.alerts.models import AlertItem, Status
from sifasuo.core.models import ChangeLogEntry
from sifasuo.staff import services as staff_services
from tests.conftest import client_for
from tests.factories import staff_member
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def inbox_rows(client) -> str:
    page = client.get("/alerts/", {"rule": "staff.contract_ending"}).content.decode()
    return page[page.index('data-testid="object-table"'):]


def test_an_alert_appears_when_its_record_changes_and_closes_when_it_is_completed(tree, accounts):
    county = tree["county"]
    county.managed_from = TODAY - 365 * DAY
    county.save()
    member = staff_member(tree["office"], full_name="郑续签")
    run_worker()
    clerk = client_for(accounts["county_clerk"])
    assert "郑续签" not in inbox_rows(clerk)

    # A contract ending in 20 days is written: the refresh of the office is queued by that write.
    contract = staff_services.create_contract(actor=accounts["county_clerk"], staff=member,
                                              start=TODAY - 1000 * DAY, end=TODAY + 20 * DAY)
    queued = DBTaskResult.objects.filter(task_path="sifasuo.alerts.tasks.refresh_path", status="READY")
    assert queued.exists()
    assert queued.first().args_kwargs["args"][0] == tree["office"].path
    assert not AlertItem.objects.filter(rule="staff.contract_ending").exists()   # not before the worker ran
    run_worker()
    item = AlertItem.objects.get(rule="staff.contract_ending", record=f"staff.contract:{contract.pk}")
    assert item.status == Status.OPEN and item.due == TODAY + 20 * DAY and item.unit == tree["office"]
    assert "郑续签" in inbox_rows(clerk)

    # The person leaves: the contract no longer ends on anyone's watch, the item closes itself.
    staff_services.exit_member(actor=accounts["county_clerk"], staff=member, kind="resignation", on=TODAY)
    run_worker()
    item.refresh_from_db()
    assert item.status == Status.RESOLVED and "系统自动关闭" in item.note
    assert "郑续签" not in inbox_rows(clerk)
    entry = ChangeLogEntry.objects.filter(content_type__model="alertitem", object_id=str(item.pk)).latest("id")
    assert (entry.before["status"], entry.after["status"], entry.source) == ("open", "resolved", "task")


def test_a_rolled_back_write_queues_nothing(tree, accounts):
    from django.db import transaction

    member = staff_member(tree["office"], full_name="冯回滚")
    run_worker()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            staff_services.create_contract(actor=accounts["county_clerk"], staff=member,
                                           start=TODAY - 1000 * DAY, end=TODAY + 20 * DAY)
            raise RuntimeError("rolled back")
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_an_import_written_in_bulk_queues_the_refresh_of_its_offices(tree, accounts):
    """Bulk writers send no post_save: the import's rows reach the alerts through the change log's
    bulk_logged signal, one queued refresh per office, run after the import's transaction."""
    from sifasuo.correction.importers import COLUMNS
    from tests.spreadsheets import xlsx_upload
    from tests.scope_builders.correction import id_for

    county = tree["county"]
    county.managed_from = TODAY - 365 * DAY
    county.save()
    run_worker()
    effective = (TODAY - 12 * DAY).isoformat()      # ten days to report: overdue since the day before yesterday
    rows = [["370102001", "BQ-1", "褚未到", id_for(tree["office"], "BQ-1"), "盗窃罪", "缓刑", "", "", effective,
             effective, (TODAY + 300 * DAY).isoformat(), "普管", ""],
            ["370102001", "BQ-2", "卫已到", id_for(tree["office"], "BQ-2"), "盗窃罪", "缓刑", "", "", effective,
             effective, (TODAY + 300 * DAY).isoformat(), "普管", (TODAY - 5 * DAY).isoformat()]]
    upload = xlsx_upload(rows, [c.header for c in COLUMNS])
    response = client_for(accounts["county_clerk"]).post("/correction/import/", {"file": upload})
    assert response.status_code == 302
    queued = DBTaskResult.objects.filter(task_path="sifasuo.alerts.tasks.refresh_path", status="READY")
    assert [q.args_kwargs["args"][0] for q in queued] == [tree["office"].path]
    assert not AlertItem.objects.filter(rule="correction.report_due").exists()
    run_worker()
    item = AlertItem.objects.get(rule="correction.report_due")
    assert item.subject.startswith("褚未到") and item.status == Status.OPEN and item.due == TODAY - 2 * DAY
