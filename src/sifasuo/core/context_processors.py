import functools

from .navigation import menu_for, menu_groups_for, menu_version


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    # Callables: a template calls them only where it shows the menu, and the side menu only when its cached
    # fragment is missing (templates/includes/sidemenu.html).
    return {"main_menu": functools.partial(menu_for, user), "nav_groups": functools.partial(menu_groups_for, user),
            "menu_version": menu_version, "site_title": "司法所综合管理平台"}
