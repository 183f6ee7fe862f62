"""Read replicas (D61) against a real PostgreSQL streaming standby.

These tests need `DATABASE_URL` = a primary and `DATABASE_REPLICA_URL` = its streaming standby
(`make test-replica`, or the replica phase of .ci/run, start both with scripts/pg-replica.sh). Without a
replica they are skipped; the rest of the suite runs as always, with the replica switched off.

The replica alias is a TEST MIRROR of default: it opens the test database by name on the standby, where
streaming replication has created it. The tests commit (transaction=True) and wait until the standby has
replayed the primary's WAL before reading, as a real replica would be read.
"""

from __future__ import annotations

import datetime
import logging
import time

import pytest
from django.db import connections
from django.test import Client

from sifasuo.core import replicas
from sifasuo.orgunits.choices import Level
from sifasuo.reporting.models import AggregateValue
from tests import factories
from tests.conftest import client_for

pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif("replica" not in __import__("django.conf").conf.settings.DATABASES,
                       reason="no DATABASE_REPLICA_URL: the replica tests need a streaming standby"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]

MARCH = datetime.date(2024, 3, 1)
DASHBOARD = "/indicators/?unit=370102&year=2024&month=3&export=ranking&as=csv"


@pytest.fixture(autouse=True)
def _fresh_probe(settings):
    settings.SIFASUO_REPLICA_ENABLED = True
    settings.SIFASUO_REPLICA_CHECK_SECONDS = 0   # probe on every read: each test sets the replica's state
    replicas.forget_health()
    yield
    replicas.forget_health()


def wait_for_replay(timeout: float = 30) -> None:
    """Until the standby has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        lsn = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while True:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        if time.monotonic() > deadline:
            raise AssertionError(f"the standby did not replay {lsn} within {timeout} s")
        time.sleep(0.05)


def wait_for_receipt(timeout: float = 30) -> None:
    """Until the standby has received (not necessarily replayed) everything the primary has written."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        lsn = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while True:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_receive_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        if time.monotonic() > deadline:
            raise AssertionError(f"the standby did not receive {lsn} within {timeout} s")
        time.sleep(0.05)


class Recorder:
    """Every statement run on one connection (an execute wrapper: Django's public hook)."""

    def __init__(self):
        self.sql: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)

    def writes(self) -> list[str]:
        return [s for s in self.sql if s.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


def office_figures(tree, closed: int, succeeded: int, office="office"):
    unit = tree[office]
    AggregateValue.objects.bulk_create([
        AggregateValue(unit=unit, unit_path=unit.path, level=Level.OFFICE, period=MARCH, element=element,
                       value=value)
        for element, value in (("mediation_closed", closed), ("mediation_succeeded", succeeded))])


@pytest.fixture
def figures():
    tree = factories.build_tree()
    office_figures(tree, 50, 49)
    user = factories.user("replica_city", "city_admin", tree["city"])
    return tree, user


def ranking(response) -> list[str]:
    assert response.status_code == 200
    return response.content.decode("utf-8-sig").splitlines()[1:]


def test_the_replica_is_a_streaming_standby():
    assert connections["replica"].vendor == "postgresql"
    assert in_recovery("replica") is True and in_recovery("default") is False
    assert connections["replica"].settings_dict["NAME"] == connections["default"].settings_dict["NAME"]
    assert connections["replica"].settings_dict["PORT"] != connections["default"].settings_dict["PORT"]


def test_dashboard_reads_from_the_replica(figures):
    tree, user = figures
    client = client_for(user)
    wait_for_replay()
    seen = Recorder()
    with connections["replica"].execute_wrapper(seen):
        rows = ranking(client.get(DASHBOARD))
    assert rows[0].startswith("1,解放路街道司法所,98")
    # The figures were read on the replica's connection, and that connection is the standby.
    assert any("reporting_aggregatevalue" in s for s in seen.sql)
    assert in_recovery("replica") is True
    assert seen.writes() == []


def test_writes_go_to_the_primary_and_the_writer_reads_the_primary_for_a_while(figures, settings):
    tree, user = figures
    client = client_for(user)
    wait_for_replay()
    seen = Recorder()
    with connections["replica"].execute_wrapper(seen):
        created = client.post("/org/new/", {
            "name": "新建街道司法所", "code": "370102009", "level": Level.OFFICE, "kind": "street",
            "parent_code": "370102"})
        after_write = client.get(DASHBOARD)
    assert created.status_code in (200, 302)
    assert seen.writes() == [] and seen.sql == []      # neither the write nor the next read on the replica
    assert replicas.COOKIE in created.cookies
    until = int(created.cookies[replicas.COOKIE].value)
    assert 0 < until - time.time() <= settings.SIFASUO_REPLICA_STICKY_SECONDS
    assert ranking(after_write)[0].startswith("1,解放路街道司法所,98")
    # Once the cookie has run out, the same browser reads from the replica again.
    client.cookies[replicas.COOKIE] = str(int(time.time()) - 1)
    wait_for_replay()
    with connections["replica"].execute_wrapper(seen):
        ranking(client.get(DASHBOARD))
    assert any("reporting_aggregatevalue" in s for s in seen.sql) and seen.writes() == []


def test_the_cookie_pins_another_server_too(figures):
    """The pin travels with the browser: a second client (another application server's view of the same
    browser) holding the cookie reads from the primary."""
    tree, user = figures
    first = client_for(user)
    wrote = first.post("/org/new/", {"name": "新建街道司法所", "code": "370102009", "level": Level.OFFICE,
                                     "kind": "street", "parent_code": "370102"})
    second = Client()
    second.cookies.load({k: v.value for k, v in first.cookies.items()})
    second.cookies[replicas.COOKIE] = wrote.cookies[replicas.COOKIE].value
    seen = Recorder()
    with connections["replica"].execute_wrapper(seen):
        ranking(second.get(DASHBOARD))
    assert seen.sql == []


def test_a_lagging_replica_is_not_read(figures, settings, caplog):
    tree, user = figures
    client = client_for(user)
    wait_for_replay()
    settings.SIFASUO_REPLICA_MAX_LAG_SECONDS = 0
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        office_figures(tree, 10, 8, office="office2")      # the standby receives it but does not replay it
        wait_for_receipt()
        seen = Recorder()
        with caplog.at_level(logging.WARNING, logger="sifasuo.replicas"):
            with connections["replica"].execute_wrapper(seen):
                rows = ranking(client.get(DASHBOARD))
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    # Read from the primary: the office the standby has not replayed yet is there.
    assert [r.split(",")[1] for r in rows] == ["解放路街道司法所", "千佛山街道司法所"]
    assert not any("reporting_aggregatevalue" in s for s in seen.sql)
    assert "replica not used, reading from the primary" in caplog.text and "behind the primary" in caplog.text


def test_an_absent_replica_is_not_read(figures, caplog):
    tree, user = figures
    client = client_for(user)
    replica = connections["replica"]
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = 1      # nothing listens there
    try:
        with caplog.at_level(logging.WARNING, logger="sifasuo.replicas"):
            rows = ranking(client.get(DASHBOARD))
    finally:
        replica.close()
        replica.settings_dict["PORT"] = port
    assert rows[0].startswith("1,解放路街道司法所,98")
    assert "replica not used, reading from the primary: no answer" in caplog.text
