"""Writes of the alerts (D49, D50): the refresh that reconciles the stored items with what the rules find, and
the actions people take on them (办结, 暂缓, 指派, their undoing, clearing the historical list).

Every action locks the item (`select_for_update` inside `transaction.atomic`) and checks the version the user
saw: of two people acting on one item at once, one wins and the other is told in Chinese what happened.
Actions are saves of a ChangeLoggedModel, so each is in the change log; the refresh's bulk status changes are
logged with `log_bulk_update`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sifasuo.core.changelog import log_bulk_update
from sifasuo.core.scoping import ancestor_path, in_scope, path_codes, restrict, scope_error
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import engine
from .engine import Alert, Rule
from .models import ACTIVE, AlertItem, Status

BATCH = 2000
AUTO_CLOSED = "条件已消除（记录已办结或不再满足提醒条件），系统自动关闭"
SNOOZE_ENDED = "暂缓期满，重新提醒"
_TEXT_FIELDS = ("unit_id", "unit_path", "subject", "message", "url", "basis", "legacy")


# --- 启用日期 ------------------------------------------------------------------------------------------------

def county_path(unit_path: str) -> str | None:
    """The county's path of a unit at or below a county ("/37/3701/370102/…" → "/37/3701/370102/")."""
    return ancestor_path(unit_path, 3) if len(path_codes(unit_path)) >= 3 else None


class ManagedFrom:
    """启用日期 of the counties (their own, or the day their unit was loaded), read once per refresh."""

    def __init__(self, under: str | None = None):
        rows = OrgUnit.objects.filter(level=Level.COUNTY)
        if under:
            top = county_path(under)
            rows = rows.filter(path=top) if top else rows.filter(path__under=under)
        self.dates = {path: managed or timezone.localtime(created).date()
                      for path, managed, created in rows.values_list("path", "managed_from", "created_at")}

    def legacy(self, unit_path: str, due: datetime.date) -> bool:
        county = county_path(unit_path)
        start = self.dates.get(county) if county else None
        return start is not None and due < start


def managed_from(county: OrgUnit) -> datetime.date:
    return county.managed_from or timezone.localtime(county.created_at).date()


def apply_managed_from(county: OrgUnit) -> int:
    """Re-mark the county's items after its 启用日期 changed: before it historical, from it alerts. Returns
    the number of items whose mark changed."""
    start = managed_from(county)
    items = AlertItem.objects.filter(unit_path__under=county.path)
    changed = items.filter(legacy=False, due__lt=start).update(legacy=True)
    changed += items.filter(legacy=True, due__gte=start).update(legacy=False)
    return changed


# --- the refresh --------------------------------------------------------------------------------------------

@dataclass
class Refreshed:
    created: int = 0
    updated: int = 0
    closed: int = 0
    reopened: int = 0
    rules: list[str] = field(default_factory=list)

    def add(self, other: "Refreshed") -> None:
        self.created += other.created
        self.updated += other.updated
        self.closed += other.closed
        self.reopened += other.reopened
        self.rules += other.rules

    def __str__(self) -> str:
        return (f"新增 {self.created} 项，更新 {self.updated} 项，自动关闭 {self.closed} 项，"
                f"重新打开 {self.reopened} 项")


def refresh(*, path: str | None = None, codes: Iterable[str] | None = None,
            today: datetime.date | None = None) -> Refreshed:
    """Run the rules (all, or `codes`) for the units under `path` (every tree when None) and make the stored
    items match: new ones added, texts updated, items the rules no longer find closed (recorded as closed by
    the system), closed ones found again reopened, expired snoozes reopened. Items people closed (办结,
    清理) stay closed."""
    today = today or timezone.localdate()
    registry = engine.rules()
    chosen = list(registry.values()) if codes is None else [registry[c] for c in codes if c in registry]
    roots = [path] if path else list(OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True))
    managed = ManagedFrom(path)
    result = Refreshed()
    for rule in chosen:
        for root in roots:
            with transaction.atomic():
                result.add(_refresh_rule(rule, root, today, managed))
    _end_snoozes(path, today)
    return result


