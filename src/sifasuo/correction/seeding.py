"""Demo records of community correction: per office a few subjects in every state, checks-ins, a leave, a
sanction, an investigation. Dates are relative to today (so the demo shows live alerts); the choices are
deterministic for the seed. Written through the services, so every record obeys the rules and is logged."""

from __future__ import annotations

import datetime
import random

from sifasuo.core import idnumbers
from sifasuo.core.names import random_name
from sifasuo.core.seeding import office_quality
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import services

CRIMES = ["盗窃罪", "危险驾驶罪", "诈骗罪", "故意伤害罪", "交通肇事罪", "开设赌场罪", "寻衅滋事罪", "非法吸收公众存款罪"]
MAX_OFFICES = {"demo": 10_000, "city": 300, "province": 300}


def seed_id_number(rng, unit, sex):
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(15000))
    return idnumbers.generate(rng, region_code=unit.code[:6], birth_date=birth, sex=sex)


def seed(*, scale: str, seed: int, log) -> str:
    rng = random.Random(seed * 7919 + 5)
    today = datetime.date.today()
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    offices = list(OrgUnit.objects.filter(level=Level.OFFICE, closed_on__isnull=True).order_by("code")[:MAX_OFFICES[scale]])
    stations = {}
    for ws in OrgUnit.objects.filter(level=Level.WORKSTATION, parent__in=offices).order_by("code"):
        stations.setdefault(ws.parent_id, ws)
    count = 0
    for office in offices:
        quality = office_quality(seed, office.code)
        flagged = False
        for n in range(rng.randint(2, 5)):
            unit = stations.get(office.id) if n == 1 and office.id in stations else office
            sex = rng.choice("MMMF")
            effective = ago(rng.randint(20, 500))
            kind = rng.choice(["probation", "probation", "probation", "parole", "control", "outside"])
            s = services.register_subject(
                actor=None, unit=unit, number=f"{office.code}-J{n + 1:03d}", full_name=random_name(rng, sex),
                id_number=seed_id_number(rng, unit, sex), crime=rng.choice(CRIMES), sentence_type=kind,
                original_sentence="有期徒刑一年，缓刑二年" if kind == "probation" else "", decided_by="人民法院",
                effective_on=effective, start_on=effective, end_on=effective + datetime.timedelta(days=rng.choice([365, 540, 730])),
                reported_on=effective + datetime.timedelta(days=rng.randint(1, 9)), phone=f"13{rng.randrange(10**9):09d}")
            count += 1
            services.declare(actor=None, subject=s, declared_on=s.reported_on)
            services.set_plan(actor=None, subject=s, plan="每月参加教育学习、社区服务各不少于8小时；按等级报告。",
                              plan_on=s.reported_on)
            # The last month of check-ins are enough for the alerts and the pages (and keep the seed quick).
            day = max(s.reported_on, ago(30))
            while day < ago(3):
                day = min(day + datetime.timedelta(days=rng.randint(5, 12)), ago(1))
                services.record_check_in(actor=None, subject=s, method=rng.choice(["phone", "phone", "in_person", "written"]),
                                         on=day, note="按时报告")
            if s.end_on <= ago(1):
                services.end_correction(actor=None, subject=s, ended_on=s.end_on, reason="expired")
                services.hand_over_to_resettlement(actor=None, subject=s, on=s.end_on)
                continue
            # a weak office lost track of someone for a while (WH-8: 脱管 must be 0), restored or not yet
            if quality < 0.42 and not flagged and s.reported_on < ago(120):
                since = ago(rng.randint(60, 110))
                services.mark_out_of_contact(actor=None, subject=s, since=since)
                if rng.random() < 0.5:
                    services.restore_contact(actor=None, subject=s, on=since + datetime.timedelta(days=rng.randint(8, 25)),
                                             note="已找回，予以训诫")
                flagged = True
            if s.reported_on < ago(100) and rng.random() < 0.5:
                services.change_level(actor=None, subject=s, level=rng.choice(["normal", "lenient"]),
                                      changed_on=s.reported_on + datetime.timedelta(days=90), reason="考核表现良好")
            if rng.random() < 0.2:
                services.add_sanction(actor=None, subject=s, kind="reprimand", on=ago(rng.randint(1, 15)), reason="未按规定报告")
            if rng.random() < 0.15 and s.end_on > today + datetime.timedelta(days=6):
                services.apply_leave(actor=None, subject=s, kind="leave", applied_on=ago(2), start_on=today,
                                     end_on=today + datetime.timedelta(days=5), destination="济南市", reason="就医")
        # one subject waiting to report, one investigation per office
        sex = rng.choice("MF")
        services.register_subject(
            actor=None, unit=office, number=f"{office.code}-J900", full_name=random_name(rng, sex),
            id_number=seed_id_number(rng, office, sex), crime=rng.choice(CRIMES), sentence_type="probation",
            effective_on=ago(rng.randint(3, 12)), start_on=ago(2), end_on=today + datetime.timedelta(days=365))
        services.open_investigation(actor=None, unit=office, full_name=random_name(rng, sex), id_number=seed_id_number(rng, office, sex),
                                    commissioned_by="县人民法院", commissioned_on=ago(rng.randint(1, 12)))
        count += 1
    return f"社区矫正：{count} 名矫正对象，{len(offices)} 件调查评估"
