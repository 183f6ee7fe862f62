"""Writes to the roster. The ID number is checked and must agree with the typed birth date and sex."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core import idnumbers, transitions
from sifasuo.core.dates import add_months
from sifasuo.core.changelog import log_bulk_create
from sifasuo.core.validation import AFTER_TODAY, not_future, one_of
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from .choices import StaffType
from .models import StaffMember


def validate_person(*, id_number: str, birth_date: datetime.date | None, sex: str | None) -> idnumbers.IdInfo:
    try:
        info = idnumbers.parse(id_number)
    except idnumbers.IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    problems = idnumbers.check_consistency(info, birth_date=birth_date, sex=sex)
    if problems:
        raise ValidationError({"id_number": problems})
    return info


def validate_member(member: StaffMember) -> None:
    errors: dict[str, list[str]] = {}
    if member.unit.level not in (Level.OFFICE, Level.WORKSTATION):
        errors.setdefault("unit", []).append(f"「{member.unit.name}」不是司法所或工作室，不能登记工作人员")
    if member.left_on and member.joined_on and member.left_on < member.joined_on:
        errors.setdefault("left_on", []).append(
            f"离岗日期 {member.left_on:%Y-%m-%d} 早于到岗日期 {member.joined_on:%Y-%m-%d}")
    if member.staff_type not in StaffType.values:
        errors.setdefault("staff_type", []).append(f"人员类别「{member.staff_type}」无效")
    if member.cluster_duty and not member.unit.is_hub:  # HZ-1: only a hub office has cluster work
        errors.setdefault("cluster_duty", []).append(
            f"「{member.unit.name}」不是片区中心司法所，其工作人员不承担片区工作")
    serving = StaffMember.objects.filter(id_number=member.id_number, left_on__isnull=True).exclude(pk=member.pk)
    if member.left_on is None and serving.exists():
        other = serving.select_related("unit").first()
        errors.setdefault("id_number", []).append(
            f"身份证号码 {idnumbers.mask(member.id_number)} 已在「{other.unit.name}」在岗登记（{other.full_name}），"
            "同一人不能重复在岗")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_member(*, unit: OrgUnit, full_name: str, id_number: str, staff_type: str,
                  joined_on: datetime.date, birth_date: datetime.date | None = None, sex: str | None = None,
                  **extra) -> StaffMember:
    info = validate_person(id_number=id_number, birth_date=birth_date, sex=sex)
    member = StaffMember(unit=unit, full_name=full_name.strip(), id_number=info.number, sex=info.sex,
                         birth_date=info.birth_date, staff_type=staff_type, joined_on=joined_on, **extra)
    validate_member(member)
    member.save()
    return member


@transaction.atomic
def bulk_create_members(members: Iterable[StaffMember], *, batch_size: int = 2000) -> list[StaffMember]:
    """Seeding and imports: rows already validated by the caller, written and logged in bulk."""
    members = list(members)
    StaffMember.objects.bulk_create(members, batch_size=batch_size)
    log_bulk_create(members)
    return members


# --- policy of a unit --------------------------------------------------------------------------------

from decimal import Decimal, InvalidOperation  # noqa: E402

from sifasuo.core.scoping import check_in_scope  # noqa: E402
from sifasuo.policy import personnel as engine  # noqa: E402

from .choices import (  # noqa: E402
    AssistantLevel,
    Benchmark,
    ExitKind,
    Grade,
    Organizer,
    ProposalStatus,
    RecordKind,
    TrainingKind,
    WritingKind,
)
from .models import (  # noqa: E402
    Assessment,
    Contract,
    Obligation,
    LevelProposal,
    LevelRecord,
    PayBenchmark,
    RewardDiscipline,
    TrainingRecord,
    Transfer,
    WritingRecord,
)

MAX_TRAINING_DAYS = Decimal(60)  # one record of more than two months of training is a typing error


def policy_of(unit: OrgUnit):
    """The policy governing a unit, or None when its region has none (core.policies, shared with recruitment)."""
    from sifasuo.core.policies import policies_for

    found = policies_for(unit)
    return found[0] if found else None


def personnel_rules(unit: OrgUnit):
    """(policy, personnel rules) of the unit's jurisdiction; a Chinese refusal when there are none."""
    policy = policy_of(unit)
    if policy is None:
        raise ValidationError(f"「{unit.name}」所在地区还没有司法协理员政策文件（policies/ 目录下），"
                              "层级、薪酬和续聘规则无从确定")
    if policy.personnel is None:
        raise ValidationError(f"政策 {policy.id} 没有人员管理（personnel）一节，层级、薪酬和续聘规则无从确定")
    return policy, policy.personnel


