"""Writes to the organisation tree. Every check that keeps the tree sound lives here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError, Value
from django.db.models.functions import Concat, Length, Substr

from sifasuo.core.changelog import log_bulk_create, log_bulk_update

from .choices import CODE_LENGTH, KINDS_BY_LEVEL, PARENT_PREFIX, Level, UnitKind
from .models import OrgUnit

EDITABLE_FIELDS = (
    "code", "name", "division_name", "level", "kind", "parent", "opened_on", "closed_on",
    "address", "phone", "population", "is_hub", "hub", "managed_from",
)


def _level_label(level: int) -> str:
    return Level(level).label


def unit_path(parent: OrgUnit | None, code: str) -> str:
    return (parent.path if parent else "/") + code + "/"


def parent_prefix(level: int, code: str) -> int:
    """How many leading digits a unit's code must share with its parent's.

    A township coded directly under a city (its first six digits end in 00: 东莞 441900003, 中山, 儋州) belongs
    to a city without counties; its office hangs under the county-level bureau that city's loader creates
    (orgunits.seeding, decision in docs/decisions.md), whose code shares the city's four digits only.
    """
    if level == Level.OFFICE and len(code) >= 6 and code[4:6] == "00":
        return 4
    return PARENT_PREFIX[level]


def validate_unit(unit: OrgUnit, *, check_duplicates: bool = True) -> None:
    """Raise ValidationError with Chinese messages per field if the unit cannot stand in the tree.

    Bulk loads check duplicate codes themselves, in memory, and pass check_duplicates=False.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    code = (unit.code or "").strip()
    level = unit.level
    parent = unit.parent
    if level not in Level.values:
        add("level", f"层级「{level}」无效，应为 1（省）至 5（工作室）")
        raise ValidationError(errors)

    expected_len = CODE_LENGTH[level]
    if not code.isdigit() or len(code) != expected_len:
        add("code", f"{_level_label(level)}的单位代码应为{expected_len}位数字，「{code}」不符合")
    elif level == Level.PROVINCE and not code.endswith("0000"):
        add("code", f"省级单位代码应以0000结尾（如370000），「{code}」不符合")
    elif level == Level.CITY and (not code.endswith("00") or code.endswith("0000")):
        add("code", f"市级单位代码应以00结尾且不以0000结尾（如370100），「{code}」不符合")
    elif level == Level.COUNTY and code.endswith("00"):
        add("code", f"县级单位代码末两位不能为00，「{code}」是市级代码")

    if unit.kind and unit.kind not in KINDS_BY_LEVEL[level]:
        allowed = "、".join(UnitKind(k).label for k in KINDS_BY_LEVEL[level])
        add("kind", f"{_level_label(level)}的类型只能是：{allowed}")

    if level == Level.PROVINCE:
        if parent is not None:
            add("parent", "省级司法厅不能有上级单位")
    elif parent is None:
        add("parent", f"{_level_label(level)}必须指定上级单位")
    else:
        if parent.level != level - 1:
            add("parent", f"上级单位「{parent.name}」是{_level_label(parent.level)}，其下只能设"
                          f"{_level_label(parent.level + 1)}，不能设{_level_label(level)}")
        elif "code" not in errors:
            prefix = parent_prefix(level, code)
            if code[:prefix] != parent.code[:prefix]:
                add("code", f"单位代码「{code}」不属于上级单位「{parent.name}」（代码{parent.code}）："
                            f"前{prefix}位应为{parent.code[:prefix]}")
        if unit.pk and (parent.pk == unit.pk or parent.path.startswith(unit.path or "\0")):
            add("parent", f"不能把「{unit.name}」移到它自己或它的下级单位「{parent.name}」之下（会形成循环）")
        if parent.closed_on and (unit.closed_on is None or unit.closed_on > parent.closed_on):
            add("parent", f"上级单位「{parent.name}」已于{parent.closed_on:%Y-%m-%d}撤销，不能在其下设立或保留开放的单位")

    if unit.opened_on and unit.closed_on and unit.closed_on < unit.opened_on:
        add("closed_on", f"撤销日期 {unit.closed_on:%Y-%m-%d} 早于设立日期 {unit.opened_on:%Y-%m-%d}")
    if not (unit.name or "").strip():
        add("name", "单位名称不能为空")
    if unit.managed_from and level != Level.COUNTY:
        add("managed_from", "启用日期按县（区）设置，只有县级单位可以填写")

    if check_duplicates and "code" not in errors:
        clash = OrgUnit.objects.filter(code=code).exclude(pk=unit.pk).only("name").first()
        if clash is not None:
            add("code", f"单位代码 {code} 已被「{clash.name}」使用，不能重复")

    if unit.is_hub and level != Level.OFFICE:
        add("is_hub", "只有司法所可以设为片区中心司法所")
    hub = unit.hub  # an unsaved hub during a bulk load, so compare codes, not primary keys
    if hub is not None:
        if level != Level.OFFICE:
            add("hub", "只有司法所可以加入片区")
        elif hub.code == code:
            add("hub", "片区中心所不能以自身为所属中心所")
        elif not hub.is_hub:
            add("hub", f"「{hub.name}」不是片区中心司法所")
        elif not same_county(hub, unit):
            add("hub", f"片区中心所「{hub.name}」与「{unit.name}」不属于同一县（区），不能组成片区"
                       + ("；如要把它移到其他县（区），请先清空其所属片区中心所" if hub.pk is not None and _stored_hub_id(unit) == hub.pk else ""))
        elif unit.is_hub:
            add("hub", "片区中心所本身不能再加入其他片区")
    if unit.pk and level == Level.OFFICE and not errors:
        _check_cluster_members(unit, add)
    if errors:
        raise ValidationError(errors)


