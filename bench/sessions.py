"""Signing the benchmark's accounts in, as a real login would leave them.

An account whose role must log in with a second factor (issue 16, SIFASUO_2FA_REQUIRED_ROLES) is, after a
real two-step login, signed in *and* verified by its device (django-otp keeps the device in the session).
`force_login` alone leaves it unverified, and every page then answers with the redirect to /accounts/2fa/
instead of the page. `sign_in` gives such an account a confirmed TOTP device and a session verified by it
(django-otp's public DEVICE_ID_SESSION_KEY), so the benchmark measures the pages people see, with the
OTP middleware's own work included.
"""

from __future__ import annotations


def sign_in(client, user):
    """Log `user` in on the test client `client` (verified by a device where the role needs one); returns it."""
    client.force_login(user)
    if user.two_factor_required or user.two_factor_enabled:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
                  or TOTPDevice.objects.create(user=user, name="基准测试", confirmed=True))
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
