"""Yearly partitions on PostgreSQL (D64): the change log, the sensitive-access log and mediation cases are
partitioned by year; a one-year query reads one partition; partitions are created ahead (rows parked in the
default partition move into theirs); old years are detached into the schema `archive` with the rows linked
to their cases. SQLite keeps plain tables."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from sifasuo.casework.models import CaseParty, MediationCase, TypicalCase
from sifasuo.core import partitions
from sifasuo.core.models import ChangeLogEntry

THIS_YEAR = datetime.date.today().year

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL only")


def case(unit, year: int, n: int = 1) -> MediationCase:
    return MediationCase.objects.create(unit=unit, year=year, number=f"P{year}-{n}", source="application",
                                        dispute_type="neighbour", title="纠纷", registered_on=datetime.date(year, 3, 1))


def home_of(model, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {model._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(r[0] for r in cursor.fetchall())


@postgres_only
def test_the_growing_tables_are_partitioned_by_year(tree):
    with connection.cursor() as cursor:
        for table in partitions.SPECS:
            assert partitions.is_partitioned(cursor, table), table
            years = [y for _, y in partitions.partitions(cursor, table)]
            assert None in years and all(y in years for y in range(THIS_YEAR, THIS_YEAR + partitions.AHEAD + 1))
    made = case(tree["office"], THIS_YEAR)
    assert home_of(MediationCase, made.pk) == f"casework_mediationcase_y{THIS_YEAR}"
    entry = ChangeLogEntry.objects.order_by("-id").first()     # the case's creation
    assert entry.object_repr.startswith(made.number)
    assert home_of(ChangeLogEntry, entry.pk) == f"core_changelogentry_y{THIS_YEAR}"


@postgres_only
def test_a_one_year_query_reads_one_partition(tree):
    case(tree["office"], THIS_YEAR)
    shown = plan("SELECT dispute_type, count(*) FROM casework_mediationcase WHERE year = %s GROUP BY dispute_type",
                 [THIS_YEAR])
    assert f"casework_mediationcase_y{THIS_YEAR}" in shown
    assert f"casework_mediationcase_y{THIS_YEAR + 1}" not in shown and "casework_mediationcase_default" not in shown
    start = datetime.datetime(THIS_YEAR, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    logs = plan("SELECT count(*) FROM core_changelogentry WHERE time >= %s AND time < %s",
                [start, start.replace(year=THIS_YEAR + 1)])
    assert f"core_changelogentry_y{THIS_YEAR}" in logs and f"core_changelogentry_y{THIS_YEAR + 1}" not in logs


@postgres_only
def test_partitions_are_made_ahead_and_parked_rows_move_in(tree):
    far = case(tree["office"], THIS_YEAR + 5)
    old = case(tree["office"], THIS_YEAR - 3)
    assert home_of(MediationCase, far.pk) == home_of(MediationCase, old.pk) == "casework_mediationcase_default"
    created = partitions.ensure(connection, ahead=5)
    assert f"casework_mediationcase_y{THIS_YEAR + 5}" in created and f"casework_mediationcase_y{THIS_YEAR - 3}" in created
    assert home_of(MediationCase, far.pk) == f"casework_mediationcase_y{THIS_YEAR + 5}"
    assert home_of(MediationCase, old.pk) == f"casework_mediationcase_y{THIS_YEAR - 3}"
    assert partitions.ensure(connection, ahead=5) == []           # nothing twice


@postgres_only
def test_old_years_are_detached_to_the_archive_with_their_parties(tree):
    old = case(tree["office"], THIS_YEAR - 2)
    CaseParty.objects.create(case=old, role="applicant", name="张三")
    kept = case(tree["office"], THIS_YEAR)
    partitions.ensure(connection)
    typical = TypicalCase.objects.create(unit=tree["office"], case=old, recorded_on=datetime.date.today(),
                                         title="典型", dispute_type="neighbour", summary="案情")
    with pytest.raises(partitions.PartitionError, match=f"{THIS_YEAR - 2} 年的调解案件仍有 1 条典型案例引用"):
        partitions.archive(connection, before=THIS_YEAR - 1)
    assert MediationCase.objects.filter(pk=old.pk).exists()
    typical.delete()
    moved = partitions.archive(connection, before=THIS_YEAR - 1, tables=["casework_mediationcase"])
    assert moved == [f"archive.casework_mediationcase_y{THIS_YEAR - 2}"]
    assert not MediationCase.objects.filter(pk=old.pk).exists() and MediationCase.objects.filter(pk=kept.pk).exists()
    assert not CaseParty.objects.filter(case_id=old.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM archive.casework_mediationcase_y{THIS_YEAR - 2}")
        assert cursor.fetchall() == [(old.number,)]
        cursor.execute(f"SELECT name FROM archive.casework_caseparty_y{THIS_YEAR - 2}")
        assert cursor.fetchall() == [("张三",)]
    with pytest.raises(partitions.PartitionError, match="只能归档已结束的年度"):
        partitions.archive(connection, before=THIS_YEAR + 1)


@postgres_only
def test_deleting_a_case_still_removes_its_parties(tree):
    made = case(tree["office"], THIS_YEAR)
    CaseParty.objects.create(case=made, role="applicant", name="李四")
    made.delete()
    assert not CaseParty.objects.filter(name="李四").exists()


def test_sqlite_keeps_plain_tables(db, capsys):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    call_command("partitions", "ensure")
    assert "SQLite：不分区" in capsys.readouterr().out
    with pytest.raises(partitions.PartitionError, match="SQLite 数据库不分区"):
        partitions.archive(connection, before=2020)


# --- the indexes the busiest pages read by (D89) ------------------------------------------------------------------

def _plan_of(queryset, **settings) -> str:
    """EXPLAIN of a queryset with the given planner settings (e.g. enable_seqscan=off, so that a test table of a
    few rows shows which index the planner *can* use)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for name, value in settings.items():
            cursor.execute(f"SET LOCAL {name} = {value}")
        return plan(sql, params)


