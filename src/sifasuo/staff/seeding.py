"""Synthetic staff for every office and workstation: valid ID numbers with the county's real code,
birth dates and sexes consistent with them, plausible names. The `seed` step of this app."""

from __future__ import annotations

import datetime
import random

from sifasuo.core import idnumbers
from sifasuo.core.names import random_name
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from .choices import DutyCategory, Education, StaffType
from .models import StaffMember
from .services import bulk_create_members

# (type, how many at least, at most) per office; about 5.5 a office nationally (domain.md).
OFFICE_MIX = [
    (StaffType.POLITICAL_LEGAL_ESTABLISHMENT, 1, 3),
    (StaffType.OTHER_ESTABLISHMENT, 0, 1),
    (StaffType.FULL_TIME_AUXILIARY, 0, 3),
    (StaffType.FULL_TIME_MEDIATOR, 0, 1),
    (StaffType.CORRECTION_ASSISTANT, 0, 1),
    (StaffType.JUDICIAL_ASSISTANT, 0, 1),
]
WORKSTATION_MIX = [(StaffType.PART_TIME, 1, 3), (StaffType.FULL_TIME_MEDIATOR, 0, 1)]
MAJORS = ["法学", "法律事务", "行政管理", "汉语言文学", "社会工作", "计算机科学与技术", "会计学", ""]


def _person(rng: random.Random, unit: OrgUnit, staff_type: str, today: datetime.date) -> StaffMember:
    sex = rng.choice("MF")
    birth = datetime.date(rng.randint(1966, 2001), rng.randint(1, 12), rng.randint(1, 28))
    number = idnumbers.generate(rng, region_code=unit.code[:6], birth_date=birth, sex=sex)
    joined = max(birth.replace(year=birth.year + 21), unit.opened_on or datetime.date(1990, 1, 1))
    joined = min(joined + datetime.timedelta(days=rng.randint(0, 3650)), today)
    return StaffMember(
        unit=unit, full_name=random_name(rng, sex), id_number=number, sex=sex, birth_date=birth,
        staff_type=staff_type,
        duty_category=rng.choice(DutyCategory.values) if unit.level == Level.OFFICE else "",
        education=rng.choice([Education.JUNIOR_COLLEGE, Education.BACHELOR, Education.BACHELOR, Education.MASTER,
                              Education.SENIOR_HIGH]),
        major=rng.choice(MAJORS), passed_legal_exam=rng.random() < 0.15,
        phone=f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}", joined_on=joined,
    )


def seed(*, scale: str, seed: int, log) -> str:
    rng = random.Random(seed * 7919 + 11)
    today = datetime.date.today()
    members: list[StaffMember] = []
    units = OrgUnit.objects.filter(level__in=(Level.OFFICE, Level.WORKSTATION)).order_by("path")
    for unit in units.iterator(chunk_size=2000):
        mix = OFFICE_MIX if unit.level == Level.OFFICE else WORKSTATION_MIX
        for staff_type, low, high in mix:
            for _ in range(rng.randint(low, high)):
                members.append(_person(rng, unit, staff_type, today))
    log(f"工作人员：{len(members)} 人，写入中…")
    bulk_create_members(members)
    offices = sum(1 for m in members if m.unit.level == Level.OFFICE)
    return f"工作人员：司法所 {offices} 人，工作室 {len(members) - offices} 人"
