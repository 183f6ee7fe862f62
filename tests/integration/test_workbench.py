"""The workbench (工作台): each role's home page has the sections it may see, with what waits for it, read
through the scoping function (nothing of the other county)."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.correction import services as correction_services
from sifasuo.staff.models import LevelProposal
from tests import factories
from tests.conftest import client_for
from tests.scope_builders.correction import subject

pytestmark = pytest.mark.django_db


def test_every_role_gets_a_workbench(accounts):
    for name, user in accounts.items():
        page = client_for(user).get("/")
        assert page.status_code == 200, name
        assert "<h1 class=\"h4 mb-0\">工作台</h1>" in page.content.decode(), name


def _waiting(tree, unit, marker):
    today = datetime.date.today()
    s = subject(unit, f"{unit.code}-矫-1", full_name=f"{marker}对象", start_on=today - datetime.timedelta(days=90),
                effective_on=today - datetime.timedelta(days=90), reported_on=today - datetime.timedelta(days=85),
                end_on=today + datetime.timedelta(days=300))
    correction_services.apply_leave(actor=None, subject=s, kind="leave", applied_on=today,
                                    start_on=today + datetime.timedelta(days=1),
                                    end_on=today + datetime.timedelta(days=2), destination="济南", reason="探亲")
    member = factories.staff_member(unit, full_name=f"{marker}人员")
    LevelProposal.objects.create(staff=member, year=today.year, from_level=4, to_level=3, kind="promotion",
                                 rule_id="DQ-9.1", reason="考核优秀")


def test_queues_hold_only_the_scope(tree, accounts):
    _waiting(tree, tree["office"], "本县")
    _waiting(tree, tree["other_office"], factories.FOREIGN_MARKER)
    ours = client_for(accounts["county_admin"]).get("/")
    decide = {q["queue"].label: [text for text, _ in q["shown"]] for q in ours.context["decide"]}
    assert [t.split(" ·")[0] for t in decide["待审批的请假外出"]] == ["本县对象"]
    assert decide["待审批的层级评定"] == [str(LevelProposal.objects.get(staff__full_name="本县人员"))]
    assert factories.FOREIGN_MARKER not in ours.content.decode()
    theirs = client_for(accounts["other_county_admin"]).get("/")
    labels = {q["queue"].label: q["count"] for q in theirs.context["decide"]}
    assert labels["待审批的请假外出"] == 1 and labels["待审批的层级评定"] == 1
    assert "本县对象" not in theirs.content.decode()
    # an office director decides the office's leaves, not level proposals (the county does, DQ-9)
    director = {q["queue"].label for q in client_for(accounts["office_director"]).get("/").context["decide"]}
    assert "待审批的请假外出" in director and "待审批的层级评定" not in director
    # a role without decisions has no 待我处理 section at all
    leader = client_for(accounts["leader"]).get("/")
    assert leader.context["decide"] == [] and 'data-testid="wb-decide"' not in leader.content.decode()


def test_the_queue_cards_show_each_queue_with_its_count_and_say_when_empty(tree, accounts):
    """待我处理 and 我的草稿与退回 are one card template (core/_workbench_queues.html): label, count in the card's
    colour, a link to all of it and its first items; an empty card says so."""
    client = client_for(accounts["county_admin"])
    empty = client.get("/")
    kinds = empty.context["queue_kinds"]
    assert "decide" in kinds and "draft" in kinds
    page = empty.content.decode()
    assert 'data-testid="wb-decide-empty">没有等待您审批或审核的事项。</p>' in page
    assert 'data-testid="wb-drafts-empty">没有未完成的草稿或被退回的事项。</p>' in page
    _waiting(tree, tree["office"], "本县")
    page = client.get("/").content.decode()
    decide = page.split('data-testid="wb-decide"', 1)[1].split("</section>", 1)[0]
    assert '<h2 class="h6 card-title">待我处理</h2>' in decide
    assert '待审批的请假外出 <span class="badge text-bg-primary">1</span>' in decide
    assert ">本县对象" in decide and ">全部</a>" in decide and "wb-decide-empty" not in decide
    drafts = page.split('data-testid="wb-drafts"', 1)[1].split("</section>", 1)[0]
    assert '<h2 class="h6 card-title">我的草稿与退回</h2>' in drafts
