"""Yearly partitions of the tables that grow without end (D64), PostgreSQL only; SQLite keeps plain tables.

Partitioned tables (declarative partitioning, `PARTITION BY RANGE`):

| table | partition key | primary key in the database |
|---|---|---|
| core_changelogentry | `time` (the year in Asia/Shanghai) | (id, time) |
| core_sensitiveaccess | `time` | (id, time) |
| casework_mediationcase | `year` (案件年度) | (id, year) |
| alerts_alertitem | `due` (the deadline's year) | (id, due) |

PostgreSQL requires every unique key of a partitioned table to include the partition key, and a foreign key
must reference a unique key. Django keeps `id` as the model's primary key (ids come from one identity
sequence, so they stay unique); the links to a case (parties, sessions, visits, mediators, screening
findings, typical cases) are declared `db_constraint=False`: Django's deletion rules (CASCADE, SET_NULL)
run in Python as before, and the services create links only to cases they have read. The case number's
uniqueness (unit, year, number) already includes the key.

A query prunes partitions when it filters on the key: `time` ranges for the logs, `year` for cases.

Alert items (D49) are partitioned by their deadline's year: the unique key (rule, record, due) already holds
it, nothing references an item by a foreign key, and a refresh never changes an item's deadline (a new
deadline is a new item). They are not archived: an item of an old year that is still open would be found
again by the next refresh; old closed items can be deleted by year (`DELETE … WHERE due < …` prunes).

`partition(connection, table)` turns a plain table into a partitioned one (used by the migrations);
`ensure(connection)` creates the partitions of the coming years (`sifasuo partitions ensure`, run by the
scheduler); `archive(connection, before=YEAR)` detaches the years before YEAR into the schema `archive`
(`sifasuo partitions archive`), with the rows linked to the archived cases.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from django.conf import settings

ARCHIVE_SCHEMA = "archive"
AHEAD = 2          # years of partitions kept ready after the current one


@dataclasses.dataclass(frozen=True)
class Spec:
    table: str
    key: str
    timestamp: bool            # a timestamptz key (yearly ranges in the project's time zone), else a year number
    # (or, with `day`, a date)
    # Tables whose rows belong to a row of this one: (table, column), archived with it.
    dependents: tuple[tuple[str, str], ...] = ()
    # Nullable links that must not point into an archived year: (table, column, what, in Chinese).
    blockers: tuple[tuple[str, str, str], ...] = ()
    day: bool = False          # a date key (yearly ranges of dates)
    archived: bool = True      # `archive` detaches its old years


SPECS = {s.table: s for s in (
    Spec("core_changelogentry", "time", True),
    Spec("core_sensitiveaccess", "time", True),
    Spec("casework_mediationcase", "year", False,
         dependents=(("casework_caseparty", "case_id"), ("casework_mediationsession", "case_id"),
                     ("casework_followupvisit", "case_id"), ("casework_mediationcase_mediators", "mediationcase_id")),
         blockers=(("casework_screeningfinding", "case_id", "排查发现的纠纷"),
                   ("casework_typicalcase", "case_id", "典型案例"))),
    Spec("alerts_alertitem", "due", False, day=True, archived=False),
)}


class PartitionError(Exception):
    """A refusal, with the reason in Chinese."""


def supported(connection) -> bool:
    return connection.vendor == "postgresql"


def partition_name(table: str, year: int | None) -> str:
    return f"{table}_default" if year is None else f"{table}_y{year}"


def _bound(spec: Spec, year: int) -> str:
    if spec.timestamp:
        return f"TIMESTAMP '{year}-01-01 00:00:00' AT TIME ZONE '{settings.TIME_ZONE}'"
    if spec.day:
        return f"DATE '{year}-01-01'"
    return str(year)


def _year_of(spec: Spec) -> str:
    if spec.timestamp:
        return f"EXTRACT(YEAR FROM {spec.key} AT TIME ZONE '{settings.TIME_ZONE}')::int"
    return f"EXTRACT(YEAR FROM {spec.key})::int" if spec.day else spec.key


def _bounds_sql(spec: Spec, year: int) -> str:
    return f"FROM ({_bound(spec, year)}) TO ({_bound(spec, year + 1)})"


def is_partitioned(cursor, table: str) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [table])
    row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def partitions(cursor, table: str) -> list[tuple[str, int | None]]:
    """(partition name, year or None for the default) of a partitioned table, in order."""
    cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                   "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname", [table])
    found = []
    for (name,) in cursor.fetchall():
        m = re.fullmatch(rf"{re.escape(table)}_y(\d{{4}})", name)
        found.append((name, int(m.group(1)) if m else None))
    return found


def _create_year(cursor, spec: Spec, year: int) -> bool:
    """Create the partition of `year` unless it exists; rows of that year in the default partition move in."""
    name = partition_name(spec.table, year)
    if any(n == name for n, _ in partitions(cursor, spec.table)):
        return False
    default = partition_name(spec.table, None)
    cursor.execute(f"SELECT count(*) FROM {default} WHERE {_year_of(spec)} = %s", [year])
    moving = cursor.fetchone()[0]
    if moving:
        cursor.execute(f"CREATE TEMP TABLE sifasuo_moving (LIKE {spec.table})")
        cursor.execute(f"WITH m AS (DELETE FROM {default} WHERE {_year_of(spec)} = %s RETURNING *) "
                       "INSERT INTO sifasuo_moving SELECT * FROM m", [year])
    cursor.execute(f"CREATE TABLE {name} PARTITION OF {spec.table} FOR VALUES {_bounds_sql(spec, year)}")
    if moving:
        cursor.execute(f"INSERT INTO {spec.table} SELECT * FROM sifasuo_moving")
        cursor.execute("DROP TABLE sifasuo_moving")
    return True


def create_year(connection, table: str, year: int) -> bool:
    """Create one year's partition of `table` (rows of that year parked in the default partition move in)."""
    with connection.cursor() as cursor:
        return _create_year(cursor, SPECS[table], year)


