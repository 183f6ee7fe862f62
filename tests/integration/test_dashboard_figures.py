"""Dashboards (point 9 of the hub-office issue): the 无数据 badge only where there is no data, every card with
its target and red/amber/green, equal values sharing a rank, drill-downs listing the selected period's records
only, and a workstation's staff seeing only the figures of modules their role may read."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.accounts.roles import Role
from sifasuo.casework.models import MediationCase
from sifasuo.indicators import selectors
from sifasuo.orgunits.choices import Level
from sifasuo.reporting import aggregates
from tests.conftest import client_for
from tests.factories import unit, user

pytestmark = pytest.mark.django_db
D = datetime.date


def _cases(office, month, closed, succeeded, tag=""):
    for n in range(closed):
        MediationCase.objects.create(unit=office, year=month.year, number=f"D{office.code}{tag}{month:%m}-{n}",
                                     source="application", dispute_type="neighbour", title=f"纠纷{tag}{month:%m}{n}",
                                     registered_on=month, status="closed", closed_on=month.replace(day=15),
                                     outcome="success" if n < succeeded else "failure")


@pytest.fixture
def figures(tree):
    """March 2024: 解放路 10 closed / 9 succeeded (90 %), 千佛山 the same (a tie), 趵突泉 20 / 19 (95 %);
    April: one more case at 解放路 (not in March's drill-down)."""
    third = unit("370102003", "趵突泉街道司法所", Level.OFFICE, tree["county"])
    _cases(tree["office"], D(2024, 3, 1), 10, 9)
    _cases(tree["office2"], D(2024, 3, 1), 10, 9)
    _cases(third, D(2024, 3, 1), 20, 19)
    _cases(tree["office"], D(2024, 4, 1), 1, 1, tag="A")
    aggregates.refresh(tree["province"].path, D(2024, 1, 1), D(2024, 4, 1))
    return tree


def test_the_no_data_badge_is_for_no_data_and_every_card_shows_its_target(figures, accounts):
    data = {i.code: i for i in selectors.dashboard(figures["office"], 2024, 3)["indicators"]}
    assert data["mediation_success_rate"].status == "red"             # 90 against 98
    assert data["verification_rate"].status == "nodata"               # no notice received: no data
    page = client_for(accounts["county_clerk"]).get("/indicators/?unit=370102001&year=2024&month=3").content.decode()
    assert 'data-testid="status-mediation_success_rate">未达标<' in page
    assert 'data-testid="status-verification_rate">无数据<' in page
    assert 'data-testid="status-news_per_office">未达标<' in page     # 0 news is data, not 无数据
    assert page.count("目标：") == page.count('data-testid="card-')


def test_a_figure_without_a_target_says_so_not_no_data(db):
    """Daqing sets no mediation target: a rate with data shows 未设目标, never 无数据."""
    province = unit("230000", "黑龙江省司法厅", Level.PROVINCE)
    city = unit("230600", "大庆市司法局", Level.CITY, province)
    county = unit("230602", "萨尔图区司法局", Level.COUNTY, city)
    office = unit("230602001", "萨尔图街道司法所", Level.OFFICE, county)
    _cases(office, D(2024, 3, 1), 4, 4)
    aggregates.refresh(province.path, D(2024, 3, 1), D(2024, 3, 1))
    data = {i.code: i for i in selectors.dashboard(office, 2024, 3)["indicators"]}
    assert (data["mediation_success_rate"].value, data["mediation_success_rate"].status) == (100.0, "notarget")
    assert data["staff_per_office"].target.value == 6 and data["staff_per_office"].status == "red"
    clerk = user("sartu_clerk", Role.COUNTY_CLERK, county)
    page = client_for(clerk).get("/indicators/?unit=230602001&year=2024&month=3").content.decode()
    assert 'data-testid="status-mediation_success_rate">未设目标<' in page
    assert "目标：本地区目标文件未设" in page


def test_equal_values_share_a_rank(figures, accounts):
    rows = selectors.dashboard(figures["county"], 2024, 3)["ranking"]
    assert [(r["unit"].name, r["values"]["mediation_success_rate"], r["rank"]) for r in rows] == [
        ("趵突泉街道司法所", 95.0, 1), ("解放路街道司法所", 90.0, 2), ("千佛山街道司法所", 90.0, 2)]
    page = client_for(accounts["county_clerk"]).get("/indicators/?year=2024&month=3").content.decode()
    assert page.count('data-testid="rank">2<') == 2
    csv = client_for(accounts["county_clerk"]).get("/indicators/?year=2024&month=3&export=ranking&as=csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:4]] == ["1", "2", "2"]


def test_the_drill_down_lists_the_selected_periods_records_only(figures, accounts):
    data = {i.code: i for i in selectors.dashboard(figures["office"], 2024, 3)["indicators"]}
    link = data["mediation_success_rate"].drill
    assert link == ("/casework/cases/?within=370102001&outcome=success&closed_since=2024-03-01"
                    "&closed_until=2024-03-31")
    body = client_for(accounts["county_clerk"]).get(link).content.decode()
    assert body.count("纠纷03") == 9 and "纠纷A04" not in body
    year = {i.code: i for i in selectors.dashboard(figures["office"], 2024, None)["indicators"]}
    assert year["mediation_success_rate"].drill.endswith("closed_since=2024-01-01&closed_until=2024-12-31")
    # a stock of a past period has no drill-down: today's list is not that period's
    assert data["out_of_contact"].drill == ""


def test_workstation_staff_see_only_what_their_role_may(figures, accounts):
    staff = accounts["workstation_staff"]
    client = client_for(staff)
    page = client.get("/indicators/?year=2024&month=3").content.decode()
    assert 'data-testid="card-mediation_success_rate"' in page
    for hidden in ("out_of_contact", "missed", "key_handover_rate", "verification_rate", "confirmation_rate",
                   "reoffence_rate"):
        assert f'data-testid="card-{hidden}"' not in page
    api = client.get("/api/indicator-values/?year=2024&month=3").json()
    assert "out_of_contact" not in {i["code"] for i in api["indicators"]}
    director = client_for(accounts["office_director"]).get("/indicators/?year=2024&month=3").content.decode()
    assert 'data-testid="card-out_of_contact"' in director
