"""The main menu. The foundation's entries are here; a module lists its own in `<app>/navigation.py`
(`MENU = [MenuItem(...)]`), collected in INSTALLED_APPS order before the administration entries.

Entries are grouped: a module's entries form one group of the side menu named after the app (its
verbose_name), unless an entry names its own `group`; a group the user can open only one entry of shows as a
plain link. The menu is written by templates/includes/sidemenu.html, cached per role (D65)."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse

from sifasuo.accounts.roles import Role

from .registry import app_modules


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    capability: str
    group: str = ""
    quick: tuple[str, ...] = ()   # the roles for whom it is a quick action on the workbench (core.workbench)


FOUNDATION_MENU: list[MenuItem] = [
    MenuItem("单位列表", "orgunits:list", "org.view", "组织机构"),
    MenuItem("机构树", "orgunits:tree", "org.view", "组织机构"),
]
ADMINISTRATION_MENU: list[MenuItem] = [
    MenuItem("账号管理", "accounts:user_list", "accounts.manage", "系统管理",
             quick=(Role.PROVINCE_ADMIN, Role.CITY_ADMIN, Role.COUNTY_ADMIN)),
    MenuItem("登录锁定", "accounts:lock_list", "accounts.manage", "系统管理"),
    MenuItem("变更日志", "core:changelog_list", "changelog.view", "系统管理", quick=(Role.PROVINCE_ADMIN,)),
    MenuItem("敏感信息查看记录", "core:sensitive_list", "changelog.view", "系统管理"),
    # Everyone may read the calendar (calendar.view, linked from the dates it explains); the menu offers it
    # to the administrators, whose 系统管理 group already exists (no new navbar entry for the others).
    MenuItem("节假日安排", "core:calendar", "changelog.view", "系统管理"),
    # For those who connect other systems; not for applicants (api.docs).
    MenuItem("接口文档", "api-docs", "api.docs", "系统管理"),
]


@functools.lru_cache(maxsize=None)
def menu() -> tuple[MenuItem, ...]:
    items = list(FOUNDATION_MENU)
    for module in app_modules("navigation"):
        if module.__name__ != __name__:
            app = apps.get_containing_app_config(module.__name__)
            items.extend(item if item.group else dataclasses.replace(item, group=str(app.verbose_name))
                         for item in module.MENU)
    return (*items, *ADMINISTRATION_MENU)


@functools.lru_cache(maxsize=None)
def _url(url_name: str) -> str:
    return reverse(url_name)


@functools.lru_cache(maxsize=1)
def menu_version() -> str:
    """A short digest of the whole menu (entries, groups, capabilities and the roles holding them): part of the
    cached menu's key, so that a menu changed by an upgrade is never served from an older process's cache."""
    import hashlib

    from sifasuo.accounts.roles import CAPABILITIES

    text = repr([(i, sorted(CAPABILITIES.get(i.capability, ()))) for i in menu()])
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def menu_groups_for(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(label, url)]) in menu order, only the entries the user's role may open."""
    groups: dict[str, list[tuple[str, str]]] = {}
    if user.is_authenticated:
        for item in menu():
            if user.can(item.capability):
                groups.setdefault(item.group, []).append((item.label, _url(item.url_name)))
    return list(groups.items())


def quick_actions(user) -> list[tuple[str, str]]:
    """(label, url) of the menu entries marked as the user's role's quick actions, in menu order."""
    if not user.is_authenticated:
        return []
    return [(item.label, _url(item.url_name)) for item in menu()
            if user.role in item.quick and user.can(item.capability)]


def menu_for(user) -> list[tuple[str, str]]:
    """(label, url) of the menu entries the user's role may open; URLs are resolved once per process."""
    if not user.is_authenticated:
        return []
    return [(item.label, _url(item.url_name)) for item in menu() if user.can(item.capability)]
