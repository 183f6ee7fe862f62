"""The page of the sensitive-access log: who read which full ID number, browsed within one's scope."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from sifasuo.core.models import SensitiveAccess
from sifasuo.core.sensitive import reveal
from tests.conftest import client_for
from tests.factories import FOREIGN_MARKER, staff_member

URL = reverse("core:sensitive_list")


@pytest.fixture
def reads(tree, accounts):
    """Two reads in our county (by the clerk and by the office director) and one in the other county."""
    ours = staff_member(tree["office"], full_name="王小明")
    theirs = staff_member(tree["other_office"], full_name=f"{FOREIGN_MARKER}赵六")
    reveal(ours, "id_number", accounts["county_clerk"])
    reveal(ours, "id_number", accounts["office_director"])
    reveal(theirs, "id_number", accounts["other_county_admin"])
    return ours, theirs


def _table(response) -> str:
    return response.content.decode()


def test_admin_sees_reads_of_own_scope_with_unit_names(reads, accounts):
    response = client_for(accounts["county_admin"]).get(URL)
    assert response.status_code == 200
    html = _table(response)
    assert "敏感信息查看记录" in html
    assert html.count("王小明") == 2
    assert "x_clerk" in html and "o_dir" in html
    assert "解放路街道司法所" in html          # the unit's name, not its path
    assert "<td>工作人员</td>" in html        # the data type in Chinese
    assert FOREIGN_MARKER not in html
    assert [a.username for a in response.context["object_list"]] == ["o_dir", "x_clerk"]


def test_city_admin_sees_both_counties_and_other_county_admin_only_theirs(reads, accounts):
    city = client_for(accounts["city_admin"]).get(URL)
    assert len(city.context["object_list"]) == 3
    other = client_for(accounts["other_county_admin"]).get(URL)
    assert [a.object_repr for a in other.context["object_list"]] == [f"{FOREIGN_MARKER}赵六"]


@pytest.mark.parametrize("role", ["county_clerk", "office_director", "office_staff", "applicant"])
def test_roles_without_changelog_view_are_refused(reads, accounts, role):
    assert client_for(accounts[role]).get(URL).status_code == 403


def test_filters_user_unit_type_and_dates(reads, accounts, tree):
    client = client_for(accounts["city_admin"])

    def usernames(query):
        response = client.get(URL, query)
        assert response.status_code == 200
        return sorted(a.username for a in response.context["object_list"])

    assert usernames({"username": "clerk"}) == ["x_clerk"]
    assert usernames({"unit": "370102"}) == ["o_dir", "x_clerk"]
    assert usernames({"unit": "370103"}) == ["other_admin"]
    ct = SensitiveAccess.objects.first().content_type_id
    assert usernames({"content_type": ct}) == ["o_dir", "other_admin", "x_clerk"]
    today = timezone.localdate()
    assert usernames({"since": today.isoformat(), "until": today.isoformat()}) == ["o_dir", "other_admin", "x_clerk"]
    # An old read falls outside a range that starts today.
    old = SensitiveAccess.objects.get(username="x_clerk")
    SensitiveAccess.objects.filter(pk=old.pk).update(time=timezone.now() - datetime.timedelta(days=40))
    assert usernames({"since": today.isoformat()}) == ["o_dir", "other_admin"]
    assert usernames({"until": (today - datetime.timedelta(days=30)).isoformat()}) == ["x_clerk"]


def test_bad_filters_get_chinese_messages(reads, accounts):
    client = client_for(accounts["county_admin"])
    html = _table(client.get(URL, {"unit": "370103"}))
    assert "单位代码 370103 不存在，或不在您的管辖范围内" in html
    assert FOREIGN_MARKER not in html  # neither the unit's name nor its rows
    assert "单位代码 999999 不存在" in _table(client.get(URL, {"unit": "999999"}))
    html = _table(client.get(URL, {"since": "2024-05-10", "until": "2024-05-01"}))
    assert "截止日期 2024-05-01 早于起始日期 2024-05-10" in html
    assert "起始日期不是有效日期" in _table(client.get(URL, {"since": "2024-02-30"}))


def test_export_has_the_filtered_rows(reads, accounts):
    response = client_for(accounts["city_admin"]).get(URL, {"username": "o_dir", "export": "xlsx"})
    assert "spreadsheetml" in response["Content-Type"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:3] == ("时间", "查看人", "数据类型")
    assert len(rows) == 3 and rows[2][1] == "o_dir" and rows[2][3] == "王小明"


def test_paginated_and_queries_pinned(tree, accounts, django_assert_max_num_queries):
    member = staff_member(tree["office"], full_name="李四")
    for _ in range(60):
        reveal(member, "id_number", accounts["county_admin"])
    client = client_for(accounts["county_admin"])
    client.get(URL)  # warm caches (content types, session)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(response.context["object_list"]) == 50
    assert len(client.get(URL, {"page": 2}).context["object_list"]) == 10


def test_linked_from_menu_and_links_to_change_log(reads, accounts):
    response = client_for(accounts["county_admin"]).get(URL)
    assert reverse("core:changelog_list") in _table(response)
    home = client_for(accounts["county_admin"]).get(reverse("core:home"))
    assert URL in home.content.decode()
    assert URL not in client_for(accounts["county_clerk"]).get(reverse("core:home")).content.decode()
