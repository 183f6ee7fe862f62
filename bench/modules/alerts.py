"""The alert computation for the whole province: every rule of every module, one run (budget ≤ 30 s).

Runs after the other modules' benchmarks (ORDER), which build their records (2,000,000 mediation cases,
50,000 correction subjects, 100,000 released persons, 20,000 staff …) on the same database.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter

from sifasuo.alerts import engine
from sifasuo.orgunits.models import OrgUnit

TITLE = "期限提醒（全省计算）"
ORDER = 900
BUDGET_S = 30.0
RUNS = 2


def measure() -> dict:
    province = OrgUnit.objects.filter(level=1).order_by("path").first()
    today = datetime.date.today()
    rules = engine.rules()
    timings: dict[str, float] = {}
    counts: Counter = Counter()
    totals = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for code, rule in rules.items():
            t = time.perf_counter()
            alerts = list(rule.collect(province.path, today))
            timings[code] = min(timings.get(code, float("inf")), time.perf_counter() - t)
            counts[code] = len(alerts)
        totals.append(time.perf_counter() - started)
    # The engine's own entry point (collect + sort) once, as the inbox and the digest call it.
    started = time.perf_counter()
    every = engine.collect(province.path, today)
    whole = time.perf_counter() - started
    best = min(totals)
    states = Counter(a.state(today) for a in every)
    lines = [
        f"全省（{province.name}，`{province.path}`）按 {today:%Y-%m-%d} 计算全部 {len(rules)} 条提醒规则；"
        f"逐条计时取 {RUNS} 次中较快的一次，另以 `engine.collect()`（含排序）整体计时一次。",
        "",
        f"- 整体 `engine.collect()`：{whole:.2f} 秒，共 {len(every):,} 项（已逾期 {states['overdue']:,}、"
        f"今日到期 {states['due']:,}、即将到期 {states['upcoming']:,}）。",
        "",
        "| 规则 | 业务 | 事项数 | 用时 秒 |",
        "| --- | --- | ---: | ---: |",
    ]
    for code, rule in sorted(rules.items(), key=lambda item: -timings[item[0]]):
        lines.append(f"| {rule.title}（`{code}`） | {rule.module} | {counts[code]:,} | {timings[code]:.3f} |")
    return {
        "rows": [
            {"key": "province_alerts", "label": f"全省提醒计算（{len(rules)} 条规则，{len(every):,} 项）",
             "budget": f"≤ {BUDGET_S:g} 秒", "value": f"{max(best, whole):.2f} 秒", "ok": max(best, whole) <= BUDGET_S},
        ],
        "lines": lines,
    }
