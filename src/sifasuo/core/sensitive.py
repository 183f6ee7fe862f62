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
    unit = obj.change_log_unit()
    SensitiveAccess.objects.create(
        request_id=context.current().request_id, user=user, username=user.get_username(),
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), object_repr=str(obj)[:200],
        field=obj._meta.get_field(field).verbose_name, unit_path=unit.path if unit else "",
    )
    return value, True
