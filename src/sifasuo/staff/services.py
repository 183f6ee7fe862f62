"""Writes to the roster. The ID number is checked and must agree with the typed birth date and sex."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core import idnumbers
from sifasuo.core.changelog import log_bulk_create
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from .choices import StaffType
from .models import StaffMember


def validate_person(*, id_number: str, birth_date: datetime.date | None, sex: str | None) -> idnumbers.IdInfo:
    try:
        info = idnumbers.parse(id_number)
    except idnumbers.IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    problems = idnumbers.check_consistency(info, birth_date=birth_date, sex=sex)
    if problems:
        raise ValidationError({"id_number": problems})
    return info


def validate_member(member: StaffMember) -> None:
    errors: dict[str, list[str]] = {}
    if member.unit.level not in (Level.OFFICE, Level.WORKSTATION):
        errors.setdefault("unit", []).append(f"「{member.unit.name}」不是司法所或工作室，不能登记工作人员")
    if member.left_on and member.joined_on and member.left_on < member.joined_on:
        errors.setdefault("left_on", []).append(
            f"离岗日期 {member.left_on:%Y-%m-%d} 早于到岗日期 {member.joined_on:%Y-%m-%d}")
    if member.staff_type not in StaffType.values:
        errors.setdefault("staff_type", []).append(f"人员类别「{member.staff_type}」无效")
    serving = StaffMember.objects.filter(id_number=member.id_number, left_on__isnull=True).exclude(pk=member.pk)
    if member.left_on is None and serving.exists():
        other = serving.select_related("unit").first()
        errors.setdefault("id_number", []).append(
            f"身份证号码 {idnumbers.mask(member.id_number)} 已在「{other.unit.name}」在岗登记（{other.full_name}），"
            "同一人不能重复在岗")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_member(*, unit: OrgUnit, full_name: str, id_number: str, staff_type: str,
                  joined_on: datetime.date, birth_date: datetime.date | None = None, sex: str | None = None,
                  **extra) -> StaffMember:
    info = validate_person(id_number=id_number, birth_date=birth_date, sex=sex)
    member = StaffMember(unit=unit, full_name=full_name.strip(), id_number=info.number, sex=info.sex,
                         birth_date=info.birth_date, staff_type=staff_type, joined_on=joined_on, **extra)
    validate_member(member)
    member.save()
    return member


@transaction.atomic
def bulk_create_members(members: Iterable[StaffMember], *, batch_size: int = 2000) -> list[StaffMember]:
    """Seeding and imports: rows already validated by the caller, written and logged in bulk."""
    members = list(members)
    StaffMember.objects.bulk_create(members, batch_size=batch_size)
    log_bulk_create(members)
    return members
