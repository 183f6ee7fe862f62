"""Authentication that refuses a locked-out account before checking its password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from sifasuo.core.prepared import PreparedQuery

from .services import lockout_remaining

# Every request loads its user with the unit (every page shows it): compiled once per process.
_USER_WITH_UNIT = PreparedQuery(
    lambda pk: get_user_model()._default_manager.select_related("unit").filter(pk=pk).order_by()[:1],
    -7_340_019_221,
)


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and lockout_remaining(username):
            # PermissionDenied stops Django from trying other backends and counts as a failure.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # Every page shows the user's unit: fetch it with the user, in one query.
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _USER_WITH_UNIT.first(pk)
        return user if user is not None and self.user_can_authenticate(user) else None
