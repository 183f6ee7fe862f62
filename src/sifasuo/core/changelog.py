"""Writes the change log from model signals, and for bulk writes that bypass them.

Every logged change is also announced once per write (one object, or one bulk batch) with the `changes_logged`
signal: `sender` is the model, `changes` a list of `Change` (the snapshots before and after, and the path of
the record's unit). Readers that keep figures derived from the records (reporting's live aggregates) listen to
it, inside the writer's transaction, instead of each writer telling them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from . import context
from .models import ChangeLogEntry, ChangeLoggedModel

# Sent after the entries of a bulk write are logged (sender: the model, instances: the rows), so that what
# depends on the data (the stored alerts) hears of writes that send no post_save.
bulk_logged = Signal()
changes_logged = Signal()
# sent at the end of `batch()`, with completed=True when its body finished without an exception
batch_finished = Signal()
_state = threading.local()


@contextmanager
def batch():
    """Many writes of one transaction (the batches of a large import): listeners of `changes_logged` may keep
    what they derive from each announcement (not the changes themselves: memory stays flat) and act once
    when the batch finishes (`batch_finished`). Nested batches are one batch."""
    outer = not batching()
    _state.batching = True
    completed = False
    try:
        yield
        completed = True
    finally:
        if outer:
            _state.batching = False
            batch_finished.send(sender=None, completed=completed)


def batching() -> bool:
    return getattr(_state, "batching", False)


@dataclass(frozen=True)
class Change:
    before: dict | None   # None for a record created
    after: dict | None    # None for a record deleted
    unit_path: str        # the path of the record's unit (change_log_unit) as logged


def announce(model, changes: list[Change]) -> None:
    """Tell the listeners of `changes_logged` about logged changes of `model` (one call per write)."""
    if changes:
        changes_logged.send(sender=model, changes=changes)


def _announce_entries(objects: list, entries: list[ChangeLogEntry]) -> None:
    by_model: dict[type, list[Change]] = {}
    for obj, entry in zip(objects, entries, strict=True):
        by_model.setdefault(type(obj), []).append(Change(entry.before, entry.after, entry.unit_path))
    for model, changes in by_model.items():
        announce(model, changes)


def _entry(instance: ChangeLoggedModel, action: str, before, after) -> ChangeLogEntry:
    ctx = context.current()
    user = ctx.user
    unit = instance.change_log_unit()
    return ChangeLogEntry(
        request_id=ctx.request_id,
        user=user,
        username=user.get_username() if user else ctx.source,
        remote_addr=ctx.remote_addr,
        source=ctx.source,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        # A deleted unit logs its own deletion: keep its path, but not a reference to the vanished row.
        unit_id=None if unit is None or (action == ChangeLogEntry.Action.DELETE and unit is instance) else unit.pk,
        unit_path=unit.path if unit is not None else "",
        before=before,
        after=after,
    )


def _before_snapshot(instance: ChangeLoggedModel) -> dict | None:
    loaded = getattr(instance, "_loaded_values", None)
    if loaded is None:
        return None
    copy = instance.__class__(**{
        f.attname: loaded[f.attname] for f in instance._meta.concrete_fields if f.attname in loaded
    })
    return copy.snapshot()


def _log_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, ChangeLoggedModel):
        return
    after = instance.snapshot()
    before = None if created else _before_snapshot(instance)
    if not created and before == after:
        return
    entry = _entry(instance, ChangeLogEntry.Action.CREATE if created else ChangeLogEntry.Action.UPDATE,
                   before, after)
    entry.save()
    announce(sender, [Change(before, after, entry.unit_path)])
    instance._loaded_values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _log_delete(sender, instance, **kwargs):
    if not isinstance(instance, ChangeLoggedModel):
        return
    entry = _entry(instance, ChangeLogEntry.Action.DELETE, instance.snapshot(), None)
    entry.save()
    announce(sender, [Change(entry.before, None, entry.unit_path)])


def log_bulk_update(instances: Iterable[ChangeLoggedModel], *, before_values: dict, batch_size: int = 2000) -> int:
    """Change-log entries for rows changed by a queryset update (which sends no signals).

    `before_values` maps each primary key to the fields as they were before the update.
    """
    objects, entries = list(instances), []
    for obj in objects:
        after = obj.snapshot()
        entries.append(_entry(obj, ChangeLogEntry.Action.UPDATE, {**after, **before_values[obj.pk]}, after))
    ChangeLogEntry.objects.bulk_create(entries, batch_size=batch_size)
    _announce_entries(objects, entries)
    announce_bulk(objects)
    return len(entries)


def log_bulk_create(instances: Iterable[ChangeLoggedModel], *, batch_size: int = 2000) -> int:
    """Change-log entries for rows written with bulk_create (which sends no signals)."""
    objects = list(instances)
    entries = [_entry(obj, ChangeLogEntry.Action.CREATE, None, obj.snapshot()) for obj in objects]
    ChangeLogEntry.objects.bulk_create(entries, batch_size=batch_size)
    _announce_entries(objects, entries)
    announce_bulk(objects)
    return len(entries)


def announce_bulk(instances) -> None:
    """Tell `bulk_logged` listeners of rows written in bulk (every bulk writer that logs calls this)."""
    by_model: dict[type, list] = {}
    for obj in instances:
        by_model.setdefault(type(obj), []).append(obj)
    for model, objs in by_model.items():
        bulk_logged.send(sender=model, instances=objs)


def log_account_event(instance: ChangeLoggedModel, *, before: dict, after: dict) -> None:
    """An update entry for something done to a record that is not one of its fields (a login lock lifted
    on an account): the record's history shows it like any other change."""
    _entry(instance, ChangeLogEntry.Action.UPDATE, before, after).save()


