"""Accounts. Every staff account belongs to one unit; what it sees is that unit and everything below."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from knox.models import AbstractAuthToken, AuthTokenManager

from sifasuo.core.models import ChangeLoggedModel
from sifasuo.core.scoping import ScopedQuerySet

from .roles import Role, role_can


class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser, ChangeLoggedModel):
    scope_path = "unit__path"
    change_log_exclude = ("password", "last_login", "created_at", "updated_at")

    full_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=30, choices=Role.choices, default=Role.APPLICANT)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="accounts",
    )
    phone = models.CharField("手机号码", max_length=20, blank=True)
    # The person on the roster this account belongs to (issue 18: one person, one name): when linked, the
    # account's 姓名 is the roster entry's, copied by accounts.services and kept so by staff.services.
    staff_member = models.OneToOneField("staff.StaffMember", verbose_name="花名册人员", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="account")
    # API tokens made before this moment are refused (D45).
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True, editable=False)
    # Two-factor login (D47): on once a TOTP device is confirmed (kept here so that pages need no query to
    # know); exempt accounts (the demo's) are not made to enrol even where their role requires it.
    two_factor_enabled = models.BooleanField("已启用两步验证", default=False, editable=False)
    two_factor_exempt = models.BooleanField("免于强制两步验证", default=False)

    objects = ScopedUserManager()

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.full_name or self.username}（{self.username}）"

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def can(self, capability: str) -> bool:
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return role_can(self.role, capability)

    def change_log_unit(self):
        return self.unit

    @property
    def two_factor_required(self) -> bool:
        """Whether this account must log in with a second factor (SIFASUO_2FA_REQUIRED_ROLES)."""
        from django.conf import settings

        if self.two_factor_exempt:
            return False
        required = settings.TWO_FACTOR_REQUIRED_ROLES
        return self.role in required or (self.is_superuser and "superuser" in required)



class ScopedTokenManager(AuthTokenManager.from_queryset(ScopedQuerySet)):
    pass


class ApiToken(AbstractAuthToken, ChangeLoggedModel):
    """An API token (django-rest-knox: only its digest is stored). It lapses after TOKEN_TTL without use
    and AUTO_REFRESH_MAX_TTL after it was made, and dies with a password change or a deactivation (D45)."""

    scope_path = "user__unit__path"
    owner_field = "user"
    change_log_exclude = ("digest", "expiry", "created_at", "updated_at")

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=128, unique=True)
    label = models.CharField("用途", max_length=100, blank=True)

    objects = ScopedTokenManager()

    class Meta:
        verbose_name = "API令牌"
        verbose_name_plural = "API令牌"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.user.username} 的令牌 {self.token_key[:8]}…"

    def change_log_unit(self):
        return self.user.unit