def _fresh(rule: Rule, root: str, today: datetime.date) -> dict[tuple[str, datetime.date], Alert]:
    fresh: dict[tuple[str, datetime.date], Alert] = {}
    for a in rule.collect(root, today):
        key = (a.record or f"{a.unit_path}:{a.subject}", a.due)
        if key in fresh:   # one item per record and deadline: two findings of it are one item
            first = fresh[key]
            if a.message not in first.message:
                fresh[key] = Alert(**{**first.__dict__, "message": f"{first.message}；{a.message}"[:500]})
            continue
        fresh[key] = a
    return fresh


_COLUMNS = ("id", "record", "due", "status", *_TEXT_FIELDS)


def _refresh_rule(rule: Rule, root: str, today: datetime.date, managed: ManagedFrom) -> Refreshed:
    result = Refreshed(rules=[rule.code])
    fresh = _fresh(rule, root, today)
    stored = {(r[1], r[2]): r for r in AlertItem.objects.filter(rule=rule.code, unit_path__under=root)
              .values_list(*_COLUMNS).iterator(chunk_size=5000)}
    # Found now but stored under another unit (the record moved): the stored item follows it.
    missing = sorted({record for record, due in fresh if (record, due) not in stored})
    for i in range(0, len(missing), 500):
        for r in AlertItem.objects.filter(rule=rule.code, record__in=missing[i:i + 500]).values_list(*_COLUMNS):
            stored.setdefault((r[1], r[2]), r)
    new: list[AlertItem] = []
    changed: list[AlertItem] = []
    reopen: list[int] = []
    for key, a in fresh.items():
        texts = (a.unit_id, a.unit_path, a.subject[:200], a.message[:500], a.url[:300],
                 (a.basis or rule.basis)[:300], managed.legacy(a.unit_path, a.due))
        row = stored.get(key)
        if row is None:
            new.append(AlertItem(rule=rule.code, record=key[0][:200], due=a.due, status=Status.OPEN,
                                 **dict(zip(_TEXT_FIELDS, texts))))
            continue
        if tuple(row[4:]) != texts:
            changed.append(AlertItem(id=row[0], **dict(zip(_TEXT_FIELDS, texts))))
        if row[3] == Status.RESOLVED:
            reopen.append(row[0])
    gone = [row[0] for key, row in stored.items() if key not in fresh and row[3] in ACTIVE
            and row[5].startswith(root)]
    AlertItem.objects.bulk_create(new, batch_size=BATCH)
    AlertItem.objects.bulk_update(changed, list(_TEXT_FIELDS), batch_size=BATCH)
    result.created, result.updated = len(new), len(changed)
    result.closed = _set_status(gone, Status.RESOLVED, note=AUTO_CLOSED, closed=True)
    result.reopened = _set_status(reopen, Status.OPEN, note="", closed=False)
    return result


def _set_status(ids: list[int], status: str, *, note: str, closed: bool) -> int:
    """A status change made by the system, for many items, in the change log like any other."""
    if not ids:
        return 0
    now = timezone.now()
    for i in range(0, len(ids), BATCH):
        chunk = ids[i:i + BATCH]
        before = {pk: {"status": s, "note": n, "closed_at": c.isoformat() if c else None, "version": v,
                       "snoozed_until": u.isoformat() if u else None}
                  for pk, s, n, c, v, u in AlertItem.objects.filter(pk__in=chunk).values_list(
                      "pk", "status", "note", "closed_at", "version", "snoozed_until")}
        AlertItem.objects.filter(pk__in=chunk).update(
            status=status, note=note, closed_at=now if closed else None, version=F("version") + 1,
            snoozed_until=None, acted_by=None, acted_at=now)
        log_bulk_update(AlertItem.objects.filter(pk__in=chunk).select_related("unit"), before_values=before)
    return len(ids)


def _end_snoozes(path: str | None, today: datetime.date) -> int:
    items = AlertItem.objects.filter(status=Status.SNOOZED, snoozed_until__lte=today)
    if path:
        items = items.filter(unit_path__under=path)
    return _set_status(list(items.values_list("pk", flat=True)), Status.OPEN, note=SNOOZE_ENDED, closed=False)


