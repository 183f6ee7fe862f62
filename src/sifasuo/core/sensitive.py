"""Full identifiers are shown only to roles that need them, and every such view is logged; so is every list
of sensitive records read at once (an export, a print, a page of the API)."""

from __future__ import annotations

from urllib.parse import unquote_plus

from django.contrib.contenttypes.models import ContentType

from . import context
from .idnumbers import mask
from .models import SensitiveAccess


def reveal(obj, field: str, user, *, capability: str = "personal.view_full_id") -> tuple[str, bool]:
    """The value to show and whether it is the full one; a full view is recorded before it is returned."""
    value = getattr(obj, field) or ""
    if not value or not user.can(capability):
        return mask(value), False
    SensitiveAccess.objects.create(**_entry(obj, str(obj._meta.get_field(field).verbose_name), user))
    return value, True


def record_lookup(objects, field_label: str, user) -> None:
    """A search by a full identifier tells whether that person is on record: each record it found is logged as
    a read of the identifier (`field_label`, e.g. "身份证号码（按号码检索）"), as reveal() logs a full view."""
    entries = [SensitiveAccess(**_entry(obj, field_label, user)) for obj in objects]
    if entries:
        SensitiveAccess.objects.bulk_create(entries)


def _entry(obj, field_label: str, user) -> dict:
    unit = obj.change_log_unit()
    return {"request_id": context.current().request_id, "user": user, "username": user.get_username(),
            "content_type": ContentType.objects.get_for_model(obj), "object_id": str(obj.pk),
            "object_repr": str(obj)[:200], "field": field_label[:50], "unit_path": unit.path if unit else ""}


RECORD_FIELD = "整条记录"


def log_read(obj, user) -> SensitiveAccess:
    """One view of a whole sensitive record (a correction subject's or a released person's page, an API
    retrieve): who, when, which record and its unit's path."""
    entry = _entry(obj, RECORD_FIELD, user)
    entry["user"] = user if user.is_authenticated else None
    return SensitiveAccess.objects.create(**entry)


BULK_READS = {"export": "批量导出", "print": "打印", "api": "接口列表"}


def log_bulk_read(*, model, user, count: int, query, how: str) -> SensitiveAccess:
    """One entry for `count` sensitive records of `model` read at once (`how`: export, print or api) with the
    filter that chose them (`query`: the request's GET parameters); written under the reader's unit, so the
    administrators of that scope see it."""
    unit = getattr(user, "unit", None)
    query = query if isinstance(query, str) else unquote_plus(query.urlencode())
    meta = model._meta
    return SensitiveAccess.objects.create(
        request_id=context.current().request_id, user=user if user.is_authenticated else None,
        username=user.get_username(), content_type=ContentType.objects.get_for_model(model), object_id="",
        object_repr=f"{meta.verbose_name_plural} {count} 条"[:200], field=BULK_READS[how],
        unit_path=unit.path if unit else "", count=count, query=query[:500])