def same_county(a: OrgUnit, b: OrgUnit) -> bool:
    """Whether two offices lie in the same county: an office's code begins with its county's code (seed 003)."""
    return a.code[:6] == b.code[:6]


def _stored_hub_id(unit: OrgUnit) -> int | None:
    loaded = getattr(unit, "_loaded_values", None) or {}
    return loaded.get("hub_id")


def _names(members: list[OrgUnit], limit: int = 5) -> str:
    shown = "、".join(f"「{m.name}」（{m.code}）" for m in members[:limit])
    return shown + (f"等{len(members)}个" if len(members) > limit else "")


def _check_cluster_members(unit: OrgUnit, add) -> None:
    """Seed 003: a hub's members are offices of its own county. An existing hub that stops being one, or
    moves to another county, would strand its members; the change is refused with the members named, and
    the user reassigns them first (nothing is detached behind their back: see docs/decisions.md)."""
    members = list(OrgUnit.objects.filter(hub_id=unit.pk).only("code", "name").order_by("code"))
    if not members:
        return
    if not unit.is_hub:
        add("is_hub", f"「{unit.name}」仍有片区成员所{_names(members)}，不能取消片区中心所；"
                      "请先把这些成员所改到其他中心所或移出片区")
        return
    stranded = [m for m in members if not same_county(m, unit)]
    if stranded:
        add("parent", f"「{unit.name}」是片区中心所，移动后成员所{_names(stranded)}与它不再属于同一县（区）；"
                      "请先把这些成员所改到其他中心所或移出片区，再移动")


@transaction.atomic
def create_unit(*, code: str, name: str, level: int, kind: str, parent: OrgUnit | None,
                division_name: str = "", opened_on: datetime.date | None = None,
                closed_on: datetime.date | None = None, address: str = "", phone: str = "",
                population: int | None = None, is_hub: bool = False, hub: OrgUnit | None = None) -> OrgUnit:
    unit = OrgUnit(
        code=code.strip(), name=name.strip(), level=level, kind=kind, parent=parent,
        division_name=division_name, opened_on=opened_on, closed_on=closed_on, address=address,
        phone=phone, population=population, is_hub=is_hub, hub=hub,
    )
    validate_unit(unit)
    unit.path = unit_path(parent, unit.code)
    unit.save()
    return unit


