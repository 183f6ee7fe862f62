"""Every write of community correction, with its rule and its Chinese message.

`actor` None means the system (seeding, tests, imports after their own scope check). Rules cite the law:
《社区矫正法》(法) and 《社区矫正法实施办法》(办法); periods and frequencies come from supervision.yaml.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core import idnumbers, transitions, workdays
from sifasuo.core.dates import add_months
from sifasuo.core.scoping import check_in_scope, scope_error
from sifasuo.core.validation import not_before, not_future, one_of, parse_id_number, raise_if_any, step_date
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import supervision
from .choices import (CheckInMethod, Conclusion, EndReason, InvestigationStatus, LeaveKind, LeaveStatus,
                      SanctionKind, SentenceType, SubjectStatus, SupervisionLevel)
from .models import (CheckIn, CorrectionSubject, InvestigationAssessment, Leave, LevelChange, LocationPeriod,
                     MedicalCheck, Sanction)
from .signals import handed_over

SUPERVISING_LEVELS = (Level.OFFICE, Level.WORKSTATION)


def _d(day: datetime.date) -> str:
    return day.isoformat()


def check_unit(errors: dict, actor, unit: OrgUnit | None, what: str) -> None:
    if unit is None:
        errors["unit"] = ["请填写负责单位"]
    elif message := scope_error(actor, unit):
        errors["unit"] = [message]
    elif unit.level not in SUPERVISING_LEVELS:
        errors["unit"] = [f"{what}应登记在司法所或司法行政工作室，「{unit.name}」不是"]


def _require_status(subject: CorrectionSubject, allowed: tuple[str, ...], action: str) -> None:
    """Lock the subject's row and check its state (every step on a subject goes through here first)."""
    transitions.require_status(subject, allowed, action, suffix="状态")


def _step(actor, subject: CorrectionSubject, allowed: tuple[str, ...], action: str) -> None:
    """A step on a subject: the subject is in the actor's scope, then locked in one of the `allowed` states."""
    check_in_scope(actor, subject.unit)
    _require_status(subject, allowed, action)


# ---------------------------------------------------------------- investigation assessment (办法第十三条)

@transaction.atomic
def open_investigation(*, actor, unit: OrgUnit, full_name: str, id_number: str, commissioned_by: str,
                       commissioned_on: datetime.date, urgent: bool = False, note: str = "") -> InvestigationAssessment:
    errors: dict[str, list[str]] = {}
    if message := scope_error(actor, unit):
        errors["unit"] = [message]
    elif unit.level not in (Level.COUNTY, Level.OFFICE):
        errors["unit"] = ["调查评估由县级司法局或受委托的司法所承办"]
    id_number, _ = parse_id_number(errors, id_number)
    not_future(errors, "commissioned_on", "收到委托日期", commissioned_on)
    if not full_name.strip():
        errors["full_name"] = ["请填写被调查人姓名"]
    if not commissioned_by.strip():
        errors["commissioned_by"] = ["请填写委托机关"]
    raise_if_any(errors)
    rules = supervision.settings_for(unit.path)
    days = rules["investigation_urgent_working_days"] if urgent else rules["investigation_working_days"]
    return InvestigationAssessment.objects.create(
        unit=unit, full_name=full_name.strip(), id_number=id_number, commissioned_by=commissioned_by.strip(),
        commissioned_on=commissioned_on, urgent=urgent, note=note,
        due_on=workdays.add_days(commissioned_on, days, "working"))


@transaction.atomic
def report_investigation(*, actor, investigation: InvestigationAssessment, conclusion: str,
                         reported_on: datetime.date, note: str = "") -> InvestigationAssessment:
    check_in_scope(actor, investigation.unit)
    transitions.require(investigation, (InvestigationStatus.OPEN,), "该调查评估已提交意见，不能重复提交", field="status")
    errors: dict[str, list[str]] = {}
    one_of(errors, "conclusion", "评估意见", conclusion, Conclusion)
    step_date(errors, "reported_on", "提交日期", reported_on, "收到委托日期", investigation.commissioned_on)
    raise_if_any(errors)
    investigation.conclusion = conclusion
    investigation.reported_on = reported_on
    investigation.status = InvestigationStatus.REPORTED
    if note:
        investigation.note = note
    investigation.save()
    return investigation


