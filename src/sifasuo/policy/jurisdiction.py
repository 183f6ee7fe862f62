"""Which policy file applies to a unit: the one answer for every kind of file (recruitment policies,
standards, indicator targets). A file names its jurisdiction by a region code (370000, 370100, 370102); it
covers a unit when that code is one of the codes on the unit's path (/370000/370100/370102/370102001/), and
the deepest such code is the most local. The code 000000 names a file for the whole country: it covers every
unit and is the least local of all. Plain Python, no Django (D72)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TypeVar

T = TypeVar("T")

NATIONAL = "000000"


def covers(region_code: str, path: str) -> bool:
    """Whether the region with this code contains the unit at `path` (whole codes only: 3701 is no code);
    the national code contains every unit."""
    return region_code == NATIONAL or (bool(region_code) and f"/{region_code}/" in path)


def covering(items: Iterable[T], path: str, *, code: Callable[[T], str] = attrgetter("region_code"),
             local_first: bool = True) -> list[T]:
    """The items whose region covers the unit at `path`: the most local first (or last, with
    local_first=False, for files that are merged with the more local ones winning); items of the same region
    keep the order they were given in."""
    found = [(-1 if code(item) == NATIONAL else path.find(f"/{code(item)}/"), n, item)
             for n, item in enumerate(items) if covers(code(item), path)]
    found.sort(key=lambda t: (-t[0] if local_first else t[0], t[1]))
    return [item for _depth, _n, item in found]
