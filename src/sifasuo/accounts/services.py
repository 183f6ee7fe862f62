"""Account writes: accounts, login locks lifted, API tokens."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core.scoping import in_scope
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from .models import User
from .roles import ROLE_LEVELS, Role


def validate_role_unit(role: str, unit: OrgUnit | None) -> None:
    levels = ROLE_LEVELS[role]
    label = Role(role).label
    if not levels:
        if unit is not None:
            raise ValidationError({"unit": f"{label}账号不属于任何单位"})
        return
    if unit is None:
        raise ValidationError({"unit": f"{label}账号必须指定所属单位"})
    if unit.level not in levels:
        allowed = "、".join(Level(level).label for level in levels)
        raise ValidationError({"unit": f"{label}只能属于{allowed}，「{unit.name}」是{Level(unit.level).label}"})


@transaction.atomic
def create_account(*, actor: User | None, username: str, password: str, role: str,
                   unit: OrgUnit | None, full_name: str = "", phone: str = "", email: str = "") -> User:
    if actor is not None and unit is not None and not in_scope(actor, unit.path):
        raise ValidationError({"unit": f"「{unit.name}」不在您的管辖范围内"})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"账号「{username}」已存在"})
    validate_role_unit(role, unit)
    user = User(username=username, role=role, unit=unit, full_name=full_name, phone=phone, email=email)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def update_account(*, actor: User | None, user: User, **changes) -> User:
    allowed = {"role", "unit", "full_name", "phone", "email", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    new_unit = changes.get("unit", user.unit)
    if actor is not None and new_unit is not None and not in_scope(actor, new_unit.path):
        raise ValidationError({"unit": f"「{new_unit.name}」不在您的管辖范围内"})
    for field, value in changes.items():
        setattr(user, field, value)
    validate_role_unit(user.role, user.unit)
    user.save()
    return user


@transaction.atomic
def lift_lock(*, actor: User, username: str, address: str | None) -> int:
    """Lift the login lock of `username` from `address` (django-axes' records); logged on the account.

    An administrator lifts locks of accounts in scope; only the system administrator those of names that
    are no account. Out of scope and unknown answer alike.
    """
    from axes.utils import reset

    from sifasuo.core.changelog import log_account_event
    from sifasuo.core.scoping import restrict

    account = restrict(User.objects.select_related("unit"), actor).filter(username=username).first()
    if account is None and not actor.is_superuser:
        raise ValidationError("未找到该锁定记录，或该账号不在您的管辖范围内。")
    lifted = reset(ip=address, username=username)
    if account is not None and lifted:
        log_account_event(account, before={"登录锁定": address or ""}, after={"登录锁定": ""})
    return lifted
