"""Sessions: Django's own cached_db engine (D69) in front of the database, the user read by the ORM."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sifasuo.accounts.backends import LockoutModelBackend
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _session_cache():
    return caches[settings.SESSION_CACHE_ALIAS]


def test_a_page_reads_its_session_from_the_shared_cache_not_the_session_table(accounts):
    client = client_for(accounts["county_clerk"])
    assert client.get("/org/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/org/").status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_session_lost_from_the_cache_is_read_from_the_database(accounts):
    client = client_for(accounts["county_clerk"])
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    _session_cache().delete(cached_db.KEY_PREFIX + key)   # another server, or the cache restarted
    assert client.get("/org/").status_code == 200
    assert _session_cache().get(cached_db.KEY_PREFIX + key) is not None   # put back for the next request


def test_logging_out_ends_the_session_in_the_database_and_the_cache(accounts):
    client = client_for(accounts["county_clerk"])
    key = client.cookies["sessionid"].value
    stolen = client_for(accounts["county_clerk"])
    stolen.cookies["sessionid"] = key   # the same cookie, replayed by someone else
    assert stolen.get("/org/").status_code == 200
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert _session_cache().get(cached_db.KEY_PREFIX + key) is None
    assert stolen.get("/org/").status_code == 302


def test_the_user_comes_with_the_unit_in_one_query(accounts):
    backend = LockoutModelBackend()
    for user in accounts.values():
        with CaptureQueriesContext(connection) as queries:
            loaded = backend.get_user(user.pk)
            unit_name = loaded.unit.name if loaded.unit_id else None
        assert len(queries) == 1
        expected = get_user_model().objects.select_related("unit").get(pk=user.pk)
        assert (loaded.pk, loaded.username, loaded.role, loaded.unit_id) == (
            expected.pk, expected.username, expected.role, expected.unit_id)
        assert unit_name == (expected.unit.name if expected.unit_id else None)


def test_unknown_malformed_or_inactive_user_ids_give_no_user(accounts):
    backend = LockoutModelBackend()
    assert backend.get_user(10**9) is None
    assert backend.get_user("abc") is None
    inactive = accounts["leader"]
    inactive.is_active = False
    inactive.save()
    assert backend.get_user(inactive.pk) is None
