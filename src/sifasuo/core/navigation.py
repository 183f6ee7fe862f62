"""The main menu. The foundation's entries are here; a module lists its own in `<app>/navigation.py`
(`MENU = [MenuItem(...)]`), collected in INSTALLED_APPS order before the administration entries."""

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


FOUNDATION_MENU: list[MenuItem] = [
    MenuItem("组织机构", "orgunits:list", "org.view"),
    MenuItem("机构树", "orgunits:tree", "org.view"),
]
ADMINISTRATION_MENU: list[MenuItem] = [
    MenuItem("账号管理", "accounts:user_list", "accounts.manage"),
    MenuItem("变更日志", "core:changelog_list", "changelog.view"),
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
            items.extend(module.MENU)
    return (*items, *ADMINISTRATION_MENU)


@functools.lru_cache(maxsize=None)
def _url(url_name: str) -> str:
    return reverse(url_name)


def menu_for(user) -> list[tuple[str, str]]:
    """(label, url) of the menu entries the user's role may open; URLs are resolved once per process."""
    if not user.is_authenticated:
        return []
    return [(item.label, _url(item.url_name)) for item in menu() if user.can(item.capability)]
