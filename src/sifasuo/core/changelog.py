"""Writes the change log from model signals, and for bulk writes that bypass them."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import context
from .models import ChangeLogEntry, ChangeLoggedModel


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


@receiver(post_save)
def _log_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, ChangeLoggedModel):
        return
    after = instance.snapshot()
    before = None if created else _before_snapshot(instance)
    if not created and before == after:
        return
    _entry(instance, ChangeLogEntry.Action.CREATE if created else ChangeLogEntry.Action.UPDATE,
           before, after).save()
    instance._loaded_values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@receiver(post_delete)
def _log_delete(sender, instance, **kwargs):
    if not isinstance(instance, ChangeLoggedModel):
        return
    _entry(instance, ChangeLogEntry.Action.DELETE, instance.snapshot(), None).save()


def log_bulk_update(instances: Iterable[ChangeLoggedModel], *, before_values: dict, batch_size: int = 2000) -> int:
    """Change-log entries for rows changed by a queryset update (which sends no signals).

    `before_values` maps each primary key to the fields as they were before the update.
    """
    entries = []
    for obj in instances:
        after = obj.snapshot()
        entries.append(_entry(obj, ChangeLogEntry.Action.UPDATE, {**after, **before_values[obj.pk]}, after))
    ChangeLogEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)


def log_bulk_create(instances: Iterable[ChangeLoggedModel], *, batch_size: int = 2000) -> int:
    """Change-log entries for rows written with bulk_create (which sends no signals)."""
    entries = [_entry(obj, ChangeLogEntry.Action.CREATE, None, obj.snapshot()) for obj in instances]
    ChangeLogEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)


def log_account_event(instance: ChangeLoggedModel, *, before: dict, after: dict) -> None:
    """An update entry for something done to a record that is not one of its fields (a login lock lifted
    on an account): the record's history shows it like any other change."""
    _entry(instance, ChangeLogEntry.Action.UPDATE, before, after).save()
