"""Writes of the standardization module. Every rule lives here, with its Chinese message; what a standard
requires comes from its file (rooms, equipment items, 六统一 …), never from code."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core import transitions
from sifasuo.core.changelog import log_bulk_create
from sifasuo.core.scoping import scope_error
from sifasuo.core.validation import one_of
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import selectors
from .choices import (BuildStatus, DirectorRank, EquipmentStatus, FindingResult, FollowUpStatus, PlanKind,
                      ProgressStatus, ResponsibleLevel, TaskForceGroup, TaskForceRole, Tenure)
from .models import (EquipmentItem, FollowUp, Inspection, InspectionFinding, InspectionPhoto, Milestone,
                     MilestoneProgress, OfficeProfile, Phase, Plan, TaskForceMember, WorkstationProfile)

MAX_FLOOR_AREA = Decimal(5000)          # no office has more; a larger figure is a typing error
MAX_EQUIPMENT_QUANTITY = 500
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": (".jpg", ".jpeg"), b"\x89PNG\r\n\x1a\n": (".png",)}


def _today() -> datetime.date:
    return datetime.date.today()


def _scope_error(actor, unit: OrgUnit, errors: dict, key: str = "unit") -> bool:
    message = scope_error(actor, unit)
    if message:
        errors[key] = [message]
        return True
    return False


def _standard_or_error(unit: OrgUnit, errors: dict):
    standard, _ = selectors.standard_for(unit)
    if standard is None:
        errors.setdefault("unit", []).append(f"「{unit.name}」所在地区没有适用的建设标准（policies/standards/）")
    return standard


def _check_items(standard, fact: str, values, label: str, errors: dict, key: str) -> list[str]:
    allowed = standard.items_of(fact) if standard else {}
    values = list(dict.fromkeys(values or []))
    unknown = [v for v in values if v not in allowed]
    if standard and unknown:
        errors[key] = [f"「{v}」不是《{standard.name}》规定的{label}，可选："
                       f"{'、'.join(f'{k}（{n}）' for k, n in allowed.items())}" for v in unknown]
    return values


# --- offices ---------------------------------------------------------------------------------------


OFFICE_FIELDS = ("floor_area", "tenure", "property_certificate", "certificate_number", "premises_independent",
                 "rooms", "identity", "separation", "director", "director_name", "director_rank", "note")


def _refuse_unknown_fields(fields: dict, allowed) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({"__all__": [f"不能修改的字段：{'、'.join(sorted(unknown))}"]})


@transaction.atomic
def save_office_profile(*, actor, unit: OrgUnit, **fields) -> OfficeProfile:
    """Create or update an office's premises and organisation (WH-2, WH-5, WH-6, WH-7.2, WH-12)."""
    _refuse_unknown_fields(fields, OFFICE_FIELDS)
    errors: dict[str, list[str]] = {}
    if not _scope_error(actor, unit, errors) and unit.level != Level.OFFICE:
        errors["unit"] = [f"「{unit.name}」不是司法所，不能登记司法所用房和功能室"]
    if errors:
        raise ValidationError(errors)
    standard = _standard_or_error(unit, errors)
    profile = OfficeProfile.objects.filter(unit=unit).first() or OfficeProfile(unit=unit)
    if "floor_area" in fields and fields["floor_area"] not in (None, ""):
        try:
            area = Decimal(str(fields["floor_area"]))
        except InvalidOperation:
            errors["floor_area"] = [f"面积“{fields['floor_area']}”不是数字"]
        else:
            shown = f"{area.normalize():f}"
            if area <= 0:
                errors["floor_area"] = [f"面积必须大于 0 m²（填的是 {shown} m²）"]
            elif area > MAX_FLOOR_AREA:
                errors["floor_area"] = [f"面积 {shown} m² 超过 {MAX_FLOOR_AREA} m²，不合常理，请核对单位（平方米）"]
            fields["floor_area"] = area.quantize(Decimal("0.1"))
    elif "floor_area" in fields:
        fields["floor_area"] = None
    if fields.get("tenure"):
        one_of(errors, "tenure", "用房产权", fields["tenure"], Tenure, refusal="无效，可选")
    if fields.get("director") is not None:
        _director_error(actor, unit, fields["director"], errors)
    if fields.get("director_rank"):
        one_of(errors, "director_rank", "所长配备", fields["director_rank"], DirectorRank, refusal="无效，可选")
    for fact, label in (("rooms", "功能室"), ("identity", "标识项目"), ("separation", "“三分开”项目")):
        if fact in fields:
            fields[fact] = _check_items(standard, fact, fields[fact], label, errors, fact)
    if fields.get("property_certificate") is False and fields.get("certificate_number"):
        errors["certificate_number"] = ["没有产权证明时不应填写证书编号"]
    if errors:
        raise ValidationError(errors)
    for key, value in fields.items():
        setattr(profile, key, "" if value is None and key in ("tenure", "director_rank", "certificate_number",
                                                               "director_name", "note") else value)
    if profile.director_id:
        profile.director_name = ""     # the name is the roster entry's (issue 18: one person, one name)
    profile.save()
    return profile


