"""Full identifiers are shown only to roles that need them, and every such view is logged."""

from __future__ import annotations

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
