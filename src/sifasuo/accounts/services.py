"""Account writes: accounts, login locks lifted, API tokens."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core.scoping import in_scope
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from .models import ApiToken, User
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
    if not user.is_active:
        revoke_tokens(user=user)
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


@transaction.atomic
def issue_token(*, user: User, label: str = "") -> str:
    """A new API token for `user` (D45): only its digest is kept, the token itself is shown once.

    The account's lapsed tokens are deleted; at most API_TOKENS_PER_ACCOUNT live ones at a time.
    """
    from django.conf import settings
    from django.utils import timezone

    tokens = ApiToken.objects.select_for_update().filter(user=user)
    for lapsed in tokens.filter(expiry__lt=timezone.now()):
        lapsed.delete()
    if tokens.count() >= settings.API_TOKENS_PER_ACCOUNT:
        raise ValidationError(f"该账号的 API 令牌已达 {settings.API_TOKENS_PER_ACCOUNT} 个，请先撤销不再使用的令牌。")
    _, token = ApiToken.objects.create(user=user, label=label[:100])
    return token


@transaction.atomic
def revoke_token(*, actor: User, token_id) -> ApiToken:
    """Revoke one token: its owner may, and an administrator of the owner's unit; any other answers as a
    missing one."""
    from .selectors import visible_tokens

    token = visible_tokens(user=actor).filter(pk=token_id).first() if str(token_id).isdigit() else None
    if token is None:
        raise ValidationError("未找到该令牌，或该令牌不在您的管辖范围内。")
    token.delete()
    return token


def revoke_tokens(*, user: User) -> int:
    """Every token of an account (a password change, a deactivation); each deletion is change-logged."""
    tokens = list(ApiToken.objects.filter(user=user))
    for token in tokens:
        token.delete()
    return len(tokens)