def _director_error(actor, unit: OrgUnit, director, errors: dict) -> None:
    """The director is picked from the office's own roster: a serving person of this office, in the actor's
    scope (another unit's person answers as a missing one)."""
    if message := scope_error(actor, director.unit, "所长", director.pk):   # naming only the id that was sent
        errors["director"] = [message]
    elif director.unit_id != unit.id:
        errors["director"] = [f"所长须是「{unit.name}」花名册上的人员，{director.full_name}在「{director.unit.name}」"]
    elif director.left_on is not None:
        errors["director"] = [f"{director.full_name} 已于 {director.left_on:%Y-%m-%d} 离岗，不能登记为所长"]


def _equipment_errors(unit: OrgUnit, data: dict, errors: dict) -> None:
    standard = _standard_or_error(unit, errors)
    allowed = standard.items_of("equipment") if standard else {}
    item = data.get("item")
    if standard and item not in allowed:
        errors["item"] = [f"「{item}」不是《{standard.name}》规定的装备类别，可选："
                          f"{'、'.join(f'{k}（{n}）' for k, n in allowed.items())}"]
    quantity = data.get("quantity")
    if quantity is not None and not (1 <= int(quantity) <= MAX_EQUIPMENT_QUANTITY):
        errors["quantity"] = [f"数量应在 1 至 {MAX_EQUIPMENT_QUANTITY} 之间（填的是 {quantity}）"]
    acquired = data.get("acquired_on")
    if acquired and acquired > _today():
        errors["acquired_on"] = [f"购置日期 {acquired:%Y-%m-%d} 晚于今天"]
    if data.get("status") and data["status"] not in EquipmentStatus.values:
        errors["status"] = [f"状态“{data['status']}”无效"]
    if not (data.get("name") or "").strip():
        errors["name"] = ["请填写品名型号"]
    number = (data.get("asset_number") or "").strip()
    if number:
        clash = EquipmentItem.objects.filter(unit=unit, asset_number=number)
        if data.get("_pk"):
            clash = clash.exclude(pk=data["_pk"])
        if clash.exists():
            errors["asset_number"] = [f"资产编号 {number} 在本所资产账目中已存在"]


@transaction.atomic
def add_equipment(*, actor, unit: OrgUnit, item: str, name: str, quantity: int = 1, asset_number: str = "",
                  acquired_on: datetime.date | None = None, status: str = EquipmentStatus.IN_USE,
                  note: str = "") -> EquipmentItem:
    """A line of the office's asset ledger (WH-7); the item must be one the standard names."""
    errors: dict[str, list[str]] = {}
    if not _scope_error(actor, unit, errors) and unit.level != Level.OFFICE:
        errors["unit"] = [f"「{unit.name}」不是司法所，装备资产账目只登记司法所的装备"]
    if errors:
        raise ValidationError(errors)
    data = dict(item=item, name=name, quantity=quantity, asset_number=asset_number, acquired_on=acquired_on,
                status=status, note=note)
    _equipment_errors(unit, data, errors)
    if errors:
        raise ValidationError(errors)
    return EquipmentItem.objects.create(unit=unit, item=item, name=name.strip(), quantity=quantity,
                                        asset_number=asset_number.strip(), acquired_on=acquired_on,
                                        status=status or EquipmentStatus.IN_USE, note=note)


