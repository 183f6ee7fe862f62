"""Pages: lists with filters, pagination, Excel export and print; detail with breadcrumb; tree; forms."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.services import UnitRow, bulk_load_units
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def many_offices(n: int):
    bulk_load_units([UnitRow(f"370102{100 + i:03d}", f"测试{i}街道司法所", Level.OFFICE, "street", "370102",
                             population=1000 + i) for i in range(n)])


def test_list_filters_and_pagination(tree, accounts):
    many_offices(120)
    client = client_for(accounts["county_clerk"])
    page = client.get("/org/?level=4")
    assert page.status_code == 200
    assert page.context["paginator"].count == 122
    assert len(page.context["object_list"]) == 50
    body = page.content.decode()
    assert "共 122 条" in body and "第 1 / 3 页" in body
    last = client.get("/org/?level=4&page=3")
    assert len(last.context["object_list"]) == 22
    assert "level=4&page=2" in last.content.decode()
    found = client.get("/org/?q=千佛山")
    assert [u.code for u in found.context["object_list"]] == ["370102002"]


def test_list_page_query_count_does_not_grow_with_rows(tree, accounts):
    client = client_for(accounts["county_clerk"])
    client.get("/org/")  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        client.get("/org/?level=4")
    many_offices(60)
    with CaptureQueriesContext(connection) as more:
        client.get("/org/?level=4")
    assert len(few.captured_queries) == len(more.captured_queries)
    # session, user with unit, the tree's data version, count, page of rows
    assert len(more.captured_queries) == 5, [q["sql"] for q in more.captured_queries]
    # the same page again: served from the cached body, the rows are not read
    with CaptureQueriesContext(connection) as again:
        repeat = client.get("/org/?level=4")
    assert len(again.captured_queries) == 3, [q["sql"] for q in again.captured_queries]
    assert "共 62 条" in repeat.content.decode()


def test_cached_list_follows_every_kind_of_write(tree, accounts):
    """The list body is cached under the tree's data version: every way of writing units replaces it."""
    from sifasuo.orgunits import services
    from sifasuo.orgunits.models import OrgUnit

    client = client_for(accounts["county_clerk"])

    def page() -> str:
        return client.get("/org/?level=4").content.decode()

    assert "共 2 条" in page() and "共 2 条" in page()   # the second one is a cache hit
    unit = services.create_unit(code="370102150", name="新建街道司法所", level=Level.OFFICE, kind="street",
                                parent=tree["county"])
    assert "新建街道司法所" in page()
    services.update_unit(unit=unit, name="改名街道司法所")
    body = page()
    assert "改名街道司法所" in body and "新建街道司法所" not in body
    OrgUnit.objects.filter(pk=unit.pk).update(population=98765)        # a bulk update, no signal
    assert "98765" in page()
    services.delete_unit(unit=unit)
    body = page()
    assert "改名街道司法所" not in body and "共 2 条" in body
    many_offices(3)                                                     # bulk_create
    assert "共 5 条" in page()


def test_cached_list_keeps_scopes_roles_and_queries_apart(tree, accounts):
    from tests import factories

    ours = client_for(accounts["county_clerk"])
    theirs = client_for(accounts["other_county_admin"])
    city = client_for(accounts["city_admin"])
    for _ in range(2):   # the second round is served from the cache
        mine = ours.get("/org/?level=4").content.decode()
        other = theirs.get("/org/?level=4").content.decode()
        whole = city.get("/org/?level=4").content.decode()
        assert factories.FOREIGN_MARKER not in mine and "共 2 条" in mine
        assert "千佛山" not in other and factories.FOREIGN_MARKER in other
        assert "千佛山" in whole and factories.FOREIGN_MARKER in whole
        assert "千佛山" not in ours.get("/org/?level=4&q=大观园").content.decode()
        assert "没有符合条件的记录" in ours.get("/org/?level=4&q=大观园").content.decode()


