"""The organisation tree: every listed bad input refused with a clear Chinese message, nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifasuo.core.models import ChangeLogEntry
from sifasuo.orgunits import services
from sifasuo.orgunits.choices import Level, UnitKind
from sifasuo.orgunits.models import OrgUnit
from sifasuo.orgunits.services import UnitRow

pytestmark = pytest.mark.django_db


def messages(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def refused(tree, **kwargs) -> str:
    before = (OrgUnit.objects.count(), ChangeLogEntry.objects.count())
    with pytest.raises(ValidationError) as info:
        services.create_unit(**kwargs)
    assert (OrgUnit.objects.count(), ChangeLogEntry.objects.count()) == before, "拒绝后不应有任何改动"
    return messages(info.value)


def test_path_is_the_chain_of_codes(tree):
    assert tree["workstation"].path == "/370000/370100/370102/370102001/370102001001/"
    assert [u.name for u in tree["workstation"].ancestors()] == [
        "山东省司法厅", "济南市司法局", "历下区司法局", "解放路街道司法所"]


def test_duplicate_code_refused(tree):
    msg = refused(tree, code="370102001", name="重复所", level=Level.OFFICE, kind=UnitKind.STREET,
                  parent=tree["county"])
    assert "单位代码 370102001 已被「解放路街道司法所」使用" in msg


def test_parent_at_wrong_level_refused(tree):
    msg = refused(tree, code="370102003", name="跳级所", level=Level.OFFICE, kind=UnitKind.STREET,
                  parent=tree["city"])
    assert "上级单位「济南市司法局」是市级司法局，其下只能设县级司法局，不能设司法所" in msg


def test_code_not_under_parent_refused(tree):
    msg = refused(tree, code="370103005", name="错位所", level=Level.OFFICE, kind=UnitKind.STREET,
                  parent=tree["county"])
    assert "单位代码「370103005」不属于上级单位「历下区司法局」" in msg
    assert "前6位应为370102" in msg


def test_code_of_wrong_length_refused(tree):
    msg = refused(tree, code="37010200", name="短代码所", level=Level.OFFICE, kind=UnitKind.STREET,
                  parent=tree["county"])
    assert "司法所的单位代码应为9位数字" in msg


def test_kind_must_fit_level(tree):
    msg = refused(tree, code="370102004", name="类型错", level=Level.OFFICE, kind=UnitKind.VILLAGE,
                  parent=tree["county"])
    assert "司法所的类型只能是：乡镇、街道、开发区" in msg


def test_closing_before_opening_refused(tree):
    msg = refused(tree, code="370102005", name="日期错所", level=Level.OFFICE, kind=UnitKind.STREET,
                  parent=tree["county"], opened_on=datetime.date(2020, 5, 1), closed_on=datetime.date(2020, 4, 30))
    assert "撤销日期 2020-04-30 早于设立日期 2020-05-01" in msg


def test_cycle_refused_and_nothing_changes(tree):
    county = tree["county"]
    with pytest.raises(ValidationError) as info:
        services.update_unit(unit=county, parent=tree["office"])
    assert "会形成循环" in messages(info.value) or "不能设" in messages(info.value)
    county.refresh_from_db()
    assert county.parent == tree["city"] and county.path == "/370000/370100/370102/"


def test_moving_a_unit_to_itself_is_a_cycle(tree):
    office = tree["office"]
    office.parent = office
    with pytest.raises(ValidationError) as info:
        services.validate_unit(office)
    assert "会形成循环" in messages(info.value)


def test_province_cannot_have_a_parent(tree):
    msg = refused(tree, code="230000", name="黑龙江省司法厅", level=Level.PROVINCE, kind=UnitKind.PROVINCE,
                  parent=tree["city"])
    assert "省级司法厅不能有上级单位" in msg


def test_changing_a_code_moves_the_subtree_paths(tree):
    # A county renumbered by the division authority: its offices' paths follow in one statement.
    city = tree["city"]
    county = services.create_unit(code="370112", name="历城区司法局", level=Level.COUNTY,
                                  kind=UnitKind.DISTRICT, parent=city)
    services.create_unit(code="370112001", name="山大路街道司法所", level=Level.OFFICE,
                         kind=UnitKind.STREET, parent=county)
    services.update_unit(unit=county, name="历城区司法局（新）")
    assert OrgUnit.objects.get(code="370112001").path == "/370000/370100/370112/370112001/"
    # A refused change leaves the instance as it is in the database.
    other_city = services.create_unit(code="370200", name="青岛市司法局", level=Level.CITY, kind=UnitKind.CITY,
                                      parent=tree["province"])
    with pytest.raises(ValidationError, match="不属于上级单位"):
        services.update_unit(unit=county, parent=other_city)
    assert county.parent == city and county.path == "/370000/370100/370112/"
    with pytest.raises(ValidationError) as info:
        services.update_unit(unit=county, code="370113")
    assert "与下级单位的代码不相符" in messages(info.value)


def test_hub_cluster_rules(tree):
    hub = services.update_unit(unit=tree["office"], is_hub=True)
    member = services.update_unit(unit=tree["office2"], hub=hub)
    assert list(hub.cluster_members.all()) == [member]
    with pytest.raises(ValidationError) as info:
        services.update_unit(unit=tree["other_office"], hub=hub)
    assert "不属于同一县（区），不能组成片区" in messages(info.value)
    with pytest.raises(ValidationError) as info:
        services.update_unit(unit=tree["workstation"], is_hub=True)
    assert "只有司法所可以设为片区中心司法所" in messages(info.value)


def test_delete_refused_while_children_exist(tree):
    with pytest.raises(ValidationError) as info:
        services.delete_unit(unit=tree["office"])
    assert "还有下级单位，不能删除" in messages(info.value)


def test_bulk_load_lands_whole_or_not_at_all(tree):
    rows = [
        UnitRow("370102010", "新甲街道司法所", Level.OFFICE, UnitKind.STREET, "370102"),
        UnitRow("370102010001", "新甲社区司法行政工作室", Level.WORKSTATION, UnitKind.COMMUNITY, "370102010"),
        UnitRow("370102011", "坏行", Level.OFFICE, UnitKind.STREET, "370100"),  # wrong parent level
        UnitRow("370102010", "重复", Level.OFFICE, UnitKind.STREET, "370102"),  # duplicate in the file
    ]
    before = OrgUnit.objects.count()
    with pytest.raises(ValidationError) as info:
        services.bulk_load_units(rows)
    text = messages(info.value)
    assert "第3行" in text and "不能设司法所" in text
    assert "第4行：单位代码 370102010 重复" in text
    assert OrgUnit.objects.count() == before
    created = services.bulk_load_units(rows[:2])
    assert [u.path for u in created] == ["/370000/370100/370102/370102010/",
                                         "/370000/370100/370102/370102010/370102010001/"]



def test_path_under_matches_startswith_on_every_database(tree):
    for unit in OrgUnit.objects.all():
        under = set(OrgUnit.objects.filter(path__under=unit.path).values_list("code", flat=True))
        prefix = set(OrgUnit.objects.filter(path__startswith=unit.path).values_list("code", flat=True))
        assert under == prefix and unit.code in under
    # A sibling whose code begins with another unit's code is not under it.
    assert "370102001001" not in set(OrgUnit.objects.filter(path__under="/370000/370100/370102/370102002/")
                                     .values_list("code", flat=True))
