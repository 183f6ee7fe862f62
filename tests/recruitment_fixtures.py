"""A small Daqing tree (policy daqing-2024 applies there) with staff, for recruitment tests."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.accounts.roles import Role
from sifasuo.orgunits.choices import Level
from tests import factories


@pytest.fixture
def daqing(db):
    u = factories.unit
    t = {}
    t["province"] = u("230000", "黑龙江省司法厅", Level.PROVINCE)
    t["city"] = u("230600", "大庆市司法局", Level.CITY, t["province"])
    t["county"] = u("230602", "萨尔图区司法局", Level.COUNTY, t["city"])
    t["office_a"] = u("230602013", "萨尔图街道司法所", Level.OFFICE, t["county"], population=112970)
    t["office_b"] = u("230602014", "会战街道司法所", Level.OFFICE, t["county"], population=44240)
    t["other_county"] = u("230603", f"{factories.FOREIGN_MARKER}龙凤区司法局", Level.COUNTY, t["city"])
    births = [datetime.date(1980 + i, 1 + i, 10) for i in range(10)]
    # DQ-6 counts establishment posts and assistants, not auxiliaries (see policies/daqing-2024.yaml):
    # office A has 4 counted and 2 not counted (vacancy 2 under the six); office B has 6 counted (none).
    for i, staff_type in enumerate(["political_legal_establishment", "political_legal_establishment",
                                    "other_establishment", "judicial_assistant", "full_time_auxiliary",
                                    "full_time_mediator"]):
        factories.staff_member(t["office_a"], full_name=f"甲{i}", staff_type=staff_type, birth_date=births[i])
    for i, staff_type in enumerate(["political_legal_establishment"] * 4 + ["judicial_assistant"] * 2):
        factories.staff_member(t["office_b"], full_name=f"乙{i}", staff_type=staff_type,
                               birth_date=births[i + 4] - datetime.timedelta(days=400), sex="M")
    people = {
        "county_clerk": factories.user("dq_clerk", Role.COUNTY_CLERK, t["county"]),
        "city_admin": factories.user("dq_city", Role.CITY_ADMIN, t["city"]),
        "province_clerk": factories.user("hlj_clerk", Role.PROVINCE_CLERK, t["province"]),
        "hr": factories.user("dq_hr", Role.HR_REVIEWER, t["county"]),
        "other_clerk": factories.user("lf_clerk", Role.COUNTY_CLERK, t["other_county"]),
    }
    t["people"] = people
    return t


def approved_plan(county, year: int, planned: dict | None = None):
    """The county's plan of the year, drafted from its vacancies, with `planned` (office → number) where
    given, submitted and approved by its city (DQ-6: an announcement names such a plan)."""
    from sifasuo.accounts.models import User
    from sifasuo.recruitment import services
    from sifasuo.recruitment.models import RecruitmentPlan

    plan = RecruitmentPlan.objects.filter(unit=county, year=year).first()
    if plan is not None:
        return plan
    clerk = User.objects.filter(unit=county).first() or factories.user(f"plan_{county.code}", Role.COUNTY_CLERK, county)
    city = User.objects.filter(unit=county.parent, role=Role.CITY_ADMIN).first() or factories.user(
        f"plan_city_{county.parent.code}", Role.CITY_ADMIN, county.parent)
    plan = services.draft_plan(county=county, year=year, actor=clerk)
    if planned:
        services.set_planned(plan=plan, planned={office.pk: n for office, n in planned.items()})
    services.submit_plan(plan=plan, actor=clerk)
    return services.approve_plan(plan=plan, actor=city)


def announce(county, posts, *, title: str = "萨尔图区2024年司法协理员招聘公告",
             announced_on: datetime.date = datetime.date(2024, 8, 1), deadline: datetime.date | None = None):
    """An open announcement (registration from `announced_on` for ten days) under the county's approved plan
    of the year; posts as (office, track, positions). The plan gives each office room for a few
    announcements."""
    from sifasuo.recruitment import services

    needed: dict = {}
    for office, _track, positions in posts:
        needed[office] = needed.get(office, 0) + positions
    plan = approved_plan(county, announced_on.year, {office: n + 5 for office, n in needed.items()})
    return services.create_announcement(
        county=county, title=title, announced_on=announced_on, plan=plan,
        registration_start=announced_on, registration_deadline=deadline or announced_on + datetime.timedelta(days=9),
        posts=[{"office": office, "track": track, "positions": positions} for office, track, positions in posts])


@pytest.fixture
def announcement(daqing):
    """One public post in office A and one internal post in office B."""
    return announce(daqing["county"], [(daqing["office_a"], "public", 1), (daqing["office_b"], "internal", 1)])


@pytest.fixture
def clerk(daqing):
    from tests.conftest import client_for

    return client_for(daqing["people"]["county_clerk"])
