"""Account writes: accounts, login locks lifted, API tokens."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core.scoping import EDIT, check_in_scope, restrict
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


def check_staff_member(actor: User | None, account: User | None, staff, unit: OrgUnit | None) -> None:
    """The roster entry an account is linked to (one person, one name: issue 18): in the administrator's
    scope (else answered as missing), serving, at the account's unit or below it, and no other account's."""
    # answered as a missing entry, naming only what was sent (the entry's id), never an out-of-scope name
    check_in_scope(actor, staff.unit, field="staff_member", what="花名册人员", ref=staff.pk)
    if staff.left_on is not None:
        raise ValidationError({"staff_member": f"{staff.full_name} 已于 {staff.left_on:%Y-%m-%d} 离岗，不能关联账号"})
    if unit is None or not staff.unit.path.startswith(unit.path):
        where = f"「{unit.name}」" if unit is not None else "该账号所属单位"
        raise ValidationError({"staff_member": f"{staff.full_name}在「{staff.unit.name}」的花名册上，不属于{where}"})
    other = User.objects.filter(staff_member=staff).exclude(pk=account.pk if account else None).first()
    if other is not None:
        raise ValidationError({"staff_member": f"{staff.full_name} 已关联账号「{other.username}」，一人只能关联一个账号"})


@transaction.atomic
def create_account(*, actor: User | None, username: str, password: str, role: str,
                   unit: OrgUnit | None, full_name: str = "", phone: str = "", email: str = "",
                   staff_member=None) -> User:
    if unit is not None:
        check_in_scope(actor, unit)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"账号「{username}」已存在"})
    validate_role_unit(role, unit)
    if staff_member is not None:
        check_staff_member(actor, None, staff_member, unit)
        full_name = staff_member.full_name           # the roster's name, not a second spelling of it
    user = User(username=username, role=role, unit=unit, full_name=full_name, phone=phone, email=email,
                staff_member=staff_member)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def update_account(*, actor: User | None, user: User, **changes) -> User:
    allowed = {"role", "unit", "full_name", "phone", "email", "is_active", "staff_member"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    new_unit = changes.get("unit", user.unit)
    if new_unit is not None:
        check_in_scope(actor, new_unit)
    for field, value in changes.items():
        setattr(user, field, value)
    validate_role_unit(user.role, user.unit)
    if user.staff_member is not None:
        check_staff_member(actor, user, user.staff_member, user.unit)
        user.full_name = user.staff_member.full_name    # the roster's name, not a second spelling of it
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

    account = restrict(User.objects.select_related("unit"), actor, EDIT).filter(username=username).first()
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


# --- Two-factor login (D47) ------------------------------------------------------------------------

def start_two_factor(*, user: User):
    """An unconfirmed authenticator device for `user` to scan (the same one until it is confirmed)."""
    from django.conf import settings
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .selectors import totp_device

    device = totp_device(user=user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=f"{settings.OTP_TOTP_ISSUER}（{user.username}）",
                                           confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    from django.conf import settings
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def confirm_two_factor(*, user: User, code: str) -> tuple[object, list[str]]:
    """Confirm the device being set up with a code from the app: two-factor login is on, and the account
    gets fresh recovery codes (shown once). Returns (device, codes)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .selectors import totp_device

    device = totp_device(user=user, confirmed=False)
    if device is None or not device.verify_token(code.strip()):
        raise ValidationError({"code": "动态验证码不正确，请核对手机时间后输入验证器中当前显示的 6 位数字"})
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    user.two_factor_enabled = True
    user.save(update_fields=["two_factor_enabled", "updated_at"])
    return device, _new_recovery_codes(user)


def verify_second_factor(*, user: User, code: str):
    """The device that accepts `code` (the app's 6 digits, or a recovery code, used up by its use), else
    None. Each device throttles repeated failures itself (django-otp)."""
    from .selectors import recovery_device, totp_device

    code = code.strip().replace(" ", "")
    device = totp_device(user=user) if code.isdigit() else recovery_device(user=user)
    if device is not None and device.verify_token(code):
        return device
    return None


@transaction.atomic
def regenerate_recovery_codes(*, user: User, code: str) -> list[str]:
    if verify_second_factor(user=user, code=code) is None:
        raise ValidationError({"code": "动态验证码不正确"})
    return _new_recovery_codes(user)


@transaction.atomic
def disable_two_factor(*, actor: User, user: User, code: str | None = None) -> None:
    """Turn two-factor login off: the owner with a valid code (not where their role requires it), or an
    administrator of the account's unit for someone who lost the phone and the recovery codes."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if actor.pk == user.pk:
        if user.two_factor_required:
            raise ValidationError({"code": "您的角色必须使用两步验证，不能停用；更换手机请联系管理员重置"})
        if verify_second_factor(user=user, code=code or "") is None:
            raise ValidationError({"code": "动态验证码不正确"})
    elif not (actor.can("accounts.manage")
              and restrict(User.objects.all(), actor, EDIT).filter(pk=user.pk).exists()):
        raise ValidationError("未找到该账号，或该账号不在您的管辖范围内。")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.two_factor_enabled = False
    user.save(update_fields=["two_factor_enabled", "updated_at"])
