"""Benchmarks of the business modules, one file each, run by `make bench` on every database.

A module file `bench/modules/<name>.py` defines

    TITLE = "工作人员管理"          # the heading of its part of docs/benchmarks.md
    ORDER = 50                      # optional: modules run in (ORDER, name) order, default 50
    def measure() -> dict:          # runs inside Django on the benchmark database (DATABASE_URL),
        ...                         # after the province dataset exists; builds what else it needs
                                    # (idempotently: reuse rows that are already there)

and `measure()` returns

    {"rows": [{"key": "roster_p95", "label": "花名册页 …", "budget": "p95 ≤ 100 ms",
               "value": "p95 42 ms", "ok": True}, ...],   # ok None for a reference figure
     "lines": ["markdown lines: dataset, method, details …"]}

Run one alone on the benchmark database: `BENCH_MODULES=staff make bench`, or, faster,
`DATABASE_URL=sqlite:///data/bench/sifasuo_bench.sqlite3 DJANGO_SETTINGS_MODULE=bench.settings
SIFASUO_DATA_DIR=data/bench uv run python -m bench.worker module --name staff --out /tmp/staff.json`.
"""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

HERE = Path(__file__).parent


def _order(name: str) -> int:
    # Read without importing (importing needs Django set up).
    found = re.search(r"^ORDER\s*=\s*(\d+)", (HERE / f"{name}.py").read_text(encoding="utf-8"), re.M)
    return int(found.group(1)) if found else 50


def names() -> list[str]:
    found = [info.name for info in pkgutil.iter_modules([str(HERE)])]
    return sorted(found, key=lambda name: (_order(name), name))


def written_outside_the_change_log(*labels: str, years: list[int] | None = None) -> None:
    """A builder wrote rows of these registers in bulk, around the change log (executemany, bulk_create, raw
    SQL): it says so, as raw SQL must (core.dataversion.bump), and the live aggregates of the years written
    (by default the two the benchmarks read: the year in progress and the one before) are recomputed from the
    registers at once; years before the live window are not kept live and mark nothing (reporting.live)."""
    import datetime
    import sys
    import time

    from sifasuo.orgunits.models import OrgUnit
    from sifasuo.reporting import live

    today = datetime.date.today()
    started = time.perf_counter()
    ranges = ([(datetime.date(y, 1, 1), datetime.date(y, 12, 1)) for y in sorted(years)] if years is not None
              else [(datetime.date(today.year - 1, 1, 1), today)])
    for root in OrgUnit.objects.filter(level=1).order_by("code"):
        for label in labels:
            for first, last in ranges:
                live.mark_range(root.path, first, last, label)  # recomputed on commit
    print(f"  live aggregates of {', '.join(labels)} recomputed in {time.perf_counter() - started:.0f} s",
          file=sys.stderr, flush=True)
