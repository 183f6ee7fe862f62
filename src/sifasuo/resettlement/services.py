"""Every write of resettlement (安置帮教), with its rule and its Chinese message. `actor` None = the system."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core import idnumbers, transitions
from sifasuo.core.dates import add_months
from sifasuo.core.scoping import check_in_scope
from sifasuo.core.validation import not_future, one_of, parse_id_number, raise_if_any, step_date
from sifasuo.correction.services import check_unit
from sifasuo.orgunits.models import OrgUnit

from .choices import AssistanceKind, PersonStatus, Placement, RiskTier, Source
from .models import AssistanceRecord, ReleasedPerson, RiskReview

ASSISTANCE_YEARS = 5          # 帮教期：释放之日起五年
RISK_REVIEW_MONTHS = 6        # 风险等级每半年复评
CONTACT_DAYS = 7              # 释放后七日内衔接
NOTICE_DAYS = 30              # 监狱在释放前一个月寄送预释放通知
OPEN_STATUSES = (PersonStatus.NOTIFIED, PersonStatus.RELEASED, PersonStatus.ASSISTING)


def _d(day: datetime.date) -> str:
    return day.isoformat()


def _step(actor, person: ReleasedPerson, allowed: tuple[str, ...], action: str) -> None:
    """A step on a person: the person is in the actor's scope, then locked in one of the `allowed` states."""
    check_in_scope(actor, person.unit, what="帮教对象", ref="")
    transitions.require_status(person, allowed, action)


def assistance_end(released_on: datetime.date) -> datetime.date:
    return add_months(released_on, 12 * ASSISTANCE_YEARS)


def validate_person(*, actor, unit: OrgUnit | None, full_name: str, id_number: str, crime: str, released_from: str,
                    expected_release_on: datetime.date | None, notice_received_on: datetime.date | None,
                    known_ids: set[str] | None = None,
                    sentence_start_on: datetime.date | None = None) -> tuple[dict, dict]:
    errors: dict[str, list[str]] = {}
    check_unit(errors, actor, unit, "刑满释放人员")
    if not (full_name or "").strip():
        errors["full_name"] = ["请填写姓名"]
    id_number, info = parse_id_number(errors, id_number)
    if info is not None:
        duplicate = (id_number in known_ids) if known_ids is not None else ReleasedPerson.objects.filter(
            id_number=id_number, status__in=OPEN_STATUSES).exists()
        if duplicate:
            errors["id_number"] = [f"身份证号码 {idnumbers.mask(id_number)} 的人员已在安置帮教中，不能重复登记"]
    if not (crime or "").strip():
        errors["crime"] = ["请填写罪名"]
    if not (released_from or "").strip():
        errors["released_from"] = ["请填写释放单位"]
    if expected_release_on is None:
        errors["expected_release_on"] = ["请填写预计释放日期"]
    elif info is not None and expected_release_on < info.birth_date:
        errors["expected_release_on"] = ["预计释放日期早于身份证号码中的出生日期"]
    if notice_received_on and expected_release_on and notice_received_on > expected_release_on:
        errors["notice_received_on"] = [
            f"收到预释放通知日期 {_d(notice_received_on)} 晚于预计释放日期 {_d(expected_release_on)}"]
    if sentence_start_on is not None:
        if info is not None and sentence_start_on < info.birth_date:
            errors["sentence_start_on"] = ["刑期起始日期早于身份证号码中的出生日期"]
        elif expected_release_on and expected_release_on < sentence_start_on:
            errors.setdefault("expected_release_on", []).append(
                f"预计释放日期 {_d(expected_release_on)} 早于刑期起始日期 {_d(sentence_start_on)}")
        not_future(errors, "sentence_start_on", "刑期起始日期", sentence_start_on)
    not_future(errors, "notice_received_on", "收到通知日期", notice_received_on)
    return errors, {"id_number": id_number, "info": info}


def validate_release(*, released_on: datetime.date | None, sentence_start_on: datetime.date | None,
                     notice_received_on: datetime.date | None, collected_on: datetime.date | None, collected_by: str,
                     handed_over_on: datetime.date | None) -> dict[str, list[str]]:
    """释放、接回、衔接的日期先后（导入已释放人员时逐行检查；与 record_release、hand_over 的规则相同）。"""
    errors: dict[str, list[str]] = {}
    if released_on is None:
        if collected_on:
            errors["collected_on"] = ["未填写释放日期，不能填写接回日期"]
        if handed_over_on:
            errors["handed_over_on"] = ["未填写释放日期，不能填写衔接日期"]
        return errors
    if sentence_start_on and released_on < sentence_start_on:
        errors["released_on"] = [f"释放日期 {_d(released_on)} 早于刑期起始日期 {_d(sentence_start_on)}"]
    elif notice_received_on and released_on < notice_received_on:
        errors["released_on"] = [f"释放日期 {_d(released_on)} 早于收到预释放通知日期 {_d(notice_received_on)}"]
    not_future(errors, "released_on", "释放日期", released_on)
    if collected_on:
        step_date(errors, "collected_on", "接回日期", collected_on, "释放日期", released_on)
        if not (collected_by or "").strip():
            errors["collected_by"] = ["请填写接回人员"]
    if handed_over_on:
        step_date(errors, "handed_over_on", "衔接日期", handed_over_on, "释放日期", released_on)
    return errors


