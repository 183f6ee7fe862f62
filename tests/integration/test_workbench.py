"""The workbench (工作台): each role's home page has the sections it may see, with what waits for it."""

from __future__ import annotations

import datetime

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_every_role_gets_a_workbench(accounts):
    for name, user in accounts.items():
        page = client_for(user).get("/")
        assert page.status_code == 200, name
        body = page.content.decode()
        assert "工作台" in body, name
