"""Prepared queries (core.prepared) give what the plain queryset gives, on either database."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from sifasuo.accounts.backends import AccountBackend
from sifasuo.accounts.models import User
from sifasuo.accounts.sessions import SessionStore
from sifasuo.core.prepared import PreparedQuery

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_user_with_unit_matches_the_orm(accounts):
    backend = AccountBackend()
    for user in accounts.values():
        loaded = backend.get_user(user.pk)
        expected = User.objects.select_related("unit").get(pk=user.pk)
        assert _fields(loaded) == _fields(expected)
        if expected.unit_id:
            assert _fields(loaded.unit) == _fields(expected.unit)   # populated: no second query
            assert "unit" in loaded._state.fields_cache
        else:
            assert loaded.unit is None
        assert not loaded._state.adding and loaded._state.db == "default"


def test_unknown_or_malformed_user_ids_give_no_user(accounts):
    backend = AccountBackend()
    assert backend.get_user(10**9) is None
    assert backend.get_user("abc") is None
    inactive = accounts["leader"]
    inactive.is_active = False
    inactive.save()
    assert backend.get_user(inactive.pk) is None


def test_sessions_are_read_and_expire_as_with_djangos_backend(accounts):
    client = Client()
    client.force_login(accounts["county_clerk"])
    key = client.cookies["sessionid"].value
    store = SessionStore(key)
    assert store.get("_auth_user_id") == str(accounts["county_clerk"].pk)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.get("_auth_user_id") is None and expired.session_key is None
    assert client.get("/org/").status_code == 302   # logged out once the session expired


def test_a_marker_must_appear_exactly_once():
    bad = PreparedQuery(lambda a: User.objects.filter(pk=a).order_by()[:1], 5)
    assert bad.first(5) is None   # 5 is a real parameter only once: fine
    twice = PreparedQuery(lambda a: User.objects.filter(pk=a, id=a).order_by()[:1], 77)
    with pytest.raises(ValueError):
        twice.first(77)
