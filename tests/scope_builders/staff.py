"""Foreign-county rows of the staff records (StaffMember and Contract are in tests/scope_registry.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from sifasuo.staff.models import (
    Assessment,
    LevelProposal,
    LevelRecord,
    Obligation,
    PayBenchmark,
    RewardDiscipline,
    StaffMember,
    TrainingRecord,
    Transfer,
    WritingRecord,
)
from tests.factories import FOREIGN_MARKER, staff_member


def _person(tree) -> StaffMember:
    existing = StaffMember.objects.filter(unit=tree["other_office"]).first()
    return existing or staff_member(tree["other_office"], full_name=f"{FOREIGN_MARKER}张三")


def _rows(tree, accounts) -> dict:
    cache = tree.setdefault("_foreign_staff_records", {})
    if cache:
        return cache
    p = _person(tree)
    cache.update({
        LevelRecord: [LevelRecord.objects.create(staff=p, level=4, effective_on=datetime.date(2024, 1, 1),
                                                 reason=f"{FOREIGN_MARKER}定级")],
        LevelProposal: [LevelProposal.objects.create(staff=p, year=2024, from_level=4, to_level=3, kind="promotion",
                                                     rule_id="DQ-9.1", reason=f"{FOREIGN_MARKER}建议")],
        PayBenchmark: [PayBenchmark.objects.create(unit=tree["other_county"], benchmark="auxiliary_police",
                                                   monthly_amount=Decimal("3000"),
                                                   effective_from=datetime.date(2024, 1, 1),
                                                   note=f"{FOREIGN_MARKER}文件")],
        TrainingRecord: [TrainingRecord.objects.create(staff=p, kind="business", organizer="county",
                                                       title=f"{FOREIGN_MARKER}培训", start_on=datetime.date(2024, 3, 1),
                                                       days=Decimal(2), year=2024)],
        Assessment: [Assessment.objects.create(staff=p, year=2024, virtue=18, ability=18, diligence=18,
                                               performance=18, integrity=18, total=90, grade="excellent",
                                               comment=f"{FOREIGN_MARKER}意见")],
        RewardDiscipline: [RewardDiscipline.objects.create(staff=p, kind="reward", title=f"{FOREIGN_MARKER}嘉奖",
                                                           on=datetime.date(2024, 5, 1), reason="调解有功")],
        WritingRecord: [WritingRecord.objects.create(staff=p, year=2024, kind="research_article",
                                                     title=f"{FOREIGN_MARKER}调研", submitted_on=datetime.date(2024, 6, 1))],
        Transfer: [Transfer.objects.create(staff=p, from_unit=tree["other_office"], to_unit=tree["other_office"],
                                           on=datetime.date(2024, 2, 1), reason=f"{FOREIGN_MARKER}调动")],
        Obligation: [Obligation.objects.create(staff=p, rule_id="LD-2.2", text=f"{FOREIGN_MARKER}取得大专学历",
                                               due=datetime.date(2027, 9, 30))],
    })
    return cache


def _part(model):
    return lambda tree, accounts: _rows(tree, accounts)[model]


FOREIGN_BUILDERS = {model: _part(model) for model in (
    LevelRecord, LevelProposal, PayBenchmark, TrainingRecord, Assessment, RewardDiscipline, WritingRecord, Transfer,
    Obligation)}

ROUTE_ARGUMENTS = {"action": "training"}