def partition(connection, table: str) -> None:
    """Turn the plain `table` into a table partitioned by year, with the same columns, defaults, identity,
    checks, indexes, foreign keys and rows (a migration step; nothing may reference the table by a key)."""
    spec = SPECS[table]
    if not supported(connection):
        return
    old = f"{table}_unpartitioned"
    with connection.cursor() as cursor:
        if is_partitioned(cursor, table):
            return
        cursor.execute("SELECT conname, conrelid::regclass::text FROM pg_constraint WHERE confrelid = to_regclass(%s)",
                       [table])
        referencing = cursor.fetchall()
        if referencing:
            raise PartitionError(f"{table} 被外键引用（{referencing}），分区前应改为 db_constraint=False")
        cursor.execute(f"ALTER TABLE {table} RENAME TO {old}")
        cursor.execute("SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = to_regclass(%s) AND contype IN ('p', 'u', 'f')", [old])
        constraints = cursor.fetchall()
        cursor.execute("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                       "WHERE x.indrelid = to_regclass(%s) AND NOT EXISTS "
                       "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)", [old])
        indexes = cursor.fetchall()
        cursor.execute(f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING IDENTITY "
                       f"INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE ({spec.key})")
        for name, kind, definition in constraints:
            cursor.execute(f'ALTER TABLE {old} DROP CONSTRAINT "{name}"')
            if kind == "p":
                definition = f"PRIMARY KEY (id, {spec.key})"
            elif kind == "u" and spec.key not in definition:
                raise PartitionError(f"{table} 的唯一约束 {name} 不含分区键 {spec.key}")
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for name, definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute(re.sub(rf" ON (\S+\.)?{re.escape(old)} ", f" ON {table} ", definition, count=1))
        cursor.execute(f"CREATE TABLE {partition_name(table, None)} PARTITION OF {table} DEFAULT")
        cursor.execute(f"SELECT min({_year_of(spec)}), max({_year_of(spec)}) FROM {old}")
        first, last = cursor.fetchone()
        this_year = datetime.date.today().year
        for year in range(min(first or this_year, this_year), max(last or this_year, this_year) + AHEAD + 1):
            cursor.execute(f"CREATE TABLE {partition_name(table, year)} PARTITION OF {table} "
                           f"FOR VALUES {_bounds_sql(spec, year)}")
        cursor.execute(f"INSERT INTO {table} SELECT * FROM {old}")
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)")
        cursor.execute(f"DROP TABLE {old}")