def test_excel_export_matches_the_filtered_list(tree, accounts):
    client = client_for(accounts["county_clerk"])
    response = client.get("/org/?level=4&export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0].startswith("组织机构\u3000历下区司法局\u3000筛选：层级 司法所\u3000导出时间：")   # the title row
    assert rows[1][:3] == ("单位代码", "单位名称", "层级")
    assert sorted(r[0] for r in rows[2:]) == ["370102001", "370102002"]
    assert rows[2][2] == "司法所"


def test_detail_page_breadcrumb_children_and_counts(tree, accounts):
    client = client_for(accounts["county_clerk"])
    page = client.get(f"/org/{tree['office'].pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    # A county user's breadcrumb starts at their own unit: the city above is outside their scope.
    assert [a.name for a in page.context["breadcrumb"]] == ["历下区司法局"]
    assert "燕子山社区司法行政工作室" in body
    county = client.get(f"/org/{tree['county'].pk}/")
    assert county.context["level_counts"] == {"司法所": 2, "司法行政工作室": 1}


def test_tree_children_load_in_one_query_per_level(tree, accounts):
    client = client_for(accounts["county_clerk"])
    root = client.get("/org/tree/")
    assert "历下区司法局" in root.content.decode()
    with CaptureQueriesContext(connection) as ctx:
        children = client.get(f"/org/tree/{tree['county'].pk}/")
    body = children.content.decode()
    assert "解放路街道司法所" in body and "下级 1" in body and "千佛山街道司法所" in body
    # session, user with unit, the parent, its children with their counts
    assert len(ctx.captured_queries) == 4, [q["sql"] for q in ctx.captured_queries]


def test_create_form_shows_chinese_errors_and_keeps_nothing(tree, accounts):
    client = client_for(accounts["county_admin"])
    form = client.get(f"/org/new/?parent={tree['county'].pk}")
    assert form.context["form"].initial["parent_code"] == "370102"
    response = client.post("/org/new/", {"parent_code": "370102", "code": "370103009", "name": "错位所",
                                         "level": "4", "kind": "street"})
    assert response.status_code == 400
    assert "不属于上级单位「历下区司法局」" in response.content.decode()
    response = client.post("/org/new/", {"parent_code": "370102", "code": "370102009", "name": "新所",
                                         "level": "4", "kind": "street", "population": "-5"})
    assert "服务人口不能为负数" in response.content.decode()
    response = client.post("/org/new/", {"parent_code": "370102", "code": "370102009", "name": "新所",
                                         "level": "4", "kind": "street", "opened_on": "2023-13-01"})
    assert "设立日期不是有效日期，应为 2025-03-01 这样的格式" in response.content.decode()
    response = client.post("/org/new/", {"parent_code": "370103", "code": "370103009", "name": "越权所",
                                         "level": "4", "kind": "street"})
    assert "不在您的管辖范围内" in response.content.decode()
    ok = client.post("/org/new/", {"parent_code": "370102", "code": "370102009", "name": "新所",
                                   "level": "4", "kind": "street"})
    assert ok.status_code == 302


def test_autocomplete_is_scoped(tree, accounts):
    client = client_for(accounts["county_clerk"])
    data = client.get("/org/autocomplete/?q=司法所").json()["results"]
    assert sorted(r["code"] for r in data) == ["370102001", "370102002"]


def test_autocomplete_and_a_new_units_parent_read_in_pinned_queries(tree, accounts, django_assert_max_num_queries):
    """The autocomplete's answers (a level, path order, the first 20) and a new unit's `?parent=` are read by
    orgunits.selectors (issue 17), in as many queries for 60 more offices as before; an out-of-scope parent is
    ignored."""
    client = client_for(accounts["county_admin"])
    client.get("/org/autocomplete/?q=司法")   # warm caches (content types, session)
    with django_assert_max_num_queries(3):   # session, user with unit, the units
        few = client.get("/org/autocomplete/?q=司法&level=4").json()["results"]
    assert [r["code"] for r in few] == ["370102001", "370102002"]
    many_offices(60)
    with django_assert_max_num_queries(3):
        more = client.get("/org/autocomplete/?q=司法&level=4").json()["results"]
    assert [r["code"] for r in more] == ["370102001", "370102002", *[f"370102{100 + i:03d}" for i in range(18)]]
    assert [r["code"] for r in client.get("/org/autocomplete/?q=司法&level=3").json()["results"]] == ["370102"]
    with django_assert_max_num_queries(3):   # session, user with unit, the parent
        form = client.get(f"/org/new/?parent={tree['office'].pk}")
    assert (form.context["form"].initial["parent_code"], form.context["form"].initial["level"]) == ("370102001", 5)
    assert client.get(f"/org/new/?parent={tree['other_county'].pk}").context["form"].initial.get("parent_code") is None


def test_home_counts_only_own_subtree(tree, accounts):
    # The workbench counts the open units below the user's own (the other county's are not in scope).
    page = client_for(accounts["county_clerk"]).get("/")
    assert page.context["unit_counts"] == {"司法所": 2, "司法行政工作室": 1}


def test_county_admin_edits_own_unit_whose_parent_is_above_their_scope(tree, accounts):
    client = client_for(accounts["county_admin"])
    county = tree["county"]
    response = client.post(f"/org/{county.pk}/edit/", {
        "parent_code": "370100", "code": "370102", "name": "历下区司法局", "level": "3", "kind": "district",
        "phone": "0531-86000000",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    county.refresh_from_db()
    assert county.phone == "0531-86000000"
    # but moving it elsewhere above their scope is refused
    response = client.post(f"/org/{county.pk}/edit/", {
        "parent_code": "370000", "code": "370102", "name": "历下区司法局", "level": "3", "kind": "district"})
    assert "不在您的管辖范围内" in response.content.decode()


def test_list_cells_and_filter_values_are_escaped(tree, accounts):
    from sifasuo.orgunits import services

    services.update_unit(unit=tree["office2"], name="<b>千佛山</b>街道司法所")
    client = client_for(accounts["county_clerk"])
    body = client.get('/org/?level=4&q="><script>x</script>').content.decode()
    assert "<script>x</script>" not in body and "&lt;script&gt;" in body
    body = client.get("/org/?level=4").content.decode()
    assert "<b>千佛山</b>" not in body and "&lt;b&gt;千佛山&lt;/b&gt;街道司法所" in body
    assert client.get("/org/?q=没有这个单位").content.decode().count("没有符合条件的记录") == 1
