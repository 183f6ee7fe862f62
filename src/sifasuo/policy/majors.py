"""The national catalogues of majors (本科专业目录, 职业教育专业目录 高职专科): which 专业类 a major belongs to.

A policy may require majors by category (`major_categories: [法学类, 公安学类]`) as well as by name. The data
is `data/major_catalogue.csv` (its header gives the source documents and the date it was compiled): one line
per major with its catalogue (本科 / 专科), category code and category name. A category is named by its name
or its 4-digit code; the same name may exist in both catalogues (计算机类, 公共管理类), and then a major of
either counts.

`classify(text)` reads what an applicant wrote in 专业: the name as it stands, then without a bracketed
direction ("法学（涉外法律方向）"), a trailing "专业" or a leading code ("030101K法学"). A text that matches no
major of the catalogue gives None: the screening rule then asks a person to check it (never a refusal).
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Catalogue", "Category", "MajorMatch", "canonical_category", "catalogue", "classify"]

DATA = Path(__file__).with_name("data") / "major_catalogue.csv"
LEVELS = {"本科": "undergraduate", "专科": "vocational"}
_BRACKETS = re.compile(r"[（(【\[].*?[)）】\]]")
_LEADING_CODE = re.compile(r"^[0-9]{4,6}[A-Z]{0,2}")


@dataclass(frozen=True, slots=True)
class Category:
    level: str  # undergraduate / vocational
    code: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.name}（{'本科' if self.level == 'undergraduate' else '高职专科'}{self.code}）"


@dataclass(frozen=True, slots=True)
class MajorMatch:
    """What the applicant's 专业 text was read as: the catalogue name and the categories it belongs to."""

    name: str
    categories: frozenset[str]  # category names


@dataclass(frozen=True)
class Catalogue:
    categories: tuple[Category, ...]
    majors: dict[str, frozenset[str]]  # normalized major name -> category names

    @functools.cached_property
    def by_name(self) -> dict[str, tuple[Category, ...]]:
        found: dict[str, list[Category]] = {}
        for category in self.categories:
            found.setdefault(category.name, []).append(category)
        return {name: tuple(items) for name, items in found.items()}

    @functools.cached_property
    def by_code(self) -> dict[str, Category]:
        return {c.code: c for c in self.categories}

    def category(self, text: str) -> str | None:
        """The category name for a name or a 4-digit code, None if the catalogue has no such category."""
        key = _norm(text)
        if key in self.by_name:
            return key
        found = self.by_code.get(key)
        return found.name if found else None


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


@functools.lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The catalogue read from the data file once."""
    categories: dict[tuple[str, str], Category] = {}
    majors: dict[str, set[str]] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(line for line in handle if line.strip() and not line.startswith("#")):
            level, code, name, major = (part.strip() for part in (row + ["", "", "", ""])[:4])
            category = categories.setdefault((LEVELS[level], code), Category(LEVELS[level], code, name))
            if major:
                majors.setdefault(_norm(major), set()).add(category.name)
    return Catalogue(categories=tuple(categories.values()),
                     majors={name: frozenset(found) for name, found in majors.items()})


def canonical_category(text: str) -> str:
    """法学类 stays 法学类, 0302 becomes 政治学类; an unknown text is returned as written (the policy checks
    report it)."""
    return catalogue().category(text) or str(text).strip()


@functools.lru_cache(maxsize=4096)
def classify(text: str) -> MajorMatch | None:
    """The major an applicant's 专业 text names, with its categories; None when it is not in the catalogue."""
    majors = catalogue().majors
    key = _norm(text)
    if not key:
        return None
    candidates = [key, _BRACKETS.sub("", key)]
    candidates += [c[:-2] for c in list(candidates) if c.endswith("专业")]
    candidates += [_LEADING_CODE.sub("", c) for c in list(candidates)]
    for candidate in candidates:
        if candidate in majors:
            return MajorMatch(candidate, majors[candidate])
    return None
