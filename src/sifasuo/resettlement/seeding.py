"""Demo records of resettlement: per office a few released persons at every step (notice, verified, released,
handed over, assisted), dates relative to today, choices deterministic for the seed, through the services."""

from __future__ import annotations

import datetime
import random

from sifasuo.core.names import random_name
from sifasuo.core.seeding import office_quality
from sifasuo.correction.seeding import CRIMES, MAX_OFFICES, seed_id_number
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import services

PRISONS = ["山东省济南监狱", "山东省鲁中监狱", "山东省女子监狱", "山东省潍北监狱", "山东省任城监狱"]


def seed(*, scale: str, seed: int, log) -> str:
    rng = random.Random(seed * 104729 + 11)
    today = datetime.date.today()
    days = datetime.timedelta
    offices = list(OrgUnit.objects.filter(level=Level.OFFICE, closed_on__isnull=True).order_by("code")[:MAX_OFFICES[scale]])
    count = 0
    for office in offices:
        quality = office_quality(seed, office.code)   # a weak office verifies, confirms and hands over less
        # a few released at any time in the five years of assistance, more within the demo's 13 months of history
        for n in range(rng.randint(4, 8)):
            sex = rng.choice("MMMMF")
            step = rng.choice(["notice", "released", "assisting", "assisting", "assisting"])
            window = 1500 if n < 3 else 395
            release = today + days(rng.randint(5, 25)) if step == "notice" else today - days(rng.randint(3, window))
            p = services.register_notice(
                actor=None, unit=office, full_name=random_name(rng, sex), id_number=seed_id_number(rng, office, sex),
                crime=rng.choice(CRIMES), released_from=rng.choice(PRISONS), expected_release_on=release,
                notice_received_on=min(release - days(30), today), is_key=rng.random() < 0.2,
                sentence=f"有期徒刑{rng.randint(1, 10)}年")
            count += 1
            if step == "notice":   # checked ahead of the release: verified 20 days before, confirmed 10 days before
                if release - days(20) <= today and rng.random() < 0.9 + 0.1 * quality:
                    services.verify(actor=None, person=p, verified_on=release - days(20))
                    if release - days(10) <= today and rng.random() < 0.85 + 0.15 * quality:
                        services.confirm(actor=None, person=p, confirmed_on=release - days(10))
                continue
            if rng.random() < 0.9 + 0.1 * quality:    # WH-8: 核查率, 核实率 ≥ 98 %
                services.verify(actor=None, person=p, verified_on=release - days(20))
                if rng.random() < 0.85 + 0.15 * quality:
                    services.confirm(actor=None, person=p, confirmed_on=release - days(10))
            collected = p.is_key and rng.random() < 0.7 + 0.3 * quality   # 必接必送
            services.record_release(actor=None, person=p, released_on=release,
                                    collected_on=release if collected else None,
                                    collected_by="司法所、家属" if collected else "")
            if step == "released" or release > today - days(3):
                continue
            if p.is_key and not collected and release > today - days(60) and rng.random() < 0.5:
                continue   # a key person released lately, not yet handed over: 衔接率 below 100 %
            services.hand_over(actor=None, person=p, handed_over_on=min(release + days(rng.randint(1, 6)), today),
                               tier=rng.choice(["high", "medium", "medium", "low"]))
            if rng.random() < 0.04 + 0.12 * (1 - quality) and release < today - days(90):   # WH-8: 重新犯罪
                services.record_reoffence(actor=None, person=p, on=release + days(rng.randint(40, 80)),
                                          note="因盗窃被公安机关刑事拘留")
                continue
            services.set_placement(actor=None, person=p, placement=rng.choice(["employed", "self_employed", "farming",
                                                                               "welfare", "none"]),
                                   placed_on=min(release + days(30), today))
            services.record_assistance(actor=None, person=p, on=min(release + days(40), today), kind="visit",
                                       note="走访家庭，了解就业情况")
    return f"安置帮教：{count} 名刑满释放人员"
