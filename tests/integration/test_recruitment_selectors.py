"""The reads the recruitment pages and API take from recruitment.selectors (D90): each in the number of
queries pinned here, however many rows it returns, and within the reader's scope."""

from __future__ import annotations

import datetime
import random

import pytest

from sifasuo.core import idnumbers
from sifasuo.recruitment import selectors, services
from sifasuo.recruitment.models import Application, RecruitmentPlan
from sifasuo.recruitment.policies import policy_for
from tests.recruitment_fixtures import announce, approved_plan

pytestmark = pytest.mark.django_db


def applicants(announcement, clerk, count: int) -> list[Application]:
    policy = policy_for(announcement.unit)
    post = announcement.posts.get(track="public")
    declarations = {code: False for code, *_ in services.declaration_items(policy, "public")}
    made = []
    for seed in range(count):
        birth = datetime.date(1990 + seed, 3, 3)
        number = idnumbers.generate(random.Random(seed), region_code="230602", birth_date=birth, sex="M")
        made.append(services.submit_application(post=post, entered_by=clerk, data={
            "full_name": f"应聘{seed}", "id_number": number, "education": "bachelor", "major": "法学",
            "phone": "13800000000", "declarations": declarations}))
    return made


def test_one_of_and_the_only(daqing, django_assert_num_queries):
    county, clerk = daqing["county"], daqing["people"]["county_clerk"]
    assert selectors.the_only(selectors.plans_to_announce(clerk, county)) is None   # none yet
    plan = approved_plan(county, 2024)
    plans = selectors.plans_to_announce(clerk, county)
    with django_assert_num_queries(1):
        assert selectors.the_only(plans) == plan
    with django_assert_num_queries(1):
        assert selectors.one_of(plans, plan.pk) == plan
    assert selectors.one_of(plans, None) is None
    RecruitmentPlan.objects.filter(pk=plan.pk).update(status="draft")
    assert selectors.the_only(selectors.plans_to_announce(clerk, county)) is None   # not approved: not offered
    # another county's plan is not the clerk's to announce
    other = approved_plan(daqing["other_county"], 2024)
    assert selectors.one_of(selectors.plans_to_announce(clerk, daqing["other_county"]), other.pk) is None


@pytest.mark.parametrize("count", [1, 4])
def test_the_announcement_page_reads(daqing, announcement, django_assert_num_queries, count):
    clerk = daqing["people"]["county_clerk"]
    applicants(announcement, clerk, count)
    with django_assert_num_queries(1):
        assert selectors.status_counts(clerk, announcement) == {"submitted": count}
    with django_assert_num_queries(1):
        posts = [(p.code, p.office.name, p.applicants) for p in selectors.posts_with_applicants(announcement)]
    assert posts == [("001", daqing["office_a"].name, count), ("002", daqing["office_b"].name, 0)]
    # another county's clerk counts nothing of it
    assert selectors.status_counts(daqing["people"]["other_clerk"], announcement) == {}


@pytest.mark.parametrize("count", [1, 4])
def test_the_ranking_and_the_application_page_read_in_one_query(daqing, announcement, django_assert_num_queries,
                                                                count):
    clerk = daqing["people"]["county_clerk"]
    made = applicants(announcement, clerk, count)
    Application.objects.filter(pk__in=[a.pk for a in made]).update(rank=1)
    with django_assert_num_queries(1):
        rows = [(a.post.code, a.post.office.name) for a in selectors.ranked_applications(clerk, announcement)]
    assert rows == [("001", daqing["office_a"].name)] * count
    with django_assert_num_queries(1):
        application = selectors.application_pages().get(pk=made[0].pk)
        assert (application.announcement.unit.name, application.post.office.name, application.staff,
                application.staff_source, application.reviewed_by) == (
            daqing["county"].name, daqing["office_a"].name, None, None, None)


def test_the_plan_list_sums_in_one_query(daqing, django_assert_num_queries):
    approved_plan(daqing["county"], 2024, {daqing["office_a"]: 3, daqing["office_b"]: 2})
    approved_plan(daqing["county"], 2025, {daqing["office_a"]: 2})
    with django_assert_num_queries(1):
        rows = [(p.unit.name, p.year, p.planned_sum) for p in selectors.plan_rows(RecruitmentPlan.objects.all())]
    assert rows == [(daqing["county"].name, 2025, 2), (daqing["county"].name, 2024, 5)]


def test_open_announcements_and_their_posts(daqing, announcement):
    today = announcement.registration_start
    assert list(selectors.open_announcements(today)) == [announcement]
    assert list(selectors.open_announcements(announcement.registration_deadline + datetime.timedelta(days=1))) == []
    post = announcement.posts.get(code="001")
    assert selectors.open_posts(today).get(pk=post.pk) == post
    later = announce(daqing["county"], [(daqing["office_a"], "public", 1)], title="后一公告",
                     announced_on=announcement.announced_on + datetime.timedelta(days=30))
    assert list(selectors.open_announcements(today)) == [announcement, later]
