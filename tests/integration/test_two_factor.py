"""Two-factor login (django-otp): set up with a QR code, a code after the password, recovery codes, required
for administrators (a setting), the token endpoint no weaker than the page, administrators reset it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sifasuo.accounts.models import User
from tests.conftest import client_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def code(user, step=0) -> str:
    """The app's code now (step 0) or in a later 30-second step (a code is accepted once, within ±1 step)."""
    device = TOTPDevice.objects.filter(user=user).order_by("-id").first()
    return f"{TOTP(device.bin_key, drift=step).token():06d}"


def login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def enrol(client, user) -> list[str]:
    page = client.get("/accounts/2fa/")
    assert page.status_code == 200
    response = client.post("/accounts/2fa/", {"action": "confirm", "code": code(user)})
    assert response.status_code == 200, response.content.decode()
    return response.context["new_codes"]


def test_set_up_with_a_qr_code_then_every_login_needs_a_code(accounts):
    clerk = accounts["county_clerk"]
    client = client_for(clerk)
    page = client.get("/accounts/2fa/").content.decode()
    assert "<svg" in page and 'data-testid="totp-secret"' in page and "启用两步验证" in page
    wrong = client.post("/accounts/2fa/", {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 400 and "动态验证码不正确" in wrong.content.decode()
    TOTPDevice.objects.get(user=clerk).throttle_reset()   # django-otp's pause after a wrong code
    codes = enrol(client, clerk)
    assert len(codes) == 10 and len(set(codes)) == 10
    clerk.refresh_from_db()
    assert clerk.two_factor_enabled and client.get("/org/").status_code == 200   # this session passed

    # The password alone no longer signs in: the second step asks for a code.
    fresh = Client()
    step = login(fresh, "x_clerk")
    assert step.status_code == 302 and step["Location"] == "/accounts/2fa/verify/"
    assert "_auth_user_id" not in fresh.session and fresh.get("/org/").status_code == 302
    bad = fresh.post("/accounts/2fa/verify/", {"code": "123456"})
    assert bad.status_code == 400 and "_auth_user_id" not in fresh.session
    # django-otp now refuses this device for a moment, whatever the code (its throttle, doubling per failure).
    assert fresh.post("/accounts/2fa/verify/", {"code": code(clerk, step=1)}).status_code == 400
    TOTPDevice.objects.get(user=clerk).throttle_reset()
    ok = fresh.post("/accounts/2fa/verify/", {"code": code(clerk, step=1)})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert fresh.get("/org/").status_code == 200
    # An old session of the account (signed in before, without the second factor) is sent to verify.
    stale = client_for(clerk)
    redirected = stale.get("/org/")
    assert redirected.status_code == 302 and redirected["Location"] == "/accounts/2fa/"


def test_a_recovery_code_works_once(accounts):
    clerk = accounts["county_clerk"]
    codes = enrol(client_for(clerk), clerk)
    first = Client()
    login(first, "x_clerk")
    assert first.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 302
    again = Client()
    login(again, "x_clerk")
    assert again.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 400
    assert "_auth_user_id" not in again.session


def test_required_for_administrators_unless_exempt(accounts, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = {"province_admin", "city_admin", "county_admin", "superuser"}
    admin = accounts["county_admin"]
    client = Client()
    assert login(client, "x_admin").status_code == 302
    # Signed in by password, the administrator reaches nothing but the set-up page ...
    for path in ("/", "/org/", "/accounts/users/", "/api/org-units/"):
        response = client.get(path)
        assert response.status_code in (302, 403), path
        if response.status_code == 302:
            assert response["Location"] == "/accounts/2fa/"
    assert "您的角色必须使用两步验证" in client.get("/accounts/2fa/").content.decode()
    # ... and gets no API token by password alone.
    refused = Client().post("/api/auth/token/", {"username": "x_admin", "password": PASSWORD})
    assert refused.status_code == 403 and "须使用两步验证" in refused.json()["detail"]
    enrol(client, admin)
    assert client.get("/accounts/users/").status_code == 200
    # Once set up, the token endpoint wants the code too.
    no_code = Client().post("/api/auth/token/", {"username": "x_admin", "password": PASSWORD})
    assert no_code.status_code == 400 and "otp_token" in no_code.json()
    with_code = Client().post("/api/auth/token/", {"username": "x_admin", "password": PASSWORD,
                                                   "otp_token": code(admin, step=1)})
    assert with_code.status_code == 200 and with_code.json()["token"]
    # The owner may not turn it off while the role requires it.
    off = client.post("/accounts/2fa/", {"action": "disable", "code": code(admin, step=-1)})
    assert off.status_code == 400 and "不能停用" in off.content.decode()
    # A clerk is not required to; an exempt administrator (the demo's) neither.
    assert client_for(accounts["county_clerk"]).get("/org/").status_code == 200
    other = accounts["city_admin"]
    other.two_factor_exempt = True
    other.save()
    assert client_for(other).get("/org/").status_code == 200
    assert Client().post("/api/auth/token/", {"username": "c_admin", "password": PASSWORD}).status_code == 200


def test_administrators_reset_two_factor_in_scope_only(accounts):
    clerk = accounts["county_clerk"]
    enrol(client_for(clerk), clerk)
    foreign = client_for(accounts["other_county_admin"])
    assert foreign.post(f"/accounts/users/{clerk.pk}/2fa-reset/").status_code == 404
    clerk.refresh_from_db()
    assert clerk.two_factor_enabled
    admin = client_for(accounts["county_admin"])
    assert "两步验证：已启用" in admin.get(f"/accounts/users/{clerk.pk}/").content.decode()
    assert admin.post(f"/accounts/users/{clerk.pk}/2fa-reset/").status_code == 302
    clerk.refresh_from_db()
    assert not clerk.two_factor_enabled and not TOTPDevice.objects.filter(user=clerk).exists()
    assert login(Client(), "x_clerk").status_code == 302 and login(Client(), "x_clerk")["Location"] == "/"


def test_demo_accounts_are_exempt_and_a_shell_token_needs_no_password(accounts, capsys, settings):
    from sifasuo.accounts import seeding

    seeding.seed(scale="demo", seed=1, log=print)
    demo = User.objects.get(username="applicant_demo")
    assert demo.two_factor_exempt and not demo.two_factor_enabled
    settings.TWO_FACTOR_REQUIRED_ROLES = {"county_admin"}
    call_command("issue_token", "x_admin", label="检查脚本")
    token = capsys.readouterr().out.strip()
    assert Client().get("/api/org-units/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