def connect() -> None:
    """Log the saves and deletes of every change-logged model (connected per model, as core.dataversion does:
    the deletes of other models — the aggregate tables' — keep Django's fast path instead of loading each row
    to send a signal nobody needs)."""
    from django.apps import apps

    for model in apps.get_models():
        if issubclass(model, ChangeLoggedModel):
            post_save.connect(_log_save, sender=model, dispatch_uid=f"changelog.save.{model._meta.label}")
            post_delete.connect(_log_delete, sender=model, dispatch_uid=f"changelog.delete.{model._meta.label}")


# --- reading the log ------------------------------------------------------------------------------------

SOURCE_LABELS = {"web": "网页", "api": "接口", "command": "命令行", "system": "系统"}


def actor_text(entry: ChangeLogEntry) -> str:
    """Who made the change, as a person reads it: the account's name, or what did it when no one was signed in."""
    if entry.user_id and entry.user is not None:
        return entry.user.display_name
    if entry.username in SOURCE_LABELS:
        return f"系统（{SOURCE_LABELS[entry.username]}）"
    return entry.username or "系统"


def readable_changes(entry: ChangeLogEntry, related: dict | None = None) -> list[tuple[str, str, str]]:
    """(field label, before, after) of every changed field, as a person reads them: 状态 草稿 → 已上报, a unit by
    its name, yes/no, dates; a dict field (a report's values) by the entries that changed, each by its label.
    `related` caches the names of referenced records across entries (an export of many entries passes one)."""
    model = entry.content_type.model_class()
    related = {} if related is None else related
    out = []
    for name, before, after in entry.changed_fields():
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else name
        if isinstance(before, dict) or isinstance(after, dict):
            labels = model.change_log_key_labels(name) if hasattr(model, "change_log_key_labels") else {}
            before, after = before or {}, after or {}
            for key in dict.fromkeys([*before, *after]):
                if before.get(key) != after.get(key):
                    out.append((f"{label}·{labels.get(key, key)}", _plain(before.get(key)), _plain(after.get(key))))
            continue
        out.append((label, _value(field, before, related), _value(field, after, related)))
    return out


def changes_text(entry: ChangeLogEntry, related: dict | None = None) -> str:
    """The changes of an entry on one line, as the change-log page shows them: "状态：未上报 → 已上报；…"."""
    return "；".join(f"{label}：{before} → {after}" for label, before, after in readable_changes(entry, related))


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:   # a field removed since the entry was written
        return None


def _plain(value) -> str:
    from .numbers import number_text

    if value is None:
        return "—"
    if value == "" or value == [] or value == {}:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, list):
        return "；".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_plain(v)}" for k, v in value.items())
    return str(value)


def _value(field, value, related: dict) -> str:
    import datetime

    from django.db import models
    from django.utils import timezone

    if value is None or field is None:
        return _plain(value)
    if getattr(field, "choices", None):
        labels = {str(k): str(v) for k, v in field.flatchoices}
        return labels.get(str(value), _plain(value))
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        key = (target, value)
        if key not in related:
            obj = target._base_manager.filter(pk=value).first()
            related[key] = str(obj) if obj is not None else f"（已删除，编号 {value}）"
        return related[key]
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).strftime("%Y-%m-%d %H:%M")
    if isinstance(field, models.DecimalField) and isinstance(value, str):
        from decimal import Decimal, InvalidOperation

        from .numbers import number_text
        try:
            return number_text(Decimal(value))
        except InvalidOperation:
            return value
    return _plain(value)
