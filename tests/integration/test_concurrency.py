"""Two people acting on one record at the same moment: exactly one succeeds, the other is told in Chinese
that the record has moved on (409 in the API, a message on the page), and the record carries one decision.

Real threads, each with its own database connection, started together (tests/concurrency.py); every request
holds a copy of the record loaded before the race, as a page or the API does. Runs on SQLite (writers
queue: transactions begin IMMEDIATE) and PostgreSQL (row locks) alike (core/transitions.py).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifasuo.casework import services as casework
from sifasuo.casework.models import MediationCase
from sifasuo.core.transitions import StateConflict
from sifasuo.correction import services as correction
from sifasuo.correction.models import CorrectionSubject, Leave
from sifasuo.recruitment import services as recruitment
from sifasuo.recruitment.choices import ApplicationStatus
from sifasuo.recruitment.models import Announcement, Application, PlanEvent, RecruitmentPlan
from sifasuo.reporting import services as reporting
from sifasuo.reporting.models import Report, ReportEvent
from sifasuo.resettlement import services as resettlement
from sifasuo.resettlement.models import ReleasedPerson
from sifasuo.staff import services as staff
from sifasuo.staff.models import Contract, LevelProposal, LevelRecord, StaffMember, Transfer
from sifasuo.standards import services as standards
from sifasuo.standards.models import FollowUp, Inspection
from tests import factories
from tests.concurrency import race
from tests.conftest import client_for
from tests.recruitment_fixtures import announce
from tests.scope_builders import casework as casework_rows
from tests.scope_builders.correction import subject
from tests.scope_builders.reporting import monthly_template
from tests.scope_builders.resettlement import person

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date


def _one_winner(outcomes: list) -> list:
    """Exactly one call returned normally; every other one was refused with StateConflict in Chinese.
    Returns the refusals' messages."""
    wins = [o for o in outcomes if not isinstance(o, Exception)]
    losses = [o for o in outcomes if isinstance(o, Exception)]
    assert len(wins) == 1, f"{len(wins)} of {len(outcomes)} succeeded: {outcomes}"
    assert all(isinstance(o, StateConflict) for o in losses), losses
    return [m for o in losses for m in o.messages]


def _submitted_plan(daqing, year=2030) -> RecruitmentPlan:
    plan = recruitment.draft_plan(county=daqing["county"], year=year, actor=daqing["people"]["county_clerk"])
    recruitment.submit_plan(plan=plan, actor=daqing["people"]["county_clerk"])
    return plan


# --- through the API and the pages, as the review found them ----------------------------------------------


def test_four_simultaneous_api_approvals_of_one_plan_make_one_approval(daqing):
    plan = _submitted_plan(daqing)
    clients = [client_for(daqing["people"]["city_admin"]) for _ in range(4)]
    url = f"/api/recruitment-plans/{plan.pk}/approve/"
    responses = race(*[lambda c=c: c.post(url, {}, content_type="application/json") for c in clients])
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409, 409, 409], codes
    for response in responses:
        if response.status_code == 409:
            assert response.json() == {"non_field_errors": ["计划当前状态为「市局已批准」，不能批准"]}
    assert PlanEvent.objects.filter(plan=plan, action="approve").count() == 1
    assert RecruitmentPlan.objects.get(pk=plan.pk).status == "approved"


def test_approve_and_return_sent_together_one_wins_and_the_record_agrees(daqing):
    plan = _submitted_plan(daqing)
    approver, returner = (client_for(daqing["people"]["city_admin"]) for _ in range(2))
    base = f"/api/recruitment-plans/{plan.pk}/"
    approved, returned = race(
        lambda: approver.post(base + "approve/", {}, content_type="application/json"),
        lambda: returner.post(base + "return/", {"comment": "请核实会战所缺额"}, content_type="application/json"))
    assert sorted([approved.status_code, returned.status_code]) == [200, 409]
    events = list(PlanEvent.objects.filter(plan=plan, action__in=("approve", "return")).values_list("action", flat=True))
    status = RecruitmentPlan.objects.get(pk=plan.pk).status
    winner = "approve" if approved.status_code == 200 else "return"
    assert events == [winner] and status == {"approve": "approved", "return": "returned"}[winner]