def _serving(staff: StaffMember, field: str = "staff") -> None:
    """Lock the person's row and check they still serve (levels, contracts, exit and transfer start here)."""
    transitions.require(staff, lambda s: s.left_on is None, field=field,
                        message=lambda s: f"{s.full_name} 已于 {s.left_on:%Y-%m-%d} 离岗，不能再登记")


def _assistant(staff: StaffMember) -> None:
    if staff.staff_type != StaffType.JUDICIAL_ASSISTANT:
        raise ValidationError({"staff": f"{staff.full_name} 不是司法协理员（{staff.get_staff_type_display()}），没有层级"})


def _year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


# --- levels (DQ-9) -----------------------------------------------------------------------------------


def current_level_record(staff: StaffMember) -> LevelRecord | None:
    return staff.levels.order_by("-effective_on", "-id").first()


def grades_of(staff: StaffMember) -> dict[int, str]:
    return dict(staff.assessments.values_list("year", "grade"))


@transaction.atomic
def set_level(*, actor, staff: StaffMember, level: int, effective_on: datetime.date, reason: str = "",
              _proposed: bool = False) -> LevelRecord:
    """A new step of the level history. The first level is free (an existing assistant's level is entered);
    later changes go one level at a time, and a promotion only when the policy allows it (DQ-9)."""
    check_in_scope(actor, staff.unit)
    _assistant(staff)
    _serving(staff)
    try:
        level = int(level)
    except (TypeError, ValueError):
        raise ValidationError({"level": f"层级“{level}”无效，应为 1（一级）至 4（四级）"}) from None
    if level not in AssistantLevel.values:
        raise ValidationError({"level": f"层级 {level} 无效，应为 1（一级）至 4（四级）"})
    current = current_level_record(staff)
    if current is not None:
        if effective_on <= current.effective_on:
            raise ValidationError({"effective_on": f"生效日期应晚于当前层级的生效日期 {current.effective_on:%Y-%m-%d}"})
        if level == current.level:
            raise ValidationError({"level": f"{staff.full_name} 已是{current.get_level_display()}"})
        _policy, rules = personnel_rules(staff.unit)
        problem = engine.allowed_change(rules, from_level=current.level, to_level=level)
        if problem:
            raise ValidationError({"level": problem})
        if level < current.level and not _proposed:
            grades = grades_of(staff)
            proposal = None
            for year in (effective_on.year - 1, effective_on.year):
                proposal = engine.review_level(rules, level=current.level, level_since=current.effective_on,
                                               grades=grades, year=year)
                if proposal and proposal.kind == "promotion" and proposal.to_level == level:
                    break
                proposal = None
            if proposal is None:
                step = rules.levels.step_to(level)
                raise ValidationError({"level": (
                    f"按政策 {rules.levels.id}，{staff.full_name} 不符合晋升为{AssistantLevel(level).label}的条件："
                    f"须任{current.get_level_display()}满{step.min_years}年、最近{step.recent_years}个年度考核均为"
                    f"{engine.GRADES[step.min_grade]}及以上"
                    + (f"且至少{step.min_excellent}次优秀" if step.min_excellent else ""))})
    record = LevelRecord.objects.create(staff=staff, level=level, effective_on=effective_on, reason=reason[:300])
    staff.assistant_level = level
    staff.save(update_fields=["assistant_level", "updated_at"])
    return record


def _entry_levels(assistants: list[StaffMember], rules) -> int:
    """Assistants without a level get the policy's entry level from the day they joined (e.g. after a hire)."""
    made = 0
    for staff in assistants:
        if staff.assistant_level is None:
            LevelRecord.objects.create(staff=staff, level=rules.levels.entry_level, effective_on=staff.joined_on,
                                       reason=f"新聘定级（{rules.levels.id}）")
            staff.assistant_level = rules.levels.entry_level
            staff.save(update_fields=["assistant_level", "updated_at"])
            made += 1
    return made