# ---------------------------------------------------------------- intake (法第二十一条：十日内报到)

def validate_subject(*, actor, unit: OrgUnit | None, number: str, full_name: str, id_number: str, crime: str,
                     sentence_type: str, effective_on: datetime.date | None, start_on: datetime.date | None,
                     end_on: datetime.date | None, level: str, reported_on: datetime.date | None,
                     known_numbers: set[str] | None = None, known_ids: set[str] | None = None) -> tuple[dict, dict]:
    """(errors, cleaned): every rule of an intake, shared by the form, the API and the import."""
    errors: dict[str, list[str]] = {}
    check_unit(errors, actor, unit, "社区矫正对象")
    number = (number or "").strip()
    if not number:
        errors["number"] = ["请填写档案编号"]
    elif (known_numbers is not None and number in known_numbers) or (
            known_numbers is None and CorrectionSubject.objects.filter(number=number).exists()):
        errors["number"] = [f"档案编号 {number} 已存在"]
    if not (full_name or "").strip():
        errors["full_name"] = ["请填写姓名"]
    id_number, info = parse_id_number(errors, id_number)
    if info is not None:
        open_statuses = (SubjectStatus.PENDING_REPORT, SubjectStatus.SUPERVISED)
        if (known_ids is not None and id_number in known_ids) or (known_ids is None and CorrectionSubject.objects.filter(
                id_number=id_number, status__in=open_statuses).exists()):
            errors["id_number"] = [f"身份证号码 {idnumbers.mask(id_number)} 的人员已在社区矫正中，不能重复登记"]
    if not (crime or "").strip():
        errors["crime"] = ["请填写罪名"]
    one_of(errors, "sentence_type", "矫正类别", sentence_type, SentenceType)
    one_of(errors, "level", "管理等级", level, SupervisionLevel, refusal="不在列表中，应为")
    if effective_on is None:
        errors["effective_on"] = ["请填写判决、裁定或决定生效日期"]
    if start_on is None:
        errors["start_on"] = ["请填写矫正起始日期"]
    if end_on is None:
        errors["end_on"] = ["请填写矫正期满日期"]
    if start_on and end_on and end_on <= start_on:
        errors["end_on"] = [f"矫正期满日期 {_d(end_on)} 应晚于起始日期 {_d(start_on)}"]
    if effective_on and start_on and start_on < effective_on:
        errors["start_on"] = [f"矫正起始日期 {_d(start_on)} 早于生效日期 {_d(effective_on)}"]
    if info is not None and effective_on and effective_on < info.birth_date:
        errors["effective_on"] = ["生效日期早于身份证号码中的出生日期"]
    if reported_on is not None and effective_on and reported_on < effective_on:
        errors["reported_on"] = [f"报到日期 {_d(reported_on)} 早于生效日期 {_d(effective_on)}"]
    not_future(errors, "effective_on", "生效日期", effective_on)
    not_future(errors, "reported_on", "报到日期", reported_on)
    return errors, {"number": number, "id_number": id_number, "info": info}


def _new_subject(*, unit, number, full_name, id_number, info, crime, sentence_type, effective_on, start_on, end_on,
                 level, reported_on, original_sentence="", decided_by="", address="", phone="") -> CorrectionSubject:
    report_days = supervision.settings_for(unit.path)["report_days"]
    return CorrectionSubject(
        unit=unit, number=number, full_name=full_name.strip(), id_number=id_number, sex=info.sex,
        birth_date=info.birth_date, crime=crime.strip(), sentence_type=sentence_type, effective_on=effective_on,
        report_due_on=effective_on + datetime.timedelta(days=report_days), reported_on=reported_on,
        start_on=start_on, end_on=end_on, level=level, original_sentence=original_sentence, decided_by=decided_by,
        address=address, phone=phone,
        status=SubjectStatus.SUPERVISED if reported_on else SubjectStatus.PENDING_REPORT,
        last_in_person_on=reported_on,
    )


