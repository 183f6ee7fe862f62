"""Pages of very long lists (D52): the count stops at a cap ("N 条以上"), and past a size a page reads its keys
first and then only its rows — the same rows, in the same order, as reading the page directly."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.casework.choices import CaseStatus
from sifasuo.casework.models import MediationCase
from sifasuo.core.views import LargeListPaginator
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(tree):
    day = datetime.date.today() - datetime.timedelta(days=400)
    return MediationCase.objects.bulk_create([
        MediationCase(unit=tree["office"], year=day.year, number=f"第{n:03d}号", source="application",
                      dispute_type="neighbour", title=f"纠纷{n}", registered_on=day + datetime.timedelta(days=n % 5),
                      status=CaseStatus.REGISTERED) for n in range(1, 24)])


def test_pages_read_by_keys_hold_the_same_rows_in_the_same_order(cases, accounts, monkeypatch):
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sifasuo.core.scoping import restrict

    rows = restrict(MediationCase.objects.select_related("unit"), accounts["county_clerk"])
    monkeypatch.setattr(LargeListPaginator, "direct_rows", 5)
    plain, large = Paginator(rows, 5), LargeListPaginator(rows, 5)
    assert large.count == plain.count == 23 and not large.capped
    for number in range(1, 6):
        with CaptureQueriesContext(connection) as queries:
            page = list(large.page(number))
        assert [r.pk for r in page] == [r.pk for r in plain.page(number)]
        assert len(queries) == 2 and all(r.unit.name for r in page)     # keys, then rows with their units
    monkeypatch.setattr(LargeListPaginator, "count_cap", 20)
    capped = LargeListPaginator(rows, 5)
    assert capped.count == 20 and capped.capped and capped.num_pages == 4
    assert "共 20 条以上" in client_for(accounts["county_clerk"]).get("/casework/cases/").content.decode()


def test_a_short_list_is_read_as_before(cases, accounts):
    page = client_for(accounts["county_clerk"]).get("/casework/cases/").content.decode()
    assert "共 23 条" in page and "条以上" not in page


def test_a_provinces_pages_of_people_count_per_city(tree, accounts):
    """The province's training and writing pages count people per city instead of listing 20,000 of them."""
    from tests.factories import staff_member

    staff_member(tree["office"], full_name="甲所长")
    staff_member(tree["other_office"], full_name="乙人员")
    province = client_for(accounts["province_admin"])
    for url, table in (("/staff/training/compliance/", "by-unit"), ("/staff/writings/status/", "writing-by-unit")):
        page = province.get(url).content.decode()
        assert 'data-testid="summary-note"' in page and "甲所长" not in page
        rows = page[page.index(f'data-testid="{table}"'):].split("</table>")[0]
        assert "济南市司法局" in rows and "解放路街道司法所" not in rows
        county = province.get(url, {"unit": "370102"}).content.decode()
        assert "甲所长" in county and 'data-testid="summary-note"' not in county