@transaction.atomic
def run_level_review(*, actor, county: OrgUnit, year: int) -> list[LevelProposal]:
    """The yearly level review of a county: a proposal for each assistant the policy would promote or demote.
    Proposals already made for that year are kept as they are."""
    check_in_scope(actor, county)
    if county.level != Level.COUNTY:
        raise ValidationError({"unit": "层级评定由县（区）司法局进行，请选择县级单位"})
    if year > datetime.date.today().year:
        raise ValidationError({"year": f"{year} 年度尚未开始，不能评定"})
    _policy, rules = personnel_rules(county)
    assistants = list(StaffMember.objects.filter(unit__path__under=county.path, left_on__isnull=True,
                                                 staff_type=StaffType.JUDICIAL_ASSISTANT)
                      .select_related("unit").order_by("unit__path", "full_name"))
    _entry_levels(assistants, rules)
    ids = [s.pk for s in assistants]
    since: dict[int, datetime.date] = {}
    for staff_id, effective_on in (LevelRecord.objects.filter(staff_id__in=ids)
                                   .order_by("staff_id", "effective_on", "id").values_list("staff_id", "effective_on")):
        since[staff_id] = effective_on
    grades: dict[int, dict[int, str]] = {}
    for staff_id, y, grade in Assessment.objects.filter(staff_id__in=ids).values_list("staff_id", "year", "grade"):
        grades.setdefault(staff_id, {})[y] = grade
    done = set(LevelProposal.objects.filter(staff_id__in=ids, year=year).values_list("staff_id", flat=True))
    made = []
    for staff in assistants:
        if staff.pk in done:
            continue
        proposal = engine.review_level(rules, level=staff.assistant_level, level_since=since[staff.pk],
                                       grades=grades.get(staff.pk, {}), year=year)
        if proposal is not None:
            made.append(LevelProposal.objects.create(
                staff=staff, year=year, from_level=proposal.from_level, to_level=proposal.to_level,
                kind=proposal.kind, rule_id=proposal.rule_id, reason=proposal.reason))
    return made


@transaction.atomic
def decide_proposal(*, actor, proposal: LevelProposal, approve: bool,
                    effective_on: datetime.date | None = None) -> LevelProposal:
    """The county approves (the level changes, from 1 January after the review year by default) or not."""
    check_in_scope(actor, proposal.staff.unit)
    if actor is not None and (actor.unit is None or actor.unit.level != Level.COUNTY):
        raise ValidationError("层级调整由县（区）司法局审批")
    transitions.lock(proposal.staff)  # parent first: an approval changes the person's level
    transitions.require(proposal, (ProposalStatus.PENDING,),
                        lambda p: f"该建议已审批（{p.get_status_display()}），不能重复审批")
    if approve:
        current = current_level_record(proposal.staff)
        if current is None or current.level != proposal.from_level:
            raise ValidationError("该人员的层级在评定后已有变化，请重新评定")
        set_level(actor=actor, staff=proposal.staff, level=proposal.to_level,
                  effective_on=effective_on or datetime.date(proposal.year + 1, 1, 1),
                  reason=f"{proposal.year}年度层级评定：{proposal.reason}", _proposed=True)
    proposal.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
    proposal.decided_by = actor.get_username() if actor is not None else "系统"
    proposal.decided_on = datetime.date.today()
    proposal.save()
    return proposal


# --- contracts (YQ-8) --------------------------------------------------------------------------------