def ensure(connection, *, ahead: int = AHEAD, today: datetime.date | None = None) -> list[str]:
    """Create the partitions up to `ahead` years after this one. Returns the names created."""
    if not supported(connection):
        return []
    this_year = (today or datetime.date.today()).year
    created = []
    with connection.cursor() as cursor:
        for spec in SPECS.values():
            if not is_partitioned(cursor, spec.table):
                continue
            years = [y for _, y in partitions(cursor, spec.table) if y is not None]
            # Years that landed in the default partition (an import of old cases, say) get their own too.
            cursor.execute(f"SELECT DISTINCT {_year_of(spec)} FROM {partition_name(spec.table, None)}")
            stray = [y for (y,) in cursor.fetchall() if y is not None]
            for year in range(min(years + stray + [this_year]), max(stray + [this_year + ahead]) + 1):
                if _create_year(cursor, spec, year):
                    created.append(partition_name(spec.table, year))
    return created


def archive(connection, *, before: int, tables: list[str] | None = None) -> list[str]:
    """Detach every yearly partition before `before` into the schema `archive` (rows linked to archived
    cases go with them, into archive.<table>_y<year>). Refused, changing nothing, while a screening finding
    or a typical case still points at a case of such a year, or for the current year and later."""
    if not supported(connection):
        raise PartitionError("SQLite 数据库不分区，没有可归档的年度分区")
    if before > datetime.date.today().year:
        raise PartitionError(f"只能归档已结束的年度：{before} 年及以后的数据仍在使用")
    moved = []
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {ARCHIVE_SCHEMA}")
        for spec in SPECS.values():
            if (tables and spec.table not in tables) or not spec.archived:
                continue
            if not is_partitioned(cursor, spec.table):
                continue
            for name, year in partitions(cursor, spec.table):
                if year is None or year >= before:
                    continue
                for table, column, what in spec.blockers:
                    cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} IN (SELECT id FROM {name})")
                    count = cursor.fetchone()[0]
                    if count:
                        raise PartitionError(f"{year} 年的调解案件仍有 {count} 条{what}引用，不能归档")
                for table, column in spec.dependents:
                    target = f"{ARCHIVE_SCHEMA}.{table}_y{year}"
                    cursor.execute(f"CREATE TABLE {target} AS SELECT * FROM {table} "
                                   f"WHERE {column} IN (SELECT id FROM {name})")
                    cursor.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM {name})")
                cursor.execute(f"ALTER TABLE {spec.table} DETACH PARTITION {name}")
                cursor.execute(f"ALTER TABLE {name} SET SCHEMA {ARCHIVE_SCHEMA}")
                moved.append(f"{ARCHIVE_SCHEMA}.{name}")
    return moved


def listing(connection) -> list[tuple[str, str, int]]:
    """(table, partition, rows) of every partitioned table (exact counts)."""
    rows = []
    if not supported(connection):
        return rows
    with connection.cursor() as cursor:
        for spec in SPECS.values():
            if not is_partitioned(cursor, spec.table):
                continue
            for name, _ in partitions(cursor, spec.table):
                cursor.execute(f"SELECT count(*) FROM {name}")
                rows.append((spec.table, name, cursor.fetchone()[0]))
    return rows