@transaction.atomic
def update_equipment(*, actor, equipment: EquipmentItem, **changes) -> EquipmentItem:
    errors: dict[str, list[str]] = {}
    if _scope_error(actor, equipment.unit, errors):
        raise ValidationError(errors)
    allowed = {"item", "name", "quantity", "asset_number", "acquired_on", "status", "note"}
    data = {f: getattr(equipment, f) for f in allowed}
    data.update({k: v for k, v in changes.items() if k in allowed})
    _equipment_errors(equipment.unit, {**data, "_pk": equipment.pk}, errors)
    if errors:
        raise ValidationError(errors)
    for key, value in data.items():
        setattr(equipment, key, value)
    equipment.save()
    return equipment


@transaction.atomic
def delete_equipment(*, actor, equipment: EquipmentItem) -> None:
    errors: dict[str, list[str]] = {}
    if _scope_error(actor, equipment.unit, errors):
        raise ValidationError(errors)
    equipment.delete()


def bulk_add_equipment(*, actor, unit: OrgUnit, rows: list[dict], row_numbers: list[int] | None = None
                       ) -> list[EquipmentItem]:
    """Many ledger lines at once (Excel import, seeding): all or nothing; errors numbered by row."""
    errors: dict[str, list[str]] = {}
    if not _scope_error(actor, unit, errors) and unit.level != Level.OFFICE:
        errors["unit"] = [f"「{unit.name}」不是司法所"]
    if errors:
        raise ValidationError(errors)
    seen: dict[str, int] = {}
    problems: list[str] = []
    numbers = row_numbers or list(range(1, len(rows) + 1))
    for n, row in zip(numbers, rows):
        row_errors: dict[str, list[str]] = {}
        _equipment_errors(unit, row, row_errors)
        number = (row.get("asset_number") or "").strip()
        if number and number in seen:
            row_errors.setdefault("asset_number", []).append(f"资产编号 {number} 与第{seen[number]}行重复")
        seen.setdefault(number, n) if number else None
        problems.extend(f"第{n}行：{m}" for msgs in row_errors.values() for m in msgs)
    if problems:
        raise ValidationError({"__all__": problems})
    items = [EquipmentItem(unit=unit, item=r["item"], name=r["name"].strip(), quantity=r.get("quantity") or 1,
                           asset_number=(r.get("asset_number") or "").strip(), acquired_on=r.get("acquired_on"),
                           status=r.get("status") or EquipmentStatus.IN_USE, note=r.get("note") or "")
             for r in rows]
    with transaction.atomic():
        EquipmentItem.objects.bulk_create(items, batch_size=1000)
        log_bulk_create(items)
    return items


# --- workstations ----------------------------------------------------------------------------------


WORKSTATION_FIELDS = ("head_name", "head_position", "status", "initial_status", "deadline", "built_on",
                      "six_unified", "layout", "funding", "legal_adviser", "note")


@transaction.atomic
def save_workstation_profile(*, actor, unit: OrgUnit, **fields) -> WorkstationProfile:
    """Create or update a workstation's build status and standard items (SD-3 … SD-7)."""
    _refuse_unknown_fields(fields, WORKSTATION_FIELDS)
    errors: dict[str, list[str]] = {}
    if unit.level != Level.WORKSTATION:
        errors["unit"] = [f"「{unit.name}」不是司法行政工作室"]
    elif message := scope_error(actor, unit):
        errors["unit"] = [message]
    if errors:
        raise ValidationError(errors)
    standard = _standard_or_error(unit, errors)
    profile = WorkstationProfile.objects.filter(unit=unit).first()
    creating = profile is None
    profile = profile or WorkstationProfile(unit=unit)
    for key in ("status", "initial_status"):
        if key in fields:
            one_of(errors, key, "建设状态", fields[key], BuildStatus, refusal="无效，可选")
    for fact, label in (("six_unified", "“六统一”项目"), ("layout", "“3111”功能设置"), ("funding", "经费渠道")):
        if fact in fields:
            fields[fact] = _check_items(standard, fact, fields[fact], label, errors, fact)
    if errors:
        raise ValidationError(errors)
    for key, value in fields.items():
        setattr(profile, key, "" if value is None and key in ("head_name", "head_position", "legal_adviser",
                                                               "note") else value)
    if creating and "initial_status" not in fields:
        profile.initial_status = profile.status
    if profile.deadline is None and standard is not None and profile.status != BuildStatus.BUILT:
        profile.deadline = standard.deadline_for(profile.initial_status)  # SD-4
    if profile.built_on and profile.built_on > _today():
        errors["built_on"] = [f"建成日期 {profile.built_on:%Y-%m-%d} 晚于今天"]
    if profile.built_on and profile.status != BuildStatus.BUILT:
        errors["built_on"] = ["尚未建成的工作室不能填写建成日期"]
    if errors:
        raise ValidationError(errors)
    profile.save()
    return profile


