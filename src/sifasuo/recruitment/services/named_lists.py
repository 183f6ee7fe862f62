"""Named lists (list_membership: a roster of auxiliary staff on a date, trained grid workers) imported by a
justice bureau of county level or above, which the counties below it screen against."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from sifasuo.core.scoping import scope_error
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from .. import policies
from ..models import (
    NamedList,
    NamedListEntry,
)

# --- named lists (list_membership: a roster of auxiliary staff on a date, trained grid workers) ------------


def list_codes() -> dict[str, str]:
    """The named-list codes the policy files know (schema and each policy's own), with their names."""
    codes: dict[str, str] = {}
    for policy in policies.all_policies():
        for code, entry in policy.vocabulary.entries.get("named_list", {}).items():
            codes.setdefault(code, entry.name)
    return codes


@transaction.atomic
def import_named_list(*, unit: OrgUnit, code: str, name: str, as_of: datetime.date, content: bytes,
                      source: str, actor) -> NamedList:
    """A named list from its Excel sheet (one person a row, 身份证号码 checked), owned by a justice bureau of
    county level or above: counties below it screen against it. Importing the same list and date again
    replaces its people. Whole or nothing; the import is logged on the list (its size before and after)."""
    from ..screening_files import ImportRejected, read_named_list

    errors: dict[str, list[str]] = {}
    if unit.level not in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        errors.setdefault("unit", []).append("名单由县级以上司法行政机关导入")
    if scope_error(actor, unit):
        raise PermissionDenied("该单位不在您的管辖范围内")
    known = list_codes()
    if code not in known:
        errors.setdefault("code", []).append(
            f"名单代码「{code}」不在政策文件中（可用：{'、'.join(f'{c}（{n}）' for c, n in known.items())}）")
    if as_of > timezone.localdate():
        errors.setdefault("as_of", []).append(f"名单日期 {as_of:%Y-%m-%d} 在今天之后")
    if errors:
        raise ValidationError(errors)
    try:
        sheet = read_named_list(content)
    except ImportRejected as exc:
        raise ValidationError({"file": exc.errors}) from None
    named = NamedList.objects.select_for_update().filter(unit=unit, code=code, as_of=as_of).first()
    if named is None:
        named = NamedList(unit=unit, code=code, as_of=as_of)
    else:
        # Tens of thousands of entries: one DELETE statement. A queryset delete would load every row first,
        # because the change log's delete signal listens to all models; entries are not logged one by one (D59).
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {NamedListEntry._meta.db_table} WHERE named_list_id = %s", [named.pk])
    named.name = (name or known[code]).strip()[:100]
    named.source = source[:200]
    named.size = len(sheet.entries)
    named.imported_by = actor if getattr(actor, "is_authenticated", False) else None
    named.save()
    NamedListEntry.objects.bulk_create(
        (NamedListEntry(named_list=named, id_number=number, full_name=full_name[:50], row=row)
         for row, number, full_name in sheet.entries), batch_size=5000)
    return named
