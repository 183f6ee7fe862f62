"""Sessions end after SESSION_COOKIE_AGE seconds without a request; a session that still owes its second
factor reaches only the pages that settle it.


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


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a signed-in account that has two-factor login on, or whose role
    requires it, and whose session has not passed a second factor, is sent to the page that settles it
    (verify, or set up); the API answers 403. Costs no query for anyone else (D47)."""

    ALLOWED = ("/accounts/2fa/", "/accounts/login/", "/accounts/logout/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and (user.two_factor_enabled or user.two_factor_required)
                and not user.is_verified() and not request.path.startswith(self.ALLOWED)):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "请先在网页上完成两步验证。"}, status=403)
            from django.shortcuts import redirect

            return redirect("accounts:two_factor")
        return self.get_response(request)
