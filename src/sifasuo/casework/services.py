"""Writes of the registers and of people's mediation. Every rule lives here, with its Chinese message.

Two kinds of writes:
- the simple registers (petitions, meetings, publicity, screenings, findings, typical cases, legal aid,
  committees, mediators, information items) go through `save_record` / `bulk_save_records`, which check
  the unit (scope and level) and then the register's own validator (`VALIDATORS`);
- a mediation case moves through its states with one function per step (WH-9: intake registration →
  acceptance → sessions → closing with the outcome and agreement → follow-up → judicial confirmation →
  archived dossier), each refusing what the People's Mediation Law or common sense forbids.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max, ProtectedError

from sifasuo.core import idnumbers, transitions
from sifasuo.core.changelog import log_bulk_create
from sifasuo.core.importers import row_messages
from sifasuo.core.scoping import scope_error
from sifasuo.core.validation import Errors, add, not_before, raise_if_any
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import bulkwrite, deadlines
from .choices import (OPEN_STATUSES, AgreementForm, AidStatus, CaseStatus, FindingStatus, MediatorRole,
                      Outcome, PartyRole, Performance, PetitionResult)
from .models import (CaseParty, FollowUpVisit, InfoItem, LegalAidApplication, MediationCase,
                     MediationCommittee, MediationSession, Mediator, Petition, PublicityEvent,
                     ScreeningFinding, ScreeningRound, StudyMeeting, TypicalCase)

UNIT_LEVELS = (Level.OFFICE, Level.WORKSTATION)


def check_unit(actor, unit: OrgUnit | None, errors: Errors, *, what: str = "该登记簿",
               levels: Iterable[int] = UNIT_LEVELS) -> None:
    """The record's unit must exist, be in the actor's scope and be an office or a workstation."""
    if unit is None:
        add(errors, "unit", "请填写所属单位")
        return
    if message := scope_error(actor, unit):
        add(errors, "unit", message)
    elif unit.level not in tuple(levels):
        add(errors, "unit", f"{what}只能由司法所或司法行政工作室登记，「{unit.name}」不是")
    elif unit.closed_on is not None:
        add(errors, "unit", f"「{unit.name}」已撤销，不能再登记")


def _not_future(errors: Errors, values: dict, field: str, label: str, today: datetime.date) -> None:
    value = values.get(field)
    if value and value > today:
        add(errors, field, f"{label} {value:%Y-%m-%d} 晚于今天，不能预先登记")


def _not_before(errors: Errors, values: dict, field: str, label: str, earlier_field: str, earlier_label: str):
    not_before(errors, field, label, values.get(field), earlier_label, values.get(earlier_field))


def normalize_id_number(errors: Errors, values: dict, field: str = "id_number") -> None:
    if field not in values:  # not being changed (an edit form left 修改身份证号码 blank)
        return
    raw = values.get(field) or ""
    if not raw:
        values[field] = ""
        return
    try:
        values[field] = idnumbers.parse(raw).number
    except idnumbers.IdNumberError as exc:
        add(errors, field, str(exc))


# --- validators of the simple registers (values are model field values; `unit` an OrgUnit) -----------

def validate_petition(values: dict, *, instance=None, today: datetime.date) -> Errors:
    errors: Errors = {}
    _not_future(errors, values, "received_on", "登记日期", today)
    _not_before(errors, values, "closed_on", "办结日期", "received_on", "登记日期")
    _not_future(errors, values, "closed_on", "办结日期", today)
    if values.get("result") and values["result"] != PetitionResult.PENDING and not values.get("closed_on"):
        add(errors, "closed_on", "办理结果已填写，请同时填写办结日期")
    if values.get("closed_on") and values.get("result") in (None, "", PetitionResult.PENDING):
        add(errors, "result", "已填写办结日期，请选择办理结果")
    if values.get("headcount") is not None and values["headcount"] < 1:
        add(errors, "headcount", "人数至少为 1")
    return errors


def _date_not_future(field: str, label: str):
    """The validator of a register whose one rule is that its date is not in the future."""
    def validate(values: dict, *, instance=None, today: datetime.date) -> Errors:
        errors: Errors = {}
        _not_future(errors, values, field, label, today)
        return errors
    return validate


validate_meeting = _date_not_future("held_on", "日期")
validate_screening = _date_not_future("held_on", "排查日期")


def validate_publicity(values: dict, *, instance=None, today: datetime.date) -> Errors:
    errors: Errors = {}
    _not_future(errors, values, "held_on", "活动日期", today)
    if values.get("audience") is not None and values["audience"] < 1:
        add(errors, "audience", "受众人数至少为 1")
    return errors


def validate_finding(values: dict, *, instance=None, today: datetime.date) -> Errors:
    errors: Errors = {}
    screening = values.get("screening")
    if screening is None:
        add(errors, "screening", "请选择所属的排查")
    else:
        unit = values.get("unit")
        if unit is not None and not unit.path.startswith(screening.unit.path) \
                and not screening.unit.path.startswith(unit.path):
            add(errors, "screening", "排查与发现纠纷的单位不一致")
        _not_before(errors, values | {"held_on": screening.held_on}, "found_on", "发现日期", "held_on", "排查日期")
    _not_future(errors, values, "found_on", "发现日期", today)
    if values.get("status") == FindingStatus.CONVERTED and not (instance and instance.case_id):
        add(errors, "status", "请用“转为调解案件”办理，不能直接改为已转案")
    return errors


def validate_typical(values: dict, *, instance=None, today: datetime.date) -> Errors:
    errors: Errors = {}
    _not_future(errors, values, "recorded_on", "报送日期", today)
    case = values.get("case")
    if case is not None and case.outcome != Outcome.SUCCESS:
        add(errors, "case", f"案件 {case.number} 未调解成功，不能作为典型案例")
    return errors


def validate_legal_aid(values: dict, *, instance=None, today: datetime.date) -> Errors:
    errors: Errors = {}
    normalize_id_number(errors, values)
    _not_future(errors, values, "applied_on", "申请日期", today)
    _not_before(errors, values, "referred_on", "转交日期", "applied_on", "申请日期")
    _not_before(errors, values, "reviewed_on", "审查决定日期", "applied_on", "申请日期")
    _not_before(errors, values, "assigned_on", "指派日期", "reviewed_on", "审查决定日期")
    _not_before(errors, values, "closed_on", "结案日期", "assigned_on", "指派日期")
    status = values.get("status") or AidStatus.RECEIVED
    decided = status in (AidStatus.APPROVED, AidStatus.REFUSED, AidStatus.ASSIGNED, AidStatus.CLOSED)
    if decided and not values.get("reviewed_on"):
        add(errors, "reviewed_on", f"状态为「{AidStatus(status).label}」，请填写审查决定日期")
    if status == AidStatus.RECEIVED and values.get("reviewed_on"):
        add(errors, "status", "已填写审查决定日期，请选择审查结果（审查通过或不予援助）")
    if status in (AidStatus.ASSIGNED, AidStatus.CLOSED):
        if not values.get("assigned_on"):
            add(errors, "assigned_on", "已指派的案件请填写指派日期")
        if not values.get("assignee"):
            add(errors, "assignee", "已指派的案件请填写承办人")
    elif values.get("assigned_on"):
        add(errors, "assigned_on", f"状态为「{AidStatus(status).label}」的申请不能有指派日期")
    if status == AidStatus.CLOSED and not values.get("closed_on"):
        add(errors, "closed_on", "已结案的请填写结案日期")
    return errors


def validate_committee(values: dict, *, instance=None, today: datetime.date) -> Errors:
    errors: Errors = {}
    start, end = values.get("term_start"), values.get("term_end")
    if start and end:
        if end <= start:
            add(errors, "term_end", "任期止日应晚于任期起日")
        elif end > deadlines.term_end_for(start):
            add(errors, "term_end", f"调委会委员每届任期三年（《人民调解法》第九条），任期止日最晚为 "
                                     f"{deadlines.term_end_for(start):%Y-%m-%d}")
    unit, name = values.get("unit"), values.get("name")
    if unit is not None and name:
        clash = MediationCommittee.objects.filter(unit=unit, name=name)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            add(errors, "name", f"「{unit.name}」已有名为「{name}」的调委会")
    return errors


def validate_mediator(values: dict, *, instance=None, today: datetime.date) -> Errors:
    errors: Errors = {}
    normalize_id_number(errors, values)
    _not_before(errors, values, "left_on", "离任日期", "joined_on", "聘任日期")
    committee, unit = values.get("committee"), values.get("unit")
    if committee is None:
        add(errors, "committee", "请选择所属调委会")
    elif unit is not None and committee.unit_id != unit.id:
        add(errors, "committee", f"调委会「{committee.name}」不属于「{unit.name}」")
    elif not values.get("left_on"):
        # People's Mediation Law art. 8: a committee has 3 to 9 members (chair, vice chairs, members).
        if values.get("role") in (MediatorRole.CHAIR, MediatorRole.VICE_CHAIR, MediatorRole.MEMBER):
            members = committee.mediators.filter(left_on__isnull=True, role__in=deadlines.MEMBER_ROLES)
            if instance is not None:
                members = members.exclude(pk=instance.pk)
            if members.count() >= deadlines.COMMITTEE_MAX_MEMBERS:
                add(errors, "role", f"调委会「{committee.name}」已有 {deadlines.COMMITTEE_MAX_MEMBERS} 名委员，"
                                     "《人民调解法》第八条规定委员会由三至九人组成")
    return errors


def validate_info(values: dict, *, instance=None, today: datetime.date) -> Errors:
    errors: Errors = {}
    _not_future(errors, values, "reported_on", "报送日期", today)
    if values.get("kind") == "news" and values.get("title") and len(values["title"]) > 120:
        add(errors, "title", "一句话新闻请控制在 120 字以内")
    return errors


VALIDATORS = {
    Petition: validate_petition,
    StudyMeeting: validate_meeting,
    PublicityEvent: validate_publicity,
    ScreeningRound: validate_screening,
    ScreeningFinding: validate_finding,
    TypicalCase: validate_typical,
    LegalAidApplication: validate_legal_aid,
    MediationCommittee: validate_committee,
    Mediator: validate_mediator,
    InfoItem: validate_info,
}


def validate_record(model, values: dict, *, actor, instance=None, today: datetime.date | None = None) -> Errors:
    """Every problem of one register record (values may be normalized in place, e.g. ID numbers)."""
    errors: Errors = {}
    check_unit(actor, values.get("unit"), errors, what=f"{model._meta.verbose_name}")
    for field, value in values.items():  # related records (committee, screening, case) must be in scope too
        unit = getattr(value, "unit", None) if field != "unit" else None
        if isinstance(unit, OrgUnit) and (message := scope_error(actor, unit, f"所选{value._meta.verbose_name}", "")):
            add(errors, field, message)
    for field, message in VALIDATORS[model](values, instance=instance,
                                            today=today or datetime.date.today()).items():
        errors.setdefault(field, []).extend(message)
    return errors


@transaction.atomic
def save_record(*, actor, model, values: dict, instance=None):
    """Create (instance None) or update one register record; raises ValidationError in Chinese."""
    raise_if_any(validate_record(model, values, actor=actor, instance=instance))
    obj = instance or model()
    for field, value in values.items():
        setattr(obj, field, value)
    obj.save()
    return obj


def deletion_refusal(instance) -> str:
    """Why a record can no longer be deleted ("" = it can): only a mistaken entry that nothing builds on yet goes;
    a case that has moved on (accepted, sessions, outcome) or a record others refer to stays, with the reason."""
    if isinstance(instance, MediationCase):
        if instance.status != CaseStatus.REGISTERED or instance.outcome:
            return (f"案件 {instance.number} 目前为“{instance.get_status_display()}”，不能删除；"
                    "只有登记后尚未受理的案件可以删除")
        if instance.sessions.exists():
            return f"案件 {instance.number} 已登记调解经过，不能删除"
        return ""
    if isinstance(instance, ScreeningRound):
        count = instance.findings.count()
        return f"本次排查已登记 {count} 条发现的纠纷，请先删除这些纠纷，再删除排查记录" if count else ""
    if isinstance(instance, ScreeningFinding):
        return f"该纠纷已转为调解案件 {instance.case.number}，不能删除" if instance.case_id else ""
    if isinstance(instance, MediationCommittee):
        members, cases = instance.mediators.count(), instance.cases.count()
        if members or cases:
            return (f"调委会已登记 {members} 名调解员、{cases} 件调解案件，不能删除；"
                    "调委会撤销或换届请修改任期")
        return ""
    if isinstance(instance, Mediator):
        cases = instance.cases.count()
        return f"该调解员已被指定办理 {cases} 件调解案件，不能删除；离任请填写离任日期" if cases else ""
    return ""


@transaction.atomic
def delete_record(*, actor, instance) -> None:
    """Delete a mistaken register entry or a case still only registered; the change log keeps what was deleted."""
    if scope_error(actor, instance.unit):
        raise ValidationError({"unit": "该记录不在您的管辖范围内"})
    refusal = deletion_refusal(instance)
    if refusal:
        raise ValidationError(refusal)
    if isinstance(instance, MediationCase):
        finding = ScreeningFinding.objects.filter(case=instance).first()
        if finding is not None:   # the finding goes back to the screening's open items
            finding.case, finding.status = None, FindingStatus.OPEN
            finding.save()
    typical_case = instance.case if isinstance(instance, TypicalCase) and instance.case_id else None
    try:
        instance.delete()  # parties of a case go with it, each delete logged
    except ProtectedError as exc:
        names = "、".join(sorted({str(o._meta.verbose_name) for o in exc.protected_objects}))
        raise ValidationError(f"还有{names}引用这条记录，不能删除") from None
    if typical_case is not None and not typical_case.typical_entries.exists():
        typical_case.typical = False
        typical_case.save()


def _key_value(value):
    return value.pk if isinstance(value, models.Model) else value


def duplicate_rows(model, rows: list[tuple[int, dict]], identities, headers: dict[str, str]) -> list[str]:
    """Rows that repeat an earlier row, or a record already registered, by any of the `identities` (tuples of
    fields; a key with an empty value is skipped): "第5行：与第3行重复（调委会、姓名相同）"."""
    problems = []
    for key in identities:
        label = "、".join(headers.get(f, str(model._meta.get_field(f).verbose_name)) for f in key if f != "unit")
        seen: dict[tuple, int] = {}
        for number, values in rows:
            value = tuple(_key_value(values.get(f)) for f in key)
            if any(v in (None, "") for v in value):
                continue
            if value in seen:
                problems.append(f"第{number}行：与第{seen[value]}行重复（{label}相同），同一记录只能登记一次")
            else:
                seen[value] = number
        if not seen:
            continue
        # already registered: one query per key, over the values of its first field
        first = key[0]
        found = set(model.objects.filter(**{f"{first}__in": {v[0] for v in seen}}).values_list(
            *[f"{f}_id" if model._meta.get_field(f).is_relation else f for f in key]))
        for value, number in seen.items():
            if value in found:
                problems.append(f"第{number}行：{model._meta.verbose_name}已登记（{label}相同），同一记录只能登记一次")
    return problems


def bulk_save_records(*, actor, model, rows: list[tuple[int, dict]], headers: dict[str, str],
                      identities: tuple[tuple[str, ...], ...] = ()) -> list:
    """Import rows (row number, values) of one register: all of them or none. Errors name row and column;
    a row repeating another (in the file or already registered, by the register's `identities`) is refused
    naming both rows."""
    problems: list[str] = []
    objects = []
    today = datetime.date.today()
    for number, values in rows:
        problems += row_messages(number, validate_record(model, values, actor=actor, today=today), headers)
        objects.append(model(**values))
    problems += duplicate_rows(model, rows, identities, headers)
    if problems:
        raise ValidationError(sorted(problems, key=_row_number))
    try:
        with transaction.atomic():
            model.objects.bulk_create(objects, batch_size=1000)
            log_bulk_create(objects)
    except IntegrityError:  # a record registered meanwhile by someone else
        raise ValidationError(["有记录与刚刚登记的记录重复，请刷新后重新导入"]) from None
    return objects


def _row_number(message: str) -> int:
    match = re.match(r"第(\d+)行", message)
    return int(match.group(1)) if match else 0


# --- mediation cases ------------------------------------------------------------------------------------

def next_case_number(unit: OrgUnit, year: int) -> str:
    """（2025）调字第0013号: one more than the unit's highest sequence number of the year."""
    numbers = MediationCase.objects.filter(unit=unit, year=year, number__startswith=f"（{year}）调字第")
    last = numbers.aggregate(m=Max("number"))["m"]
    seq = int(last[len(f"（{year}）调字第"):-1]) + 1 if last and last[len(f"（{year}）调字第"):-1].isdigit() else 1
    return f"（{year}）调字第{seq:04d}号"


def _parties_display(parties: list[dict]) -> str:
    applicants = "、".join(p["name"] for p in parties if p.get("role") == PartyRole.APPLICANT)
    respondents = "、".join(p["name"] for p in parties if p.get("role") == PartyRole.RESPONDENT)
    return (f"{applicants} 与 {respondents}" if respondents else applicants)[:200]


def validate_parties(parties: list[dict], errors: Errors) -> None:
    if not any(p.get("role") == PartyRole.APPLICANT and p.get("name") for p in parties):
        add(errors, "parties", "至少登记一名申请人（当事人）")
    for i, party in enumerate(parties, start=1):
        if not party.get("name"):
            add(errors, "parties", f"第{i}名当事人未填写姓名")
        if party.get("id_number"):
            try:
                party["id_number"] = idnumbers.parse(party["id_number"]).number
            except idnumbers.IdNumberError as exc:
                add(errors, "parties", f"当事人{party.get('name', '')}：{exc}")


def validate_case_header(values: dict, *, actor, errors: Errors, instance=None,
                         today: datetime.date | None = None) -> None:
    today = today or datetime.date.today()
    check_unit(actor, values.get("unit"), errors, what="人民调解案件")
    registered = values.get("registered_on")
    if registered and registered > today:
        add(errors, "registered_on", f"登记日期 {registered:%Y-%m-%d} 晚于今天")
    amount = values.get("amount")
    if amount is not None and amount < 0:
        add(errors, "amount", "涉及金额不能为负数")
    committee = values.get("committee")
    unit = values.get("unit")
    if committee is not None and unit is not None and not committee.unit.path.startswith(unit.path) \
            and not unit.path.startswith(committee.unit.path):
        add(errors, "committee", f"调委会「{committee.name}」不属于「{unit.name}」")


@transaction.atomic
def register_case(*, actor, unit: OrgUnit, source: str, dispute_type: str, title: str,
                  registered_on: datetime.date, parties: list[dict], number: str = "", facts: str = "",
                  amount: decimal.Decimal | None = None, committee: MediationCommittee | None = None,
                  finding: ScreeningFinding | None = None) -> MediationCase:
    """Intake registration (受理登记, WH-9). The number is unique per unit and year (given or the next)."""
    errors: Errors = {}
    values = {"unit": unit, "registered_on": registered_on, "amount": amount, "committee": committee}
    validate_case_header(values, actor=actor, errors=errors)
    validate_parties(parties, errors)
    year = registered_on.year
    number = (number or "").strip()
    if not errors.get("unit"):
        if number and MediationCase.objects.filter(unit=unit, year=year, number=number).exists():
            add(errors, "number", f"「{unit.name}」{year}年已有案件编号 {number}")
    raise_if_any(errors)
    if finding is not None:
        transitions.require(finding, lambda f: not f.case_id, "该排查发现的纠纷已转为调解案件", field="finding")
    case = MediationCase.objects.create(
        unit=unit, committee=committee, year=year, number=number or next_case_number(unit, year), source=source,
        dispute_type=dispute_type, title=title, facts=facts, amount=amount, registered_on=registered_on,
        parties_display=_parties_display(parties),
    )
    for party in parties:
        CaseParty.objects.create(case=case, **{k: v for k, v in party.items() if v is not None})
    if finding is not None:
        finding.case = case
        finding.status = FindingStatus.CONVERTED
        finding.save()
    return case


def _check_case(actor, case: MediationCase, allowed: tuple[str, ...] = (),
                refusal: Callable[[MediationCase], str] | None = None, *, field: str = "status") -> None:
    """Every step on a case starts here: the case is in the actor's scope, and its row is locked and re-read,
    so that two steps at once see each other (one accepts, the other finds it accepted). A step that needs the
    case in one of the `allowed` states is refused otherwise with `refusal` (of the fresh case) under `field`."""
    if scope_error(actor, case.unit):
        raise ValidationError({"unit": "该案件不在您的管辖范围内"})
    if allowed:
        transitions.require(case, allowed, refusal, field=field)
    else:
        transitions.lock(case)


def _step_date(errors: Errors, field: str, label: str, day: datetime.date, earlier_label: str = "",
               earlier: datetime.date | None = None) -> None:
    """The date of a step on a case: not before the step it follows (`earlier`), not after today."""
    not_before(errors, field, label, day, earlier_label, earlier)
    if day > datetime.date.today():
        add(errors, field, f"{label}晚于今天")


@transaction.atomic
def add_party(*, actor, case: MediationCase, role: str, name: str, sex: str = "", id_number: str = "",
              phone: str = "", address: str = "") -> CaseParty:
    _check_case(actor, case)
    errors: Errors = {}
    party = {"role": role, "name": name, "sex": sex, "id_number": id_number, "phone": phone, "address": address}
    if not name:
        add(errors, "name", "请填写当事人姓名")
    if id_number:
        try:
            party["id_number"] = idnumbers.parse(id_number).number
        except idnumbers.IdNumberError as exc:
            add(errors, "id_number", str(exc))
    if case.status == CaseStatus.ARCHIVED:
        add(errors, "role", "案件已归档，不能再修改当事人")
    raise_if_any(errors)
    obj = CaseParty.objects.create(case=case, **party)
    case.parties_display = _parties_display(list(case.parties.values("role", "name")))
    case.save()
    return obj


@transaction.atomic
def accept_case(*, actor, case: MediationCase, accepted_on: datetime.date,
                mediators: Iterable[Mediator] = ()) -> MediationCase:
    """Acceptance: the committee takes the case and assigns mediators."""
    _check_case(actor, case, (CaseStatus.REGISTERED,),
                lambda fresh: f"案件当前为「{fresh.get_status_display()}」，只有已登记的案件可以受理")
    errors: Errors = {}
    _step_date(errors, "accepted_on", "受理日期", accepted_on, "登记日期", case.registered_on)
    mediators = list(mediators)
    for m in mediators:
        if not m.unit.path.startswith(case.unit.path) and not case.unit.path.startswith(m.unit.path):
            add(errors, "mediators", f"调解员{m.full_name}不属于受理单位")
        elif m.left_on is not None:
            add(errors, "mediators", f"调解员{m.full_name}已于 {m.left_on:%Y-%m-%d} 离任")
    raise_if_any(errors)
    case.accepted_on = accepted_on
    case.status = CaseStatus.ACCEPTED
    if mediators:
        case.mediators.set(mediators)
        case.mediator_names = "、".join(m.full_name for m in mediators)[:200]
    case.save()
    return case


@transaction.atomic
def add_session(*, actor, case: MediationCase, held_on: datetime.date, summary: str, place: str = "",
                mediators: str = "") -> MediationSession:
    _check_case(actor, case)
    errors: Errors = {}
    if case.status != CaseStatus.ACCEPTED:
        add(errors, "held_on", f"案件当前为「{case.get_status_display()}」，受理后、结案前才能登记调解")
    _step_date(errors, "held_on", "调解日期", held_on,
               "受理日期", case.accepted_on if case.status == CaseStatus.ACCEPTED else None)
    if not summary:
        add(errors, "summary", "请填写调解经过")
    raise_if_any(errors)
    return MediationSession.objects.create(case=case, held_on=held_on, summary=summary, place=place,
                                           mediators=mediators or case.mediator_names[:100])


@transaction.atomic
def close_case(*, actor, case: MediationCase, outcome: str, closed_on: datetime.date,
               agreement_form: str = "", agreement_on: datetime.date | None = None,
               agreement_amount: decimal.Decimal | None = None, agreement_content: str = "",
               performance: str = "", confirmation_wanted: bool = False, close_note: str = "") -> MediationCase:
    """Closing with the outcome. A success needs an agreement (written or oral, art. 28–30)."""
    _check_case(actor, case, (CaseStatus.ACCEPTED,), lambda fresh: (
        "案件尚未受理，不能结案（请先受理）" if fresh.status == CaseStatus.REGISTERED
        else f"案件当前为「{fresh.get_status_display()}」，不能再结案"))
    errors: Errors = {}
    _step_date(errors, "closed_on", "结案日期", closed_on, "受理日期", case.accepted_on)
    if outcome not in Outcome.values:
        add(errors, "outcome", "请选择调解结果")
    if outcome == Outcome.SUCCESS:
        if agreement_form not in AgreementForm.values:
            add(errors, "agreement_form", "调解成功必须达成调解协议：请选择书面协议或口头协议")
        if not agreement_on:
            add(errors, "agreement_on", "调解成功请填写协议生效日期")
        elif agreement_on > closed_on:
            add(errors, "agreement_on", "协议生效日期晚于结案日期")
        elif case.accepted_on and agreement_on < case.accepted_on:
            add(errors, "agreement_on", "协议生效日期早于受理日期")
        if agreement_form == AgreementForm.WRITTEN and not agreement_content:
            add(errors, "agreement_content", "书面协议请填写协议内容")
        if agreement_amount is not None and agreement_amount < 0:
            add(errors, "agreement_amount", "协议金额不能为负数")
        if performance and performance not in Performance.values:
            add(errors, "performance", "履行情况无效")
        if confirmation_wanted and agreement_form != AgreementForm.WRITTEN:
            add(errors, "confirmation_wanted", "只有书面调解协议可以申请司法确认")
    elif agreement_form or agreement_on or agreement_amount:
        add(errors, "agreement_form", f"「{Outcome(outcome).label if outcome in Outcome.values else outcome}」"
                                       "的案件不能有调解协议")
    elif outcome in Outcome.values and not close_note:
        add(errors, "close_note", "调解不成功或终止调解，请写明原因及告知当事人的救济途径")
    raise_if_any(errors)
    case.outcome = outcome
    case.closed_on = closed_on
    case.status = CaseStatus.CLOSED
    if outcome == Outcome.SUCCESS:
        case.agreement_form, case.agreement_on = agreement_form, agreement_on
        case.agreement_amount, case.agreement_content = agreement_amount, agreement_content
        case.performance = performance or Performance.PENDING
        case.confirmation_wanted = confirmation_wanted
    case.close_note = close_note
    case.save()
    return case


@transaction.atomic
def record_visit(*, actor, case: MediationCase, visited_on: datetime.date, performance: str,
                 method: str = "visit", note: str = "") -> FollowUpVisit:
    """Follow-up visit (督查回访, WH-9) on how the agreement is performed."""
    _check_case(actor, case)
    errors: Errors = {}
    if case.outcome != Outcome.SUCCESS:
        add(errors, "visited_on", "只有调解成功的案件需要回访协议履行情况")
    _step_date(errors, "visited_on", "回访日期", visited_on,
               "结案日期", case.closed_on if case.outcome == Outcome.SUCCESS else None)
    if performance not in Performance.values:
        add(errors, "performance", "请选择履行情况")
    raise_if_any(errors)
    visit = FollowUpVisit.objects.create(case=case, visited_on=visited_on, performance=performance, method=method,
                                         note=note)
    case.last_visit_on = max(visited_on, case.last_visit_on or visited_on)
    case.performance = performance
    case.save()
    return visit


@transaction.atomic
def apply_confirmation(*, actor, case: MediationCase, applied_on: datetime.date, court: str,
                       result: str = "pending") -> MediationCase:
    """Judicial confirmation: the parties apply within 30 days of the agreement taking effect (art. 33)."""
    _check_case(actor, case)
    errors: Errors = {}
    if case.outcome != Outcome.SUCCESS or case.agreement_form != AgreementForm.WRITTEN:
        add(errors, "confirmation_applied_on", "只有调解成功并达成书面协议的案件可以申请司法确认")
    else:
        last = deadlines.confirmation_deadline(case.agreement_on)
        if applied_on < case.agreement_on:
            add(errors, "confirmation_applied_on", "申请日期早于协议生效日期")
        elif applied_on > last:
            add(errors, "confirmation_applied_on",
                 f"已超过申请期限：应自协议生效之日起三十日内（{last:%Y-%m-%d} 前）申请司法确认（《人民调解法》第三十三条）")
    if applied_on > datetime.date.today():
        add(errors, "confirmation_applied_on", "申请日期晚于今天")
    if not court:
        add(errors, "confirmation_court", "请填写受理司法确认的人民法院")
    raise_if_any(errors)
    case.confirmation_wanted = True
    case.confirmation_applied_on, case.confirmation_court, case.confirmation_result = applied_on, court, result
    case.save()
    return case


@transaction.atomic
def archive_case(*, actor, case: MediationCase, archived_on: datetime.date, dossier_number: str) -> MediationCase:
    """立卷归档 (WH-9; HZ-4: archives bound by year)."""
    _check_case(actor, case, (CaseStatus.CLOSED,),
                lambda fresh: f"案件当前为「{fresh.get_status_display()}」，结案后才能归档", field="archived_on")
    errors: Errors = {}
    _step_date(errors, "archived_on", "归档日期", archived_on, "结案日期", case.closed_on)
    if not dossier_number:
        add(errors, "dossier_number", "请填写卷宗号")
    raise_if_any(errors)
    case.archived_on, case.dossier_number, case.status = archived_on, dossier_number, CaseStatus.ARCHIVED
    case.save()
    return case


@transaction.atomic
def mark_typical(*, actor, case: MediationCase, title: str, summary: str, recorded_on: datetime.date,
                 comment: str = "", reported_to: str = "") -> TypicalCase:
    """Enter a case into the typical-case register (典型案例登记簿) and flag it."""
    _check_case(actor, case)
    values = {"unit": case.unit, "case": case, "title": title, "summary": summary, "recorded_on": recorded_on,
              "comment": comment, "reported_to": reported_to, "dispute_type": case.dispute_type}
    errors: Errors = {}
    if not title:
        add(errors, "title", "请填写案例标题")
    if not summary:
        add(errors, "summary", "请填写基本案情与调解过程")
    for field, messages in validate_record(TypicalCase, values, actor=actor).items():
        errors.setdefault(field, []).extend(messages)
    raise_if_any(errors)
    entry = TypicalCase.objects.create(**values)
    if not case.typical:
        case.typical = True
        case.save()
    return entry


def is_open(case: MediationCase) -> bool:
    return case.status in OPEN_STATUSES


# --- past cases entered in bulk (a register taken over from paper or another system) --------------------------

@transaction.atomic
def record_case_history(*, actor, cases: list[dict], today: datetime.date | None = None) -> int:
    """Closed cases of past months entered at once (the demo's history; a paper register taken over): each dict
    has unit, registered_on, accepted_on, closed_on, outcome, dispute_type, source, title, parties and, for a
    success, agreement_form and agreement_on; close_note for a failure. Checked with the same rules as the
    steps one by one (scope, dates in order and not after today, a success with an agreement, a failure with
    its reason), numbered on from each unit's last number of the year, written in bulk and logged — all or
    nothing. Cases closed over 30 days ago count as visited and archived (no follow-up is due any more)."""
    today = today or datetime.date.today()
    problems: list[str] = []
    for number, c in enumerate(cases, start=1):
        errors: Errors = {}
        validate_case_header({"unit": c.get("unit"), "registered_on": c.get("registered_on")}, actor=actor,
                             errors=errors, today=today)
        validate_parties(c.get("parties") or [], errors)
        registered, accepted, closed = c.get("registered_on"), c.get("accepted_on"), c.get("closed_on")
        if not (registered and accepted and closed and registered <= accepted <= closed <= today):
            add(errors, "closed_on", "登记、受理、结案日期应依次不晚于下一步，且都不晚于今天")
        outcome = c.get("outcome")
        if outcome not in Outcome.values:
            add(errors, "outcome", "请选择调解结果")
        elif outcome == Outcome.SUCCESS and (c.get("agreement_form") not in AgreementForm.values
                                             or not c.get("agreement_on")):
            add(errors, "agreement_form", "调解成功必须达成调解协议（协议形式与生效日期）")
        elif outcome != Outcome.SUCCESS and not c.get("close_note"):
            add(errors, "close_note", "调解不成功或终止调解，请写明原因")
        for field, messages in errors.items():
            problems.extend(f"第{number}件「{field}」：{m}" for m in messages)
    if problems:
        raise ValidationError(problems[:50])
    numbers: dict[tuple[int, int], int] = {}
    objects, parties_of = [], []
    for c in sorted(cases, key=lambda c: (c["unit"].pk, c["registered_on"])):
        unit, year = c["unit"], c["registered_on"].year
        key = (unit.pk, year)
        if key not in numbers:
            last = next_case_number(unit, year)
            numbers[key] = int(last[len(f"（{year}）调字第"):-1]) - 1
        numbers[key] += 1
        success = c["outcome"] == Outcome.SUCCESS
        settled = (today - c["closed_on"]).days > 30
        case = MediationCase(
            unit=unit, year=year, number=f"（{year}）调字第{numbers[key]:04d}号", source=c["source"],
            dispute_type=c["dispute_type"], title=c["title"][:200], registered_on=c["registered_on"],
            accepted_on=c["accepted_on"], closed_on=c["closed_on"], outcome=c["outcome"],
            status=CaseStatus.ARCHIVED if settled else CaseStatus.CLOSED,
            parties_display=_parties_display(c["parties"]), mediator_names=c.get("mediator_names", "")[:200],
            agreement_form=c.get("agreement_form", "") if success else "",
            agreement_on=c.get("agreement_on") if success else None,
            performance=(Performance.PERFORMED if settled else Performance.PENDING) if success else "",
            close_note=c.get("close_note", "") if not success else "",
            last_visit_on=c["closed_on"] + datetime.timedelta(days=7) if success and settled else None,
            archived_on=c["closed_on"] + datetime.timedelta(days=10) if settled else None,
            dossier_number=f"{year}-{numbers[key]:04d}" if settled else "")
        objects.append(case)
        parties_of.append(c["parties"])
    bulkwrite.insert(MediationCase, objects)
    ids = {(u, y, n): pk for pk, u, y, n in MediationCase.objects.filter(
        unit_id__in={c.unit_id for c in objects}, number__in=[c.number for c in objects],
    ).values_list("id", "unit_id", "year", "number")}
    party_rows, shown = [], {}
    for case, parties in zip(objects, parties_of, strict=True):
        case.pk = ids[(case.unit_id, case.year, case.number)]
        case._state.adding = False
        rows = [{"case_id": case.pk, **{k: v for k, v in p.items() if v is not None}} for p in parties]
        party_rows.extend(rows)
        shown[case.pk] = [{"role": r.get("role"), "name": r.get("name"),
                           "id_number": idnumbers.mask(r.get("id_number") or "")} for r in rows]
    bulkwrite.insert_values(CaseParty, party_rows)
    bulkwrite.log_created(objects, extra=lambda case: {"parties": shown.get(case.pk, [])})
    return len(objects)