def refresh_path_for(unit: OrgUnit | None) -> str | None:
    """Where a change to a record of `unit` can start or end items: its office's subtree (an office's
    items may come from its workstations' records), or the unit itself above the office level."""
    if unit is None or not unit.path:
        return None
    return ancestor_path(unit.path, Level.OFFICE)


# --- actions ------------------------------------------------------------------------------------------------

ACTION_LABELS = {"done": "办结", "snooze": "暂缓", "assign": "指派", "reopen": "恢复待处理"}


def _locked(actor, item_id: int, version: int | None) -> AlertItem:
    """The item, locked, after the checks every action shares: the actor may act on alerts, may see the rule,
    the item is in scope, and nobody acted on it since the actor loaded it."""
    if not actor.can("alerts.act"):
        raise PermissionDenied("您的角色不能处理提醒事项。")
    item = restrict(AlertItem.objects.select_for_update(), actor).filter(pk=item_id).first()
    if item is None:
        raise ValidationError("未找到该提醒事项，或该事项不在您的管辖范围内。")
    rule = engine.rules().get(item.rule)
    if rule is not None and not actor.can(rule.capability):
        raise PermissionDenied("您的角色不能查看该类提醒。")
    if version is not None and item.version != version:
        who = item.acted_by.display_name if item.acted_by_id else "系统"
        when = timezone.localtime(item.acted_at).strftime("%m-%d %H:%M") if item.acted_at else ""
        raise ValidationError(f"该事项已被{who}于{when}处理（当前状态：{item.get_status_display()}），"
                              "您看到的已不是最新情况，请刷新页面后再操作。")
    return item


def _acted(item: AlertItem, actor, **changes) -> AlertItem:
    for name, value in changes.items():
        setattr(item, name, value)
    item.acted_by = actor
    item.acted_at = timezone.now()
    item.version += 1
    item.save()
    return item


@transaction.atomic
def complete(*, actor, item_id: int, version: int | None, note: str) -> AlertItem:
    """办结: the item was dealt with; the note says how."""
    item = _locked(actor, item_id, version)
    if item.status not in ACTIVE:
        raise ValidationError(f"该事项{item.get_status_display()}，不能再办结。")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": ["请填写办结说明"]})
    return _acted(item, actor, status=Status.DONE, note=note[:500], closed_at=timezone.now(), snoozed_until=None)


@transaction.atomic
def snooze(*, actor, item_id: int, version: int | None, until: datetime.date | None, reason: str,
           today: datetime.date | None = None) -> AlertItem:
    """暂缓 until a date, for a reason: the item leaves the inbox and comes back on that day."""
    today = today or timezone.localdate()
    item = _locked(actor, item_id, version)
    if item.status not in ACTIVE:
        raise ValidationError(f"该事项{item.get_status_display()}，不能暂缓。")
    errors = {}
    if until is None:
        errors["snoozed_until"] = ["请填写暂缓至哪一天"]
    elif until <= today:
        errors["snoozed_until"] = [f"暂缓日期 {until:%Y-%m-%d} 应晚于今天"]
    elif until > today + datetime.timedelta(days=366):
        errors["snoozed_until"] = ["暂缓不能超过一年"]
    if not (reason or "").strip():
        errors["note"] = ["请填写暂缓理由"]
    if errors:
        raise ValidationError(errors)
    return _acted(item, actor, status=Status.SNOOZED, snoozed_until=until, note=reason.strip()[:500])


def colleagues(actor, item: AlertItem):
    """Who the item may be assigned to: active accounts of the item's unit or of the actor's own unit that may
    act on alerts and see the item's rule."""
    from sifasuo.accounts.models import User

    rule = engine.rules().get(item.rule)
    units = {item.unit_id, actor.unit_id} - {None}
    people = (User.objects.filter(is_active=True, unit_id__in=units).select_related("unit")
              .order_by("unit__path", "username"))
    return [u for u in people if u.can("alerts.act") and (rule is None or u.can(rule.capability))
            and in_scope(actor, u.unit.path)]


