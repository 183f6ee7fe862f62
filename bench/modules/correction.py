"""Community correction and resettlement on the province dataset: 50,000 correction subjects and 100,000 released
persons spread over the offices and workstations (bulk, deterministic, reused when present); a county's register
page p95 (Django test client, logged in as a county clerk) and the time of every correction and resettlement alert
rule's collect() for the whole province."""

from __future__ import annotations

import datetime
import random
import statistics
import time
from bench.sessions import sign_in

TITLE = "社区矫正与安置帮教"
SUBJECTS = 50_000
PERSONS = 100_000
PREFIX = "BENCH-"


def _build() -> list[str]:
    from bench.modules import written_outside_the_change_log
    from sifasuo.core import idnumbers
    from sifasuo.core.names import random_name
    from sifasuo.correction.models import CorrectionSubject
    from sifasuo.orgunits.choices import Level
    from sifasuo.orgunits.models import OrgUnit
    from sifasuo.resettlement.models import ReleasedPerson

    lines = []
    units = list(OrgUnit.objects.filter(level__in=[Level.OFFICE, Level.WORKSTATION]).order_by("code")
                 .only("id", "code"))
    today = datetime.date.today()
    have = CorrectionSubject.objects.filter(number__startswith=PREFIX).count()
    started = time.perf_counter()
    if have < SUBJECTS:
        rng = random.Random(2024)
        batch = []
        for n in range(have, SUBJECTS):
            rng.seed(n)
            unit = units[rng.randrange(len(units))]
            sex = rng.choice("MMMF")
            birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(15000))
            effective = today - datetime.timedelta(days=rng.randint(5, 700))
            status = "pending_report" if rng.random() < 0.02 else "supervised"
            reported = None if status == "pending_report" else effective + datetime.timedelta(days=rng.randint(1, 9))
            last = lambda: (today - datetime.timedelta(days=rng.randint(0, 40))) if reported else None  # noqa: E731
            batch.append(CorrectionSubject(
                unit_id=unit.id, number=f"{PREFIX}{n:06d}", full_name=random_name(rng, sex),
                id_number=idnumbers.generate(rng, region_code=unit.code[:6], birth_date=birth, sex=sex), sex=sex,
                birth_date=birth, crime="盗窃罪", sentence_type=rng.choice(["probation", "parole", "control", "outside"]),
                effective_on=effective, report_due_on=effective + datetime.timedelta(days=10), reported_on=reported,
                start_on=effective, end_on=effective + datetime.timedelta(days=rng.choice([365, 730, 1095])),
                level=rng.choice(["strict", "normal", "lenient"]), status=status,
                last_phone_on=last(), last_in_person_on=last(), last_written_on=last(),
                out_of_contact_since=today - datetime.timedelta(days=rng.randint(1, 40)) if rng.random() < 0.002 else None))
            if len(batch) == 5000:
                CorrectionSubject.objects.bulk_create(batch, batch_size=2500)
                batch = []
        CorrectionSubject.objects.bulk_create(batch, batch_size=2500)
        written_outside_the_change_log("correction.CorrectionSubject")
        lines.append(f"- 生成社区矫正对象 {SUBJECTS - have} 名，用时 {time.perf_counter() - started:.0f} 秒")
    have = ReleasedPerson.objects.filter(released_from__startswith=PREFIX).count()
    started = time.perf_counter()
    if have < PERSONS:
        batch = []
        rng = random.Random(2025)
        for n in range(have, PERSONS):
            rng.seed(10**7 + n)
            unit = units[rng.randrange(len(units))]
            sex = rng.choice("MMMMF")
            birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(15000))
            released = today - datetime.timedelta(days=rng.randint(-20, 1900))
            assisting = released < today - datetime.timedelta(days=10)
            batch.append(ReleasedPerson(
                unit_id=unit.id, full_name=random_name(rng, sex), sex=sex, birth_date=birth,
                id_number=idnumbers.generate(rng, region_code=unit.code[:6], birth_date=birth, sex=sex),
                crime="抢劫罪", released_from=f"{PREFIX}监狱", expected_release_on=released,
                notice_received_on=released - datetime.timedelta(days=30), is_key=rng.random() < 0.1,
                verified_on=released - datetime.timedelta(days=20) if rng.random() < 0.99 else None,
                released_on=released if released <= today else None,
                handed_over_on=released + datetime.timedelta(days=3) if assisting else None,
                assistance_until=datetime.date(released.year + 5, released.month, min(released.day, 28)) if released <= today else None,
                risk_tier=rng.choice(["high", "medium", "low"]) if assisting else "",
                risk_reviewed_on=today - datetime.timedelta(days=rng.randint(0, 200)) if assisting else None,
                collected_on=released if released <= today and rng.random() < 0.95 else None,
                status="assisting" if assisting else ("released" if released <= today else "notified")))
            if len(batch) == 5000:
                ReleasedPerson.objects.bulk_create(batch, batch_size=2500)
                batch = []
        ReleasedPerson.objects.bulk_create(batch, batch_size=2500)
        written_outside_the_change_log("resettlement.ReleasedPerson")
        lines.append(f"- 生成刑满释放人员 {PERSONS - have} 名，用时 {time.perf_counter() - started:.0f} 秒")
    return lines


