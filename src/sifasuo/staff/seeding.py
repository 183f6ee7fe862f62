"""Synthetic staff for every office and workstation: valid ID numbers with the county's real code,
birth dates and sexes consistent with them, plausible names. The `seed` step of this app."""

from __future__ import annotations

import datetime
import random

from sifasuo.core import idnumbers
from sifasuo.core.names import random_name
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from .choices import DutyCategory, Education, Position, StaffType
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
    seen_offices = set()
    for m in members:  # the first establishment post of each office is its director
        if m.unit.level == Level.OFFICE and m.staff_type == StaffType.POLITICAL_LEGAL_ESTABLISHMENT \
                and m.unit_id not in seen_offices:
            seen_offices.add(m.unit_id)
            m.position = Position.DIRECTOR
            m.deputy_section_rank = rng.random() < 0.9  # WH-2: ≥ 90 % of offices
        if m.staff_type == StaffType.JUDICIAL_ASSISTANT:
            m.assistant_level = rng.choice([4, 4, 4, 3, 3, 2, 1])
    # HZ-1: a hub office names 2–4 of its people for the cluster's work; a weak hub only one
    from sifasuo.core.seeding import office_quality

    by_hub: dict[int, list[StaffMember]] = {}
    for m in members:
        if m.unit.level == Level.OFFICE and m.unit.is_hub and m.position != Position.DIRECTOR:
            by_hub.setdefault(m.unit_id, []).append(m)
    for people in by_hub.values():
        wanted = 1 if office_quality(seed, people[0].unit.code) < 0.35 else rng.randint(2, 4)
        for m in people[:wanted]:
            m.cluster_duty = True
    log(f"工作人员：{len(members)} 人，写入中…")
    bulk_create_members(members)
    records = _assistant_records(rng, [m for m in members if m.staff_type == StaffType.JUDICIAL_ASSISTANT], today,
                                 [m for m in members if m.unit.level == Level.OFFICE], seed)
    offices = sum(1 for m in members if m.unit.level == Level.OFFICE)
    return f"工作人员：司法所 {offices} 人，工作室 {len(members) - offices} 人；{records}"


def _assistant_records(rng: random.Random, assistants: list[StaffMember], today: datetime.date,
                       office_staff: list[StaffMember], seed: int = 1) -> str:
    """Levels, contracts (some ending within 60 days), training and assessments for the demo's assistants,
    and county training for office staff (some short of WH-4's 7 days)."""
    from sifasuo.core.changelog import log_bulk_create

    from .models import Assessment, Contract, LevelRecord, TrainingRecord, WritingRecord
    from sifasuo.core.dates import add_months

    levels, contracts, trainings, assessments = [], [], [], []
    grades = [("excellent", 18), ("competent", 16), ("competent", 15), ("basic", 13)]
    for i, m in enumerate(assistants):
        levels.append(LevelRecord(staff=m, level=m.assistant_level, effective_on=m.joined_on, reason="演示数据定级"))
        # one in six ends within 60 days; the rest run for a while yet
        end = today + datetime.timedelta(days=rng.randint(5, 58)) if i % 6 == 0 else \
            today + datetime.timedelta(days=rng.randint(120, 900))
        start = add_months(end + datetime.timedelta(days=1), -36)
        contracts.append(Contract(staff=m, start=start, end=end, policy_id="", note="演示数据",
                                  probation_end=add_months(start, 3) - datetime.timedelta(days=1)))
        if i % 7 != 3:  # a few lack pre-job training
            trainings.append(TrainingRecord(staff=m, kind="pre_job", organizer="county", title="司法协理员岗前培训",
                                            start_on=m.joined_on - datetime.timedelta(days=10), days=3,
                                            year=(m.joined_on - datetime.timedelta(days=10)).year))
        for year in range(max(m.joined_on.year, today.year - 3), today.year):
            grade, base = rng.choice(grades)
            assessments.append(Assessment(staff=m, year=year, virtue=base + 1, ability=base, diligence=base,
                                          performance=base, integrity=base + 1, total=base * 5 + 2, grade=grade,
                                          comment="演示数据"))
    # WH-4: the county trains all office staff (directors included) and the city trains directors besides; last
    # year and this year so far, more days where the office works well (core.seeding.office_quality)
    from sifasuo.core.seeding import office_quality

    for m in office_staff:
        quality = office_quality(seed, m.unit.code)
        for year in (today.year - 1, today.year):
            months = 12 if year < today.year else max(today.month - 1, 1)
            plan = [("county", "县级专题培训", rng.choice([7, 8, 10] if quality > 0.5 else [3, 5, 7]))]
            if m.position == Position.DIRECTOR:
                plan.append(("city", "市级所长集中培训", rng.choice([5, 6] if quality > 0.45 else [2, 3, 5])))
            for organizer, title, days in plan:
                start = datetime.date(year, rng.randint(1, months), rng.randint(1, 28))
                if start < today:
                    trainings.append(TrainingRecord(staff=m, kind="business", organizer=organizer, title=title,
                                                    start_on=start, days=days, year=year))
    # HZ-6 writing duties of last year: most have both, some one, a few none (own generator: the rows above
    # stay as they were before writings were seeded)
    writings = []
    pen = random.Random(len(office_staff))
    for m in office_staff:
        for kind, title, share in (("research_article", "关于基层矛盾纠纷多元化解的调研", 0.75),
                                   ("experience_paper", "司法所规范化建设经验材料", 0.65)):
            if pen.random() < share and m.joined_on.year < today.year:
                writings.append(WritingRecord(staff=m, year=today.year - 1, kind=kind, title=title,
                                              submitted_on=datetime.date(today.year - 1, pen.randint(3, 12),
                                                                         pen.randint(1, 28))))
    for model, rows in ((LevelRecord, levels), (Contract, contracts), (TrainingRecord, trainings),
                        (Assessment, assessments), (WritingRecord, writings)):
        model.objects.bulk_create(rows, batch_size=2000)
        log_bulk_create(rows)
    return (f"司法协理员层级 {len(levels)} 条、合同 {len(contracts)} 份、培训 {len(trainings)} 条、"
            f"考核 {len(assessments)} 条、写作任务 {len(writings)} 篇")
