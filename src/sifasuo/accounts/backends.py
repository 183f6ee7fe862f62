"""Password authentication, and the user of every request loaded with its unit.

Lock-outs are django-axes' (AxesStandaloneBackend comes first in AUTHENTICATION_BACKENDS, D44).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        # Every page shows the user's unit: fetch it with the user, in one query.
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        # get() rather than first(): no ORDER BY to compile, the cheaper of the two (D69, profiled).
        try:
            user = get_user_model()._default_manager.select_related("unit").get(pk=pk)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
