import functools

from .navigation import menu_for, menu_html


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    # Callables: the template calls them only when it shows the menu.
    return {"main_menu": functools.partial(menu_for, user), "menu_html": functools.partial(menu_html, user),
            "site_title": "司法所综合管理平台"}
