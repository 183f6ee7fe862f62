"""Fixtures shared by every suite: a small real tree, one account per role, logged-in clients."""

from __future__ import annotations

import pytest
from django.test import Client

from sifasuo.accounts.roles import Role

from . import factories

# Fixtures shared by several modules, found by every test without an import (daqing, announcement, clerk;
# walkers of the scope walk).
pytest_plugins = ["tests.recruitment_fixtures", "tests.scope_walk", "tests.standards_fixtures"]


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # The production hasher costs about a second a password on these machines; tests log in a lot.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _replica_only_where_asked(request, settings):
    # Tests run inside a transaction on the primary, which a replica's connection cannot see: only the replica
    # tests (marked `replica`, committing their data) read from a replica, when one is configured.
    if request.node.get_closest_marker("replica") is None:
        settings.SIFASUO_REPLICA_ENABLED = False


@pytest.fixture(autouse=True)
def _fresh_calendar():
    # Each test's database is rolled back; the working-day calendar cached from an earlier test's data
    # (core.workdays, checked against its data version once per request or every few seconds) is dropped.
    from sifasuo.core import workdays

    workdays.forget()
    yield
    workdays.forget()


@pytest.fixture
def tree(db):
    return factories.build_tree()


@pytest.fixture
def accounts(tree):
    """One account per role (and one in the other county), keyed by role name."""
    return make_accounts(tree)


def make_accounts(tree) -> dict:
    u = factories.user
    return {
        "province_admin": u("p_admin", Role.PROVINCE_ADMIN, tree["province"]),
        "city_admin": u("c_admin", Role.CITY_ADMIN, tree["city"]),
        "county_admin": u("x_admin", Role.COUNTY_ADMIN, tree["county"]),
        "county_clerk": u("x_clerk", Role.COUNTY_CLERK, tree["county"]),
        "office_director": u("o_dir", Role.OFFICE_DIRECTOR, tree["office"]),
        "office_staff": u("o_staff", Role.OFFICE_STAFF, tree["office"]),
        "workstation_staff": u("w_staff", Role.WORKSTATION_STAFF, tree["workstation"]),
        "hr_reviewer": u("hr", Role.HR_REVIEWER, tree["county"]),
        "leader": u("leader", Role.LEADER, tree["city"]),
        "applicant": u("applicant", Role.APPLICANT, None),
        "other_applicant": u("other_applicant", Role.APPLICANT, None, full_name=f"{factories.FOREIGN_MARKER}报名人"),
        "other_county_admin": u("other_admin", Role.COUNTY_ADMIN, tree["other_county"],
                                full_name=f"{factories.FOREIGN_MARKER}管理员"),
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clerk_client(accounts):
    return client_for(accounts["county_clerk"])


@pytest.fixture
def admin_client_county(accounts):
    return client_for(accounts["county_admin"])


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, a test database in a file rather than in memory: Django's in-memory test database is one
    shared cache, where a second connection writing at the same time fails at once ("database table is
    locked") instead of waiting as it does on a real database file. The concurrency tests (real threads,
    tests/concurrency.py) need the real behaviour: writers queue (busy timeout) and one wins."""
    import os
    import tempfile

    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = os.path.join(tempfile.gettempdir(),
                                                               f"sifasuo-test-{os.getpid()}.sqlite3")


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request):
    # Per-address rate limits (DRF throttles) count in the default cache: the database cache table, which
    # a transactional test's flush does not empty. Only tests that use the database can clear it.
    from django.core.cache import caches

    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if "live_server" in names or "transactional_db" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _two_factor_optional(settings):
    # Production requires a second factor of administrators (SIFASUO_2FA_REQUIRED_ROLES); the suite logs
    # administrators in by password everywhere, so the requirement is on only where a test turns it on
    # (tests/integration/test_two_factor.py).
    settings.TWO_FACTOR_REQUIRED_ROLES = set()
