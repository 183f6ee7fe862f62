"""API permission by capability: a viewset names what reading and writing it require."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class RolePermission(BasePermission):
    """Read needs the view's `view_capability`, write its `edit_capability`; both default to closed."""

    message = "您没有执行此操作的权限。"

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        needed = getattr(view, "view_capability" if request.method in SAFE_METHODS else "edit_capability", None)
        return bool(needed) and user.can(needed)
