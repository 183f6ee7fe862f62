"""Benchmarks of the business modules, one file each, run by `make bench` on every database.

A module file `bench/modules/<name>.py` defines

    TITLE = "工作人员管理"          # the heading of its part of docs/benchmarks.md
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
from pathlib import Path


def names() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules([str(Path(__file__).parent)]))
