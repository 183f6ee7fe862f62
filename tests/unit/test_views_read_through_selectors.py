"""Pages and API build no query themselves: they call their module's selectors (reads, scoped with
core.scoping.restrict) and services (writes), as docs/adding-a-module.md says; the one check of it (issue 17). An API viewset names its rows one way, `rows = staticmethod(selectors.x)` (core.api.ScopedViewSetMixin),
never `queryset`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.generics import GenericAPIView

from sifasuo.core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin

SRC = Path(__file__).resolve().parents[2] / "src" / "sifasuo"
# Every page and API module of every app, and core's API base.
VIEW_FILES = sorted({str(p.relative_to(SRC)) for pattern in ("*/views.py", "*/views/*.py", "*/api/*.py",
                                                              "core/api_views.py")
                     for p in SRC.glob(pattern)} - {"core/views.py"})
# core/views.py is the page machinery itself: it scopes, counts and pages whatever rows a page declares.
# A list on a record's page (its related rows) is read by a selector too (the record's `selectors.x(record)`).
QUERY_METHODS = {"filter", "exclude", "select_related", "prefetch_related", "annotate", "aggregate", "order_by",
                 "values_list", "only", "defer", "distinct", "extra", "raw", "select_for_update"}


def query_building(source: str) -> list[str]:
    """`line: what` of every query built in `source`: a manager (`X.objects`, other than `.none()`), a queryset
    method above, `.values(<fields>)` (a dict's `.values()` takes none) and a call of the scoping function."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{node.lineno}: .objects")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "restrict":
            found.append(f"{node.lineno}: restrict()")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in QUERY_METHODS or (name == "values" and (node.args or node.keywords)):
                found.append(f"{node.lineno}: .{name}()")
    nothing = {f"{n.lineno}: .objects" for n in ast.walk(ast.parse(source))
               if isinstance(n, ast.Attribute) and n.attr == "none" and isinstance(n.value, ast.Attribute)
               and n.value.attr == "objects"}
    return sorted(set(found) - nothing, key=lambda line: (int(line.split(":")[0]), line))


def test_the_check_sees_a_query_built_in_a_view():
    source = ("rows = Model.objects.all()\nqs = rows.filter(a=1).order_by('b')\nrestrict(qs, user)\n"
              "total = sum(counts.values())\nnames = qs.values('name')\nempty = Model.objects.none()\n")
    assert query_building(source) == ["1: .objects", "2: .filter()", "2: .order_by()", "3: restrict()",
                                      "5: .values()"]
    assert query_building("rows = selectors.contracts(request.user)\n") == []


@pytest.mark.parametrize("name", VIEW_FILES)
def test_views_read_through_selectors(name):
    """No page or API module opens a table, scopes or shapes a query by itself."""
    found = query_building((SRC / name).read_text(encoding="utf-8"))
    assert found == [], f"{name} builds queries itself; move them to the module's selectors.py"


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
