"""Password authentication, and the user of every request loaded with its unit.

Lock-outs are django-axes' (AxesStandaloneBackend comes first in AUTHENTICATION_BACKENDS, D44).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from sifasuo.core.prepared import PreparedQuery

# Every request loads its user with the unit (every page shows it): compiled once per process.
_USER_WITH_UNIT = PreparedQuery(
    lambda pk: get_user_model()._default_manager.select_related("unit").filter(pk=pk).order_by()[:1],
    -7_340_019_221,
)


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        # Every page shows the user's unit: fetch it with the user, in one query.
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _USER_WITH_UNIT.first(pk)
        return user if user is not None and self.user_can_authenticate(user) else None