@transaction.atomic
def register_subject(*, actor, unit: OrgUnit, number: str, full_name: str, id_number: str, crime: str,
                     sentence_type: str, effective_on: datetime.date, start_on: datetime.date,
                     end_on: datetime.date, level: str = SupervisionLevel.STRICT,
                     reported_on: datetime.date | None = None, original_sentence: str = "", decided_by: str = "",
                     address: str = "", phone: str = "") -> CorrectionSubject:
    """接收社区矫正对象（办法第十七条）。新接收的对象默认严管，报到后依评估调整。"""
    errors, cleaned = validate_subject(
        actor=actor, unit=unit, number=number, full_name=full_name, id_number=id_number, crime=crime,
        sentence_type=sentence_type, effective_on=effective_on, start_on=start_on, end_on=end_on, level=level,
        reported_on=reported_on)
    raise_if_any(errors)
    subject = _new_subject(unit=unit, number=cleaned["number"], full_name=full_name, id_number=cleaned["id_number"],
                           info=cleaned["info"], crime=crime, sentence_type=sentence_type, effective_on=effective_on,
                           start_on=start_on, end_on=end_on, level=level, reported_on=reported_on,
                           original_sentence=original_sentence, decided_by=decided_by, address=address, phone=phone)
    subject.save()
    LevelChange.objects.create(subject=subject, level=level, changed_on=start_on, reason="接收时确定")
    return subject


@transaction.atomic
def record_report(*, actor, subject: CorrectionSubject, reported_on: datetime.date) -> CorrectionSubject:
    """报到。超过应报到日期仍可登记，但报到前的期间按漏管统计（missed_registration 保留）。"""
    _step(actor, subject, (SubjectStatus.PENDING_REPORT,), "登记报到")
    errors: dict[str, list[str]] = {}
    step_date(errors, "reported_on", "报到日期", reported_on, "生效日期", subject.effective_on)
    raise_if_any(errors)
    subject.reported_on = reported_on
    subject.status = SubjectStatus.SUPERVISED
    subject.last_in_person_on = max(filter(None, [subject.last_in_person_on, reported_on]))
    if reported_on > subject.report_due_on:
        subject.missed_registration = True
    subject.save()
    return subject


@transaction.atomic
def mark_missed_registration(*, actor, subject: CorrectionSubject, missed: bool = True) -> CorrectionSubject:
    check_in_scope(actor, subject.unit)
    subject.missed_registration = missed
    subject.save()
    return subject


@transaction.atomic
def declare(*, actor, subject: CorrectionSubject, declared_on: datetime.date) -> CorrectionSubject:
    """宣告（办法第二十条）：报到后进行，只宣告一次。"""
    _step(actor, subject, (SubjectStatus.SUPERVISED,), "宣告")
    return transitions.record_once(subject, "declared_on", declared_on, label="宣告日期", done="宣告，不能重复宣告",
                                   after=("报到日期", subject.reported_on))


@transaction.atomic
def set_plan(*, actor, subject: CorrectionSubject, plan: str, plan_on: datetime.date) -> CorrectionSubject:
    """矫正方案（法第二十四条）。"""
    _step(actor, subject, (SubjectStatus.SUPERVISED,), "制定矫正方案")
    errors: dict[str, list[str]] = {}
    if not plan.strip():
        errors["plan"] = ["请填写矫正方案内容"]
    step_date(errors, "plan_on", "方案制定日期", plan_on, "报到日期", subject.reported_on)
    raise_if_any(errors)
    subject.plan, subject.plan_on = plan.strip(), plan_on
    subject.save()
    return subject


@transaction.atomic
def change_level(*, actor, subject: CorrectionSubject, level: str, changed_on: datetime.date,
                 reason: str) -> LevelChange:
    """调整管理等级（分类管理，法第二十四条）。"""
    _step(actor, subject, (SubjectStatus.SUPERVISED,), "调整管理等级")
    errors: dict[str, list[str]] = {}
    one_of(errors, "level", "管理等级", level, SupervisionLevel, refusal="不在列表中，应为")
    if level == subject.level:   # (a level not in the list is not the subject's)
        errors["level"] = [f"目前已是{subject.get_level_display()}"]
    if not reason.strip():
        errors["reason"] = ["请填写调整理由"]
    last = subject.level_changes.order_by("-changed_on").values_list("changed_on", flat=True).first()
    if last and changed_on < last:
        errors["changed_on"] = [f"调整日期 {_d(changed_on)} 早于上次调整日期 {_d(last)}"]
    not_future(errors, "changed_on", "调整日期", changed_on)
    raise_if_any(errors)
    change = LevelChange.objects.create(subject=subject, level=level, changed_on=changed_on, reason=reason.strip())
    subject.level = level
    subject.save()
    return change


