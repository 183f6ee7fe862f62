"""Targets for every jurisdiction (WH-8, DQ-6, YQ-2, HZ-1/3/6), inherited national → province → city → county
with the nearer file winning; the corrected readings seen on the dashboard: SD-8 coverage with one definition,
WH-2's director rate, and the WH-8 figures the project lacked (核实率 from the confirmation dates, 重新犯罪率 from
the reoffence records against the national average)."""

from __future__ import annotations

import datetime
import random
import shutil
from pathlib import Path

import pytest

from sifasuo.core import idnumbers
from sifasuo.indicators import selectors as indicator_selectors
from sifasuo.indicators.targets import targets_for
from sifasuo.orgunits.choices import Level
from sifasuo.reporting import aggregates
from sifasuo.resettlement import services as resettlement
from sifasuo.standards import selectors as standard_selectors
from sifasuo.standards import services as standard_services
from tests.conftest import client_for
from tests.standards_fixtures import full_premises, hire

pytestmark = pytest.mark.django_db
D = datetime.date
POLICIES = Path(__file__).resolve().parents[2] / "policies"


def _api_targets(client, code) -> dict:
    rows = client.get(f"/api/indicator-targets/?unit={code}").json()
    return {r["indicator"]: r["target"] for r in rows}


def test_wuhu_has_the_numbers_of_seed_001(wuhu):
    targets = _api_targets(client_for(wuhu["city_clerk"]), "340200")
    assert targets["mediation_success_rate"]["value"] == 98          # WH-8
    assert targets["key_handover_rate"]["value"] == 100               # WH-8 必接必送
    assert targets["verification_rate"]["value"] == 98                # WH-8 核查率
    assert targets["confirmation_rate"]["value"] == 98                # WH-8 核实率
    assert (targets["out_of_contact"]["op"], targets["out_of_contact"]["value"]) == ("<=", 0)
    assert (targets["missed"]["op"], targets["missed"]["value"]) == ("<=", 0)
    assert targets["training_days_per_staff"]["value"] == 7          # WH-4 county, all staff
    assert targets["director_training_days"]["value"] == 5           # WH-4 city, directors
    assert targets["director_rate"]["value"] == 90                   # WH-2, a rate
    # below the national average (the national benchmark file, inherited)
    assert targets["reoffence_rate"]["op"] == "<=" and targets["reoffence_rate"]["value"] == 11.8
    # a county of Wuhu inherits the city's file
    county = _api_targets(client_for(wuhu["clerk"]), "340202")
    assert county["mediation_success_rate"]["value"] == 98


@pytest.mark.parametrize("code,staff,hub_staff", [("230600", 6, 2), ("140300", 4, 2)])
def test_daqing_and_yangquan_have_the_numbers_of_seeds_000_002_003(code, staff, hub_staff):
    path = f"/{code[:2]}0000/{code}/"
    targets = targets_for(path)
    assert targets["staff_per_office"].value == staff                # DQ-6 / YQ-2
    assert targets["hub_staff_per_hub"].value == hub_staff and targets["hub_staff_per_hub"].upper == 4  # HZ-1
    assert targets["typical_per_hub"].value == 3                      # HZ-3
    assert targets["news_per_office"].value == 2                      # HZ-3
    assert targets["info_per_office"].value == 2                      # HZ-6
    assert targets["typical_per_office"].value == 2                   # HZ-6
    assert "mediation_success_rate" not in targets                    # neither seed sets it


def test_the_nearer_file_wins(tmp_path, settings):
    folder = tmp_path / "indicators"
    shutil.copytree(POLICIES / "indicators", folder)
    (folder / "jinghu.yaml").write_text(
        "id: jinghu\nname: 镜湖区目标\njurisdiction: {region_code: \"340202\", region_name: 镜湖区}\n"
        "targets:\n  mediation_success_rate: {op: \">=\", value: 99, amber: 97}\n"
        "  reoffence_rate: {op: \"<=\", value: 5, amber: 6}\n", encoding="utf-8")
    county = targets_for("/340000/340200/340202/", folder)
    city = targets_for("/340000/340200/340203/", folder)
    assert (county["mediation_success_rate"].value, city["mediation_success_rate"].value) == (99, 98)
    assert (county["reoffence_rate"].value, city["reoffence_rate"].value) == (5, 11.8)
    assert county["key_handover_rate"].value == 100   # not overridden: the city's


# --- SD-8 coverage: one definition -------------------------------------------------------------------------

FULL_STATION = {"head_name": "张主任", "six_unified": ["sign", "duties", "rules", "procedures", "support", "ledgers"],
                "layout": ["mediation_room", "legal_service_room", "general_office", "publicity_square",
                           "service_window", "lecture_hall"],
                "funding": ["community_funds", "case_subsidy", "purchased_services"], "legal_adviser": "李律师"}


