"""API token authentication: django-rest-knox's, refusing tokens older than their owner's last password
change (D45). Expiry (idle and maximum age) and inactive owners are knox's."""

from __future__ import annotations

from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

REFUSED = "令牌无效、已过期或已被撤销，请重新获取。"


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token):
        try:
            return super().authenticate_credentials(token)
        except AuthenticationFailed as exc:
            raise AuthenticationFailed(REFUSED) from exc

    def validate_user(self, auth_token):
        changed = auth_token.user.password_changed_at
        if changed is not None and auth_token.created < changed:
            auth_token.delete()
            raise AuthenticationFailed(REFUSED)
        return super().validate_user(auth_token)
