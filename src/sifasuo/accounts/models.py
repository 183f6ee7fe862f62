"""Accounts. Every staff account belongs to one unit; what it sees is that unit and everything below."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

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

    def can(self, capability: str) -> bool:
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return role_can(self.role, capability)

    def change_log_unit(self):
        return self.unit