@transaction.atomic
def create_contract(*, actor, staff: StaffMember, start: datetime.date, end: datetime.date,
                    probation_end: datetime.date | None = None, note: str = "", policy_id: str = "",
                    renewal_of: Contract | None = None) -> Contract:
    check_in_scope(actor, staff.unit)
    _serving(staff)
    errors: dict[str, list[str]] = {}
    if end <= start:
        errors["end"] = [f"合同结束日期 {end:%Y-%m-%d} 不晚于开始日期 {start:%Y-%m-%d}"]
    if probation_end is not None and not (start <= probation_end <= end):
        errors["probation_end"] = [f"试用期截止日期 {probation_end:%Y-%m-%d} 应在合同期内"]
    if start < staff.joined_on - datetime.timedelta(days=366):
        errors["start"] = [f"合同开始日期 {start:%Y-%m-%d} 远早于到岗日期 {staff.joined_on:%Y-%m-%d}"]
    if not errors:
        overlap = Contract.objects.filter(staff=staff, start__lte=end, end__gte=start).order_by("start").first()
        if overlap is not None:
            errors["start"] = [f"与已有合同（{overlap.start:%Y-%m-%d}至{overlap.end:%Y-%m-%d}）重叠，同一时间只能有一份合同"]
    if errors:
        raise ValidationError(errors)
    return Contract.objects.create(staff=staff, start=start, end=end, probation_end=probation_end, note=note[:200],
                                   policy_id=policy_id, renewal_of=renewal_of)


def contract_grades(contract: Contract) -> list[str]:
    """Grades of the assessment years that lie in the contract's term, oldest first."""
    return list(contract.staff.assessments.filter(year__gte=contract.start.year, year__lte=contract.end.year)
                .order_by("year").values_list("grade", flat=True))


def renewal_proposal(contract: Contract):
    _policy, rules = personnel_rules(contract.staff.unit)
    return engine.propose_renewal(rules, grades=contract_grades(contract))


@transaction.atomic
def renew_contract(*, actor, contract: Contract, override_reason: str = "") -> Contract:
    """A new contract from the day after the old one ends, for the policy's term, without probation. When the
    assessments do not support renewal (YQ-8), only with a written reason."""
    staff = contract.staff
    check_in_scope(actor, staff.unit)
    _serving(staff)  # locks the person: two renewals at once make one contract
    policy, rules = personnel_rules(staff.unit)
    if contract.renewals.exists():
        raise transitions.StateConflict("该合同已续订")
    proposal = engine.propose_renewal(rules, grades=contract_grades(contract))
    note = f"续订（{rules.renewal.id}：{proposal.label}）"
    if proposal.decision == "not_renew":
        if not override_reason.strip():
            raise ValidationError({"override_reason": ["按考核结果不建议续聘：" + "；".join(proposal.reasons)
                                                       + "。如确需续聘，请填写理由"]})
        note = f"续订（未采纳不续聘建议：{override_reason.strip()}）"
    start = contract.end + datetime.timedelta(days=1)
    end = add_months(start, int(policy.contract.years * 12)) - datetime.timedelta(days=1)
    return create_contract(actor=actor, staff=staff, start=start, end=end, note=note, policy_id=policy.id,
                           renewal_of=contract)


# --- pay (DQ-8, YQ-7) --------------------------------------------------------------------------------


@transaction.atomic
def set_benchmark(*, actor, county: OrgUnit, monthly_amount, effective_from: datetime.date,
                  note: str = "", benchmark: str | None = None) -> PayBenchmark:
    """A county's benchmark figure from a date on; a raise is a new row, earlier rows stay."""
    check_in_scope(actor, county)
    if county.level != Level.COUNTY:
        raise ValidationError({"unit": "工资基准由县（区）司法局录入，请选择县级单位"})
    _policy, rules = personnel_rules(county)
    benchmark = benchmark or rules.pay.benchmark
    if benchmark != rules.pay.benchmark:
        raise ValidationError({"benchmark": f"政策 {rules.pay.id} 规定参照{rules.pay.benchmark_name}，"
                                            f"不是{Benchmark(benchmark).label if benchmark in Benchmark.values else benchmark}"})
    try:
        amount = Decimal(str(monthly_amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"monthly_amount": f"月标准“{monthly_amount}”不是金额"}) from None
    if not Decimal(500) <= amount <= Decimal(50000):
        raise ValidationError({"monthly_amount": f"月标准 {amount} 元不合理，应在 500 至 50000 元之间"})
    if PayBenchmark.objects.filter(unit=county, benchmark=benchmark, effective_from=effective_from).exists():
        raise ValidationError({"effective_from": f"{effective_from:%Y-%m-%d} 起的基准已录入；调整工资请录入新的生效日期"})
    return PayBenchmark.objects.create(unit=county, benchmark=benchmark, monthly_amount=amount,
                                       effective_from=effective_from, note=note[:200])