_LAST_FIELD = {CheckInMethod.PHONE: "last_phone_on", CheckInMethod.IN_PERSON: "last_in_person_on",
               CheckInMethod.WRITTEN: "last_written_on"}


@transaction.atomic
def record_check_in(*, actor, subject: CorrectionSubject, method: str, on: datetime.date, note: str = "") -> CheckIn:
    """报告（电话、当面、书面）。有报告即恢复联系。"""
    _step(actor, subject, (SubjectStatus.SUPERVISED,), "登记报告")
    errors: dict[str, list[str]] = {}
    one_of(errors, "method", "报告方式", method, CheckInMethod)
    step_date(errors, "on", "报告日期", on, "报到日期", subject.reported_on)
    raise_if_any(errors)
    check_in = CheckIn.objects.create(subject=subject, method=method, on=on, note=note)
    field = _LAST_FIELD[method]
    if getattr(subject, field) is None or getattr(subject, field) < on:
        setattr(subject, field, on)
    if subject.out_of_contact_since and on >= subject.out_of_contact_since:
        subject.out_of_contact_since = None
    subject.save()
    return check_in


# ---------------------------------------------------------------- leave and moving (办法第二十六至三十条)

@transaction.atomic
def apply_leave(*, actor, subject: CorrectionSubject, kind: str, applied_on: datetime.date,
                start_on: datetime.date, end_on: datetime.date | None, destination: str, reason: str) -> Leave:
    _step(actor, subject, (SubjectStatus.SUPERVISED,), "申请外出或变更执行地")
    errors: dict[str, list[str]] = {}
    one_of(errors, "kind", "类型", kind, LeaveKind)
    if kind == LeaveKind.LEAVE:
        if end_on is None:
            errors["end_on"] = ["请假外出须填写截止日期"]
        elif end_on < start_on:
            errors["end_on"] = [f"截止日期 {_d(end_on)} 早于起始日期 {_d(start_on)}"]
    not_before(errors, "start_on", "外出起始日期", start_on, "申请日期", applied_on)
    if end_on and end_on > subject.end_on:
        errors["end_on"] = [f"截止日期 {_d(end_on)} 晚于矫正期满日期 {_d(subject.end_on)}"]
    if not destination.strip():
        errors["destination"] = ["请填写目的地"]
    if not reason.strip():
        errors["reason"] = ["请填写事由"]
    raise_if_any(errors)
    return Leave.objects.create(subject=subject, kind=kind, applied_on=applied_on, start_on=start_on, end_on=end_on,
                                destination=destination.strip(), reason=reason.strip())


def _actor_level(actor) -> int | None:
    return getattr(getattr(actor, "unit", None), "level", None)


@transaction.atomic
def decide_leave(*, actor, leave: Leave, approve: bool, decided_on: datetime.date, to_unit: OrgUnit | None = None,
                 transferred_on: datetime.date | None = None) -> Leave:
    """外出七日以内由司法所批准，超过七日、变更执行地由县级社区矫正机构批准（天数见 supervision.yaml）。

    批准变更执行地时须指定接收司法所：对象随即移交该所（原所不再看到它和它的提醒），交接记在这条申请上。"""
    subject = transitions.lock(leave.subject)  # an approved move changes the subject's unit
    check_in_scope(actor, subject.unit)
    transitions.require(leave, (LeaveStatus.PENDING,), field="status",
                        message=lambda x: f"该申请目前为“{x.get_status_display()}”，不能再审批")
    max_days = supervision.settings_for(subject.unit.path)["leave_office_max_days"]
    days = (leave.end_on - leave.start_on).days + 1 if leave.end_on else None
    needs_county = leave.kind == LeaveKind.MOVE or (days is not None and days > max_days)
    level = _actor_level(actor)
    if actor is not None and needs_county and level is not None and level > Level.COUNTY:
        what = "变更执行地" if leave.kind == LeaveKind.MOVE else f"外出 {days} 日（超过 {max_days} 日）"
        raise ValidationError({"status": [f"{what}须由县级社区矫正机构审批，司法所不能批准"]})
    if decided_on < leave.applied_on:
        raise ValidationError({"decided_on": [f"审批日期 {_d(decided_on)} 早于申请日期 {_d(leave.applied_on)}"]})
    moving = approve and leave.kind == LeaveKind.MOVE
    if moving:
        transferred_on = transferred_on or decided_on
        _check_receiving_unit(actor, subject, to_unit, decided_on, transferred_on)
    leave.status = LeaveStatus.APPROVED if approve else LeaveStatus.REFUSED
    leave.decided_on = decided_on
    leave.decided_by = actor.get_username() if actor is not None else "系统"
    if moving:
        leave.from_unit, leave.to_unit, leave.transferred_on = subject.unit, to_unit, transferred_on
    leave.save()
    if moving:
        subject.unit = to_unit  # the history (levels, check-ins, sanctions, leaves) follows the subject
        subject.save()
    return leave


