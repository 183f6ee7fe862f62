"""Apps import one another one way (issue 17, D83): the import graph of src/sifasuo, read from the source with
`ast` (every import, at the top of a module or inside a function), has no cycle between apps and no cycle
between modules of two apps. The few exceptions are listed here, each with its reason."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

# The foundation: Django's site frame split in five apps that call one another (the unit tree and the scoping
# built on it, the accounts and their roles, the home page showing a role's menu and its alerts, the policy
# files' engine checking ID numbers and regions, the management commands driving every app). A cycle among
# these alone is not a cycle between modules; a cycle reaching any other app is.
FOUNDATION = {"core", "orgunits", "accounts", "alerts", "policy"}

# Module cycles across two apps that cannot be broken without merging the apps.
ALLOWED_MODULE_CYCLES = {
    # OrgUnit is a ChangeLoggedModel with a versioned, scoped queryset (core.models, core.dataversion,
    # core.scoping), and restrict() walks the OrgUnit tree (imported inside the functions that need it): the
    # tree and the scoping are one layer kept in two apps.
    frozenset({"sifasuo.core.dataversion", "sifasuo.core.models", "sifasuo.core.scoping",
               "sifasuo.orgunits.models"}),
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in (SRC / "sifasuo").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def import_graph() -> dict[str, set[str]]:
    """{module: the sifasuo modules it imports}."""
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[:len(package.split(".")) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """The components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    nodes = set(graph) | {w for targets in graph.values() for w in targets}
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def app_cycles(graph: dict[str, set[str]]) -> list[tuple[set[str], list[str]]]:
    """(apps, the imports between them) of every cycle between apps that is not the foundation's alone."""
    edges: dict[str, set[str]] = defaultdict(set)
    why: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module, targets in graph.items():
        for target in targets:
            a, b = app_of(module), app_of(target)
            if a != b:
                edges[a].add(b)
                why[(a, b)].append(f"{module} → {target}")
    out = []
    for component in strongly_connected(edges):
        if not component <= FOUNDATION:
            lines = sorted(line for (a, b), found in why.items() if a in component and b in component
                           for line in found)
            out.append((component, lines))
    return out


def test_the_graph_is_read_from_the_source():
    graph = import_graph()
    # a top-level import, a relative one and one inside a function are all edges
    assert "sifasuo.core.registry" in graph["sifasuo.alerts.engine"]
    assert "sifasuo.reporting.elements" in graph["sifasuo.casework.data_elements"]
    assert "sifasuo.correction.signals" in graph["sifasuo.correction.services"]
    assert "sifasuo.core.policies" in graph["sifasuo.staff.services"]       # imported inside policy_of
    # and a cycle is found when there is one
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_no_cycle_between_apps():
    cycles = app_cycles(import_graph())
    assert cycles == [], "\n".join(f"{sorted(apps)}:\n  " + "\n  ".join(lines) for apps, lines in cycles)


def test_no_import_cycle_between_modules_of_two_apps():
    crossing = [component for component in strongly_connected(import_graph())
                if len({app_of(m) for m in component}) > 1 and frozenset(component) not in ALLOWED_MODULE_CYCLES]
    assert crossing == [], crossing


def test_the_listed_exceptions_still_exist():
    """An exception whose cycle is gone is removed from the list (it would hide a new one)."""
    graph = import_graph()
    components = {frozenset(c) for c in strongly_connected(graph)}
    assert ALLOWED_MODULE_CYCLES <= components
