"""Account writes and the login lockout."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core.scoping import check_in_scope
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from .models import LoginFailure, User
from .roles import ROLE_LEVELS, Role


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def lockout_remaining(username: str) -> int:
    """Seconds until `username` may try again; 0 when not locked."""
    recent = LoginFailure.objects.filter(username__iexact=username, time__gte=_window_start())
    times = list(recent.order_by("-time").values_list("time", flat=True)[: settings.LOGIN_FAILURE_LIMIT])
    if len(times) < settings.LOGIN_FAILURE_LIMIT:
        return 0
    unlock = times[0] + datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    return max(0, int((unlock - timezone.now()).total_seconds()) + 1)


def lockout_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return f"登录失败次数过多，该账号已被暂时锁定，请 {minutes} 分钟后再试。"


def record_login_failure(username: str, remote_addr: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], remote_addr=remote_addr)


def clear_login_failures(username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()


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
    if unit is not None:
        check_in_scope(actor, unit)
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
    if new_unit is not None:
        check_in_scope(actor, new_unit)
    for field, value in changes.items():
        setattr(user, field, value)
    validate_role_unit(user.role, user.unit)
    user.save()
    return user
