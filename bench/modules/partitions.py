"""按年度分区：5 年约 200 万件调解案件中查询一年，分区表与同样数据的普通表对比（执行计划与用时）。

PostgreSQL only (SQLite keeps plain tables: one reference row says so). Tops the mediation cases up to
YEARLY cases in each of the five years before this one (synthetic rows numbered BP<year>-<n>, spread over the
offices of the dataset, written with one INSERT … SELECT generate_series per year; reused when present),
copies the table once into a plain table with the same indexes (bench_cases_plain), and runs the one-year
query

    SELECT dispute_type, status, count(*) FROM … WHERE year = <last full year> GROUP BY dispute_type, status

on both: the median of RUNS warm runs, and EXPLAIN ANALYZE of each (the partitioned one must read a single
partition).
"""

from __future__ import annotations

import datetime
import statistics
import sys
import time

from django.db import connection, transaction

TITLE = "按年度分区"
ORDER = 950
YEARLY = 420_000
YEARS = 5
RUNS = 5
PLAIN = "bench_cases_plain"
QUERY = "SELECT dispute_type, status, count(*) FROM {table} WHERE year = %s GROUP BY dispute_type, status"


def log(message: str) -> None:
    print(f"  [{connection.vendor}] partitions: {message}", file=sys.stderr, flush=True)


def _value_sql(field, year: int, offices: int) -> str:
    """The SQL of one column of a synthetic case n (n from generate_series) of `year`; the one parameter is
    the array of office ids (`%%` is a literal percent sign for the database driver)."""
    fixed = {
        "unit": f"(%s::bigint[])[1 + n %% {offices}]",
        "year": str(year),
        "number": f"'BP{year}-' || n",
        "source": "'application'",
        "dispute_type": "(ARRAY['neighbour','family','contract','labour','damage'])[1 + n %% 5]",
        "title": "'纠纷'",
        "registered_on": f"make_date({year}, 1 + n %% 12, 1 + n %% 28)",
        "status": "'closed'",
        "outcome": "CASE WHEN n %% 20 = 0 THEN 'failure' ELSE 'success' END",
        "closed_on": f"make_date({year}, 1 + n %% 12, 1 + n %% 28)",
        "created_at": "now()",
        "updated_at": "now()",
    }
    if field.name in fixed:
        return fixed[field.name]
    if field.null:
        return "NULL"
    internal = field.get_internal_type()
    if internal == "BooleanField":
        return "false"
    if internal in ("CharField", "TextField"):
        return "''"
    raise RuntimeError(f"no synthetic value for {field.name}")


def _top_up(years: list[int]) -> int:
    from sifasuo.casework.models import MediationCase
    from sifasuo.core import partitions
    from sifasuo.orgunits.choices import Level
    from sifasuo.orgunits.models import OrgUnit

    offices = list(OrgUnit.objects.filter(level=Level.OFFICE).values_list("id", flat=True))
    if not offices:
        raise RuntimeError("the dataset has no office")
    fields = [f for f in MediationCase._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f.column for f in fields)
    written, years_written = 0, []
    for year in years:
        have = MediationCase.objects.filter(year=year).count()
        if have >= YEARLY:
            continue
        with transaction.atomic():
            partitions.create_year(connection, "casework_mediationcase", year)
            started = time.perf_counter()
            values = ", ".join(_value_sql(f, year, len(offices)) for f in fields)
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO casework_mediationcase ({columns}) SELECT {values} "
                               "FROM generate_series(%s, %s) AS n", [offices, have + 1, YEARLY])
        written += YEARLY - have
        years_written.append(year)
        log(f"{year}: {YEARLY - have:,} cases written in {time.perf_counter() - started:.0f} s")
    if years_written:
        # raw SQL around the change log: the live figures of those years (the ones still kept live) follow
        # (D56), or the reporting benchmark of the next run would find the previous year inconsistent
        from bench.modules import written_outside_the_change_log

        written_outside_the_change_log("casework.MediationCase", years=years_written)
    return written


