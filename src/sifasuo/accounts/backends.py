"""Authentication that refuses a locked-out account before checking its password."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .services import lockout_remaining


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and lockout_remaining(username):
            # PermissionDenied stops Django from trying other backends and counts as a failure.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)
