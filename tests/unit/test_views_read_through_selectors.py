"""The staff and standardization pages and every module's API build no query themselves: they call their
module's selectors (reads, scoped with core.scoping.restrict) and services (writes), as docs/adding-a-module.md
says. An API viewset names its rows one way, `rows = staticmethod(selectors.x)` (core.api.ScopedViewSetMixin),
never `queryset`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.generics import GenericAPIView

from sifasuo.core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin

SRC = Path(__file__).resolve().parents[2] / "src" / "sifasuo"
API_FILES = sorted(str(p.relative_to(SRC)) for p in SRC.glob("*/api/*.py")) + ["core/api.py", "core/api_views.py"]
VIEW_FILES = ["staff/views.py", "standards/views.py", *API_FILES]
# What builds or shapes a queryset: a manager, or a QuerySet method that filters, joins, groups or orders.
QUERY_BUILDING = {"objects", "filter", "exclude", "select_related", "prefetch_related", "annotate",
                  "aggregate", "values", "values_list", "only", "defer", "order_by", "distinct", "extra", "raw"}


def query_building(source: str) -> list[str]:
    """`line: name` of every attribute in the source that builds a query (`X.objects`, `qs.filter(`, ...)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in QUERY_BUILDING:
            found.append(f"{node.lineno}: .{node.attr}")
    return sorted(found)


def test_the_check_sees_a_query_built_in_a_view():
    assert query_building("rows = Contract.objects.filter(end__lt=today).order_by('end')\n") == [
        "1: .filter", "1: .objects", "1: .order_by"]
    assert query_building("rows = selectors.contracts(request.user)\n") == []


@pytest.mark.parametrize("name", VIEW_FILES)
def test_views_read_through_selectors(name):
    assert query_building((SRC / name).read_text(encoding="utf-8")) == [], (
        f"{name} builds queries itself; move them to the module's selectors.py")


def test_every_api_viewset_names_its_rows_and_no_queryset():
    """Walks the /api/ router: a viewset that reads rows (a GenericAPIView) reads them through the scoped
    mixin's `rows`; a computed one (a plain ViewSet) names no queryset either."""
    from sifasuo.urls import router

    assert len(router.registry) > 50
    wrong = {}
    for prefix, viewset, _basename in router.registry:
        if getattr(viewset, "queryset", None) is not None:
            wrong[prefix] = f"{viewset.__name__} sets queryset"
        elif issubclass(viewset, GenericAPIView) and not (
                issubclass(viewset, ScopedViewSetMixin) and callable(viewset.rows)):
            wrong[prefix] = f"{viewset.__name__} names no rows"
    assert wrong == {}


def test_a_viewset_with_queryset_or_without_rows_fails_loudly():
    from sifasuo.orgunits.models import OrgUnit

    with pytest.raises(ImproperlyConfigured, match="rows = staticmethod"):
        type("UnitViewSet", (ScopedReadOnlyViewSet,), {"queryset": OrgUnit.objects.none()})
    rowless = type("RowlessViewSet", (ScopedReadOnlyViewSet,), {})()
    with pytest.raises(ImproperlyConfigured, match="names no `rows`"):
        rowless.get_queryset()