def test_two_clerks_on_the_plan_page_one_is_told_it_was_already_approved(daqing):
    plan = _submitted_plan(daqing)
    clients = [client_for(daqing["people"]["city_admin"]) for _ in range(2)]
    url = f"/recruitment/plans/{plan.pk}/approve/"
    responses = race(*[lambda c=c: c.post(url, {"comment": ""}) for c in clients])
    assert sorted(r.status_code for r in responses) == [302, 400]
    refused = next(r for r in responses if r.status_code == 400)
    assert "计划当前状态为「市局已批准」，不能批准" in refused.content.decode()
    assert PlanEvent.objects.filter(plan=plan, action="approve").count() == 1


def test_leave_approved_and_refused_at_once_tells_one_clerk_he_lost(tree, accounts):
    s = subject(tree["office"], "RACE-L")
    leave = correction.apply_leave(actor=None, subject=s, kind="leave", applied_on=D(2024, 4, 1),
                                   start_on=D(2024, 4, 2), end_on=D(2024, 4, 5), destination="泰安", reason="探亲")
    director, clerk = client_for(accounts["office_director"]), client_for(accounts["county_clerk"])
    url = f"/api/correction-leaves/{leave.pk}/decide/"
    responses = race(
        lambda: director.post(url, {"approve": True, "decided_on": "2024-04-01"}, content_type="application/json"),
        lambda: clerk.post(url, {"approve": False, "decided_on": "2024-04-01"}, content_type="application/json"))
    assert sorted(r.status_code for r in responses) == [200, 409]
    loser = next(r for r in responses if r.status_code == 409).json()["status"][0]
    leave.refresh_from_db()
    assert loser == f"该申请目前为“{leave.get_status_display()}”，不能再审批"
    winner = next(r for r in responses if r.status_code == 200).json()
    assert winner["status"] == leave.status


# --- every other transition, through its service ------------------------------------------------------------


def test_move_approved_twice_at_once_hands_the_subject_over_once(tree, accounts):
    s = subject(tree["office"], "RACE-M")
    leave = correction.apply_leave(actor=None, subject=s, kind="move", applied_on=D(2024, 5, 1),
                                   start_on=D(2024, 5, 1), end_on=None, destination="千佛山街道", reason="随子女居住")
    copies = [Leave.objects.get(pk=leave.pk) for _ in range(2)]
    outcomes = race(*[lambda c=c: correction.decide_leave(
        actor=accounts["county_clerk"], leave=c, approve=True, decided_on=D(2024, 5, 3), to_unit=tree["office2"])
        for c in copies])
    _one_winner(outcomes)
    assert CorrectionSubject.objects.get(pk=s.pk).unit == tree["office2"]


def test_correction_subject_ended_twice_at_once(tree):
    s = subject(tree["office"], "RACE-E", reported_on=D(2024, 3, 5))
    copies = [CorrectionSubject.objects.get(pk=s.pk) for _ in range(2)]
    messages = _one_winner(race(*[lambda c=c: correction.end_correction(
        actor=None, subject=c, ended_on=D(2024, 6, 1), reason="death") for c in copies]))
    assert messages == ["王某目前为“终止矫正”，不能终止矫正（仅限待报到、在矫状态）"]


def test_level_proposal_decided_twice_at_once_changes_the_level_once(daqing):
    clerk = daqing["people"]["county_clerk"]
    m = factories.staff_member(daqing["office_a"], full_name="晋升甲", staff_type="judicial_assistant",
                               joined_on=D(2022, 10, 15), birth_date=D(1995, 5, 5))
    staff.set_level(actor=None, staff=m, level=4, effective_on=D(2022, 10, 15), reason="定级")
    for year in (2023, 2024):  # 称职 twice: DQ-9 promotes after two years
        staff.record_assessment(actor=None, staff=m, year=year, scores=dict(
            virtue=16, ability=16, diligence=16, performance=16, integrity=16))
    staff.run_level_review(actor=clerk, county=daqing["county"], year=2024)
    proposal = LevelProposal.objects.get(staff=m)
    copies = [LevelProposal.objects.get(pk=proposal.pk) for _ in range(2)]
    messages = _one_winner(race(*[lambda c=c: staff.decide_proposal(actor=clerk, proposal=c, approve=True)
                                  for c in copies]))
    assert messages == ["该建议已审批（已批准），不能重复审批"]
    assert LevelRecord.objects.filter(staff=m).count() == 2  # the first level and one promotion


