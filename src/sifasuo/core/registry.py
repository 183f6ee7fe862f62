"""How an app declares its parts: a module of a fixed name in the app's package, collected from every
installed sifasuo app in INSTALLED_APPS order. The one mechanism behind the menu (`navigation`), the
capabilities (`capabilities`), the deadline rules (`alert_rules`), the data elements (`data_elements`), the
nightly jobs (`periodic`), the workbench panels (`workbench`), the search sources (`search`), the API routes
(`api.routes`) (D81, D82) and the roster people an account may link to (`roster`, offered by staff to accounts,
D90).

It lives apart from the menu so that the apps below the menu (accounts' roles) can use it without importing
what imports them."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps


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


def declared(module: str, attribute: str, key: str, what: str) -> dict:
    """The items every app lists in `<app>.<module>.<attribute>` (an alert rule, a data element, a nightly
    job), by their `key` attribute, in INSTALLED_APPS order; an app without the list declares none. A key
    declared twice is an error naming it and the second module: “提醒规则 x 重复声明（…）” (`what` names the kind)."""
    found: dict = {}
    for source in app_modules(module):
        for item in getattr(source, attribute, ()):
            name = getattr(item, key)
            if name in found:
                raise ValueError(f"{what} {name} 重复声明（{source.__name__}）")
            found[name] = item
    return found