# --- training, assessment, rewards, writing (DQ-10, WH-4, HZ-6, HZ-9) --------------------------------


@transaction.atomic
def record_training(*, actor, staff: StaffMember, kind: str, organizer: str, title: str,
                    start_on: datetime.date, days) -> TrainingRecord:
    check_in_scope(actor, staff.unit)
    errors: dict[str, list[str]] = {}
    one_of(errors, "kind", "培训类别", kind, TrainingKind)
    one_of(errors, "organizer", "组织单位层级", organizer, Organizer)
    try:
        days = Decimal(str(days))
    except (InvalidOperation, ValueError):
        errors["days"] = [f"天数“{days}”不是数字"]
    else:
        if days <= 0:
            errors["days"] = [f"培训天数应大于0，实际为 {days}"]
        elif days > MAX_TRAINING_DAYS:
            errors["days"] = [f"培训天数 {days} 不合理：一条记录不超过{MAX_TRAINING_DAYS}天，请分段登记"]
        elif (days * 2) % 1:
            errors["days"] = [f"培训天数 {days} 应以半天为单位"]
    if not title.strip():
        errors["title"] = ["请填写培训名称"]
    if staff.left_on and start_on > staff.left_on:
        errors["start_on"] = [f"开始日期晚于离岗日期 {staff.left_on:%Y-%m-%d}"]
    if start_on > datetime.date.today():
        errors["start_on"] = [f"开始日期 {start_on:%Y-%m-%d} 在今天之后，培训结束后再登记"]
    if errors:
        raise ValidationError(errors)
    return TrainingRecord.objects.create(staff=staff, kind=kind, organizer=organizer, title=title.strip()[:200],
                                         start_on=start_on, days=days, year=start_on.year)


def record_assessment_from(*, actor, staff: StaffMember, data: dict) -> Assessment:
    """The assessment typed on the page or posted to the API: year, grade, comment and the five scores
    (德能勤绩廉, engine.DIMENSIONS) side by side."""
    return record_assessment(actor=actor, staff=staff, year=data["year"], grade=data.get("grade") or None,
                             comment=data.get("comment", ""), scores={k: data.get(k) for k in engine.DIMENSIONS})


@transaction.atomic
def record_assessment(*, actor, staff: StaffMember, year: int, scores: dict, grade: str | None = None,
                      comment: str = "") -> Assessment:
    """Annual assessment: the grade follows the policy's score bands; a typed grade must agree with them."""
    check_in_scope(actor, staff.unit)
    errors: dict[str, list[str]] = {}
    if grade and grade not in Grade.values:
        raise ValidationError({"grade": f"考核等次“{grade}”无效，应为：{'、'.join(Grade.labels)}"})
    if not staff.joined_on.year <= year <= datetime.date.today().year:
        errors["year"] = [f"考核年度 {year} 不在任职期间（{staff.joined_on.year}年至今）"]
    elif Assessment.objects.filter(staff=staff, year=year).exists():
        errors["year"] = [f"{staff.full_name} 已有{year}年度考核，每年只考核一次"]
    policy = policy_of(staff.unit)
    rules = policy.personnel if policy is not None else None
    top = rules.assessment.max_score if rules else 20
    clean: dict[str, int] = {}
    for code, name in engine.DIMENSIONS.items():
        value = scores.get(code)
        try:
            value = int(value)
        except (TypeError, ValueError):
            errors[code] = [f"请填写“{name}”的得分（0–{top}分）"]
            continue
        if not 0 <= value <= top:
            errors[code] = [f"“{name}”的得分 {value} 超出范围，应为 0–{top} 分"]
        clean[code] = value
    if errors:
        raise ValidationError(errors)
    if rules is not None:
        banded = engine.grade_for_scores(rules, clean)
        if grade and grade != banded:
            raise ValidationError({"grade": f"总分 {sum(clean.values())} 按政策 {rules.assessment.id} 对应"
                                            f"「{Grade(banded).label}」，与所填「{Grade(grade).label}」不一致"})
        grade = banded
    elif not grade:
        raise ValidationError({"grade": "请选择考核等次"})
    return Assessment.objects.create(staff=staff, year=year, total=sum(clean.values()), grade=grade,
                                     comment=comment[:300], policy_id=policy.id if policy else "", **clean)