def _plain_copy(total: int) -> float | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [PLAIN])
        if cursor.fetchone()[0]:
            cursor.execute(f"SELECT count(*) FROM {PLAIN}")
            if cursor.fetchone()[0] == total:
                return None
            cursor.execute(f"DROP TABLE {PLAIN}")
        started = time.perf_counter()
        cursor.execute(f"CREATE TABLE {PLAIN} AS SELECT * FROM casework_mediationcase")
        cursor.execute(f"ALTER TABLE {PLAIN} ADD PRIMARY KEY (id)")
        for columns in ("unit_id, registered_on", "unit_id, closed_on", "status, registered_on",
                        "outcome, agreement_on"):
            cursor.execute(f"CREATE INDEX ON {PLAIN} ({columns})")
        cursor.execute(f"CREATE UNIQUE INDEX ON {PLAIN} (unit_id, year, number)")
        cursor.execute(f"ANALYZE {PLAIN}")
        return time.perf_counter() - started


def _timed(table: str, year: int) -> tuple[float, list[str]]:
    sql = QUERY.format(table=table)
    times = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [year])
        for _ in range(RUNS):
            started = time.perf_counter()
            cursor.execute(sql, [year])
            cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, [year])
        shown = [r[0] for r in cursor.fetchall()]
    return statistics.median(times), shown


def measure() -> dict:
    if connection.vendor != "postgresql":
        return {"rows": [{"key": "partitions", "label": "按年度分区", "budget": "仅 PostgreSQL",
                          "value": "SQLite 不分区（普通表）", "ok": None}], "lines": []}
    from sifasuo.core import partitions

    this_year = datetime.date.today().year
    years = list(range(this_year - YEARS, this_year))
    # the daily job a deployment runs (`sifasuo partitions ensure`, D64): this year's and the coming years'
    # partitions exist, and rows a builder wrote before their year's partition existed move out of the default
    with transaction.atomic():
        ensured = partitions.ensure(connection)
    if ensured:
        log("partitions ensure: " + ", ".join(ensured))
    written = _top_up(years)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casework_mediationcase")
        cursor.execute("SELECT year, count(*) FROM casework_mediationcase GROUP BY year ORDER BY year")
        per_year = cursor.fetchall()
    total = sum(n for _, n in per_year)
    copy_s = _plain_copy(total)
    year = this_year - 1
    part_ms, part_plan = _timed("casework_mediationcase", year)
    plain_ms, plain_plan = _timed(PLAIN, year)
    with connection.cursor() as cursor:
        read = sorted({name for name, _ in partitions.partitions(cursor, "casework_mediationcase")
                       if name in "\n".join(part_plan)})
    one = read == [partitions.partition_name("casework_mediationcase", year)]
    rows = [
        {"key": "partition_year_query", "label": f"分区表：{year} 年案件按纠纷类型、状态计数（全表 {total:,} 件）",
         "budget": "只读一个分区", "value": f"{part_ms:.0f} ms（读取分区：{'、'.join(read)}）", "ok": one},
        {"key": "plain_year_query", "label": "同样数据的普通表、同样索引、同一查询", "budget": "参考",
         "value": f"{plain_ms:.0f} ms（分区表快 {plain_ms / max(part_ms, 0.001):.1f} 倍）", "ok": None},
    ]
    lines = [
        "- 各年案件数：" + "，".join(f"{y} 年 {n:,}" for y, n in per_year) + "。"
        + (f"本次写入合成案件 {written:,} 件。" if written else "沿用已有数据。")
        + (f"普通表复制与建索引 {copy_s:.0f} s。" if copy_s else ""),
        f"- 查询：`{QUERY.format(table='…')}`（year = {year}），预热后 {RUNS} 次取中位数。",
        "- 分区表执行计划：", "", "```", *part_plan[:24], "```", "",
        "- 普通表执行计划：", "", "```", *plain_plan[:24], "```",
    ]
    return {"rows": rows, "lines": lines}