def test_workstation_coverage_is_the_same_on_the_standards_page_and_the_dashboard(wuhu):
    """Two workstations built, one of them also meeting the standard, one not built: the coverage is 1 of 3
    (compliant ÷ all) on both pages; the built rate (2 of 3) is a different figure and says so."""
    standard_services.save_workstation_profile(actor=None, unit=wuhu["village"], status="built", **FULL_STATION)
    standard_services.save_workstation_profile(actor=None, unit=wuhu["village2"], status="built")  # built, not standard
    standard_services.save_workstation_profile(actor=None, unit=wuhu["other_village"], status="not_built")
    for station in ("village", "village2", "other_village"):
        hire(wuhu[station], "part_time", 3)
    today = datetime.date.today()
    month = today.replace(day=1)
    total, _ = standard_selectors.rollup(wuhu["city"], today=today)
    assert (total.workstations_compliant, total.workstations_built, total.workstations) == (1, 2, 3)
    assert total.coverage_rate == "33.3%"
    aggregates.refresh(wuhu["city"].path, month, month)
    data = indicator_selectors.dashboard(wuhu["city"], month.year, month.month)
    coverage = next(i for i in data["indicators"] if i.code == "workstation_coverage")
    assert coverage.value == 33.33
    page = client_for(wuhu["city_clerk"]).get("/standards/").content.decode()
    assert "1/3（33.3%）" in page


# --- WH-2 as a rate, WH-8 核实率 and 重新犯罪率 --------------------------------------------------------------

def test_the_director_rate_is_a_rate_across_the_offices(wuhu):
    """WH-2: 2 of 3 offices have a full-time deputy-section director → 66.67 % for the city, against 90 %;
    the office without one still meets its standard."""
    for office in ("township", "street"):
        standard_services.save_office_profile(actor=None, unit=wuhu[office], **full_premises(wuhu[office]))
    standard_services.save_office_profile(actor=None, unit=wuhu["other_office"],
                                          **{**full_premises(wuhu["other_office"]), "director_rank": "part_time"})
    month = datetime.date.today().replace(day=1)
    aggregates.refresh(wuhu["city"].path, month, month)
    data = indicator_selectors.dashboard(wuhu["city"], month.year, month.month)
    rate = next(i for i in data["indicators"] if i.code == "director_rate")
    assert (rate.value, rate.target.value, rate.status) == (66.67, 90, "red")
    check = standard_selectors.office_check(wuhu["other_office"])
    assert check.checklist.result("WH-2").status_label == "不计入比率"
    assert "WH-2" not in check.gap_text


def _released(office, n, *, released_on, confirmed=True, reoffended_on=None):
    rng = random.Random(f"{office.code}{n}{released_on}")
    birth = D(1980, 1, 1) + datetime.timedelta(days=n * 97)
    person = resettlement.register_notice(
        actor=None, unit=office, full_name=f"释放人员{n}", crime="盗窃罪", released_from="芜湖监狱",
        id_number=idnumbers.generate(rng, region_code=office.code[:6], birth_date=birth, sex="M"),
        expected_release_on=released_on, notice_received_on=released_on - datetime.timedelta(days=30))
    resettlement.verify(actor=None, person=person, verified_on=released_on - datetime.timedelta(days=20))
    if confirmed:
        resettlement.confirm(actor=None, person=person, confirmed_on=released_on - datetime.timedelta(days=10))
    if released_on <= datetime.date.today():
        resettlement.record_release(actor=None, person=person, released_on=released_on)
        resettlement.hand_over(actor=None, person=person, handed_over_on=released_on + datetime.timedelta(days=2))
        if reoffended_on:
            resettlement.record_reoffence(actor=None, person=person, on=reoffended_on, note="再次盗窃")
    return person


def test_confirmation_and_reoffending_rates_from_the_stored_records(wuhu):
    """Hand count for the year: 4 notices received, 3 confirmed → 核实率 75 %. Released in the last five years:
    5 persons (one released six years ago does not count), one of them reoffended → 20 %, above the national
    average of 11.8 %."""
    office = wuhu["street"]
    year = datetime.date.today().year - 1
    for n, day in enumerate((D(year, 3, 10), D(year, 5, 10), D(year, 6, 10)), start=1):
        _released(office, n, released_on=day)
    _released(office, 4, released_on=D(year, 9, 10), confirmed=False)
    _released(office, 5, released_on=D(year - 3, 4, 1), reoffended_on=D(year - 1, 2, 1))
    _released(office, 6, released_on=D(year - 6, 4, 1), reoffended_on=D(year - 5, 2, 1))
    aggregates.refresh(wuhu["city"].path, D(year, 1, 1), D(year, 12, 1))
    values = {i.code: i for i in indicator_selectors.dashboard(office, year, None)["indicators"]}
    assert values["confirmation_rate"].value == 75.0 and values["confirmation_rate"].status == "red"
    assert values["verification_rate"].value == 100.0
    assert values["reoffence_rate"].value == 20.0
    assert values["reoffence_rate"].target.value == 11.8 and values["reoffence_rate"].status == "red"
    assert Level.OFFICE == office.level
