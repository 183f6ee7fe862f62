"""The recruitment pages and API read through recruitment.selectors (issue 17, D90): no module of
recruitment/views or recruitment/api builds a query itself (a manager, a filter, a join, an annotation, an order,
a scope). Read from the source with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "src" / "sifasuo" / "recruitment"
QUERY_METHODS = {"filter", "exclude", "select_related", "prefetch_related", "annotate", "aggregate", "order_by",
                 "values_list", "only", "defer", "select_for_update"}


def query_building(source: str) -> list[str]:
    """'line: what' of every query built in `source`: `X.objects`, a queryset method above, `.values(<fields>)`
    (a dict's `.values()` takes none) and a call of the scoping function."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{node.lineno}: .objects")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in QUERY_METHODS or (name == "values" and (node.args or node.keywords)):
                found.append(f"{node.lineno}: .{name}()")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "restrict":
            found.append(f"{node.lineno}: restrict()")
    return sorted(found, key=lambda line: (int(line.split(":")[0]), line))


def test_the_check_finds_query_building():
    source = ("rows = Model.objects.all()\nqs = rows.filter(a=1).order_by('b')\nrestrict(qs, user)\n"
              "total = sum(counts.values())\nnames = qs.values('name')\n")
    assert query_building(source) == ["1: .objects", "2: .filter()", "2: .order_by()", "3: restrict()",
                                      "5: .values()"]


def test_recruitment_views_and_api_read_through_selectors():
    found = {}
    for path in sorted([*(APP / "views").glob("*.py"), *(APP / "api").glob("*.py")]):
        lines = query_building(path.read_text(encoding="utf-8"))
        if lines:
            found[str(path.relative_to(APP))] = lines
    assert found == {}, found
