"""Login, lockout, password strength, session expiry, roles bound to unit levels, scoped account admin."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.utils import timezone
from django.core.exceptions import ValidationError
from django.test import Client

from sifasuo.accounts import services
from sifasuo.accounts.models import User
from sifasuo.core.models import ChangeLogEntry
from sifasuo.accounts.roles import Role
from tests.conftest import client_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_and_home_page_shows_unit(accounts):
    client = Client()
    response = login(client, "x_clerk", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    body = home.content.decode()
    assert "历下区司法局" in body and "县级业务人员" in body


def test_wrong_password_message_in_chinese(accounts):
    response = login(Client(), "x_clerk", "wrong-password")
    assert response.status_code == 200
    assert "账号或密码错误" in response.content.decode()


def test_repeated_failures_lock_the_name_from_that_address_only(accounts, settings):
    """Five failures from one address lock the name there, the right password included; the owner at
    another address still gets in (a stranger cannot lock an account out from everywhere)."""
    settings.AXES_FAILURE_LIMIT = 5
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(4):
        assert "账号或密码错误" in login(stranger, "x_clerk", "bad").content.decode()
    fifth = login(stranger, "x_clerk", "bad")
    assert fifth.status_code == 429 and "已被暂时锁定" in fifth.content.decode()
    locked = login(stranger, "x_clerk", PASSWORD)
    assert locked.status_code == 429
    assert "已被暂时锁定，请 15 分钟后再试" in locked.content.decode()
    assert "_auth_user_id" not in stranger.session
    # The owner, at their own address, is not locked out; nor is another name at the stranger's address.
    assert login(Client(REMOTE_ADDR="10.1.2.3"), "x_clerk", PASSWORD).status_code == 302
    assert login(Client(REMOTE_ADDR="203.0.113.9"), "o_staff", PASSWORD).status_code == 302


def _age_attempts(seconds: int) -> None:
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(seconds=seconds))


def test_attempts_during_a_lock_do_not_extend_it(accounts, settings):
    cooloff = int(settings.AXES_COOLOFF_TIME.total_seconds())
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "x_clerk", "bad")
    _age_attempts(cooloff - 60)   # a minute of the lock left
    for password in ("bad", "bad", PASSWORD):   # hammering during the lock is refused ...
        assert login(client, "x_clerk", password).status_code == 429
    assert "请 1 分钟后再试" in login(client, "x_clerk", PASSWORD).content.decode()
    _age_attempts(61)   # ... and does not push the end of the lock back
    assert login(client, "x_clerk", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="x_clerk").exists()   # a success clears the failures


def test_api_token_shares_the_lock_of_the_login_page(accounts, settings):
    client = Client(REMOTE_ADDR="203.0.113.9")
    ok = client.post("/api/auth/token/", {"username": "x_clerk", "password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["token"]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/api/auth/token/", {"username": "x_clerk", "password": "bad"}).status_code == 400
    assert login(client, "x_clerk", "bad").status_code == 429   # the fifth failure, on the page
    locked = client.post("/api/auth/token/", {"username": "x_clerk", "password": PASSWORD})
    assert locked.status_code == 429 and "已被暂时锁定" in locked.json()["detail"]
    other = Client(REMOTE_ADDR="10.1.2.3").post("/api/auth/token/", {"username": "x_clerk", "password": PASSWORD})
    assert other.status_code == 200


def test_administrators_lift_locks_of_accounts_in_their_scope(accounts, settings):
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("x_clerk", "other_admin"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(stranger, name, "bad")
    admin = client_for(accounts["county_admin"])
    page = admin.get("/accounts/locks/")
    body = page.content.decode()
    assert page.status_code == 200 and "登录锁定" in body
    assert "x_clerk" in body and "203.0.113.9" in body and "other_admin" not in body
    # Not in scope: refused with the message a missing lock gets, the lock stays.
    refused = admin.post("/accounts/locks/", {"username": "other_admin", "address": "203.0.113.9"}, follow=True)
    assert "未找到该锁定记录，或该账号不在您的管辖范围内" in refused.content.decode()
    assert login(stranger, "other_admin", PASSWORD).status_code == 429
    # In scope: lifted, logged on the account, and the owner gets in from that address at once.
    lifted = admin.post("/accounts/locks/", {"username": "x_clerk", "address": "203.0.113.9"}, follow=True)
    assert "已解除账号「x_clerk」在 203.0.113.9 的登录锁定" in lifted.content.decode()
    entry = ChangeLogEntry.objects.filter(object_id=str(accounts["county_clerk"].pk)).first()
    assert entry.user == accounts["county_admin"] and entry.before == {"登录锁定": "203.0.113.9"}
    assert login(stranger, "x_clerk", PASSWORD).status_code == 302
    # Only administrators open the page.
    assert client_for(accounts["county_clerk"]).get("/accounts/locks/").status_code == 403


def test_login_and_registration_are_rate_limited_per_address(accounts):
    from sifasuo.accounts.lockout import LoginRateThrottle, RegistrationRateThrottle

    busy = Client(REMOTE_ADDR="198.51.100.7")
    for i in range(LoginRateThrottle().num_requests):
        assert login(busy, f"nobody{i}", "bad").status_code == 200   # a different name each time
    refused = login(busy, "x_clerk", PASSWORD)
    assert refused.status_code == 429 and "请求过于频繁" in refused.content.decode()
    assert "_auth_user_id" not in busy.session
    assert login(Client(REMOTE_ADDR="10.1.2.3"), "x_clerk", PASSWORD).status_code == 302

    form = {"full_name": "张三", "phone": "13800000000", "password": "Good#Pass2025",
            "password_again": "Good#Pass2025"}
    for i in range(RegistrationRateThrottle().num_requests):
        response = Client(REMOTE_ADDR="198.51.100.8").post("/accounts/register/", {**form, "username": f"bot{i}"})
        assert response.status_code == 302
    refused = Client(REMOTE_ADDR="198.51.100.8").post("/accounts/register/", {**form, "username": "bot_last"})
    assert refused.status_code == 429 and "请求过于频繁" in refused.content.decode()
    assert not User.objects.filter(username="bot_last").exists()


def test_token_throttle_ignores_forwarded_for_unless_proxies_are_configured(accounts, settings):
    from sifasuo.accounts.lockout import LoginRateThrottle

    limit = LoginRateThrottle().num_requests
    codes = [Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").post(
        "/api/auth/token/", {"username": f"nobody{i}", "password": "bad"}).status_code for i in range(limit + 1)]
    assert codes[:limit] == [400] * limit and codes[limit] == 429

    # Behind one configured proxy (nginx at 198.51.100.10) each client it forwards counts on its own: the
    # proxy's address is not throttled for them, while one client alone still is.
    settings.PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    codes = [Client(REMOTE_ADDR="198.51.100.10", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").post(
        "/api/auth/token/", {"username": f"someone{i}", "password": "bad"}).status_code for i in range(limit + 1)]
    assert codes == [400] * (limit + 1)
    codes = [Client(REMOTE_ADDR="198.51.100.10", HTTP_X_FORWARDED_FOR="203.0.113.200").post(
        "/api/auth/token/", {"username": f"other{i}", "password": "bad"}).status_code for i in range(limit + 1)]
    assert codes[:limit] == [400] * limit and codes[limit] == 429


def test_token_authenticates_api_requests_in_scope(accounts):
    token = Client().post("/api/auth/token/", {"username": "x_clerk", "password": PASSWORD}).json()["token"]
    response = Client().get("/api/org-units/?level=4", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert sorted(r["code"] for r in response.json()["results"]) == ["370102001", "370102002"]


def _token(username="x_clerk", password=PASSWORD, **extra):
    response = Client().post("/api/auth/token/", {"username": username, "password": password, **extra})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _api(token, path="/api/org-units/?level=4", method="get"):
    return getattr(Client(), method)(path, HTTP_AUTHORIZATION=f"Token {token}")


def test_tokens_lapse_after_idle_time_and_maximum_age(accounts, settings):
    from sifasuo.accounts.models import ApiToken

    User.objects.filter(username="x_clerk").update(password_changed_at=timezone.now() - datetime.timedelta(days=60))
    token = _token()
    assert _api(token).status_code == 200
    row = ApiToken.objects.get()
    assert row.digest != token and token[:15] == row.token_key   # only a digest is stored
    idle = settings.REST_KNOX["TOKEN_TTL"]
    assert idle == datetime.timedelta(hours=8) and settings.REST_KNOX["AUTO_REFRESH_MAX_TTL"].days == 30
    # Used within the idle time, the expiry moves on ...
    ApiToken.objects.update(created=F("created") - datetime.timedelta(hours=7),
                            expiry=F("expiry") - datetime.timedelta(hours=7))
    assert _api(token).status_code == 200
    assert ApiToken.objects.get().expiry > timezone.now() + idle - datetime.timedelta(minutes=1)
    # ... never past the maximum age after it was made ...
    now = timezone.now()
    ApiToken.objects.update(created=now - datetime.timedelta(days=30) + datetime.timedelta(hours=1),
                            expiry=now + datetime.timedelta(minutes=10))
    assert _api(token).status_code == 200
    row = ApiToken.objects.get()
    assert now + datetime.timedelta(minutes=50) < row.expiry <= row.created + datetime.timedelta(days=30)
    # ... and unused for longer than the idle time it is refused.
    ApiToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    refused = _api(token)
    assert refused.status_code in (401, 403) and "令牌无效、已过期或已被撤销" in refused.json()["detail"]
    assert not ApiToken.objects.exists()


def test_tokens_die_with_a_password_change_and_a_deactivation(accounts):
    from sifasuo.accounts.models import ApiToken

    token, other = _token(), _token()
    client = client_for(accounts["county_clerk"])
    changed = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "New#Pass2025x",
                                                  "new_password2": "New#Pass2025x"}, follow=True)
    assert "原有的 2 个 API 令牌已全部失效" in changed.content.decode()
    assert _api(token).status_code in (401, 403) and _api(other).status_code in (401, 403)
    # Even a password set some other way (the changepassword command) ends older tokens.
    fresh = _token(password="New#Pass2025x")
    user = User.objects.get(username="x_clerk")
    user.set_password("Third#Pass2025")
    user.save()
    assert _api(fresh).status_code in (401, 403)
    # Deactivation revokes them too.
    survivor = _token(password="Third#Pass2025")
    services.update_account(actor=accounts["county_admin"], user=user, is_active=False)
    assert _api(survivor).status_code in (401, 403)
    assert not ApiToken.objects.filter(user=user).exists()


def test_tokens_listed_and_revoked_by_owner_and_administrators(accounts):
    from sifasuo.accounts.models import ApiToken
    from sifasuo.core.models import ChangeLogEntry

    clerk_token = _token(label="报表同步")
    foreign_token = _token("other_admin")
    # The owner sees their tokens (page and API), not the other county's.
    owner = client_for(accounts["county_clerk"])
    page = owner.get("/accounts/tokens/").content.decode()
    assert "报表同步" in page and clerk_token[:8] in page and foreign_token[:8] not in page
    listed = _api(clerk_token, "/api/tokens/").json()["results"]
    assert [t["label"] for t in listed] == ["报表同步"] and "digest" not in listed[0]
    # A clerk does not see a colleague's; the county administrator sees the clerk's, not the other county's.
    assert _api(_token("o_staff"), "/api/tokens/").json()["count"] == 1
    admin_token = _token("x_admin")
    seen = {t["username"] for t in _api(admin_token, "/api/tokens/").json()["results"]}
    assert {"x_clerk", "o_staff", "x_admin"} <= seen and "other_admin" not in seen
    foreign = ApiToken.objects.get(user__username="other_admin")
    assert _api(admin_token, f"/api/tokens/{foreign.pk}/", "delete").status_code == 404
    # The administrator revokes the clerk's token through the API; the owner revokes another on the page.
    clerk_row = ApiToken.objects.get(user__username="x_clerk")
    assert _api(admin_token, f"/api/tokens/{clerk_row.pk}/", "delete").status_code == 204
    assert _api(clerk_token).status_code in (401, 403)
    assert ChangeLogEntry.objects.filter(action="delete", object_id=str(clerk_row.pk),
                                         username="x_admin").exists()
    issued = owner.post("/accounts/tokens/", {"label": "第二个"})
    new_token = issued.context["new_token"]
    assert new_token in issued.content.decode() and _api(new_token).status_code == 200
    row = ApiToken.objects.get(user__username="x_clerk")
    owner.post("/accounts/tokens/", {"revoke": row.pk})
    assert _api(new_token).status_code in (401, 403)
    # Another county's token cannot be revoked through the page either.
    refused = owner.post("/accounts/tokens/", {"revoke": foreign.pk}, follow=True)
    assert "未找到该令牌" in refused.content.decode() and ApiToken.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("password, fragment", [
    ("short1A!", "密码长度太短：至少需要 10 个字符"),
    ("Qwertyuiop", "密码过于常见"),
    ("alllowercaseletters", "密码强度不足"),
    ("1234567890123", "密码强度不足"),
])
def test_weak_passwords_refused(accounts, password, fragment):
    with pytest.raises(ValidationError) as info:
        services.create_account(actor=None, username="newbie", password=password, role=Role.OFFICE_STAFF,
                                unit=accounts["office_staff"].unit)
    assert any(fragment in m for m in info.value.messages), info.value.messages
    assert not User.objects.filter(username="newbie").exists()


def test_password_change_page(accounts):
    client = client_for(accounts["county_clerk"])
    weak = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "abcdefghij",
                                               "new_password2": "abcdefghij"})
    assert "密码强度不足" in weak.content.decode()
    ok = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "New#Pass2025x",
                                             "new_password2": "New#Pass2025x"})
    assert ok.status_code == 302
    assert login(Client(), "x_clerk", "New#Pass2025x").status_code == 302


def test_activity_renews_the_session_expiry(accounts, settings):
    from django.contrib.sessions.backends import cached_db
    from django.contrib.sessions.models import Session
    from django.core.cache import caches

    from sifasuo.accounts.middleware import SEEN_KEY

    assert settings.SESSION_COOKIE_AGE <= 3600
    client = client_for(accounts["county_clerk"])
    client.get("/")
    session = client.session
    session[SEEN_KEY] = 0  # last renewed long ago
    session.save()
    # The session expires in the database and in the shared cache in front of it (same age: cached_db).
    Session.objects.filter(session_key=session.session_key).update(expire_date="2000-01-01T00:00:00Z")
    caches[settings.SESSION_CACHE_ALIAS].delete(cached_db.KEY_PREFIX + session.session_key)
    client.get("/")  # an expired session is not renewed: the user is out
    assert client.get("/org/").status_code == 302
    client = client_for(accounts["county_clerk"])
    session = client.session
    session[SEEN_KEY] = 0
    session.save()
    before = Session.objects.get(session_key=session.session_key).expire_date
    assert client.get("/org/").status_code == 200
    after = Session.objects.get(session_key=session.session_key).expire_date
    assert after > before


def test_session_expired_redirects_to_login(accounts):
    client = client_for(accounts["county_clerk"])
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get("/org/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_role_must_fit_unit_level(accounts, tree):
    with pytest.raises(ValidationError) as info:
        services.create_account(actor=None, username="wrong", password="Good#Pass2025", role=Role.COUNTY_CLERK,
                                unit=tree["office"])
    assert "县级业务人员只能属于县级司法局，「解放路街道司法所」是司法所" in info.value.messages[0]
    with pytest.raises(ValidationError):
        services.create_account(actor=None, username="wrong2", password="Good#Pass2025",
                                role=Role.APPLICANT, unit=tree["office"])


def test_admin_cannot_create_account_outside_scope(accounts, tree):
    client = client_for(accounts["county_admin"])
    response = client.post("/accounts/users/new/", {
        "username": "intruder", "full_name": "张三", "role": Role.OFFICE_STAFF, "unit_code": "370103001",
        "password": "Good#Pass2025", "is_active": "on",
    })
    assert response.status_code == 400
    assert "不在您的管辖范围内" in response.content.decode()
    assert not User.objects.filter(username="intruder").exists()
    response = client.post("/accounts/users/new/", {
        "username": "newstaff", "full_name": "李四", "role": Role.OFFICE_STAFF, "unit_code": "370102001",
        "password": "Good#Pass2025", "is_active": "on",
    })
    assert response.status_code == 302
    assert User.objects.get(username="newstaff").unit == tree["office"]


def test_capabilities_per_role(accounts):
    assert client_for(accounts["county_clerk"]).get("/accounts/users/").status_code == 403
    assert client_for(accounts["county_admin"]).get("/accounts/users/").status_code == 200
    assert client_for(accounts["leader"]).get("/org/new/").status_code == 403
    assert client_for(accounts["applicant"]).get("/org/").status_code == 403
    page = client_for(accounts["applicant"]).get("/")
    assert page.status_code == 200 and "组织机构" not in page.content.decode()
