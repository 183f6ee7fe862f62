"""The main menu, by module. A module adds its entries here with the capability they need."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    capability: str


MENU: list[MenuItem] = [
    MenuItem("组织机构", "orgunits:list", "org.view"),
    MenuItem("机构树", "orgunits:tree", "org.view"),
    MenuItem("工作人员", "staff:list", "staff.view"),
    MenuItem("员额与招聘计划", "recruitment_plans:list", "recruitment.plan.view"),
    MenuItem("招聘公告", "recruitment:announcement_list", "recruitment.view"),
    MenuItem("报名与审查", "recruitment:application_list", "recruitment.view"),
    MenuItem("在线报名", "recruitment:open_list", "recruitment.apply"),
    MenuItem("我的报名", "recruitment:my_applications", "recruitment.apply"),
    MenuItem("账号管理", "accounts:user_list", "accounts.manage"),
    MenuItem("变更日志", "core:changelog_list", "changelog.view"),
]


@functools.lru_cache(maxsize=None)
def _url(url_name: str) -> str:
    return reverse(url_name)


def menu_for(user) -> list[tuple[str, str]]:
    """(label, url) of the menu entries the user's role may open; URLs are resolved once per process."""
    if not user.is_authenticated:
        return []
    return [(item.label, _url(item.url_name)) for item in MENU if user.can(item.capability)]