# --- plans -----------------------------------------------------------------------------------------


def _plan_scope(actor, plan: Plan, errors: dict) -> None:
    if scope_error(actor, plan.unit):
        errors["plan"] = [f"方案「{plan.name}」由{plan.unit.name}印发，只有该局及上级可以修改"]


@transaction.atomic
def create_plan(*, actor, unit: OrgUnit, code: str, name: str, kind: str, start: datetime.date,
                end: datetime.date, document: str = "", rule_ids: str = "", note: str = "") -> Plan:
    errors: dict[str, list[str]] = {}
    if not _scope_error(actor, unit, errors) and unit.level not in (Level.PROVINCE, Level.CITY):
        errors["unit"] = [f"试点与建设方案由市级或省级司法行政机关印发，「{unit.name}」不能印发"]
    if kind not in PlanKind.values:
        errors["kind"] = [f"类别“{kind}”无效"]
    if start > end:
        errors["end"] = [f"截止日期 {end:%Y-%m-%d} 早于起始日期 {start:%Y-%m-%d}"]
    if Plan.objects.filter(code=code).exists():
        errors["code"] = [f"方案代码 {code} 已存在"]
    if errors:
        raise ValidationError(errors)
    return Plan.objects.create(unit=unit, code=code, name=name, kind=kind, start=start, end=end,
                               document=document, rule_ids=rule_ids, note=note)


@transaction.atomic
def add_phase(*, actor, plan: Plan, order: int, name: str, start: datetime.date, end: datetime.date,
              description: str = "") -> Phase:
    errors: dict[str, list[str]] = {}
    _plan_scope(actor, plan, errors)
    if start > end:
        errors["end"] = [f"阶段结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}"]
    if start < plan.start or end > plan.end:
        errors["start"] = [f"阶段「{name}」（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）超出方案期限"
                           f"（{plan.start:%Y-%m-%d} 至 {plan.end:%Y-%m-%d}）"]
    if Phase.objects.filter(plan=plan, order=order).exists():
        errors["order"] = [f"方案已有第 {order} 阶段"]
    if errors:
        raise ValidationError(errors)
    return Phase.objects.create(plan=plan, order=order, name=name, start=start, end=end, description=description)


@transaction.atomic
def add_milestone(*, actor, phase: Phase, title: str, deadline: datetime.date, responsible: str,
                  responsible_level: str = ResponsibleLevel.COUNTY, rule_id: str = "",
                  order: int | None = None) -> Milestone:
    """A milestone inside its phase; a county-level one opens a progress line for every county of the plan."""
    plan = phase.plan
    errors: dict[str, list[str]] = {}
    _plan_scope(actor, plan, errors)
    if not phase.start <= deadline <= phase.end:
        errors["deadline"] = [f"节点期限 {deadline:%Y-%m-%d} 不在「{phase.name}」"
                              f"（{phase.start:%Y-%m-%d} 至 {phase.end:%Y-%m-%d}）之内"]
    if responsible_level not in ResponsibleLevel.values:
        errors["responsible_level"] = [f"责任层级“{responsible_level}”无效"]
    if not title.strip():
        errors["title"] = ["请填写节点任务"]
    if errors:
        raise ValidationError(errors)
    if order is None:
        order = Milestone.objects.filter(plan=plan).count() + 1
    milestone = Milestone.objects.create(plan=plan, phase=phase, order=order, title=title.strip(),
                                         deadline=deadline, responsible=responsible,
                                         responsible_level=responsible_level, rule_id=rule_id)
    if responsible_level == ResponsibleLevel.COUNTY:
        counties = OrgUnit.objects.filter(path__under=plan.unit.path, level=Level.COUNTY, closed_on__isnull=True)
        rows = [MilestoneProgress(milestone=milestone, unit=c) for c in counties.order_by("code")]
        MilestoneProgress.objects.bulk_create(rows, batch_size=500)
        log_bulk_create(rows)
    return milestone