def _check_receiving_unit(actor, subject: CorrectionSubject, to_unit: OrgUnit | None, decided_on: datetime.date,
                          transferred_on: datetime.date) -> None:
    """办法第三十条：批准变更执行地的，对象移交新执行地；接收单位须是审批人管辖范围内、仍在运行的司法所。"""
    errors: dict[str, list[str]] = {}
    if to_unit is None:
        errors["to_unit"] = ["批准变更执行地须填写接收司法所的单位代码"]
    elif message := scope_error(actor, to_unit, "接收单位代码"):
        errors["to_unit"] = [message + "（跨县变更执行地须由共同的上级社区矫正机构审批）"]
    elif to_unit.level != Level.OFFICE:
        errors["to_unit"] = [f"接收单位须是司法所，「{to_unit.name}」是{to_unit.get_level_display()}"]
    elif to_unit.closed_on is not None:
        errors["to_unit"] = [f"「{to_unit.name}」已于 {_d(to_unit.closed_on)} 撤销，不能接收"]
    elif to_unit.pk == subject.unit_id:
        errors["to_unit"] = [f"{subject.full_name}已由「{to_unit.name}」负责，接收单位应是新执行地的司法所"]
    step_date(errors, "transferred_on", "交接日期", transferred_on, "审批日期", decided_on)
    raise_if_any(errors)


@transaction.atomic
def return_from_leave(*, actor, leave: Leave, returned_on: datetime.date) -> Leave:
    check_in_scope(actor, leave.subject.unit)
    transitions.require(leave, lambda x: x.status == LeaveStatus.APPROVED and x.kind == LeaveKind.LEAVE,
                        "只有已批准的请假外出才能销假", field="status")
    if returned_on < leave.start_on:
        raise ValidationError({"returned_on": [f"销假日期 {_d(returned_on)} 早于外出起始日期 {_d(leave.start_on)}"]})
    errors: dict[str, list[str]] = {}
    not_future(errors, "returned_on", "销假日期", returned_on)
    raise_if_any(errors)
    leave.status = LeaveStatus.RETURNED
    leave.returned_on = returned_on
    leave.save()
    return leave


# ---------------------------------------------------------------- rewards and sanctions (法第二十八条)

def escalations(subject: CorrectionSubject) -> list[str]:
    """What the thresholds of supervision.yaml call for now (second 训诫, second 警告)."""
    rules = supervision.settings_for(subject.unit.path)
    kinds = list(subject.sanctions.order_by("on", "id").values_list("kind", "on"))
    out = []
    reprimands = [on for kind, on in kinds if kind == SanctionKind.REPRIMAND]
    warnings = [on for kind, on in kinds if kind == SanctionKind.WARNING]
    revocations = [on for kind, on in kinds if kind == SanctionKind.REVOCATION]
    if len(reprimands) >= rules["reprimands_before_warning"] and not [w for w in warnings if w >= reprimands[-1]]:
        out.append(f"已受到 {len(reprimands)} 次训诫，应当考虑给予警告")
    if len(warnings) >= rules["warnings_before_revocation"] and not [r for r in revocations if r >= warnings[-1]]:
        out.append(f"已受到 {len(warnings)} 次警告，应当提请撤销缓刑、假释或收监执行")
    return out


