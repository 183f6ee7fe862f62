from .navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"main_menu": menu_for(user), "site_title": "司法所综合管理平台"}