def test_contract_renewed_twice_at_once_makes_one_new_contract(daqing):
    clerk = daqing["people"]["county_clerk"]
    m = factories.staff_member(daqing["office_a"], full_name="合同甲", staff_type="judicial_assistant",
                               joined_on=D(2021, 10, 15), birth_date=D(1995, 5, 5))
    contract = staff.create_contract(actor=clerk, staff=m, start=D(2021, 10, 15), end=D(2024, 10, 14))
    copies = [Contract.objects.get(pk=contract.pk) for _ in range(2)]
    outcomes = race(*[lambda c=c: staff.renew_contract(actor=clerk, contract=c, override_reason="局务会研究决定")
                      for c in copies])
    assert _one_winner(outcomes) == ["该合同已续订"]
    assert Contract.objects.filter(staff=m).count() == 2


def test_transfer_sent_twice_at_once_moves_the_person_once(tree, accounts):
    m = factories.staff_member(tree["office"], full_name="调动甲")
    copies = [StaffMember.objects.get(pk=m.pk) for _ in range(2)]
    outcomes = race(*[lambda c=c: staff.transfer_member(actor=accounts["county_clerk"], staff=c,
                                                        to_unit=tree["office2"], on=D(2024, 6, 1)) for c in copies])
    wins = [o for o in outcomes if not isinstance(o, Exception)]
    refusals = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(wins) == 1 and [m for r in refusals for m in r.messages] == ["调动甲 已在「千佛山街道司法所」"]
    assert Transfer.objects.filter(staff=m).count() == 1


def test_case_accepted_twice_at_once(tree):
    case = casework_rows.case(tree["office"])
    copies = [MediationCase.objects.get(pk=case.pk) for _ in range(2)]
    messages = _one_winner(race(*[lambda c=c: casework.accept_case(actor=None, case=c, accepted_on=D(2025, 3, 4))
                                  for c in copies]))
    assert messages == ["案件当前为「调解中」，只有已登记的案件可以受理"]


def test_follow_up_closed_twice_at_once(tree, accounts):
    inspection = Inspection.objects.create(unit=tree["office"], inspector_unit=tree["county"], inspectors="检查组",
                                           visited_on=D(2024, 5, 6))
    follow_up = FollowUp.objects.create(inspection=inspection, description="整改", due_on=D(2024, 6, 30))
    copies = [FollowUp.objects.get(pk=follow_up.pk) for _ in range(2)]
    messages = _one_winner(race(*[lambda c=c: standards.close_follow_up(
        actor=accounts["county_clerk"], follow_up=c, closed_on=D(2024, 6, 1), closing_note="已整改") for c in copies]))
    assert messages == ["该整改事项已销号"]


def test_release_recorded_twice_at_once(tree):
    p = person(tree["office"])
    copies = [ReleasedPerson.objects.get(pk=p.pk) for _ in range(2)]
    messages = _one_winner(race(*[lambda c=c: resettlement.record_release(actor=None, person=c,
                                                                          released_on=D(2024, 5, 1)) for c in copies]))
    assert messages == ["刘某目前为“已释放待衔接”，不能登记释放（仅限待释放（已收到预释放通知））"]


def test_report_approved_twice_at_once(tree, accounts):
    report = reporting.report_for(template=monthly_template(), unit=tree["office"], start=D(2024, 3, 1))
    reporting.save_values(actor=None, report=report, values={"difficult_succeeded": 0, "risk_prevented": 0},
                          now=datetime.datetime(2024, 4, 1, 10, tzinfo=datetime.UTC))
    reporting.submit(actor=None, report=report, now=datetime.datetime(2024, 4, 2, 10, tzinfo=datetime.UTC))
    copies = [Report.objects.get(pk=report.pk) for _ in range(2)]
    messages = _one_winner(race(*[lambda c=c: reporting.approve(actor=accounts["county_clerk"], report=c)
                                  for c in copies]))
    assert messages == ["报表当前状态为“已审核通过”，只有已上报的报表才能审核"]
    assert ReportEvent.objects.filter(report=report, kind="approve").count() == 1