@transaction.atomic
def add_sanction(*, actor, subject: CorrectionSubject, kind: str, on: datetime.date, reason: str) -> Sanction:
    """表扬、训诫、警告由社区矫正机构决定；提请撤销须有事实依据（如两次警告、脱管超过一个月）。"""
    _step(actor, subject, (SubjectStatus.SUPERVISED,), "给予奖惩")
    errors: dict[str, list[str]] = {}
    one_of(errors, "kind", "奖惩类型", kind, SanctionKind)
    if not reason.strip():
        errors["reason"] = ["请填写事实与理由"]
    step_date(errors, "on", "决定日期", on, "报到日期", subject.reported_on)
    level = _actor_level(actor)
    if (actor is not None and kind in (SanctionKind.WARNING, SanctionKind.REVOCATION) and level is not None
            and level > Level.COUNTY):
        errors["kind"] = [f"{SanctionKind(kind).label}由县级社区矫正机构决定，司法所可以提出建议"]
    raise_if_any(errors)
    return Sanction.objects.create(subject=subject, kind=kind, on=on, reason=reason.strip())


# ---------------------------------------------------------------- electronic location (法第二十九条)

def _months_later(day: datetime.date, months: int) -> datetime.date:
    return add_months(day, months)


@transaction.atomic
def start_location(*, actor, subject: CorrectionSubject, start_on: datetime.date, end_on: datetime.date,
                   reason: str, renewal_of: LocationPeriod | None = None) -> LocationPeriod:
    _step(actor, subject, (SubjectStatus.SUPERVISED,), "使用电子定位装置")
    months = supervision.settings_for(subject.unit.path)["location_months"]
    errors: dict[str, list[str]] = {}
    if end_on < start_on:
        errors["end_on"] = [f"截止日期 {_d(end_on)} 早于起始日期 {_d(start_on)}"]
    elif end_on > _months_later(start_on, months):
        errors["end_on"] = [f"电子定位每次不得超过 {months} 个月（最迟 {_d(_months_later(start_on, months))}），期满需要的可以延长"]
    if not reason.strip():
        errors["reason"] = ["请填写使用理由"]
    open_periods = subject.location_periods.filter(closed_on__isnull=True, renewal__isnull=True,
                                                   end_on__gte=start_on)
    if renewal_of is not None:
        open_periods = open_periods.exclude(pk=renewal_of.pk)
    if open_periods.exists():
        errors["start_on"] = ["该对象已有未到期的电子定位期限，请在其期满时延长"]
    raise_if_any(errors)
    return LocationPeriod.objects.create(subject=subject, start_on=start_on, end_on=end_on, reason=reason.strip(),
                                         renewal_of=renewal_of)


@transaction.atomic
def renew_location(*, actor, period: LocationPeriod, end_on: datetime.date, reason: str) -> LocationPeriod:
    transitions.lock(period.subject)  # parent first, as end_correction (which closes open periods) does
    transitions.require(period, lambda p: not p.closed_on and not LocationPeriod.objects.filter(renewal_of=p).exists(),
                        "该期限已解除或已延长，不能再次延长", field="status")
    return start_location(actor=actor, subject=period.subject, start_on=period.end_on + datetime.timedelta(days=1),
                          end_on=end_on, reason=reason, renewal_of=period)


@transaction.atomic
def close_location(*, actor, period: LocationPeriod, closed_on: datetime.date) -> LocationPeriod:
    check_in_scope(actor, period.subject.unit)
    transitions.require(period, lambda p: not p.closed_on, "该电子定位期限已解除", field="status")
    if closed_on < period.start_on:
        raise ValidationError({"closed_on": [f"解除日期 {_d(closed_on)} 早于起始日期 {_d(period.start_on)}"]})
    period.closed_on = closed_on
    period.save()
    return period


# ---------------------------------------------------------------- medical re-check (暂予监外执行)

