"""Demo records of resettlement: per office a few released persons at every step (notice, verified, released,
handed over, assisted), dates relative to today, choices deterministic for the seed, through the services."""

from __future__ import annotations

import datetime
import random

from sifasuo.core.names import random_name
from sifasuo.correction.seeding import CRIMES, MAX_OFFICES, _id
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
        for n in range(rng.randint(2, 5)):
            sex = rng.choice("MMMMF")
            step = rng.choice(["notice", "released", "assisting", "assisting", "assisting"])
            release = today + days(rng.randint(5, 25)) if step == "notice" else today - days(rng.randint(3, 1500))
            p = services.register_notice(
                actor=None, unit=office, full_name=random_name(rng, sex), id_number=_id(rng, office, sex),
                crime=rng.choice(CRIMES), released_from=rng.choice(PRISONS), expected_release_on=release,
                notice_received_on=min(release - days(30), today), is_key=rng.random() < 0.2,
                sentence=f"有期徒刑{rng.randint(1, 10)}年")
            count += 1
            if step == "notice":
                continue
            services.verify(actor=None, person=p, verified_on=release - days(20))
            services.confirm(actor=None, person=p, confirmed_on=release - days(10))
            services.record_release(actor=None, person=p, released_on=release,
                                    collected_on=release if p.is_key else None, collected_by="司法所、家属" if p.is_key else "")
            if step == "released" or release > today - days(3):
                continue
            services.hand_over(actor=None, person=p, handed_over_on=release + days(rng.randint(1, 6)),
                               tier=rng.choice(["high", "medium", "medium", "low"]))
            services.set_placement(actor=None, person=p, placement=rng.choice(["employed", "self_employed", "farming",
                                                                               "welfare", "none"]),
                                   placed_on=min(release + days(30), today))
            services.record_assistance(actor=None, person=p, on=min(release + days(40), today), kind="visit",
                                       note="走访家庭，了解就业情况")
    return f"安置帮教：{count} 名刑满释放人员"