def _applicants(daqing, count: int) -> tuple[Announcement, list[Application]]:
    """An announcement of one public post in office A (registration ended long ago) with `count`
    applications entered by the county clerk."""
    import random

    from sifasuo.core import idnumbers
    from sifasuo.recruitment.policies import policy_for

    announced = datetime.date.today() - datetime.timedelta(days=400)
    ann = announce(daqing["county"], [(daqing["office_a"], "public", 1)], announced_on=announced)
    declarations = {code: False for code, *_ in recruitment.declaration_items(policy_for(daqing["county"]), "public")}
    post = ann.posts.get()
    applications = []
    for i in range(count):
        birth = datetime.date(announced.year - 25 - i, 6, 15)
        number = idnumbers.generate(random.Random(i), region_code="230602", birth_date=birth, sex="MF"[i % 2])
        applications.append(recruitment.submit_application(post=post, entered_by=daqing["people"]["county_clerk"], data={
            "full_name": f"应聘{i}", "id_number": number, "birth_date": birth, "sex": "MF"[i % 2],
            "education": "bachelor", "major": "法学", "phone": "13800000000", "declarations": declarations}))
    return ann, applications


def test_registration_closed_twice_at_once(daqing):
    ann, _ = _applicants(daqing, 0)
    copies = [Announcement.objects.get(pk=ann.pk) for _ in range(2)]
    clerk = daqing["people"]["county_clerk"]
    messages = _one_winner(race(*[lambda c=c: recruitment.close_registration(announcement=c, actor=clerk)
                                  for c in copies]))
    closed = Announcement.objects.get(pk=ann.pk).registration_closed_on
    assert messages == [f"报名已经截止（{closed:%Y-%m-%d}），公告状态为「报名结束」"]


def test_candidate_failed_by_two_clerks_at_once_is_backfilled_once(daqing):
    ann, applications = _applicants(daqing, 3)
    Application.objects.filter(pk=applications[0].pk).update(status=ApplicationStatus.CANDIDATE)
    for rank, application in enumerate(applications[1:], start=2):
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.NOT_SELECTED, rank=rank,
                                                             composite_score=90 - rank)
    copies = [Application.objects.get(pk=applications[0].pk) for _ in range(2)]
    messages = _one_winner(race(*[lambda c=c: recruitment.record_check(application=c, inspection="failed")
                                  for c in copies]))
    assert messages == ["应聘0 不是拟聘用候选人（当前：考察或体检不合格）"]
    assert Application.objects.filter(announcement=ann, status=ApplicationStatus.CANDIDATE).count() == 1


def test_hire_pressed_twice_at_once_makes_one_staff_record(daqing):
    _, applications = _applicants(daqing, 1)
    notice_end = datetime.date.today() - datetime.timedelta(days=10)
    Application.objects.filter(pk=applications[0].pk).update(
        status=ApplicationStatus.NOTICE, notice_start=notice_end - datetime.timedelta(days=7), notice_end=notice_end)
    copies = [Application.objects.get(pk=applications[0].pk) for _ in range(2)]
    start = datetime.date.today()
    messages = _one_winner(race(*[lambda c=c: recruitment.hire(application=c, contract_start=start) for c in copies]))
    assert messages == ["应聘0 不在公示中（当前：已聘用），不能聘用"]
    assert StaffMember.objects.filter(id_number=applications[0].id_number).count() == 1
    assert Contract.objects.filter(staff__id_number=applications[0].id_number).count() == 1


def test_lock_refuses_to_run_outside_a_transaction(tree):
    """On SQLite select_for_update does nothing, so a transition written without transaction.atomic would
    pass its tests there and race on PostgreSQL: the lock itself refuses, on both."""
    from django.db.transaction import TransactionManagementError

    from sifasuo.core import transitions

    with pytest.raises(TransactionManagementError):
        transitions.lock(tree["office"])
