"""A Wuhu city for the standards tests and the tests of its targets and readings (the `wuhu` fixture is
registered as a plugin in tests/conftest.py), and the helpers that fill its offices."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sifasuo.accounts.roles import Role
from sifasuo.orgunits.choices import Level
from sifasuo.standards import selectors, services
from tests import factories


@pytest.fixture
def wuhu(db):
    """A Wuhu city with two counties: 镜湖区 (a township office of 100,000 people, a street office, villages)
    and 弋江区; accounts of the city and of 镜湖区."""
    u = factories.unit
    t = {"province": u("340000", "安徽省司法厅", Level.PROVINCE)}
    t["city"] = u("340200", "芜湖市司法局", Level.CITY, t["province"])
    t["county"] = u("340202", "镜湖区司法局", Level.COUNTY, t["city"])
    t["county2"] = u("340203", "弋江区司法局", Level.COUNTY, t["city"])
    t["township"] = u("340202100", "方村镇司法所", Level.OFFICE, t["county"], kind="township", population=100_000)
    t["street"] = u("340202001", "赭山街道司法所", Level.OFFICE, t["county"], kind="street", population=60_000)
    t["other_office"] = u("340203001", "弋江街道司法所", Level.OFFICE, t["county2"], population=50_000)
    t["village"] = u("340202100001", "方村司法行政工作室", Level.WORKSTATION, t["township"], kind="village")
    t["village2"] = u("340202100002", "新塘司法行政工作室", Level.WORKSTATION, t["township"], kind="village")
    t["other_village"] = u("340203001001", "弋江社区司法行政工作室", Level.WORKSTATION, t["other_office"])
    t["city_clerk"] = factories.user("wh_city", Role.CITY_CLERK, t["city"])
    t["clerk"] = factories.user("jh_clerk", Role.COUNTY_CLERK, t["county"])
    t["clerk2"] = factories.user("yj_clerk", Role.COUNTY_CLERK, t["county2"])
    t["director"] = factories.user("fc_dir", Role.OFFICE_DIRECTOR, t["township"])
    return t


def full_premises(office, standard=None):
    standard = standard or selectors.standard_for(office)[0]
    return dict(floor_area=Decimal(200), tenure="owned", property_certificate=True, premises_independent=True,
                rooms=list(standard.items_of("rooms")), identity=list(standard.items_of("identity")),
                separation=list(standard.items_of("separation")), director_rank="full_time_deputy_section")


_hired = iter(range(10_000))


def hire(office, staff_type, n=1):
    for _ in range(n):
        i = next(_hired)
        factories.staff_member(office, full_name=f"人员{i}", staff_type=staff_type,
                               birth_date=datetime.date(1970, 1, 1) + datetime.timedelta(days=i * 11))


@pytest.fixture
def plan(wuhu):
    """The city's 规范提升工程 of 2017-2019: one phase, a milestone for every county and one for the city."""
    plan = services.create_plan(actor=wuhu["city_clerk"], unit=wuhu["city"], code="wuhu-test", name="规范提升工程",
                                kind="programme", start=datetime.date(2017, 5, 1), end=datetime.date(2019, 12, 31))
    phase = services.add_phase(actor=wuhu["city_clerk"], plan=plan, order=1, name="动员部署阶段",
                               start=datetime.date(2017, 5, 1), end=datetime.date(2017, 6, 30))
    services.add_milestone(actor=wuhu["city_clerk"], phase=phase, title="成立领导小组",
                           deadline=datetime.date(2017, 5, 15), responsible="县（区）司法局", rule_id="WH-13")
    services.add_milestone(actor=wuhu["city_clerk"], phase=phase, title="调研报告报省厅",
                           deadline=datetime.date(2017, 6, 30), responsible="市司法局", responsible_level="city")
    return plan
