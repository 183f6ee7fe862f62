"""What a locked-out client is told (django-axes calls `lockout_response`, AXES_LOCKOUT_CALLABLE), the
per-address rate limits of the login and registration forms, and the locks administrators may lift."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle

from sifasuo.core.middleware import client_address

from . import selectors


def lockout_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return f"登录失败次数过多，该账号在您所在的地址已被暂时锁定，请 {minutes} 分钟后再试，或联系管理员解锁。"


def lockout_response(request, original_response=None, credentials=None):
    """The login page again with the lock-out message (HTTP 429); the token view answers by itself."""
    from .forms import LoginForm

    username = (credentials or {}).get("username") or request.POST.get("username", "")
    seconds = selectors.lockout_remaining(username=username, address=client_address(request))
    form = LoginForm(request, data=request.POST,
                     refusal=lockout_message(seconds or int(settings.AXES_COOLOFF_TIME.total_seconds())))
    return render(request, "accounts/login.html", {"form": form, "next": request.POST.get("next", "")},
                  status=429)


class AddressRateThrottle(SimpleRateThrottle):
    """A limit per client address, signed in or not (DRF's throttle; the address as NUM_PROXIES says).

    Used by the API (`throttle_classes`) and by the login and registration pages (`allow`).
    """

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow(self, request) -> bool:
        return self.allow_request(request, None)

    def message(self) -> str:
        minutes = max(1, int((self.wait() or 60) + 59) // 60)
        return f"来自您所在地址的请求过于频繁，请 {minutes} 分钟后再试。"


class LoginRateThrottle(AddressRateThrottle):
    scope = "login"


class RegistrationRateThrottle(AddressRateThrottle):
    scope = "register"