@transaction.atomic
def register_notice(*, actor, unit: OrgUnit, full_name: str, id_number: str, crime: str, released_from: str,
                    expected_release_on: datetime.date, notice_received_on: datetime.date | None = None,
                    is_key: bool = False, sentence: str = "", address: str = "",
                    sentence_start_on: datetime.date | None = None) -> ReleasedPerson:
    """登记预释放通知（监狱在释放前一个月寄送）。"""
    errors, cleaned = validate_person(actor=actor, unit=unit, full_name=full_name, id_number=id_number, crime=crime,
                                      released_from=released_from, expected_release_on=expected_release_on,
                                      notice_received_on=notice_received_on, sentence_start_on=sentence_start_on)
    raise_if_any(errors)
    info = cleaned["info"]
    return ReleasedPerson.objects.create(
        unit=unit, full_name=full_name.strip(), id_number=cleaned["id_number"], sex=info.sex,
        birth_date=info.birth_date, crime=crime.strip(), released_from=released_from.strip(),
        expected_release_on=expected_release_on, notice_received_on=notice_received_on, is_key=is_key,
        sentence=sentence, address=address, sentence_start_on=sentence_start_on)


@transaction.atomic
def verify(*, actor, person: ReleasedPerson, verified_on: datetime.date) -> ReleasedPerson:
    """核查：与户籍、原判信息比对（WH-8：年度核查率 ≥ 98%）。"""
    check_in_scope(actor, person.unit, what="帮教对象", ref="")
    transitions.lock(person)  # done once: the second of two at once sees the first
    return transitions.record_once(person, "verified_on", verified_on, label="核查日期", done="核查",
                                   after=("收到通知日期", person.notice_received_on))


@transaction.atomic
def confirm(*, actor, person: ReleasedPerson, confirmed_on: datetime.date) -> ReleasedPerson:
    """核实：核查后确认本人下落与信息（WH-8：年度核实率 ≥ 98%）。"""
    check_in_scope(actor, person.unit, what="帮教对象", ref="")
    transitions.lock(person)  # done once: the second of two at once sees the first
    errors = {} if person.verified_on else {"confirmed_on": ["请先核查，再核实"]}
    return transitions.record_once(person, "confirmed_on", confirmed_on, label="核实日期", done="核实",
                                   after=("核查日期", person.verified_on), errors=errors)


@transaction.atomic
def record_release(*, actor, person: ReleasedPerson, released_on: datetime.date, collected_on: datetime.date | None = None,
                   collected_by: str = "") -> ReleasedPerson:
    _step(actor, person, (PersonStatus.NOTIFIED,), "登记释放")
    errors: dict[str, list[str]] = {}
    if person.notice_received_on and released_on < person.notice_received_on:
        errors["released_on"] = [f"释放日期 {_d(released_on)} 早于收到预释放通知日期 {_d(person.notice_received_on)}"]
    if collected_on and collected_on < released_on:
        errors["collected_on"] = [f"接回日期 {_d(collected_on)} 早于释放日期 {_d(released_on)}"]
    if collected_on and not collected_by.strip():
        errors["collected_by"] = ["请填写接回人员"]
    not_future(errors, "released_on", "释放日期", released_on)
    raise_if_any(errors)
    person.released_on = released_on
    person.assistance_until = assistance_end(released_on)
    person.collected_on = collected_on
    person.collected_by = collected_by.strip()
    person.status = PersonStatus.RELEASED
    person.save()
    return person


@transaction.atomic
def record_collection(*, actor, person: ReleasedPerson, collected_on: datetime.date, collected_by: str) -> ReleasedPerson:
    """必接必送：重点帮教对象由司法所会同家属、村（居）委会到监狱门口接回。"""
    check_in_scope(actor, person.unit, what="帮教对象", ref="")
    transitions.lock(person)  # done once: the second of two at once sees the first
    errors: dict[str, list[str]] = {}
    if person.released_on is None:
        errors["collected_on"] = ["尚未登记释放，不能登记接回"]
    if not collected_by.strip():
        errors["collected_by"] = ["请填写接回人员"]
    return transitions.record_once(person, "collected_on", collected_on, label="接回日期", done="接回",
                                   after=("释放日期", person.released_on), errors=errors,
                                   collected_by=collected_by.strip())


@transaction.atomic
def hand_over(*, actor, person: ReleasedPerson, handed_over_on: datetime.date, tier: str = RiskTier.MEDIUM) -> ReleasedPerson:
    """衔接：释放后本人到司法所报到、建档，帮教开始。"""
    _step(actor, person, (PersonStatus.RELEASED,), "衔接")
    errors: dict[str, list[str]] = {}
    step_date(errors, "handed_over_on", "衔接日期", handed_over_on, "释放日期", person.released_on)
    one_of(errors, "risk_tier", "风险等级", tier, RiskTier, refusal="不在列表中，应为")
    raise_if_any(errors)
    person.handed_over_on = handed_over_on
    person.last_contact_on = handed_over_on
    person.status = PersonStatus.ASSISTING
    person.save()
    RiskReview.objects.create(person=person, reviewed_on=handed_over_on, tier=tier, note="衔接时初次评估")
    person.risk_tier, person.risk_reviewed_on = tier, handed_over_on
    person.save()
    return person


