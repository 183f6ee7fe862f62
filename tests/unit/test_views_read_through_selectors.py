"""The staff and standardization pages and API build no query themselves: they call their module's
selectors (reads, scoped with core.scoping.restrict) and services (writes), as docs/adding-a-module.md says."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "sifasuo"
VIEW_FILES = ["staff/views.py", "staff/api/views.py", "standards/views.py", "standards/api/views.py"]
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
