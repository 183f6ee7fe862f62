"""Schemathesis over the whole API schema: no request the schema allows (and none it does not) may end in a
server error (5xx). One test item per operation, so the operations spread over pytest-xdist's workers.

The schema is drf-spectacular's, generated in-process; requests go to the WSGI application with a token,
alternately a system administrator's (sees every row) and a county clerk's (a unit, scoped). Every scoped
model has rows (tests/scope_registry.py builds them in the other county), and half of the generated ids of a
detail route are replaced by ids of real rows of the route's model, so actions run on records that exist.

Bounded: SIFASUO_FUZZ_EXAMPLES (default 8) examples per operation, no Hypothesis database, no deadline.
Run alone: `uv run pytest tests/integration/test_api_fuzz.py -n 2`.
"""

from __future__ import annotations

import itertools
import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.urls import Resolver404, resolve
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from sifasuo.accounts.roles import Role
from tests import factories
from tests.conftest import make_accounts
from tests.scope_registry import build_foreign_rows

EXAMPLES = int(os.environ.get("SIFASUO_FUZZ_EXAMPLES", "8"))
PASSWORD = factories.PASSWORD

schema = schemathesis.openapi.from_dict(json.loads(json.dumps(
    SchemaGenerator().get_schema(request=None, public=True), default=str)))
schema.app = get_wsgi_application()


def _token(username: str) -> str:
    from django.test import Client

    response = Client().post("/api/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


@pytest.fixture(scope="module")
def fuzz_auth(django_db_setup, django_db_blocker):
    """Rows of every scoped model and the tokens of a system administrator and a county clerk, made once for
    the module inside a transaction that is rolled back at its end (each test runs in a savepoint of it, as
    Django's TestCase.setUpTestData does)."""
    # Production requires a second factor of administrators before a token (tests/conftest.py turns that off
    # per test; this fixture is made before the per-test fixtures run).
    with django_db_blocker.unblock(), override_settings(TWO_FACTOR_REQUIRED_ROLES=set()):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            tree = factories.build_tree()
            accounts = make_accounts(tree)
            build_foreign_rows(tree, accounts)
            admin = factories.user("fuzz_root", Role.PROVINCE_ADMIN, tree["province"], is_superuser=True)
            tokens = [{"Authorization": f"Token {_token(admin.username)}"},
                      {"Authorization": f"Token {_token(accounts['county_clerk'].username)}"}]
            # As Django's test client does: a request must not close the test's database connection.
            request_started.disconnect(close_old_connections)
            request_finished.disconnect(close_old_connections)
            try:
                yield itertools.cycle(tokens)
            finally:
                request_started.connect(close_old_connections)
                request_finished.connect(close_old_connections)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _existing_id(path: str, generated) -> object:
    """For half of the generated ids (the even ones), the id of a real row of the route's model."""
    if not isinstance(generated, int) or generated % 2:
        return generated
    try:
        match = resolve(path.replace("{id}", "1"))
    except Resolver404:
        return generated
    view = getattr(match.func, "cls", None)
    queryset = getattr(view, "queryset", None)
    if queryset is None:
        return generated
    ids = list(queryset.model._base_manager.order_by("pk").values_list("pk", flat=True)[:50])
    return ids[generated // 2 % len(ids)] if ids else generated


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_server_error(case, fuzz_auth):
    if "id" in (case.path_parameters or {}):
        case.path_parameters["id"] = _existing_id(case.operation.path, case.path_parameters["id"])
    case.call_and_validate(headers=next(fuzz_auth), checks=[not_a_server_error])
