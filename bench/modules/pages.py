"""每个菜单页面：the province administrator and a county clerk open every page of their menu (and the home page)
with Django's test client on the province dataset with every module's data: p50, p95 and the number of queries
of each, budget p95 ≤ 300 ms, the alert inbox included (the province's stored items).

Runs last (ORDER), after the modules have built their records and the alerts module has stored the province's
alert items. Each page is requested twice to warm up, then RUNS times; the queries are counted on one more
request.
"""

from __future__ import annotations

import math
import statistics
import sys
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from bench.sessions import sign_in

TITLE = "菜单页面（省级管理员、县级业务人员）"
ORDER = 950
BUDGET_MS = 300.0
RUNS = 20
SLOW_RUNS = 3


def log(message: str) -> None:
    print(f"  [{connection.vendor}] pages: {message}", file=sys.stderr, flush=True)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(0.95 * len(ordered))) - 1]


def _user(username: str, role: str, unit):
    from sifasuo.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, role=role, unit=unit, full_name="基准测试")
        user.set_unusable_password()
        user.save()
    return user


def busiest_county():
    """The county with the most stored alert items (the heaviest inbox a county clerk has)."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from sifasuo.alerts.models import AlertItem
    from sifasuo.orgunits.models import OrgUnit

    top = (AlertItem.objects.annotate(county=Substr("unit_path", 1, 22)).values("county")
           .annotate(n=Count("id")).order_by("-n").first())
    county = OrgUnit.objects.filter(path=top["county"]).first() if top else None
    return county or OrgUnit.objects.filter(level=3).order_by("code").first()


def menu_pages(user) -> list[tuple[str, str]]:
    from django.urls import reverse

    from sifasuo.core.navigation import menu

    pages = [("首页", "/")]
    for item in menu():
        if user.can(item.capability):
            pages.append((f"{item.group}·{item.label}" if item.group else item.label, reverse(item.url_name)))
    return pages


def measure_page(client: Client, url: str) -> dict:
    warm = []
    for _ in range(2):
        started = time.perf_counter()
        response = client.get(url)
        warm.append((time.perf_counter() - started) * 1000)
    if response.status_code != 200:
        return {"status": response.status_code}
    samples = []
    # A page far over budget is measured SLOW_RUNS times only (its p95 is then its slowest request).
    for _ in range(RUNS if min(warm) < 4 * BUDGET_MS else SLOW_RUNS):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return {"status": response.status_code, "p50": statistics.median(samples), "p95": p95(samples),
            "queries": len(captured), "bytes": len(response.content), "runs": len(samples)}


def measure() -> dict:
    from django.conf import settings

    from sifasuo.accounts.roles import Role
    from sifasuo.alerts.models import AlertItem
    from sifasuo.orgunits.models import OrgUnit

    province = OrgUnit.objects.filter(level=1).order_by("code").first()
    county = busiest_county()
    people = [("省级管理员", _user("bench_pages_province", Role.PROVINCE_ADMIN, province)),
              ("县级业务人员", _user("bench_pages_clerk", Role.COUNTY_CLERK, county))]
    hosts = [h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")]
    items = AlertItem.objects.filter(unit_path__under=province.path).count()
    rows, table = [], []
    for label, user in people:
        client = Client(HTTP_HOST=hosts[0] if hosts else "localhost")
        sign_in(client, user)
        for title, url in menu_pages(user):
            result = measure_page(client, url)
            if result["status"] != 200:
                value, ok = f"HTTP {result['status']}", False
            else:
                value = f"p95 {result['p95']:.0f} ms（中位 {result['p50']:.0f} ms，{result['queries']} 次查询）"
                ok = result["p95"] <= BUDGET_MS
            log(f"{label} {url}: {value}")
            rows.append({"key": f"{user.role}:{url}", "label": f"{label} {title} `{url}`",
                         "budget": f"p95 ≤ {BUDGET_MS:g} ms", "value": value, "ok": ok})
            table.append((label, title, url, result))
    lines = [f"数据：{province.name}，存储的提醒事项 {items:,} 项；县级业务人员为{county.name}（提醒事项最多的县）。"
             f"每页先请求 2 次预热，再请求 {RUNS} 次取中位数和 p95，查询次数为再请求一次时的 SQL 条数"
             "（Django 测试客户端，进程内，不含网络和 WSGI 服务器）。", "",
             "| 账号 | 页面 | 地址 | 中位 ms | p95 ms | 查询 | 响应字节 |", "| --- | --- | --- | ---: | ---: | ---: | ---: |"]
    for label, title, url, r in table:
        if r["status"] != 200:
            lines.append(f"| {label} | {title} | `{url}` | HTTP {r['status']} | | | |")
        else:
            lines.append(f"| {label} | {title} | `{url}` | {r['p50']:.0f} | {r['p95']:.0f} | {r['queries']} | "
                         f"{r['bytes']:,} |")
    return {"rows": rows, "lines": lines}