@transaction.atomic
def record_medical_check(*, actor, subject: CorrectionSubject, on: datetime.date, hospital: str,
                         result: str) -> MedicalCheck:
    _step(actor, subject, (SubjectStatus.SUPERVISED,), "登记病情复查")
    errors: dict[str, list[str]] = {}
    if subject.sentence_type != SentenceType.OUTSIDE:
        errors["sentence_type"] = ["只有暂予监外执行的对象需要定期病情复查"]
    step_date(errors, "on", "复查日期", on, "矫正起始日期", subject.start_on)
    if not hospital.strip() or not result.strip():
        errors["result"] = ["请填写医院和复查结论"]
    raise_if_any(errors)
    check = MedicalCheck.objects.create(subject=subject, on=on, hospital=hospital.strip(), result=result.strip())
    if subject.last_medical_on is None or subject.last_medical_on < on:
        subject.last_medical_on = on
        subject.save()
    return check


# ---------------------------------------------------------------- out of contact (脱管)

@transaction.atomic
def mark_out_of_contact(*, actor, subject: CorrectionSubject, since: datetime.date) -> CorrectionSubject:
    _step(actor, subject, (SubjectStatus.SUPERVISED,), "标记脱管")
    return transitions.record_once(subject, "out_of_contact_since", since, label="脱管起始日期", done="起标记为脱管",
                                   after=("报到日期", subject.reported_on))


@transaction.atomic
def restore_contact(*, actor, subject: CorrectionSubject, on: datetime.date, note: str = "") -> CheckIn:
    """找回脱管对象：登记一次当面报告，脱管标记随之解除。"""
    transitions.require(subject, lambda s: s.out_of_contact_since, "该对象未被标记为脱管", field="out_of_contact_since")
    return record_check_in(actor=actor, subject=subject, method=CheckInMethod.IN_PERSON, on=on,
                           note=note or "恢复联系")


# ---------------------------------------------------------------- release or termination (法第四十四至四十六条)

@transaction.atomic
def end_correction(*, actor, subject: CorrectionSubject, ended_on: datetime.date, reason: str,
                   note: str = "") -> CorrectionSubject:
    check_in_scope(actor, subject.unit)
    errors: dict[str, list[str]] = {}
    one_of(errors, "end_reason", "解除或终止原因", reason, EndReason)
    raise_if_any(errors)
    if reason == EndReason.EXPIRED:
        _require_status(subject, (SubjectStatus.SUPERVISED,), "解除矫正")
        if ended_on < subject.end_on:
            errors["ended_on"] = [f"矫正期满日期为 {_d(subject.end_on)}，{_d(ended_on)} 尚未期满，不能解除矫正"]
    else:
        _require_status(subject, (SubjectStatus.PENDING_REPORT, SubjectStatus.SUPERVISED), "终止矫正")
    start = subject.reported_on or subject.effective_on
    if ended_on < start:
        errors["ended_on"] = [f"解除或终止日期 {_d(ended_on)} 早于{'报到' if subject.reported_on else '生效'}日期 {_d(start)}"]
    not_future(errors, "ended_on", "解除或终止日期", ended_on)
    raise_if_any(errors)
    subject.ended_on = ended_on
    subject.end_reason = reason
    subject.end_note = note
    subject.status = SubjectStatus.RELEASED if reason == EndReason.EXPIRED else SubjectStatus.TERMINATED
    subject.out_of_contact_since = None
    subject.save()
    for period in subject.location_periods.filter(closed_on__isnull=True):  # a few rows: saved, so logged
        period.closed_on = ended_on
        period.save()
    return subject


@transaction.atomic
def hand_over_to_resettlement(*, actor, subject: CorrectionSubject, on: datetime.date):
    """解除矫正后移交安置帮教（衔接）：在安置帮教中建立记录，帮教期自解除之日起五年。"""
    _step(actor, subject, (SubjectStatus.RELEASED,), "移交安置帮教")
    if subject.handed_over_on:
        raise ValidationError({"handed_over_on": [f"已于 {_d(subject.handed_over_on)} 移交安置帮教"]})
    if on < subject.ended_on:
        raise ValidationError({"handed_over_on": [f"移交日期 {_d(on)} 早于解除矫正日期 {_d(subject.ended_on)}"]})
    # the receiving module (resettlement) answers the signal with the record it opened (D83)
    opened = [record for _, record in handed_over.send(sender=CorrectionSubject, actor=actor, subject=subject, on=on)
              if record is not None]
    if not opened:
        raise ValidationError({"handed_over_on": ["安置帮教模块未启用，不能移交"]})
    person = opened[0]
    subject.handed_over_on = on
    subject.save()
    return person
