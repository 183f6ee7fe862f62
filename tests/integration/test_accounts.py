"""Login, lockout, password strength, session expiry, roles bound to unit levels, scoped account admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from sifasuo.accounts import services
from sifasuo.accounts.models import LoginFailure, User
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


def test_repeated_failures_lock_the_account_even_with_right_password(accounts, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    client = Client()
    for _ in range(5):
        login(client, "x_clerk", "bad")
    response = login(client, "x_clerk", PASSWORD)
    assert response.status_code == 200
    assert "已被暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Other accounts are not affected.
    assert login(Client(), "o_staff", PASSWORD).status_code == 302


def test_lock_expires(accounts, settings):
    import datetime

    from django.utils import timezone

    for _ in range(5):
        login(Client(), "x_clerk", "bad")
    LoginFailure.objects.update(time=timezone.now() - datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1))
    assert login(Client(), "x_clerk", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="x_clerk").exists()


def test_api_token_obeys_the_same_lockout(accounts):
    client = Client()
    ok = client.post("/api/auth/token/", {"username": "x_clerk", "password": PASSWORD})
    assert ok.status_code == 200 and len(ok.json()["token"]) == 40
    for _ in range(5):
        bad = client.post("/api/auth/token/", {"username": "x_clerk", "password": "bad"})
        assert bad.status_code in (400, 403)
    locked = client.post("/api/auth/token/", {"username": "x_clerk", "password": PASSWORD})
    assert locked.status_code == 403 and "锁定" in locked.json()["detail"]


def test_token_authenticates_api_requests_in_scope(accounts):
    token = Client().post("/api/auth/token/", {"username": "x_clerk", "password": PASSWORD}).json()["token"]
    response = Client().get("/api/org-units/?level=4", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert sorted(r["code"] for r in response.json()["results"]) == ["370102001", "370102002"]


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
