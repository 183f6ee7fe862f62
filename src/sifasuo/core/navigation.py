"""The main menu. The foundation's entries are here; a module lists its own in `<app>/navigation.py`
(`MENU = [MenuItem(...)]`), collected in INSTALLED_APPS order before the administration entries.

Entries are grouped: a module's entries form one drop-down named after the app (its verbose_name), unless
an entry names its own `group`; a group the user can open only one entry of shows as a plain link."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse

from .registry import app_modules


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
    MenuItem("登录锁定", "accounts:lock_list", "accounts.manage", "系统管理"),
    MenuItem("变更日志", "core:changelog_list", "changelog.view", "系统管理"),
    MenuItem("敏感信息查看记录", "core:sensitive_list", "changelog.view", "系统管理"),
    # Everyone may read the calendar (calendar.view, linked from the dates it explains); the menu offers it
    # to the administrators, whose 系统管理 group already exists (no new navbar entry for the others).
    MenuItem("节假日安排", "core:calendar", "changelog.view", "系统管理"),
]


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


def menu_html(user) -> str:
    """The navbar's entries as HTML. A role always sees the same menu, so it is written once per role and
    process (a template loop over the groups cost more than the rest of the navbar)."""
    if not user.is_authenticated:
        return ""
    return _menu_html(user.role, user.is_superuser, user.is_active)


@functools.lru_cache(maxsize=64)
def _menu_html(role: str, is_superuser: bool, is_active: bool) -> str:
    from types import SimpleNamespace

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from sifasuo.accounts.roles import role_can

    def can(capability):
        return is_active and (is_superuser or role_can(role, capability))

    probe = SimpleNamespace(is_authenticated=True, can=can)
    out = []
    for group, entries in menu_groups_for(probe):
        if len(entries) == 1:
            label, url = entries[0]
            out.append(f'<li class="nav-item"><a class="nav-link" href="{escape(url)}">{escape(label)}</a></li>')
            continue
        items = "".join(f'<li><a class="dropdown-item" href="{escape(url)}">{escape(label)}</a></li>'
                        for label, url in entries)
        out.append('<li class="nav-item dropdown"><a class="nav-link dropdown-toggle" href="#" role="button" '
                   f'data-bs-toggle="dropdown" aria-expanded="false">{escape(group)}</a>'
                   f'<ul class="dropdown-menu">{items}</ul></li>')
    return mark_safe("".join(out))  # noqa: S308 (built from escaped parts only)


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


@functools.lru_cache(maxsize=1)
def _fixed_urls() -> dict[str, str]:
    from django.utils.html import escape

    return {name: escape(_url(name)) for name in ("core:home", "api-docs", "accounts:two_factor",
                                                   "accounts:logout")}


def navbar_html(user, csrf_token: str) -> str:
    """The logged-in navbar's collapsible part: the role's menu (cached per role) between the fixed links,
    then who is logged in and the account-security (password, two-factor login, tokens) and logout buttons. Written in Python: as template tags, the
    four URLs and the branches cost more than the rest of the page frame (docs/benchmarks.md, 剖析)."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    urls = _fixed_urls()
    role = "系统管理员" if user.is_superuser else user.get_role_display()
    unit = user.unit if user.unit_id else None
    who = f"{escape(user.display_name)} · {escape(role)}" + (f" · {escape(unit.name)}" if unit else "")
    return mark_safe(  # noqa: S308 (escaped parts only)
        '<ul class="navbar-nav me-auto">'
        f'<li class="nav-item"><a class="nav-link" href="{urls["core:home"]}">首页</a></li>'
        f'{menu_html(user)}'
        f'<li class="nav-item"><a class="nav-link" href="{urls["api-docs"]}">接口文档</a></li></ul>'
        f'<span class="navbar-text me-3 small" data-testid="current-user">{who}</span>'
        f'<a class="btn btn-sm btn-outline-light me-2" href="{urls["accounts:two_factor"]}">账号安全</a>'
        f'<form method="post" action="{urls["accounts:logout"]}" class="d-inline">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        '<button class="btn btn-sm btn-light" type="submit">退出</button></form>'
    )


@functools.lru_cache(maxsize=1)
def head_assets_html() -> str:
    """The stylesheet and script tags every page loads (hashed static names, resolved once per process)."""
    from django.templatetags.static import static
    from django.utils.safestring import mark_safe

    # htmx would add its indicator rules as an inline style element, which the Content-Security-Policy refuses:
    # they are in app.css instead. Page behaviour is in app.js (no inline scripts or handlers).
    return mark_safe(  # noqa: S308 (static URLs only)
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>\n'
        f'  <link rel="stylesheet" href="{static("vendor/bootstrap.min.css")}">\n'
        f'  <link rel="stylesheet" href="{static("sifasuo/app.css")}">\n'
        f'  <script src="{static("vendor/htmx.min.js")}" defer></script>\n'
        f'  <script src="{static("vendor/bootstrap.bundle.min.js")}" defer></script>\n'
        f'  <script src="{static("sifasuo/app.js")}" defer></script>'
    )
