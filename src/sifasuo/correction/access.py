"""Reads of sensitive records are logged: every view of one correction subject or released person (detail page,
API retrieve) writes a core.models.SensitiveAccess row with who, when, which record and the unit's path."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from sifasuo.core import context
from sifasuo.core.models import SensitiveAccess

RECORD_FIELD = "整条记录"


def log_read(obj, user) -> SensitiveAccess:
    unit = obj.change_log_unit()
    return SensitiveAccess.objects.create(
        request_id=context.current().request_id, user=user if user.is_authenticated else None,
        username=user.get_username(), content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk),
        object_repr=str(obj)[:200], field=RECORD_FIELD, unit_path=unit.path if unit else "")
