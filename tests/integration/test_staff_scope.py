"""The scope walk (tests/scope_walk.py) over the staff module's routes only (pages and API), so the staff
module's own scoping is proved even while another module's routes are being built."""

from __future__ import annotations

from tests.scope_registry import build_foreign_rows
from tests.scope_walk import routes, walk


def _ours(name: str) -> bool:
    return name.startswith("staff") or name.startswith("api-staff") or "staff-" in name


def test_staff_routes_show_nothing_of_the_other_county(tree, accounts, walkers):
    assert len([name for name, _url, _pattern in routes() if _ours(name)]) > 30
    _lists, details = walk(walkers, build_foreign_rows(tree, accounts), only=_ours,
                           probes=["?export=roster", "?county=370103", "?year=2024&unit=370103"])
    assert details > 20