@postgres_only
def test_a_countys_figures_are_read_by_path_prefix_from_the_index(tree):
    """The dashboard's and ranking's read of a county's office rows (`unit_path__under`, LIKE 'prefix%'): the
    index serves the prefix only with the pattern operator class (the collation is not "C"); without it the
    county's dashboard scanned all 900,000 rows of the province dataset (45 ms, twice a page). (Which index the
    planner picks on a table of a few rows is its own affair; what the index can serve is fixed here.)"""
    with connection.cursor() as cursor:
        for index in ("reporting_agg_level_path", "reporting_off_level_path"):
            cursor.execute("SELECT pg_get_indexdef(%s::regclass)", [index])
            definition = cursor.fetchone()[0]
            assert "unit_path varchar_pattern_ops" in definition, definition


@postgres_only
def test_the_newest_cases_of_a_scope_are_read_down_the_register_index(tree):
    """The register's first page for a county or the province (ORDER BY registered_on DESC, id DESC LIMIT 50)
    walks an index in that order and keeps the rows in scope, instead of sorting all of them (636 ms → 16 ms on
    3.6 million cases)."""
    from django.db import transaction

    from sifasuo.accounts.roles import Role
    from sifasuo.core.scoping import restrict
    from tests.factories import user

    clerk = user("plan_clerk", Role.COUNTY_CLERK, tree["county"])
    case(tree["office"], THIS_YEAR)
    queryset = restrict(MediationCase.objects.all(), clerk).values_list("pk", flat=True)[:50]
    with transaction.atomic():
        shown = _plan_of(queryset, enable_seqscan="off", enable_sort="off")
    nodes = [line.strip().removeprefix("->").strip() for line in shown.splitlines()]
    assert not any(node.startswith(("Sort  (", "Incremental Sort  (")) for node in nodes), shown
