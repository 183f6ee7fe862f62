"""The main menu. The foundation's entries are here; a module lists its own in `<app>/navigation.py`
(`MENU = [MenuItem(...)]`), collected in INSTALLED_APPS order before the administration entries.

Entries are grouped: a module's entries form one drop-down named after the app (its verbose_name), unless
an entry names its own `group`; a group the user can open only one entry of shows as a plain link."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    capability: str
    group: str = ""


FOUNDATION_MENU: list[MenuItem] = [
    MenuItem("单位列表", "orgunits:list", "org.view", "组织机构"),
    MenuItem("机构树", "orgunits:tree", "org.view", "组织机构"),
]
ADMINISTRATION_MENU: list[MenuItem] = [
    MenuItem("账号管理", "accounts:user_list", "accounts.manage", "系统管理"),
    MenuItem("变更日志", "core:changelog_list", "changelog.view", "系统管理"),
]


def app_modules(module: str):
    """`<app>.<module>` of every installed sifasuo app that has one, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("sifasuo."):
            continue
        name = f"{config.name}.{module}"
        try:
            yield import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


@functools.lru_cache(maxsize=None)
def menu() -> tuple[MenuItem, ...]:
    items = list(FOUNDATION_MENU)
    for module in app_modules("navigation"):
        if module.__name__ != __name__:
            app = apps.get_containing_app_config(module.__name__)
            items.extend(item if item.group else MenuItem(item.label, item.url_name, item.capability,
                                                          str(app.verbose_name))
                         for item in module.MENU)
    return (*items, *ADMINISTRATION_MENU)


@functools.lru_cache(maxsize=None)
def _url(url_name: str) -> str:
    return reverse(url_name)


def menu_groups_for(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(label, url)]) in menu order, only the entries the user's role may open."""
    groups: dict[str, list[tuple[str, str]]] = {}
    if user.is_authenticated:
        for item in menu():
            if user.can(item.capability):
                groups.setdefault(item.group, []).append((item.label, _url(item.url_name)))
    return list(groups.items())


def menu_for(user) -> list[tuple[str, str]]:
    """(label, url) of the menu entries the user's role may open; URLs are resolved once per process."""
    if not user.is_authenticated:
        return []
    return [(item.label, _url(item.url_name)) for item in menu() if user.can(item.capability)]