@transaction.atomic
def add_task_force_member(*, actor, plan: Plan, group: str, role: str, position: str, person: str = "",
                          order: int = 0) -> TaskForceMember:
    errors: dict[str, list[str]] = {}
    _plan_scope(actor, plan, errors)
    one_of(errors, "group", "所在机构", group, TaskForceGroup, refusal="无效，可选")
    one_of(errors, "role", "职务", role, TaskForceRole, refusal="无效，可选")
    if not position.strip():
        errors["position"] = ["请填写单位及职务"]
    if errors:
        raise ValidationError(errors)
    return TaskForceMember.objects.create(plan=plan, group=group, role=role, position=position.strip(),
                                          person=person, order=order)


@transaction.atomic
def report_progress(*, actor, progress: MilestoneProgress, status: str, done_on: datetime.date | None = None,
                    note: str = "") -> MilestoneProgress:
    """A county reports where it stands on a milestone."""
    errors: dict[str, list[str]] = {}
    if _scope_error(actor, progress.unit, errors):
        raise ValidationError(errors)
    transitions.lock(progress)
    one_of(errors, "status", "进展", status, ProgressStatus, refusal="无效，可选")
    plan = progress.milestone.plan
    if status == ProgressStatus.DONE and done_on is None:
        errors["done_on"] = ["已完成的节点请填写完成日期"]
    if done_on is not None:
        if status != ProgressStatus.DONE:
            errors["done_on"] = ["尚未完成的节点不能填写完成日期"]
        elif done_on > _today():
            errors["done_on"] = [f"完成日期 {done_on:%Y-%m-%d} 晚于今天"]
        elif done_on < plan.start:
            errors["done_on"] = [f"完成日期 {done_on:%Y-%m-%d} 早于方案起始日期 {plan.start:%Y-%m-%d}"]
    if errors:
        raise ValidationError(errors)
    progress.status, progress.done_on, progress.note = status, done_on, note
    progress.save()
    return progress


# --- inspections -----------------------------------------------------------------------------------


@transaction.atomic
def record_inspection(*, actor, unit: OrgUnit, inspector_unit: OrgUnit, inspectors: str,
                      visited_on: datetime.date, summary: str = "",
                      findings: list[dict] | None = None) -> Inspection:
    """A visit with findings against the checklist of the unit's standard."""
    errors: dict[str, list[str]] = {}
    if not _scope_error(actor, unit, errors) and unit.level not in (Level.OFFICE, Level.WORKSTATION):
        errors["unit"] = ["只能检查司法所或司法行政工作室"]
    if message := scope_error(actor, inspector_unit):
        errors["inspector_unit"] = [message]
    elif inspector_unit.level not in (Level.CITY, Level.COUNTY):
        errors["inspector_unit"] = ["检查单位应为市级或县级司法局"]
    elif not unit.path.startswith(inspector_unit.path):
        errors["inspector_unit"] = [f"「{unit.name}」不在「{inspector_unit.name}」的辖区内"]
    if visited_on > _today():
        errors["visited_on"] = [f"检查日期 {visited_on:%Y-%m-%d} 晚于今天"]
    if not inspectors.strip():
        errors["inspectors"] = ["请填写检查人员"]
    if errors:
        raise ValidationError(errors)
    standard, _ = selectors.standard_for(unit)
    ids = {r.id for r in standard.rules if r.per_unit} if standard else set()
    problems = []
    for n, f in enumerate(findings or [], start=1):
        if f.get("rule_id") not in ids:
            problems.append(f"第{n}项发现：「{f.get('rule_id')}」不是《{standard.name if standard else '建设标准'}》"
                            f"的检查项")
        if f.get("result") not in FindingResult.values:
            problems.append(f"第{n}项发现：结果“{f.get('result')}”无效")
    if problems:
        raise ValidationError({"findings": problems})
    inspection = Inspection.objects.create(unit=unit, inspector_unit=inspector_unit, inspectors=inspectors.strip(),
                                           visited_on=visited_on, summary=summary)
    for f in findings or []:
        InspectionFinding.objects.create(inspection=inspection, rule_id=f["rule_id"], result=f["result"],
                                         description=f.get("description", ""))
    return inspection


