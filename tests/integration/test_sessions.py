"""Sessions: Django's own engines (D69), the database one or cached_db in front of Redis; the user read by
the ORM. No patched compiler (core/prepared.py is gone)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sifasuo.accounts.backends import AccountBackend
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Redis stands in as a process-local cache: what matters is that the session is not read from the database.
SHARED_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sessions"},
                "lists": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lists"}}


@pytest.fixture
def cached_sessions(settings):
    settings.CACHES = {**settings.CACHES, **SHARED_CACHE}   # the other caches (the menu's fragments) as they are
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield caches[settings.SESSION_CACHE_ALIAS]
    caches[settings.SESSION_CACHE_ALIAS].clear()


def _engine(**env) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "SIFASUO_REDIS_URL"} | env
    done = subprocess.run([sys.executable, "-c", "from sifasuo import settings; print(settings.SESSION_ENGINE)"],
                          capture_output=True, text=True, env=environment, check=True)
    return done.stdout.strip()


def test_the_session_engine_is_djangos_own_database_or_cached_db_with_redis():
    assert _engine() == "django.contrib.sessions.backends.db"
    assert _engine(SIFASUO_REDIS_URL="redis://127.0.0.1:6379/0") == "django.contrib.sessions.backends.cached_db"


def test_without_redis_a_page_reads_its_session_in_one_query_and_the_user_in_one(accounts):
    client = client_for(accounts["county_clerk"])
    assert client.get("/org/").status_code == 200   # renews the session (once a minute)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/org/").status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    assert len([q for q in sqls if "django_session" in q]) == 1
    assert len([q for q in sqls if '"accounts_user"' in q.split(" WHERE ")[0]]) == 1
    assert not [q for q in sqls if "sifasuo_cache" in q]


def test_with_a_shared_cache_a_page_reads_its_session_from_the_cache_not_the_session_table(accounts,
                                                                                          cached_sessions):
    client = client_for(accounts["county_clerk"])
    assert client.get("/org/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/org/").status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_session_lost_from_the_cache_is_read_from_the_database(accounts, cached_sessions):
    client = client_for(accounts["county_clerk"])
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    cached_sessions.delete(cached_db.KEY_PREFIX + key)   # another server, or the cache restarted
    assert client.get("/org/").status_code == 200
    assert cached_sessions.get(cached_db.KEY_PREFIX + key) is not None   # put back for the next request


@pytest.mark.parametrize("shared", [False, True], ids=["database", "cached_db"])
def test_logging_out_ends_the_session_everywhere(accounts, request, shared):
    cache = request.getfixturevalue("cached_sessions") if shared else None
    client = client_for(accounts["county_clerk"])
    key = client.cookies["sessionid"].value
    stolen = client_for(accounts["county_clerk"])
    stolen.cookies["sessionid"] = key   # the same cookie, replayed by someone else
    assert stolen.get("/org/").status_code == 200
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    if cache is not None:
        assert cache.get(cached_db.KEY_PREFIX + key) is None
    assert stolen.get("/org/").status_code == 302


def test_the_user_comes_with_the_unit_in_one_query(accounts):
    backend = AccountBackend()
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
    backend = AccountBackend()
    assert backend.get_user(10**9) is None
    assert backend.get_user("abc") is None
    inactive = accounts["leader"]
    inactive.is_active = False
    inactive.save()
    assert backend.get_user(inactive.pk) is None