@transaction.atomic
def receive_from_correction(*, actor, subject, on: datetime.date) -> ReleasedPerson:
    """解除社区矫正的对象转入安置帮教，直接进入帮教（衔接日期即移交日期）。"""
    if ReleasedPerson.objects.filter(id_number=subject.id_number, status__in=OPEN_STATUSES).exists():
        raise ValidationError({"id_number": ["该人员已在安置帮教中，不能重复移交"]})
    person = ReleasedPerson.objects.create(
        unit=subject.unit, full_name=subject.full_name, id_number=subject.id_number, sex=subject.sex,
        birth_date=subject.birth_date, address=subject.address, crime=subject.crime,
        sentence=subject.original_sentence, source=Source.CORRECTION, released_from=subject.unit.name,
        correction_subject=subject, expected_release_on=subject.ended_on, released_on=subject.ended_on,
        verified_on=on, confirmed_on=on, status=PersonStatus.RELEASED, assistance_until=assistance_end(subject.ended_on))
    return hand_over(actor=actor, person=person, handed_over_on=on)


@transaction.atomic
def set_placement(*, actor, person: ReleasedPerson, placement: str, placed_on: datetime.date) -> ReleasedPerson:
    _step(actor, person, (PersonStatus.ASSISTING,), "登记安置")
    errors: dict[str, list[str]] = {}
    one_of(errors, "placement", "安置情况", placement, Placement)
    step_date(errors, "placed_on", "安置日期", placed_on, "释放日期", person.released_on)
    raise_if_any(errors)
    person.placement, person.placed_on = placement, placed_on
    person.save()
    return person


@transaction.atomic
def record_assistance(*, actor, person: ReleasedPerson, on: datetime.date, kind: str, note: str) -> AssistanceRecord:
    _step(actor, person, (PersonStatus.ASSISTING,), "登记帮教")
    errors: dict[str, list[str]] = {}
    one_of(errors, "kind", "帮教方式", kind, AssistanceKind)
    step_date(errors, "on", "帮教日期", on, "衔接日期", person.handed_over_on)
    if not note.strip():
        errors["note"] = ["请填写帮教情况"]
    raise_if_any(errors)
    record = AssistanceRecord.objects.create(person=person, on=on, kind=kind, note=note.strip())
    if person.last_contact_on is None or person.last_contact_on < on:
        person.last_contact_on = on
        person.save()
    return record


@transaction.atomic
def review_risk(*, actor, person: ReleasedPerson, reviewed_on: datetime.date, tier: str, note: str = "") -> RiskReview:
    """风险等级每半年复评一次。"""
    _step(actor, person, (PersonStatus.ASSISTING,), "评估风险")
    errors: dict[str, list[str]] = {}
    one_of(errors, "tier", "风险等级", tier, RiskTier, refusal="不在列表中，应为")
    if person.risk_reviewed_on and reviewed_on < person.risk_reviewed_on:
        errors["reviewed_on"] = [f"评估日期 {_d(reviewed_on)} 早于上次评估日期 {_d(person.risk_reviewed_on)}"]
    not_future(errors, "reviewed_on", "评估日期", reviewed_on)
    raise_if_any(errors)
    review = RiskReview.objects.create(person=person, reviewed_on=reviewed_on, tier=tier, note=note)
    person.risk_tier, person.risk_reviewed_on = tier, reviewed_on
    person.save()
    return review


@transaction.atomic
def record_reoffence(*, actor, person: ReleasedPerson, on: datetime.date, note: str) -> ReleasedPerson:
    _step(actor, person, (PersonStatus.RELEASED, PersonStatus.ASSISTING), "登记重新犯罪")
    errors: dict[str, list[str]] = {}
    step_date(errors, "reoffended_on", "重新犯罪日期", on, "释放日期", person.released_on)
    if not note.strip():
        errors["reoffence_note"] = ["请填写重新犯罪情况"]
    raise_if_any(errors)
    person.reoffended_on, person.reoffence_note = on, note.strip()
    person.ended_on = on
    person.status = PersonStatus.REOFFENDED
    person.save()
    return person


@transaction.atomic
def end_assistance(*, actor, person: ReleasedPerson, ended_on: datetime.date) -> ReleasedPerson:
    _step(actor, person, (PersonStatus.ASSISTING,), "结束帮教")
    errors: dict[str, list[str]] = {}
    if ended_on < person.assistance_until:
        errors["ended_on"] = [f"帮教期至 {_d(person.assistance_until)} 才满，{_d(ended_on)} 不能结束帮教"]
    not_future(errors, "ended_on", "结束日期", ended_on)
    raise_if_any(errors)
    person.ended_on = ended_on
    person.status = PersonStatus.ENDED
    person.save()
    return person
