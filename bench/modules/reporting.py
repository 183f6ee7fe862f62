"""统计报表与工作指标：省级看板（全年全部指标）读汇总表与直接扫描登记簿的对比；全省司法所月报汇总生成。

Runs after casework's benchmark (ORDER 800), which builds ≥ 2,000,000 mediation cases over two years. The year
measured is the latest full year of cases. measure() refreshes the aggregate table for that year once (reused
when its province rows exist; the time of the refresh is reported), then measures:

- the province dashboard (selectors.dashboard + the page through Django's test client, warm): p95 ≤ 300 ms;
- the same indicator figures computed by scanning the registers (one grouped query per element over the
  province for the year, elements.compile_offices): must take at least ten times as long;
- compiling every office's monthly report for the year's last month (refresh of that month + 1,8xx reports
  created in bulk): ≤ 10 s. The month's reports are deleted first, so each run creates them.
"""

from __future__ import annotations

import datetime
import math
import statistics
import sys
import time

from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import override_settings

TITLE = "统计报表与工作指标"
ORDER = 800
DASHBOARD_BUDGET_MS = 300.0
COMPILE_BUDGET_S = 10.0
RUNS = 20


def log(message: str) -> None:
    print(f"  [{connection.vendor}] reporting: {message}", file=sys.stderr, flush=True)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(0.95 * len(ordered))) - 1]


def _user(province):
    from sifasuo.accounts.models import User
    from sifasuo.accounts.roles import Role

    user = User.objects.filter(username="bench_reporting").first()
    if user is None:
        user = User(username="bench_reporting", role=Role.PROVINCE_CLERK, unit=province, full_name="基准测试")
        user.set_unusable_password()
        user.save()
    return user


def measure() -> dict:
    from sifasuo.casework.models import MediationCase
    from sifasuo.core.context import ActionContext, acting
    from sifasuo.indicators import selectors
    from sifasuo.indicators.catalog import compute_all
    from sifasuo.orgunits.choices import Level
    from sifasuo.orgunits.models import OrgUnit
    from sifasuo.reporting import aggregates, services
    from sifasuo.reporting.elements import compile_offices
    from sifasuo.reporting.models import AggregateValue, Report

    province = OrgUnit.objects.filter(level=Level.PROVINCE).order_by("code").first()
    latest = MediationCase.objects.aggregate(m=Max("registered_on"))["m"] or datetime.date.today()
    year = latest.year - 1 if latest.month < 12 else latest.year
    cases = MediationCase.objects.filter(registered_on__year=year).count()
    offices = OrgUnit.objects.filter(level=Level.OFFICE).count()
    log(f"year {year}: {cases} cases, {offices} offices")
    rows, lines = [], []
    with acting(ActionContext(source="command")):
        templates = services.ensure_templates()
        refresh_s = None
        if not AggregateValue.objects.filter(unit=province, period__year=year).exists():
            started = time.perf_counter()
            aggregates.refresh_year(province.path, year)
            refresh_s = time.perf_counter() - started
            log(f"refreshed {year} in {refresh_s:.1f} s")

        # 1. the province dashboard, warm
        selectors.dashboard(province, year, None)
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            data = selectors.dashboard(province, year, None)
            timings.append((time.perf_counter() - started) * 1000)
        dash_p95 = p95(timings)
        client = Client()
        client.force_login(_user(province))
        with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
            client.get(f"/indicators/?year={year}&month=")
            page = []
            for _ in range(RUNS):
                started = time.perf_counter()
                response = client.get(f"/indicators/?year={year}&month=")
                page.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        page_p95 = p95(page)

        # 2. the same figures by scanning the registers
        all_offices = aggregates.offices_under(province.path)
        scans = []
        for _ in range(2):
            started = time.perf_counter()
            compiled = compile_offices(province.path, datetime.date(year, 1, 1), datetime.date(year, 12, 31),
                                       all_offices)
            totals = {code: sum(v.values()) for code, v in compiled.items()}
            last = {code: sum(x for (p, m), x in v.items() if m == datetime.date(year, 12, 1))
                    for code, v in compiled.items()}
            scanned = compute_all(totals, last)
            scans.append((time.perf_counter() - started) * 1000)
        scan_ms = statistics.median(scans)
        same = all(
            (a.value is None and scanned[a.code] is None) or
            (a.value is not None and scanned[a.code] is not None and abs(a.value - scanned[a.code]) < 0.01)
            for a in data["indicators"])

        # 3. compiling every office's monthly report
        monthly = next(t for t in templates if t.code == "office_monthly")
        december = datetime.date(year, 12, 1)
        Report.objects.filter(template=monthly, period_start=december).delete()
        started = time.perf_counter()
        made = services.compile_reports(template=monthly, start=december, path=province.path)
        compile_s = time.perf_counter() - started

    ratio = scan_ms / max(dash_p95, 0.001)
    rows += [
        {"key": "dashboard_p95", "label": f"省级看板全年全部指标（{len(data['indicators'])} 项、{len(data['ranking'])} 个市排名），读汇总表",
         "budget": f"p95 ≤ {DASHBOARD_BUDGET_MS:.0f} ms", "value": f"p95 {dash_p95:.0f} ms",
         "ok": dash_p95 <= DASHBOARD_BUDGET_MS},
        {"key": "dashboard_page_p95", "label": "省级看板页面（含上报情况，Django 测试客户端）",
         "budget": f"p95 ≤ {DASHBOARD_BUDGET_MS:.0f} ms", "value": f"p95 {page_p95:.0f} ms",
         "ok": page_p95 <= DASHBOARD_BUDGET_MS},
        {"key": "scan_registers", "label": "同样指标直接扫描登记簿计算", "budget": "≥ 看板的 10 倍",
         "value": f"{scan_ms:.0f} ms（{ratio:.0f} 倍；数值一致：{'是' if same else '否'}）",
         "ok": ratio >= 10 and same},
        {"key": "compile_monthly", "label": f"全省 {made} 个司法所 {year}年12月月报汇总生成",
         "budget": f"≤ {COMPILE_BUDGET_S:.0f} s", "value": f"{compile_s:.1f} s", "ok": compile_s <= COMPILE_BUDGET_S},
    ]
    lines += [
        f"- 数据：{offices} 个司法所，{year} 年调解案件 {cases:,} 件；汇总表 {AggregateValue.objects.count():,} 行"
        + (f"（本次全年汇总用时 {refresh_s:.1f} s）" if refresh_s else "（沿用已有汇总）") + "。",
        "- 看板：本单位各月的行（一次查询）+ 下级单位的合计行按单位分组（一次查询），不触及登记簿。",
        f"- 扫描登记簿：每个数据项一次按司法所、月份分组的查询，{len(scans)} 次取中位数。",
    ]
    return {"rows": rows, "lines": lines}