def measure() -> dict:
    from django.test import Client

    from sifasuo.accounts.models import User
    from sifasuo.accounts.roles import Role
    from sifasuo.alerts import engine
    from sifasuo.correction.models import CorrectionSubject
    from sifasuo.orgunits.choices import Level
    from sifasuo.orgunits.models import OrgUnit

    lines = ["数据：山东省全省单位树；社区矫正对象 50,000 名、刑满释放人员 100,000 名，随机分布到司法所和工作室（种子固定，批量写入，已有则复用）。"]
    lines += _build()
    # the county with the most subjects
    from django.db.models import Count
    counts = (CorrectionSubject.objects.values("unit__path").annotate(n=Count("id")))
    per_county: dict[str, int] = {}
    for r in counts:
        key = "/".join(r["unit__path"].split("/")[:4]) + "/"
        per_county[key] = per_county.get(key, 0) + r["n"]
    county_path = max(per_county, key=per_county.get)
    county = OrgUnit.objects.get(path=county_path, level=Level.COUNTY)
    user = User.objects.filter(username="bench_correction_clerk").first()
    if user is None:
        user = User(username="bench_correction_clerk", role=Role.COUNTY_CLERK, unit=county, full_name="基准测试")
        user.set_unusable_password()
        user.save()
    elif user.unit_id != county.id:
        user.unit = county
        user.save()
    from django.conf import settings

    # The benchmark's settings allow only the gunicorn host; the test client asks as that host.
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    sign_in(client, user)
    urls = ["/correction/", "/correction/?page=3", "/correction/?level=strict", "/correction/?q=王"]
    for url in urls:
        assert client.get(url).status_code == 200, url
    times = []
    for i in range(60):
        started = time.perf_counter()
        client.get(urls[i % len(urls)])
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    lines.append(f"- 县级花名册页：{county.name}，{per_county[county_path]} 名对象；60 次请求（首页、翻页、按等级、按姓名），"
                 f"中位数 {statistics.median(times):.0f} ms，p95 {p95:.0f} ms")
    codes = [c for c in engine.rules() if c.startswith(("correction.", "resettlement."))]
    province = OrgUnit.objects.get(level=Level.PROVINCE)
    today = datetime.date.today()
    engine.collect(province.path, today, codes=codes)  # warm the caches
    started = time.perf_counter()
    alerts = engine.collect(province.path, today, codes=codes)
    seconds = time.perf_counter() - started
    by_rule: dict[str, int] = {}
    for a in alerts:
        by_rule[a.rule] = by_rule.get(a.rule, 0) + 1
    lines.append(f"- 全省提醒：{len(codes)} 条规则，{len(alerts)} 条提醒，用时 {seconds:.1f} 秒；"
                 + "，".join(f"{k} {v}" for k, v in sorted(by_rule.items())))
    return {"rows": [
        {"key": "correction_register_p95", "label": "县级社区矫正对象花名册页", "budget": "p95 ≤ 100 ms",
         "value": f"p95 {p95:.0f} ms", "ok": p95 <= 100},
        {"key": "correction_alerts_province", "label": "社区矫正与安置帮教提醒（全省）", "budget": "计入全省 30 s",
         "value": f"{seconds:.1f} s", "ok": None},
    ], "lines": lines}