@transaction.atomic
def add_finding(*, actor, inspection: Inspection, rule_id: str, result: str, description: str = ""
                ) -> InspectionFinding:
    errors: dict[str, list[str]] = {}
    if _scope_error(actor, inspection.unit, errors, "inspection"):
        raise ValidationError(errors)
    standard, _ = selectors.standard_for(inspection.unit)
    ids = {r.id for r in standard.rules if r.per_unit} if standard else set()
    if rule_id not in ids:
        errors["rule_id"] = [f"「{rule_id}」不是《{standard.name if standard else '建设标准'}》的检查项，可选："
                             f"{'、'.join(sorted(ids))}"]
    if result not in FindingResult.values:
        errors["result"] = [f"结果“{result}”无效"]
    if errors:
        raise ValidationError(errors)
    return InspectionFinding.objects.create(inspection=inspection, rule_id=rule_id, result=result,
                                            description=description)


def check_photo(upload) -> list[str]:
    """Why a file cannot be an inspection photo (empty when it can): JPEG or PNG, at most 5 MB."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        return [f"照片「{name}」是空文件"]
    if size > MAX_PHOTO_BYTES:
        return [f"照片「{name}」有 {size / 1024 / 1024:.1f} MB，超过 5 MB 上限"]
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for magic, suffixes in PHOTO_TYPES.items():
        if head.startswith(magic):
            if not name.lower().endswith(suffixes):
                return [f"照片「{name}」的内容是 {suffixes[0][1:].upper()} 图片，但扩展名不符"]
            return []
    return [f"「{name}」不是 JPEG 或 PNG 图片，只能上传 JPG、PNG 格式的照片"]


@transaction.atomic
def add_photo(*, actor, inspection: Inspection, image, caption: str = "") -> InspectionPhoto:
    errors: dict[str, list[str]] = {}
    if _scope_error(actor, inspection.unit, errors, "inspection"):
        raise ValidationError(errors)
    problems = check_photo(image)
    if problems:
        raise ValidationError({"image": problems})
    photo = InspectionPhoto(inspection=inspection, caption=caption)
    photo.image.save(image.name.rsplit("/", 1)[-1], image, save=False)
    photo.save()
    return photo


@transaction.atomic
def add_follow_up(*, actor, inspection: Inspection, description: str, due_on: datetime.date,
                  responsible: str = "", rule_id: str = "") -> FollowUp:
    errors: dict[str, list[str]] = {}
    _scope_error(actor, inspection.unit, errors, "inspection")
    if due_on < inspection.visited_on:
        errors["due_on"] = [f"整改期限 {due_on:%Y-%m-%d} 早于检查日期 {inspection.visited_on:%Y-%m-%d}"]
    if not description.strip():
        errors["description"] = ["请填写整改事项"]
    if errors:
        raise ValidationError(errors)
    return FollowUp.objects.create(inspection=inspection, description=description.strip(), due_on=due_on,
                                   responsible=responsible, rule_id=rule_id)


@transaction.atomic
def close_follow_up(*, actor, follow_up: FollowUp, closed_on: datetime.date, closing_note: str) -> FollowUp:
    errors: dict[str, list[str]] = {}
    if _scope_error(actor, follow_up.inspection.unit, errors, "inspection"):
        raise ValidationError(errors)
    transitions.require(follow_up, lambda f: f.status != FollowUpStatus.CLOSED, "该整改事项已销号", field="status")
    if closed_on > _today():
        errors["closed_on"] = [f"销号日期 {closed_on:%Y-%m-%d} 晚于今天"]
    elif closed_on < follow_up.inspection.visited_on:
        errors["closed_on"] = [f"销号日期 {closed_on:%Y-%m-%d} 早于检查日期"]
    if not closing_note.strip():
        errors["closing_note"] = ["请填写整改结果"]
    if errors:
        raise ValidationError(errors)
    follow_up.status, follow_up.closed_on, follow_up.closing_note = FollowUpStatus.CLOSED, closed_on, closing_note
    follow_up.save()
    return follow_up
