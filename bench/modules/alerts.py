"""The alert rules over the whole province (budget ≤ 30 s), and the stored items (D49): the nightly full refresh
(≤ 10 min) and the refresh of one office after a write (≤ 2 s, in the worker).

Runs after the other modules' benchmarks (ORDER), which build their records (2,000,000 mediation cases,
50,000 correction subjects, 100,000 released persons, 20,000 staff …) on the same database. The full refresh
leaves the province's items stored for the page benchmark (bench/modules/pages.py) that follows.
"""

from __future__ import annotations

import datetime
import sys
import time
from collections import Counter

from django.db import connection

from sifasuo.alerts import engine
from sifasuo.orgunits.models import OrgUnit

TITLE = "期限提醒（全省计算与存储）"
ORDER = 900
BUDGET_S = 30.0
REFRESH_BUDGET_S = 600.0
OFFICE_BUDGET_S = 2.0
LONG_AGO = datetime.date(2000, 1, 1)


def log(message: str) -> None:
    print(f"  [{connection.vendor}] alerts: {message}", file=sys.stderr, flush=True)


def measure() -> dict:
    from django.db.models import Count

    from sifasuo.alerts import services
    from sifasuo.alerts.models import AlertItem
    from sifasuo.core.context import ActionContext, acting

    province = OrgUnit.objects.filter(level=1).order_by("path").first()
    today = datetime.date.today()
    rules = engine.rules()
    timings: dict[str, float] = {}
    counts: Counter = Counter()
    started = time.perf_counter()
    for code, rule in rules.items():
        t = time.perf_counter()
        counts[code] = sum(1 for _ in rule.collect(province.path, today))
        timings[code] = time.perf_counter() - t
    computed = time.perf_counter() - started
    log(f"computed {sum(counts.values())} alerts in {computed:.1f} s")
    with acting(ActionContext(source="command")):
        # The worst case for the inbox: every county managed in the system since long before any deadline,
        # so that every item is an alert (none historical, D50) and the province administrator sees them all.
        OrgUnit.objects.filter(level=3).exclude(managed_from=LONG_AGO).update(managed_from=LONG_AGO)
        before = AlertItem.objects.count()
        t = time.perf_counter()
        first = services.refresh(today=today)
        first_s = time.perf_counter() - t
        log(f"full refresh ({before} stored before): {first} in {first_s:.1f} s")
        t = time.perf_counter()
        second = services.refresh(today=today)
        second_s = time.perf_counter() - t
        log(f"again: {second} in {second_s:.1f} s")
        busiest = (AlertItem.objects.filter(unit__level=4).values("unit__path").annotate(n=Count("id"))
                   .order_by("-n").first())
        office_s = []
        for _ in range(5):
            t = time.perf_counter()
            services.refresh(path=busiest["unit__path"], codes=list(rules))
            office_s.append(time.perf_counter() - t)
    stored = AlertItem.objects.filter(unit_path__under=province.path)
    by_state = dict(stored.values_list("status").annotate(n=Count("id")).order_by())
    legacy = stored.filter(legacy=True).count()
    lines = [
        f"全省（{province.name}，`{province.path}`）按 {today:%Y-%m-%d} 计算全部 {len(rules)} 条提醒规则（逐条计时），"
        f"各县启用日期设为 {LONG_AGO:%Y-%m-%d}（全部事项都进入待办，省级管理员的待办提醒最大），"
        f"再用 `alerts.services.refresh()` 存储并核对（全量刷新两次：第一次新增或更新，第二次没有变化时的耗时），"
        f"最后对提醒事项最多的司法所做 5 次单所刷新（写入记录后任务队列所做的事）。",
        "",
        f"- 规则计算：{computed:.2f} 秒，共 {sum(counts.values()):,} 项。",
        f"- 全量刷新（存储前已有 {before:,} 项）：{first_s:.1f} 秒（{first}）；再次全量刷新：{second_s:.1f} 秒（{second}）。",
        f"- 存储的提醒事项：{stored.count():,} 项，其中历史遗留 {legacy:,} 项；按状态 {by_state}。",
        f"- 单所刷新（{busiest['unit__path']}，{busiest['n']} 项）：最慢 {max(office_s):.2f} 秒。",
        "",
        "| 规则 | 业务 | 事项数 | 计算用时 秒 |",
        "| --- | --- | ---: | ---: |",
    ]
    for code, rule in sorted(rules.items(), key=lambda item: -timings[item[0]]):
        lines.append(f"| {rule.title}（`{code}`） | {rule.module} | {counts[code]:,} | {timings[code]:.3f} |")
    refresh_s = max(first_s, second_s)
    return {
        "rows": [
            {"key": "province_alerts", "label": f"全省提醒计算（{len(rules)} 条规则，{sum(counts.values()):,} 项）",
             "budget": f"≤ {BUDGET_S:g} 秒", "value": f"{computed:.2f} 秒", "ok": computed <= BUDGET_S},
            {"key": "province_refresh", "label": f"全省提醒存储刷新（夜间全量，{stored.count():,} 项）",
             "budget": f"≤ {REFRESH_BUDGET_S:g} 秒", "value": f"{first_s:.1f} 秒 / 再次 {second_s:.1f} 秒",
             "ok": refresh_s <= REFRESH_BUDGET_S},
            {"key": "office_refresh", "label": "单所提醒刷新（写入后由任务队列执行）",
             "budget": f"≤ {OFFICE_BUDGET_S:g} 秒", "value": f"最慢 {max(office_s):.2f} 秒",
             "ok": max(office_s) <= OFFICE_BUDGET_S},
        ],
        "lines": lines,
    }
