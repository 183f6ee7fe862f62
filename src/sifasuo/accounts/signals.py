"""Failed logins count towards the lockout, whichever entry point (page, API token) they came through."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from sifasuo.core.middleware import client_address

from . import services


@receiver(user_login_failed)
def _on_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or ""
    if username:
        services.record_login_failure(username, client_address(request) if request else None)


@receiver(user_logged_in)
def _on_success(sender, request, user, **kwargs):
    services.clear_login_failures(user.get_username())