@transaction.atomic
def assign(*, actor, item_id: int, version: int | None, assignee_id: int | None) -> AlertItem:
    """指派 to a colleague of the unit (None: take the assignment back)."""
    item = _locked(actor, item_id, version)
    if item.status not in ACTIVE:
        raise ValidationError(f"该事项{item.get_status_display()}，不能指派。")
    assignee = None
    if assignee_id is not None:
        assignee = next((u for u in colleagues(actor, item) if u.pk == assignee_id), None)
        if assignee is None:
            raise ValidationError({"assigned_to": ["只能指派给本单位或事项所在单位、可以处理该类提醒的在用账号"]})
    return _acted(item, actor, assigned_to=assignee)


@transaction.atomic
def reopen(*, actor, item_id: int, version: int | None) -> AlertItem:
    """Undo 办结 or 暂缓 (or a clearing): the item is waiting again."""
    item = _locked(actor, item_id, version)
    if item.status not in (Status.DONE, Status.SNOOZED, Status.DISMISSED):
        raise ValidationError(f"该事项{item.get_status_display()}，无需恢复。")
    return _acted(item, actor, status=Status.OPEN, note="", closed_at=None, snoozed_until=None)


# --- the historical list ------------------------------------------------------------------------------------

def can_clear_legacy(actor) -> bool:
    """Clearing a county's historical items is the county's (or a level above's) business."""
    unit = getattr(actor, "unit", None)
    return actor.can("alerts.act") and (actor.is_superuser or (unit is not None and unit.level <= Level.COUNTY))


@transaction.atomic
def clear_legacy(*, actor, items, expected: int, outcome: str, reason: str) -> int:
    """Close every open historical item of `items` (a queryset the page built from its filters) at once, with a
    reason: `outcome` "done" (已处理) or "dismissed" (不再处理). `expected` is the count the user confirmed: when
    the list changed meanwhile nothing is cleared."""
    if not can_clear_legacy(actor):
        raise PermissionDenied("只有县级及以上可以清理历史遗留事项。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"note": ["请填写清理理由"]})
    if outcome not in (Status.DONE, Status.DISMISSED):
        raise ValidationError({"outcome": ["请选择“已处理”或“不再处理”"]})
    chosen = list(restrict(items, actor).select_for_update().filter(legacy=True, status__in=ACTIVE)
                  .values_list("pk", "status", "note", "version"))
    if len(chosen) != expected:
        raise ValidationError(f"列表已变化（现有 {len(chosen)} 项，确认时为 {expected} 项），未清理任何事项，请刷新后重新确认。")
    now = timezone.now()
    before = {pk: {"status": s, "note": n, "version": v, "closed_at": None} for pk, s, n, v in chosen}
    ids = list(before)
    for i in range(0, len(ids), BATCH):
        chunk = ids[i:i + BATCH]
        AlertItem.objects.filter(pk__in=chunk).update(status=outcome, note=f"历史遗留清理：{reason}"[:500],
                                                      closed_at=now, acted_by=actor, acted_at=now,
                                                      snoozed_until=None, version=F("version") + 1)
        log_bulk_update(AlertItem.objects.filter(pk__in=chunk).select_related("unit"),
                        before_values={pk: before[pk] for pk in chunk})
    return len(ids)


def set_managed_from(*, actor, county: OrgUnit, day: datetime.date | None) -> int:
    """Set a county's 启用日期 (through the unit service: change-logged, scope-checked) and re-mark its items."""
    from sifasuo.orgunits.services import update_unit

    if not actor.can("org.manage"):
        raise PermissionDenied("只有管理员可以设置启用日期。")
    if county.level != Level.COUNTY or scope_error(actor, county):
        raise ValidationError({"managed_from": ["只能设置本县（区）或管辖范围内县（区）的启用日期"]})
    if day is not None and day > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"managed_from": [f"启用日期 {day:%Y-%m-%d} 太远，应在一年之内"]})
    with transaction.atomic():
        update_unit(unit=county, managed_from=day)
        return apply_managed_from(county)
