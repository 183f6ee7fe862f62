"""The API description needs a login; every page carries a Content-Security-Policy without unsafe-inline."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_schema_and_api_docs_need_a_login(accounts):
    anonymous = Client()
    assert anonymous.get("/api/schema/").status_code in (401, 403)
    docs = anonymous.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")
    assert anonymous.get("/api/docs/?script=").status_code == 302
    clerk = client_for(accounts["county_clerk"])
    schema = clerk.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200 and schema.json()["openapi"]
    # The schema says how to send an API token (our knox-based authentication has its scheme).
    assert schema.json()["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    page = clerk.get("/api/docs/")
    assert page.status_code == 200 and b"<script>" not in page.content
    script = clerk.get("/api/docs/?script=")
    assert script.status_code == 200 and "javascript" in script["Content-Type"]


def test_pages_carry_a_strict_content_security_policy(accounts):
    for client, path in [(Client(), "/accounts/login/"), (Client(), "/accounts/register/"),
                         (client_for(accounts["county_clerk"]), "/org/tree/")]:
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        directives = dict((d.split(" ", 1) + [""])[:2] for d in policy.split("; "))
        assert directives["default-src"] == "'self'", policy
        assert directives["script-src"].startswith("'self'") and directives["style-src"] == "'self'", policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