@transaction.atomic
def record_reward(*, actor, staff: StaffMember, kind: str, title: str, on: datetime.date, reason: str,
                  issuer: str = "") -> RewardDiscipline:
    check_in_scope(actor, staff.unit)
    errors = {}
    if kind not in RecordKind.values:
        errors["kind"] = [f"类别“{kind}”无效，应为奖励或惩戒"]
    if not title.strip():
        errors["title"] = ["请填写奖惩名称（如 嘉奖、记功、警告、记过）"]
    if not reason.strip():
        errors["reason"] = ["请填写事由"]
    not_future(errors, "on", "日期", on, wording=AFTER_TODAY)
    if errors:
        raise ValidationError(errors)
    return RewardDiscipline.objects.create(staff=staff, kind=kind, title=title.strip()[:100], on=on,
                                           reason=reason.strip()[:300], issuer=issuer.strip()[:100])


@transaction.atomic
def record_writing(*, actor, staff: StaffMember, kind: str, title: str, submitted_on: datetime.date,
                   year: int | None = None) -> WritingRecord:
    check_in_scope(actor, staff.unit)
    errors = {}
    one_of(errors, "kind", "类别", kind, WritingKind)
    if not title.strip():
        errors["title"] = ["请填写题目"]
    not_future(errors, "submitted_on", "报送日期", submitted_on, wording=AFTER_TODAY)
    if errors:
        raise ValidationError(errors)
    return WritingRecord.objects.create(staff=staff, kind=kind, title=title.strip()[:200],
                                        submitted_on=submitted_on, year=year or submitted_on.year)


@transaction.atomic
def fulfil_obligation(*, actor, staff: StaffMember, obligation: int, fulfilled_on: datetime.date,
                      note: str = "") -> Obligation:
    """Record that a person hired on a condition (有条件通过) has done what the policy asked; its alert ends."""
    check_in_scope(actor, staff.unit)
    record = Obligation.objects.select_for_update().filter(staff=staff, pk=obligation).first()
    if record is None:
        raise ValidationError({"obligation": "该人员没有这项须履行的义务"})
    if record.fulfilled_on is not None:
        raise ValidationError({"obligation": f"该项义务已于 {record.fulfilled_on:%Y-%m-%d} 登记履行"})
    if fulfilled_on > datetime.date.today():
        raise ValidationError({"fulfilled_on": f"履行日期 {fulfilled_on:%Y-%m-%d} 在今天之后"})
    record.fulfilled_on = fulfilled_on
    record.note = note.strip()[:300]
    record.save()
    return record


# --- exit and transfer -------------------------------------------------------------------------------


@transaction.atomic
def exit_member(*, actor, staff: StaffMember, kind: str, on: datetime.date, reason: str = "") -> StaffMember:
    """Resignation, non-renewal, dismissal (with reason) or retirement: the person leaves the office's count
    from that day; the record and its history stay."""
    check_in_scope(actor, staff.unit)
    _serving(staff)
    errors = {}
    one_of(errors, "exit_kind", "离岗方式", kind, ExitKind)
    if kind == ExitKind.DISMISSAL and not reason.strip():
        errors["exit_reason"] = ["解聘须写明理由（YQ-8：多次违反工作规定经教育仍不改正，或造成严重后果）"]
    if on < staff.joined_on:
        errors["left_on"] = [f"离岗日期 {on:%Y-%m-%d} 早于到岗日期 {staff.joined_on:%Y-%m-%d}"]
    if errors:
        raise ValidationError(errors)
    staff.left_on = on
    staff.exit_kind = kind
    staff.exit_reason = (reason.strip() or ExitKind(kind).label)[:200]
    staff.save()
    return staff


