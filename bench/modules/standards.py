"""规范化建设：全省司法所、工作室达标情况（批量：少量查询 + 纯 Python 标准引擎）与单个司法所检查表。

The province dataset (Shandong) has offices and workstations but no standardization records: measure()
adds, deterministically and in bulk, a premises profile and an equipment ledger for every office and a
build profile for every workstation (reused when present). Shandong has no office standard of its own, so
its offices are assessed against the Wuhu standard as a reference (applies_to.reference), exactly as the
pages do; its workstations against the Shandong standard.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from decimal import Decimal
from bench.sessions import sign_in

TITLE = "规范化建设"


def _ensure_records() -> dict:
    from sifasuo.orgunits.choices import Level
    from sifasuo.orgunits.models import OrgUnit
    from sifasuo.standards import selectors
    from sifasuo.standards.models import EquipmentItem, OfficeProfile, WorkstationProfile

    rng = random.Random(7)
    offices = list(OrgUnit.objects.filter(level=Level.OFFICE).order_by("code").only("id", "code", "path"))
    standard, _ = selectors.standard_for(offices[0])
    rooms, identity, separation = (list(standard.items_of(f)) for f in ("rooms", "identity", "separation"))
    equipment = list(standard.items_of("equipment"))
    have = set(OfficeProfile.objects.values_list("unit_id", flat=True))
    new_profiles, new_items = [], []
    for office in offices:
        if office.id in have:
            continue
        good = rng.random() < 0.4
        new_profiles.append(OfficeProfile(
            unit_id=office.id, floor_area=Decimal(rng.choice([110, 130, 165, 185, 210])), tenure="owned",
            property_certificate=good or rng.random() < 0.7, premises_independent=True,
            rooms=rooms if good else rng.sample(rooms, k=rng.randint(6, 11)), identity=identity,
            separation=separation if good else separation[:2],
            director_rank="full_time_deputy_section" if good or rng.random() < 0.8 else "part_time"))
        for n, code in enumerate(equipment if good else rng.sample(equipment, k=rng.randint(3, 6))):
            new_items.append(EquipmentItem(unit_id=office.id, item=code, name=f"基准{code}",
                                           asset_number=f"B{office.code}-{n}", quantity=1))
    OfficeProfile.objects.bulk_create(new_profiles, batch_size=2000)
    EquipmentItem.objects.bulk_create(new_items, batch_size=2000)
    stations = OrgUnit.objects.filter(level=Level.WORKSTATION).exclude(
        id__in=WorkstationProfile.objects.values("unit_id")).order_by("code").values_list("id", flat=True)
    ws = selectors.all_standards()
    sd = next(s for s in ws if s.level == "workstation")
    six, layout, funding = (list(sd.items_of(f)) for f in ("six_unified", "layout", "funding"))
    new_stations = []
    for unit_id in stations.iterator(chunk_size=5000):
        initial = rng.choice(["built", "building", "not_built"])
        status = "built" if rng.random() < 0.75 else initial
        good = status == "built" and rng.random() < 0.4
        new_stations.append(WorkstationProfile(
            unit_id=unit_id, head_name="基准主任", status=status, initial_status=initial,
            deadline=sd.deadline_for(initial), six_unified=six if good else six[:3], layout=layout if good else layout[:4],
            funding=funding, legal_adviser="基准律师" if good or rng.random() < 0.5 else ""))
    WorkstationProfile.objects.bulk_create(new_stations, batch_size=2000)
    if new_stations:
        from bench.modules import written_outside_the_change_log

        written_outside_the_change_log("standards.WorkstationProfile")
    return {"offices": len(offices), "new_profiles": len(new_profiles), "new_items": len(new_items),
            "new_stations": len(new_stations), "stations": WorkstationProfile.objects.count(),
            "items": EquipmentItem.objects.count()}


def _queries(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return result, len(captured)


def measure() -> dict:
    from django.conf import settings
    from django.test import Client

    from sifasuo.accounts.models import User
    from sifasuo.orgunits.choices import Level
    from sifasuo.orgunits.models import OrgUnit
    from sifasuo.standards import selectors

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    built = _ensure_records()
    province = OrgUnit.objects.get(level=Level.PROVINCE)
    today = datetime.date.today()

    def whole_province():
        offices = selectors.office_checks(province.path, on=today)
        stations = selectors.workstation_checks(province.path, today=today)
        return selectors.rollup(province, today=today, office_list=offices, workstation_list=stations)

    (total, rows), n_queries = _queries(whole_province)  # warm-up (file loading, caches)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        whole_province()
        times.append(time.perf_counter() - start)
    worst = max(times)

    offices = list(OrgUnit.objects.filter(level=Level.OFFICE).order_by("code")[::36][:50])
    one_ms = []
    one_queries = 0
    for office in offices:
        start = time.perf_counter()
        _, one_queries = _queries(lambda o=office: selectors.office_check(o, on=today))
        one_ms.append((time.perf_counter() - start) * 1000)
    one_ms.sort()
    p95 = one_ms[int(len(one_ms) * 0.95) - 1]

    page_ms = []
    clerk = User.objects.filter(unit__level=Level.COUNTY, is_active=True).first()
    if clerk is not None:
        from sifasuo.accounts.roles import role_can

        if role_can(clerk.role, "standards.view"):
            client = Client()
            sign_in(client, clerk)
            office = OrgUnit.objects.filter(level=Level.OFFICE, path__startswith=clerk.unit.path).first()
            client.get(f"/standards/offices/{office.pk}/")
            for _ in range(20):
                start = time.perf_counter()
                assert client.get(f"/standards/offices/{office.pk}/").status_code == 200
                page_ms.append((time.perf_counter() - start) * 1000)
    page_text = f"中位数 {statistics.median(page_ms):.0f} ms" if page_ms else "未测（无县级账号）"

    rates = {r.rule_id: r.percent for r in total.office_rates + total.workstation_rates}
    return {
        "rows": [
            {"key": "standards_province", "label": f"全省达标计算：{total.offices:,} 个司法所 + {total.workstations:,} 个工作室",
             "budget": "≤ 5 s", "value": f"最慢 {worst:.2f} s（{n_queries} 次查询）", "ok": worst <= 5},
            {"key": "standards_office_checklist", "label": "单个司法所检查表（selectors.office_check）",
             "budget": "≤ 50 ms", "value": f"p95 {p95:.1f} ms（{one_queries} 次查询）", "ok": p95 <= 50},
            {"key": "standards_office_page", "label": "司法所检查表页面（县级账号，整页）", "budget": "参考",
             "value": page_text, "ok": None},
        ],
        "lines": [
            f"数据：{built['offices']:,} 个司法所（用房、功能室档案，装备资产 {built['items']:,} 条），"
            f"{built['stations']:,} 个工作室建设档案；本次新建 {built['new_profiles']:,} + {built['new_items']:,} + "
            f"{built['new_stations']:,} 行（已有则复用）。",
            "方法：全省计算 = `office_checks` + `workstation_checks` + `rollup`（按县、市汇总），先热身一次再计 3 次取最慢；"
            "事实由少量 GROUP BY 查询取得（用房档案、在用装备、花名册人数、社区矫正与安置帮教在册人数），"
            "然后由纯 Python 标准引擎逐条评估。山东省没有司法所建设标准，按芜湖标准“参照”评估。",
            f"结果：全省司法所全部达标 {total.offices_compliant:,}/{total.offices:,}（{total.office_rate}），"
            f"工作室建成 {total.workstations_built:,}（{total.built_rate}），规范化覆盖率 {total.coverage_rate}；"
            f"专职副科级所长配备率 {rates.get('WH-2', '—')}。",
            f"单个司法所：抽取 {len(offices)} 个司法所各算一次检查表，p95 {p95:.1f} ms，中位数 {statistics.median(one_ms):.1f} ms。",
        ],
    }
