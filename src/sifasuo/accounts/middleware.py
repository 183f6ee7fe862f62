"""Sessions end after SESSION_COOKIE_AGE seconds without a request.

Each request that comes more than SESSION_RENEW_SECONDS after the last renewal pushes the session's
expiry forward. Renewing at most once a minute, rather than saving the session on every request,
spares three queries on nearly every page while keeping the idle timeout accurate to that minute.
"""

from __future__ import annotations

import time

from django.conf import settings

SEEN_KEY = "_last_renewed"


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            if now - session.get(SEEN_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[SEEN_KEY] = now  # modifies the session: saved with a fresh expiry
        return self.get_response(request)
