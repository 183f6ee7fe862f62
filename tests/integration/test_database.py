"""The suite runs on the database DATABASE_URL asks for: a CI misconfiguration must fail loudly."""

from __future__ import annotations

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def expected_vendor() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    return "postgresql" if url.startswith("postgres") else "sqlite"


def test_vendor_matches_database_url():
    assert connection.vendor == expected_vendor(), (
        f"DATABASE_URL={os.environ.get('DATABASE_URL', '')!r} asks for {expected_vendor()}, "
        f"but Django is connected to {connection.vendor}"
    )


def test_server_answers_and_is_a_test_database():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version(), current_database()")
            version, name = cursor.fetchone()
            assert version.startswith("PostgreSQL ")
            # pytest-django must never run the suite against the real database.
            assert name.startswith("test_"), name
        else:
            cursor.execute("SELECT sqlite_version()")
            assert cursor.fetchone()[0]
            # The test database is a throw-away file in the temp folder (tests/conftest.py), never the
            # file in data/.
            from django.conf import settings

            name = str(connection.settings_dict["NAME"])
            assert "sifasuo-test-" in name and not name.startswith(str(settings.DATA_DIR)), name