@transaction.atomic
def transfer_member(*, actor, staff: StaffMember, to_unit: OrgUnit, on: datetime.date, reason: str = "") -> Transfer:
    check_in_scope(actor, staff.unit)
    _serving(staff)
    check_in_scope(actor, to_unit, "to_unit", "调入单位代码")
    if to_unit.level not in (Level.OFFICE, Level.WORKSTATION):
        raise ValidationError({"to_unit": f"「{to_unit.name}」不是司法所或工作室"})
    if to_unit.pk == staff.unit_id:
        raise ValidationError({"to_unit": f"{staff.full_name} 已在「{to_unit.name}」"})
    if on < staff.joined_on:
        raise ValidationError({"on": f"调动日期 {on:%Y-%m-%d} 早于到岗日期 {staff.joined_on:%Y-%m-%d}"})
    last = staff.transfers.order_by("-on").first()
    if last is not None and on < last.on:
        raise ValidationError({"on": f"调动日期早于上一次调动（{last.on:%Y-%m-%d}）"})
    record = Transfer.objects.create(staff=staff, from_unit=staff.unit, to_unit=to_unit, on=on, reason=reason[:200])
    staff.unit = to_unit
    staff.cluster_duty = False  # HZ-1: cluster work is assigned anew by the receiving hub
    staff.save()
    return record


# --- editing a person's basic fields by hand -----------------------------------------------------------

EDITABLE_FIELDS = ("full_name", "id_number", "sex", "birth_date", "staff_type", "duty_category", "post",
                   "position", "deputy_section_rank", "cluster_duty", "education", "major", "passed_legal_exam",
                   "phone", "joined_on")


@transaction.atomic
def update_member(*, actor, member: StaffMember, **changes) -> StaffMember:
    """The basic fields of a person, checked as the roster import checks them: the ID number valid and in
    agreement with birth date and sex, one serving record per person, dates in order. The unit changes only
    by a transfer, leaving only by an exit, the level only through the level history."""
    check_in_scope(actor, member.unit)
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(f"这些字段不能在此修改：{'、'.join(unknown)}（单位请办理调动，离岗请办理离岗，层级请设定层级）")
    errors: dict[str, list[str]] = {}
    if "full_name" in changes and not str(changes["full_name"] or "").strip():
        errors["full_name"] = ["请填写姓名"]
    id_number = str(changes.get("id_number", member.id_number) or "").strip().upper()
    birth = changes.get("birth_date", member.birth_date)
    sex = changes.get("sex", member.sex)
    try:
        info = validate_person(id_number=id_number, birth_date=birth, sex=sex)
    except ValidationError as exc:
        for field, messages_ in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages_)
        info = None
    staff_type = changes.get("staff_type", member.staff_type)
    if (member.staff_type == StaffType.JUDICIAL_ASSISTANT and staff_type != StaffType.JUDICIAL_ASSISTANT
            and member.levels.exists()):
        errors.setdefault("staff_type", []).append(
            f"{member.full_name} 已有司法协理员层级记录，不能改为其他人员类别；如确已转岗，请先办理离岗再重新登记")
    joined = changes.get("joined_on", member.joined_on)
    not_future(errors, "joined_on", "到岗日期", joined, wording=AFTER_TODAY)
    first = member.contracts.order_by("start").first()
    if joined and first is not None and first.start < joined - datetime.timedelta(days=366):
        errors.setdefault("joined_on", []).append(
            f"到岗日期 {joined:%Y-%m-%d} 远晚于第一份合同的开始日期 {first.start:%Y-%m-%d}")
    if errors:
        raise ValidationError(errors)
    for field, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(member, field, value)
    member.id_number = info.number
    member.birth_date, member.sex = info.birth_date, info.sex
    if member.staff_type != StaffType.JUDICIAL_ASSISTANT:
        member.assistant_level = None
    validate_member(member)
    member.save()
    if "full_name" in changes:
        # a linked login account shows the roster's name (one person, one name: issue 18)
        from sifasuo.accounts.models import User

        for account in User.objects.filter(staff_member=member):
            if account.full_name != member.full_name:
                account.full_name = member.full_name
                account.save(update_fields=["full_name"])
    return member
