"""The scope walk (tests/scope_walk.py) on this module's pages and API only, so a leak here is reported even
while another module's route fails the full walk first."""

from __future__ import annotations

from tests.scope_registry import build_foreign_rows
from tests.scope_walk import walk


def _ours(name: str) -> bool:
    return name.startswith("standards:") or name.startswith("standards-")


def test_standards_routes_never_show_the_other_county(tree, accounts, walkers):
    lists, details = walk(walkers, build_foreign_rows(tree, accounts), only=_ours)
    assert lists > 40 and details > 40
