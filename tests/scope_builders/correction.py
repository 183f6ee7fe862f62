"""Foreign-county rows of community correction and resettlement for the scope walk, and small builders the
correction and resettlement tests share (through the services)."""

from __future__ import annotations

import datetime
import random

from sifasuo.core import idnumbers
from sifasuo.correction import services
from sifasuo.correction.models import (
    CheckIn,
    CorrectionSubject,
    InvestigationAssessment,
    Leave,
    LevelChange,
    LocationPeriod,
    MedicalCheck,
    Sanction,
)
from tests.factories import FOREIGN_MARKER

D = datetime.date


def id_for(unit, seed: str, sex="M") -> str:
    rng = random.Random(seed)
    birth = D(1960, 1, 1) + datetime.timedelta(days=rng.randrange(14000))
    return idnumbers.generate(rng, region_code=unit.code[:6], birth_date=birth, sex=sex)


def subject(unit, number: str, *, full_name="王某", reported_on=D(2024, 3, 5), sentence_type="probation",
            effective_on=D(2024, 3, 1), start_on=D(2024, 3, 1), end_on=D(2026, 2, 28), level="strict",
            **extra) -> CorrectionSubject:
    return services.register_subject(
        actor=None, unit=unit, number=number, full_name=full_name, id_number=extra.pop("id_number", None)
        or id_for(unit, number), crime=extra.pop("crime", "盗窃罪"), sentence_type=sentence_type,
        effective_on=effective_on, start_on=start_on, end_on=end_on, level=level, reported_on=reported_on, **extra)


def investigation(unit, *, full_name="赵某", commissioned_on=D(2024, 9, 27), urgent=False) -> InvestigationAssessment:
    return services.open_investigation(actor=None, unit=unit, full_name=full_name, id_number=id_for(unit, full_name),
                                       commissioned_by="历下区人民法院", commissioned_on=commissioned_on, urgent=urgent)


def _foreign(tree, accounts) -> dict:
    cache = tree.setdefault("_foreign_correction", {})
    if cache:
        return cache
    s = subject(tree["other_office"], "外县-矫-0001", full_name=f"{FOREIGN_MARKER}孙某", sentence_type="outside")
    services.record_check_in(actor=None, subject=s, method="phone", on=D(2024, 3, 10), note=f"{FOREIGN_MARKER}电话")
    services.apply_leave(actor=None, subject=s, kind="leave", applied_on=D(2024, 4, 1), start_on=D(2024, 4, 2),
                         end_on=D(2024, 4, 5), destination=f"{FOREIGN_MARKER}济南", reason="探亲")
    services.add_sanction(actor=None, subject=s, kind="reprimand", on=D(2024, 4, 10), reason=f"{FOREIGN_MARKER}迟到")
    services.start_location(actor=None, subject=s, start_on=D(2024, 4, 10), end_on=D(2024, 7, 9),
                            reason=f"{FOREIGN_MARKER}训诫后")
    services.record_medical_check(actor=None, subject=s, on=D(2024, 5, 1), hospital=f"{FOREIGN_MARKER}医院", result="病情稳定")
    services.change_level(actor=None, subject=s, level="normal", changed_on=D(2024, 6, 1), reason=f"{FOREIGN_MARKER}表现良好")
    cache.update({
        CorrectionSubject: [s],
        InvestigationAssessment: [investigation(tree["other_office"], full_name=f"{FOREIGN_MARKER}钱某")],
        CheckIn: list(s.check_ins.all()), Leave: list(s.leaves.all()), Sanction: list(s.sanctions.all()),
        LocationPeriod: list(s.location_periods.all()), MedicalCheck: list(s.medical_checks.all()),
        LevelChange: list(s.level_changes.all()),
    })
    return cache


def _part(model):
    return lambda tree, accounts: _foreign(tree, accounts)[model]


FOREIGN_BUILDERS = {model: _part(model) for model in (
    CorrectionSubject, InvestigationAssessment, CheckIn, Leave, Sanction, LocationPeriod, MedicalCheck, LevelChange)}
