"""What the staff and standardization pages and API read through their selectors decide, on real rows: which
unit a typed code names for this user, who is in post at an office, which contracts are ending (the page and
the alert alike), the counts per unit and per unit below, and a year's level proposals of one county."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.core.scoping import EDIT
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.selectors import unit_with_code, visible_unit
from sifasuo.staff import selectors
from sifasuo.staff.models import Contract, LevelProposal, StaffMember
from sifasuo.standards import selectors as standards_selectors
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_typed_code_names_a_unit_only_in_scope_and_of_the_level_asked(tree, accounts):
    clerk = accounts["county_clerk"]
    assert visible_unit(clerk, " 370102001 ") == tree["office"]
    assert visible_unit(clerk, "370102", level=Level.COUNTY) == tree["county"]
    assert visible_unit(clerk, "370102001", level=Level.COUNTY) is None
    assert visible_unit(clerk, "370103001") is None     # the other county's office: as if it did not exist
    assert visible_unit(clerk, "") is None
    assert unit_with_code("370103001") == tree["other_office"]   # unscoped: the caller checks
    assert unit_with_code("370103001", level=Level.COUNTY) is None


def test_in_post_at_an_office_leaves_out_those_gone_and_those_of_other_offices(tree, accounts):
    here = {factories.staff_member(tree["office"], full_name=n).pk for n in ("在岗甲", "在岗乙")}
    gone = factories.staff_member(tree["office"], full_name="离岗丙")
    StaffMember.objects.filter(pk=gone.pk).update(left_on=datetime.date.today() - datetime.timedelta(days=1))
    factories.staff_member(tree["office2"], full_name="别所丁")
    assert {m.pk for m in selectors.staff_in_post(tree["office"], accounts["county_clerk"], EDIT)} == here
    assert {m.pk for m in selectors.staff_in_post(tree["office"], accounts["office_director"])} == here
    assert list(selectors.staff_in_post(tree["office"], accounts["other_county_admin"])) == []


def test_the_ending_contracts_page_and_alert_read_the_same_rows(tree, accounts):
    today = datetime.date.today()
    day = datetime.timedelta(days=1)
    start = today - 900 * day
    people = {n: factories.staff_member(tree["office"], full_name=n) for n in ("将到期", "晚到期", "已续订", "已离岗")}
    Contract.objects.create(staff=people["将到期"], start=start, end=today + 60 * day)   # the 60th day: listed
    Contract.objects.create(staff=people["晚到期"], start=start, end=today + 61 * day)
    old = Contract.objects.create(staff=people["已续订"], start=start, end=today + 10 * day)
    Contract.objects.create(staff=people["已续订"], start=today + 11 * day, end=today + 1000 * day, renewal_of=old)
    Contract.objects.create(staff=people["已离岗"], start=start, end=today + 5 * day)
    StaffMember.objects.filter(pk=people["已离岗"].pk).update(left_on=today - day)
    other = factories.staff_member(tree["other_office"], full_name="外县到期")
    Contract.objects.create(staff=other, start=start, end=today + 3 * day)

    alert_rows = selectors.contracts_ending(tree["county"].path, today)
    page_rows = selectors.ending_within(selectors.visible_records(Contract, accounts["county_clerk"]), today)
    assert [c.staff.full_name for c in alert_rows] == [c.staff.full_name for c in page_rows] == ["将到期"]
    assert [c.staff.full_name for c in selectors.ending_within(Contract.objects.all(), today, days=61)] == [
        "外县到期", "将到期", "晚到期"]   # soonest first


def test_counts_per_unit_and_per_unit_below_add_up_the_figures(tree):
    a = factories.staff_member(tree["office"], full_name="甲")
    b = factories.staff_member(tree["office"], full_name="乙")
    c = factories.staff_member(tree["office2"], full_name="丙")
    people = [(a, True, {"research": 1, "paper": 2}), (b, False, {"research": 0, "paper": 1}),
              (c, True, {"research": 2, "paper": 0})]
    assert selectors.by_unit(people, ("research", "paper")) == [
        {"unit": tree["office"], "people": 2, "ok": 1, "short": ["乙"], "research": 1, "paper": 3},
        {"unit": tree["office2"], "people": 1, "ok": 1, "short": [], "research": 2, "paper": 0}]
    assert selectors.by_unit(people) == [
        {"unit": tree["office"], "people": 2, "ok": 1, "short": ["乙"]},
        {"unit": tree["office2"], "people": 1, "ok": 1, "short": []}]
    assert selectors.by_child(tree["city"], people, ("paper",)) == [
        {"unit": tree["county"], "people": 3, "ok": 2, "short": [], "paper": 3}]


def test_a_years_proposals_of_one_county(tree, accounts):
    here = factories.staff_member(tree["office"], full_name="本县甲")
    there = factories.staff_member(tree["other_office"], full_name="外县乙")
    for person in (here, there):
        for year in (2024, 2025):
            LevelProposal.objects.create(staff=person, year=year, from_level=4, to_level=3, kind="promotion",
                                         rule_id="DQ-9", reason="连续两年称职")
    mine = selectors.year_proposals(accounts["county_clerk"], year=2024)
    assert [(p.staff.full_name, p.year) for p in mine] == [("本县甲", 2024)]
    province = accounts["province_admin"]
    assert {p.staff.full_name for p in selectors.year_proposals(province, year=2024)} == {"本县甲", "外县乙"}
    assert [p.staff.full_name for p in selectors.year_proposals(province, year=2024, county=tree["other_county"])] == [
        "外县乙"]
    assert list(selectors.pending_proposals(selectors.level_proposals(accounts["county_clerk"]))) == list(
        LevelProposal.objects.filter(staff=here).order_by("-year"))


def test_an_office_page_reads_its_ledger_and_units_in_scope(tree, accounts):
    from sifasuo.standards.models import EquipmentItem

    for item in ("printer", "camera", "computer"):
        EquipmentItem.objects.create(unit=tree["office"], item=item, name=item, quantity=1)
    EquipmentItem.objects.create(unit=tree["office2"], item="car", name="car", quantity=1)
    assert standards_selectors.office_profile(tree["office"]) is None
    assert [e.item for e in standards_selectors.equipment_of(tree["office"])] == ["camera", "computer", "printer"]
    assert {u.pk for u in standards_selectors.units_of_level(accounts["county_clerk"], Level.OFFICE)} == {
        tree["office"].pk, tree["office2"].pk}
    assert list(standards_selectors.units_of_level(accounts["other_county_admin"], Level.OFFICE)) == [
        tree["other_office"]]
    assert {e.item for e in standards_selectors.equipment(accounts["other_county_admin"])} == set()


def test_a_units_checklist_is_the_office_one_or_the_workstation_one(tree):
    office, station = standards_selectors.unit_check(tree["office"]), standards_selectors.unit_check(tree["workstation"])
    assert office.unit.id == tree["office"].id and "staff" in office.facts   # an office's facts count its staff
    assert station.unit.id == tree["workstation"].id and "staff_total" in station.facts
