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
