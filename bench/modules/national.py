"""全国汇总：31 个省、约 40,000 个司法所、12 个月的汇总数据经接收接口入库，全国看板与下钻到市的响应时间。

Seeds (once; reused when the year's 372 receipts exist) a national aggregate set through the receiving
service (`national.services.accept`, the path a province's submission takes): 31 provinces with their real
codes, 10–12 cities each, 8–9 counties per city and about 40,000 offices spread over the counties; every unit
(province, city, county) gets the 17 data elements of the indicator catalog for each of 12 months, the
county figures drawn in proportion to its offices and summed upwards. No office or person is sent: a
province sends down to its counties. Then measures, warm, through Django's test client:

- the national dashboard (whole year, every province): p95 ≤ 300 ms;
- the drill-down to one province's cities (whole year): p95 ≤ 300 ms;
- the national dashboard for one month: p95 ≤ 300 ms.
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import time

from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from bench.sessions import sign_in

TITLE = "全国汇总"
ORDER = 900
BUDGET_MS = 300.0
RUNS = 20
YEAR = 2025
OFFICES = 40_000
PROVINCES = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"]
# Per office and month: the mean of each flow element; stock elements per office.
PER_OFFICE = {"mediation_closed": 30, "mediation_succeeded": 29, "info_items": 2, "news_items": 1,
              "key_released": 1.5, "key_handed_over": 1.45, "released_to_verify": 3, "released_verified": 2.9,
              "training_days": 4, "correction_missed": 0.01, "correction_out_of_contact": 0.02,
              "staff_serving": 5, "workstations": 7, "workstations_built": 6, "hub_offices": 0.1,
              "typical_cases_hub": 0.2}


def log(message: str) -> None:
    print(f"  [{connection.vendor}] national: {message}", file=sys.stderr, flush=True)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(0.95 * len(ordered))) - 1]


def _tree(rng: random.Random) -> dict[str, list]:
    """{province code: [(city code, [(county code, offices)])]} with about OFFICES offices in all."""
    tree, counties = {}, []
    for p in PROVINCES:
        cities = []
        for c in range(1, rng.randint(10, 12) + 1):
            members = [(f"{p}{c:02d}{k:02d}", 0) for k in range(1, rng.randint(8, 9) + 1)]
            cities.append((f"{p}{c:02d}00", members))
            counties.extend((p, len(cities) - 1, n) for n in range(len(members)))
        tree[p] = cities
    weights = [rng.uniform(0.5, 1.5) for _ in counties]
    scale = OFFICES / sum(weights)
    for (p, ci, n), w in zip(counties, weights):
        code, _ = tree[p][ci][1][n]
        tree[p][ci][1][n] = (code, max(1, round(w * scale)))
    return tree


def _payload(province: str, cities, month: int, rng: random.Random) -> dict:
    code = f"{province}0000"
    units = [{"code": code, "name": f"{province}省司法厅", "level": 1, "parent": ""}]
    figures, top = [], {}
    for city, members in cities:
        units.append({"code": city, "name": f"{city}市司法局", "level": 2, "parent": code})
        sums = {}
        for county, offices in members:
            units.append({"code": county, "name": f"{county}县司法局", "level": 3, "parent": city})
            values = {e: round(mean * offices * rng.uniform(0.8, 1.2)) for e, mean in PER_OFFICE.items()}
            values["mediation_succeeded"] = min(values["mediation_succeeded"], values["mediation_closed"])
            values["key_handed_over"] = min(values["key_handed_over"], values["key_released"])
            values["offices"] = offices
            figures += [[county, e, v] for e, v in values.items()]
            for e, v in values.items():
                sums[e] = sums.get(e, 0) + v
        figures += [[city, e, v] for e, v in sums.items()]
        for e, v in sums.items():
            top[e] = top.get(e, 0) + v
    figures += [[code, e, v] for e, v in top.items()]
    return {"format": 1, "province": code, "period": f"{YEAR}-{month:02d}", "units": units, "figures": figures,
            "reports": []}


def _client() -> Client:
    from sifasuo.accounts.models import User

    user = User.objects.filter(username="bench_national").first()
    if user is None:
        user = User(username="bench_national", is_superuser=True, full_name="基准测试")
        user.set_unusable_password()
        user.save()
    client = Client()
    sign_in(client, user)
    return client


def _timed(client: Client, url: str) -> float:
    client.get(url)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return p95(times)


def measure() -> dict:
    from sifasuo.national import services
    from sifasuo.national.models import NationalFigure, NationalReceipt, NationalUnit

    rng = random.Random(19)
    tree = _tree(rng)
    offices = sum(n for cities in tree.values() for _, members in cities for _, n in members)
    ingest_s = None
    if NationalReceipt.objects.filter(period__year=YEAR).count() != len(PROVINCES) * 12:
        keys = {p: services.register_province(code=f"{p}0000", name=f"{p}省")[0] for p in PROVINCES}
        per_payload = []
        started = time.perf_counter()
        for p, cities in tree.items():
            for month in range(1, 13):
                payload = _payload(p, cities, month, rng)
                t0 = time.perf_counter()
                services.accept(province=keys[p], payload=payload)
                per_payload.append(time.perf_counter() - t0)
        ingest_s = time.perf_counter() - started
        log(f"accepted {len(per_payload)} submissions in {ingest_s:.1f} s")
    figures = NationalFigure.objects.filter(period__year=YEAR).count()
    units = NationalUnit.objects.count()
    client = _client()
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        year_p95 = _timed(client, f"/national/?year={YEAR}&month=")
        drill_p95 = _timed(client, f"/national/?year={YEAR}&month=&province=370000")
        month_p95 = _timed(client, f"/national/?year={YEAR}&month=12")
        page = client.get(f"/national/?year={YEAR}&month=").content.decode()
    shown = page.count("?province=")
    rows = [
        {"key": "national_year_p95", "label": f"全国看板：{shown} 个省全年指标（读 {figures:,} 行汇总中的省级行）",
         "budget": f"p95 ≤ {BUDGET_MS:.0f} ms", "value": f"p95 {year_p95:.0f} ms", "ok": year_p95 <= BUDGET_MS},
        {"key": "national_drill_p95", "label": "下钻到一个省的各市（全年）",
         "budget": f"p95 ≤ {BUDGET_MS:.0f} ms", "value": f"p95 {drill_p95:.0f} ms", "ok": drill_p95 <= BUDGET_MS},
        {"key": "national_month_p95", "label": "全国看板：单月",
         "budget": f"p95 ≤ {BUDGET_MS:.0f} ms", "value": f"p95 {month_p95:.0f} ms", "ok": month_p95 <= BUDGET_MS},
    ]
    if ingest_s is not None:
        rows.append({"key": "national_ingest", "label": f"接收 {len(PROVINCES) * 12} 份省级月度汇总（逐份校验后整份写入）",
                     "budget": "参考", "value": f"{ingest_s:.1f} s（每份中位 "
                     f"{statistics.median(per_payload) * 1000:.0f} ms）", "ok": None})
    lines = [
        f"- 数据：{len(PROVINCES)} 个省、{units:,} 个单位（省、市、县），约 {offices:,} 个司法所按县分布；"
        f"{YEAR} 年 12 个月，每个单位每月 {len(PER_OFFICE) + 1} 个数据项，共 {figures:,} 行。",
        "- 看板：所选层级、期间的行按单位与数据项分组求和（一次查询）+ 最后一个月的期末数（一次查询），"
        "用与省级看板相同的指标目录计算。",
    ]
    return {"rows": rows, "lines": lines}