@transaction.atomic
def update_unit(*, unit: OrgUnit, **changes) -> OrgUnit:
    """Apply field changes; a new code or parent moves the whole subtree's paths in one statement."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    old_path = unit.path
    for field, value in changes.items():
        setattr(unit, field, value.strip() if isinstance(value, str) else value)
    try:
        validate_unit(unit)
    except ValidationError:
        unit.refresh_from_db()  # a refused change leaves the caller's object as it is stored
        raise
    new_path = unit_path(unit.parent, unit.code)
    if new_path != old_path:
        if unit.children.exists() and unit.level + 1 <= Level.WORKSTATION:
            _check_children_codes(unit)
        unit.path = new_path
        unit.save()
        OrgUnit.objects.filter(path__under=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(new_path), Substr(F("path"), Length(Value(old_path)) + 1))
        )
        moved = list(OrgUnit.objects.filter(path__under=new_path).exclude(pk=unit.pk))
        log_bulk_update(moved, before_values={u.pk: {"path": old_path + u.path[len(new_path):]} for u in moved})
    else:
        unit.save()
    return unit


def _check_children_codes(unit: OrgUnit) -> None:
    prefix = PARENT_PREFIX[unit.level + 1]
    children = unit.children.all()
    if unit.level + 1 == Level.OFFICE:
        # Offices coded directly under a city (441900003) only need the city's four digits.
        children = children.exclude(code__startswith=unit.code[:4] + "00")
    bad = children.exclude(code__startswith=unit.code[:prefix]).values_list("name", flat=True)[:3]
    if bad:
        raise ValidationError({"code": f"新代码 {unit.code} 与下级单位的代码不相符（如「{'、'.join(bad)}」）"})


@transaction.atomic
def delete_unit(*, unit: OrgUnit) -> None:
    if unit.children.exists():
        raise ValidationError(f"「{unit.name}」还有下级单位，不能删除；如已撤销，请填写撤销日期")
    try:
        unit.delete()
    except ProtectedError as exc:  # records of the registers belong to it
        kinds = "、".join(sorted({str(o._meta.verbose_name) for o in exc.protected_objects}))
        raise ValidationError(f"「{unit.name}」还有{kinds}等记录，不能删除；如已撤销，请填写撤销日期") from None


@dataclass(frozen=True)
class UnitRow:
    """One unit of a bulk load, parents before children; `parent_code` refers to an existing or earlier row."""

    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None
    division_name: str = ""
    population: int | None = None
    opened_on: datetime.date | None = None
    address: str = ""
    phone: str = ""
    is_hub: bool = False
    hub_code: str = ""  # the hub office (an earlier row or an existing unit) this office's cluster belongs to


@transaction.atomic
def bulk_load_units(rows: Iterable[UnitRow], *, row_numbers: list[int] | None = None,
                    batch_size: int = 2000) -> list[OrgUnit]:
    """Create many units at once (seeding, imports): every row validated, all or nothing.

    Rows already present with the same code are an error, as with single creates. Messages name rows
    by `row_numbers` (a spreadsheet's own numbering) or count from 1.
    """
    rows = list(rows)
    row_numbers = row_numbers or list(range(1, len(rows) + 1))
    codes = [r.code for r in rows]
    by_code: dict[str, OrgUnit] = {}
    parent_codes = {r.parent_code for r in rows if r.parent_code} | {r.hub_code for r in rows if r.hub_code}
    for existing in OrgUnit.objects.filter(code__in=parent_codes | set(codes)):
        by_code[existing.code] = existing
    errors: list[str] = []
    seen: set[str] = set()
    created: list[OrgUnit] = []
    pending_hubs: list[tuple[OrgUnit, OrgUnit]] = []
    for number, row in zip(row_numbers, rows):
        if row.code in seen or row.code in by_code:
            errors.append(f"第{number}行：单位代码 {row.code} 重复")
            continue
        seen.add(row.code)
        parent = by_code.get(row.parent_code) if row.parent_code else None
        if row.parent_code and parent is None:
            errors.append(f"第{number}行：上级单位代码 {row.parent_code} 不存在")
            continue
        unit = OrgUnit(code=row.code, name=row.name, level=row.level, kind=row.kind, parent=parent,
                       division_name=row.division_name, population=row.population,
                       opened_on=row.opened_on, address=row.address, phone=row.phone, is_hub=row.is_hub)
        if row.hub_code:
            if row.hub_code not in by_code:
                errors.append(f"第{number}行：片区中心所代码 {row.hub_code} 不存在")
                continue
            unit.hub = by_code[row.hub_code]
        try:
            validate_unit(unit, check_duplicates=False)
        except ValidationError as exc:
            errors.extend(f"第{number}行（{row.code} {row.name}）：{m}" for m in exc.messages)
            continue
        unit.path = unit_path(parent, unit.code)
        if unit.hub is not None:
            # The hub may be unsaved too: link it after the inserts.
            pending_hubs.append((unit, unit.hub))
            unit.hub = None
        by_code[unit.code] = unit
        created.append(unit)
        if len(errors) > 200:
            break
    if errors:
        raise ValidationError(errors)
    # Parents must have primary keys before children reference them: insert level by level.
    for level in sorted({u.level for u in created}):
        batch = [u for u in created if u.level == level]
        for u in batch:
            if u.parent is not None:
                u.parent_id = u.parent.pk
        OrgUnit.objects.bulk_create(batch, batch_size=batch_size)
    for member, hub in pending_hubs:
        member.hub = hub
    OrgUnit.objects.bulk_update([m for m, _ in pending_hubs], ["hub"], batch_size=batch_size)
    log_bulk_create(created)
    return created
