"""Each deadline rule of casework at its boundary, through the one engine (engine.collect)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sifasuo.alerts import engine
from sifasuo.casework import services
from sifasuo.casework.models import LegalAidApplication, ScreeningRound
from tests.scope_builders.casework import case, closed_case, committee, record

D = datetime.date
pytestmark = pytest.mark.django_db


def alerts(tree, today, code, unit="county"):
    return engine.collect(tree[unit].path, today, codes=[code])


def states(found, today):
    return [(a.subject.split()[0] if a.rule.startswith("casework.case") else a.subject, a.state(today)) for a in found]


def test_case_open_over_30_days(tree):
    c = case(tree["office"], registered_on=D(2025, 3, 3))
    services.accept_case(actor=None, case=c, accepted_on=D(2025, 3, 3))
    code = "casework.case_open_30_days"
    assert alerts(tree, D(2025, 3, 27), code) == []                   # 6 days before: not yet
    [a] = alerts(tree, D(2025, 3, 28), code)                          # 5 days before: warned
    assert (a.due, a.state(D(2025, 3, 28))) == (D(2025, 4, 2), "upcoming")
    assert alerts(tree, D(2025, 4, 2), code)[0].state(D(2025, 4, 2)) == "due"        # day 30
    [a] = alerts(tree, D(2025, 4, 3), code)                                          # day 31
    assert a.state(D(2025, 4, 3)) == "overdue"
    assert a.message == "受理已 31 天未结（应在 30 日内调结，期限 2025-04-02）"
    assert a.url == c.get_absolute_url() and a.unit_path == tree["office"].path
    assert alerts(tree, D(2025, 4, 3), code, unit="other_county") == []
    services.close_case(actor=None, case=c, outcome="failure", closed_on=D(2025, 3, 20), close_note="已告知诉讼")
    assert alerts(tree, D(2025, 4, 3), code) == []


def test_registered_but_not_accepted_counts_from_registration(tree):
    case(tree["workstation"], registered_on=D(2025, 3, 3))
    [a] = alerts(tree, D(2025, 4, 3), "casework.case_open_30_days", unit="office")
    assert a.message.startswith("登记已 31 天未结")


def test_confirmation_window(tree):
    c = closed_case(tree["office"], closed_on=D(2025, 3, 20))
    code = "casework.confirmation_window"
    assert alerts(tree, D(2025, 4, 11), code) == []                   # 8 days left
    [a] = alerts(tree, D(2025, 4, 12), code)                          # 7 days left
    assert (a.due, a.message.split("（")[0]) == (D(2025, 4, 19), "司法确认申请期限 2025-04-19，还剩 7 天")
    assert alerts(tree, D(2025, 4, 19), code)[0].message.startswith("今天是申请司法确认的最后一天")
    assert alerts(tree, D(2025, 4, 26), code)[0].state(D(2025, 4, 26)) == "overdue"
    assert alerts(tree, D(2025, 4, 27), code) == []                   # a closed window leaves after a week
    services.apply_confirmation(actor=None, case=c, applied_on=D(2025, 4, 1), court="某法院")
    assert alerts(tree, D(2025, 4, 12), code) == []


def test_missing_follow_up(tree):
    c = closed_case(tree["office"], closed_on=D(2025, 3, 20))
    code = "casework.follow_up_missing"
    assert alerts(tree, D(2025, 4, 13), code) == []
    [a] = alerts(tree, D(2025, 4, 14), code)
    assert a.due == D(2025, 4, 19)
    assert alerts(tree, D(2025, 4, 20), code)[0].state(D(2025, 4, 20)) == "overdue"
    services.record_visit(actor=None, case=c, visited_on=D(2025, 4, 2), performance="partial")
    assert alerts(tree, D(2025, 4, 20), code) == []


def test_committee_term_ending(tree):
    committee(tree["office"], name="解放路调委会", term_start=D(2024, 1, 1), term_end=D(2026, 12, 31))
    code = "casework.committee_term"
    assert alerts(tree, D(2026, 10, 31), code) == []
    [a] = alerts(tree, D(2026, 11, 1), code)                          # 60 days ahead
    assert a.subject == "解放路调委会" and a.state(D(2026, 11, 1)) == "upcoming"
    assert "已于 2026-12-31 届满" in alerts(tree, D(2027, 1, 1), code)[0].message


def test_legal_aid_review_counts_working_days_over_national_day(tree):
    # Applied Friday 26 September 2025: Sunday 28 Sep and Saturday 11 Oct are working days, 1–8 Oct a holiday.
    aid = record(LegalAidApplication, unit=tree["office"], applied_on=D(2025, 9, 26), applicant="钱某",
                 matter="injury")
    code = "casework.legal_aid_review"
    [a] = alerts(tree, D(2025, 10, 11), code)
    assert (a.subject, a.url, a.record, a.unit_path) == (
        "法律援助申请 钱某（2025-09-26 申请）", reverse("casework:legalaid_detail", args=[aid.pk]),
        f"casework.legalaidapplication:{aid.pk}", tree["office"].path)
    assert a.message == "应在收到申请之日起 7 个工作日内（2025-10-13 前）作出审查决定"
    assert (a.due, a.state(D(2025, 10, 11))) == (D(2025, 10, 13), "upcoming")   # not 3 October
    assert alerts(tree, D(2025, 10, 13), code)[0].state(D(2025, 10, 13)) == "due"
    assert alerts(tree, D(2025, 10, 14), code)[0].state(D(2025, 10, 14)) == "overdue"
    assert alerts(tree, D(2025, 10, 10), code) == []                              # 3 days ahead: not yet


def test_legal_aid_assignment_over_may_day(tree):
    aid = record(LegalAidApplication, unit=tree["office"], applied_on=D(2025, 4, 25), applicant="孙某",
                 matter="labour_pay", status="approved", reviewed_on=D(2025, 4, 30))
    code = "casework.legal_aid_assignment"
    [a] = alerts(tree, D(2025, 5, 8), code)
    assert (a.subject, a.url, a.record) == ("法律援助申请 孙某（2025-04-30 决定给予援助）",
                                            reverse("casework:legalaid_detail", args=[aid.pk]),
                                            f"casework.legalaidapplication:{aid.pk}")
    assert a.message == "应在决定给予法律援助之日起 3 个工作日内（2025-05-08 前）指派承办人"
    assert (a.due, a.state(D(2025, 5, 8))) == (D(2025, 5, 8), "due")              # 6, 7, 8 May
    assert alerts(tree, D(2025, 5, 9), code)[0].state(D(2025, 5, 9)) == "overdue"
    assert alerts(tree, D(2025, 4, 30), code) == []
    assert alerts(tree, D(2025, 5, 9), "casework.legal_aid_review") == []        # reviewed: no review alert
    services.save_record(actor=None, model=LegalAidApplication, instance=aid, values={
        "unit": tree["office"], "applied_on": D(2025, 4, 25), "applicant": "孙某", "matter": "labour_pay",
        "reviewed_on": D(2025, 4, 30), "status": "assigned", "assigned_on": D(2025, 5, 9), "assignee": "周律师"})
    assert alerts(tree, D(2025, 5, 9), code) == []


def test_half_month_screening(tree):
    record(ScreeningRound, unit=tree["office"], kind="routine", held_on=D(2025, 3, 15))
    record(ScreeningRound, unit=tree["workstation"], kind="routine", held_on=D(2025, 3, 16))
    code = "casework.screening_half_month"
    found = alerts(tree, D(2025, 3, 16), code)
    # office2 missed the first half of March; the office screened on the 15th, the last day of it
    assert [(a.unit_id, a.due, a.state(D(2025, 3, 16))) for a in found] == [(tree["office2"].id, D(2025, 3, 15),
                                                                            "overdue")]
    # on the 15th: the office has screened this half month, office2 not (due today); neither did in late February
    found = alerts(tree, D(2025, 3, 15), code)
    assert sorted((a.unit_id, a.due, a.state(D(2025, 3, 15))) for a in found) == sorted([
        (tree["office"].id, D(2025, 2, 28), "overdue"), (tree["office2"].id, D(2025, 2, 28), "overdue"),
        (tree["office2"].id, D(2025, 3, 15), "due")])
    # near the end of the second half: office2 warned, the office not (its workstation screened on the 16th)
    found = alerts(tree, D(2025, 3, 28), code)
    assert [(a.unit_id, a.due) for a in found] == [(tree["office2"].id, D(2025, 3, 15)),
                                                   (tree["office2"].id, D(2025, 3, 31))]


def test_quarterly_concentrated_screening(tree):
    record(ScreeningRound, unit=tree["office"], kind="concentrated", held_on=D(2025, 3, 31))
    record(ScreeningRound, unit=tree["office2"], kind="routine", held_on=D(2025, 3, 20))
    code = "casework.screening_quarter"
    found = alerts(tree, D(2025, 4, 1), code)
    assert [(a.unit_id, a.due) for a in found] == [(tree["office2"].id, D(2025, 3, 31))]


def test_collect_asks_few_queries(tree):
    for i in range(20):
        c = case(tree["office"], registered_on=D(2025, 1, 2), applicant=f"甲{i}")
        services.accept_case(actor=None, case=c, accepted_on=D(2025, 1, 2))
    with CaptureQueriesContext(connection) as ctx:
        found = engine.collect(tree["province"].path, D(2025, 4, 1),
                               codes=[r for r in engine.rules() if r.startswith("casework.")])
    assert len([a for a in found if a.rule == "casework.case_open_30_days"]) == 20
    assert len(ctx.captured_queries) <= 14
