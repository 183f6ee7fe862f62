"""Deadlines of mediation, legal aid and dispute screening, for the one alert engine (alerts/engine.py).

Each collect(path, today) asks the database once or twice for the records under `path` that are near or
past their deadline, and builds the Alerts in Python (no query per record). The numbers are in
deadlines.py, with the article or seed rule they come from.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterator

from django.db.models import Q
from django.urls import reverse

from sifasuo.alerts.engine import Alert, rules_of
from sifasuo.core.scoping import ancestor_path
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import deadlines as d
from .choices import OPEN_STATUSES, AgreementForm, AidStatus, Outcome, ScreeningKind
from .models import LegalAidApplication, MediationCase, MediationCommittee, ScreeningRound

DAY = datetime.timedelta(days=1)
MODULE = "人民调解"


@functools.cache
def _url_template(name: str) -> str:
    return reverse(name, args=[987654321])


def _url(name: str, pk: int) -> str:
    return _url_template(name).replace("987654321", str(pk))


def _case_subject(row: dict) -> str:
    return f"{row['number']} {row['title']}"[:120]


def _case_alert(rule: str, row: dict, due: datetime.date, message: str) -> Alert:
    """An alert on a mediation case, from its row (id, unit_id, unit__path, number, title)."""
    return Alert(rule=rule, unit_id=row["unit_id"], unit_path=row["unit__path"], subject=_case_subject(row),
                 due=due, url=_url("casework:cases_detail", row["id"]), message=message,
                 record=f"casework.mediationcase:{row['id']}")


# --- mediation cases -----------------------------------------------------------------------------------

def open_cases_over_30_days(path: str, today: datetime.date) -> list[Alert]:
    cut = today - datetime.timedelta(days=d.CASE_OPEN_DAYS - d.CASE_OPEN_WARNING_DAYS)
    rows = (MediationCase.objects
            .filter(unit__path__under=path, status__in=OPEN_STATUSES)
            .filter(Q(accepted_on__lte=cut) | Q(accepted_on__isnull=True, registered_on__lte=cut))
            .values("id", "unit_id", "unit__path", "number", "title", "registered_on", "accepted_on"))
    out = []
    for r in rows.iterator(chunk_size=5000):
        start = r["accepted_on"] or r["registered_on"]
        due = d.case_open_deadline(start)
        days = (today - start).days
        out.append(_case_alert(
            "casework.case_open_30_days", r, due,
            f"{'受理' if r['accepted_on'] else '登记'}已 {days} 天未结（应在 {d.CASE_OPEN_DAYS} 日内调结，"
            f"期限 {due:%Y-%m-%d}）"))
    return out


def confirmation_window_closing(path: str, today: datetime.date) -> list[Alert]:
    """Parties who want judicial confirmation must apply within 30 days of the agreement (art. 33)."""
    earliest = today - datetime.timedelta(days=d.CONFIRMATION_DAYS + d.CONFIRMATION_SHOW_AFTER_DAYS)
    latest = today - datetime.timedelta(days=d.CONFIRMATION_DAYS - d.CONFIRMATION_WARNING_DAYS)
    rows = (MediationCase.objects
            .filter(unit__path__under=path, outcome=Outcome.SUCCESS, agreement_form=AgreementForm.WRITTEN,
                    confirmation_wanted=True, confirmation_applied_on__isnull=True,
                    agreement_on__gte=earliest, agreement_on__lte=latest)
            .values("id", "unit_id", "unit__path", "number", "title", "agreement_on"))
    out = []
    for r in rows:
        due = d.confirmation_deadline(r["agreement_on"])
        left = (due - today).days
        message = (f"司法确认申请期限 {due:%Y-%m-%d}，还剩 {left} 天" if left > 0 else
                   "今天是申请司法确认的最后一天" if left == 0 else
                   f"申请司法确认的期限已于 {due:%Y-%m-%d} 届满")
        out.append(_case_alert("casework.confirmation_window", r, due,
                               message + "（协议生效之日起三十日内，《人民调解法》第三十三条）"))
    return out


def missing_follow_up(path: str, today: datetime.date) -> list[Alert]:
    """A successful case whose agreement nobody has visited within 30 days of closing (WH-9 回访)."""
    latest = today - datetime.timedelta(days=d.FOLLOW_UP_DAYS - d.FOLLOW_UP_WARNING_DAYS)
    earliest = today - datetime.timedelta(days=180)
    rows = (MediationCase.objects
            .filter(unit__path__under=path, outcome=Outcome.SUCCESS, last_visit_on__isnull=True,
                    closed_on__gte=earliest, closed_on__lte=latest)
            .values("id", "unit_id", "unit__path", "number", "title", "closed_on"))
    out = []
    for r in rows.iterator(chunk_size=5000):
        due = d.follow_up_deadline(r["closed_on"])
        out.append(_case_alert("casework.follow_up_missing", r, due,
                               f"{r['closed_on']:%Y-%m-%d} 调解成功结案，尚未回访协议履行情况（应在 "
                               f"{d.FOLLOW_UP_DAYS} 日内，即 {due:%Y-%m-%d} 前）"))
    return out


def committee_terms_ending(path: str, today: datetime.date) -> list[Alert]:
    rows = (MediationCommittee.objects
            .filter(unit__path__under=path, term_end__lte=today + datetime.timedelta(days=d.TERM_WARNING_DAYS),
                    term_end__gte=today - datetime.timedelta(days=365))
            .values("id", "unit_id", "unit__path", "name", "term_end"))
    return [Alert(rule="casework.committee_term", unit_id=r["unit_id"], unit_path=r["unit__path"],
                  subject=r["name"], due=r["term_end"], url=_url("casework:committees_detail", r["id"]),
                  message=(f"本届任期 {r['term_end']:%Y-%m-%d} 届满，请按期换届（每届三年，《人民调解法》第九条）"
                           if r["term_end"] >= today else
                           f"本届任期已于 {r['term_end']:%Y-%m-%d} 届满，尚未登记换届"),
                  record=f"casework.mediationcommittee:{r['id']}") for r in rows]


# --- legal aid -----------------------------------------------------------------------------------------

def _aid_alert(rule: str, row: dict, due: datetime.date, when: str, message: str) -> Alert:
    """An alert on a legal aid application, from its row (id, unit_id, unit__path, applicant); `when` says
    which step of it the deadline counts from."""
    return Alert(rule=rule, unit_id=row["unit_id"], unit_path=row["unit__path"],
                 subject=f"法律援助申请 {row['applicant']}（{when}）", due=due,
                 url=_url("casework:legalaid_detail", row["id"]), message=message,
                 record=f"casework.legalaidapplication:{row['id']}")


def _aid_due(path: str, today: datetime.date, *, status: str, pending: str, start: str, days: int,
             deadline: Callable[[datetime.date], datetime.date]) -> Iterator[tuple[dict, datetime.date]]:
    """The applications under `path` in `status` whose next step (the date field `pending`, still empty) is due
    `days` working days from their `start` date and within the warning window, each with that deadline. `days`
    working days are at least `days` calendar days: nothing started after the cut can be near its deadline."""
    cut = today - datetime.timedelta(days=days - d.AID_WARNING_DAYS)
    rows = (LegalAidApplication.objects
            .filter(unit__path__under=path, status=status, **{f"{pending}__isnull": True, f"{start}__lte": cut,
                                                               f"{start}__gte": today - datetime.timedelta(days=365)})
            .values("id", "unit_id", "unit__path", "applicant", start))
    for r in rows:
        due = deadline(r[start])
        if (due - today).days <= d.AID_WARNING_DAYS:
            yield r, due


def legal_aid_review_late(path: str, today: datetime.date) -> list[Alert]:
    """Review within 7 (working) days of receiving the application (Legal Aid Law art. 43)."""
    return [_aid_alert("casework.legal_aid_review", r, due, f"{r['applied_on']:%Y-%m-%d} 申请",
                       f"应在收到申请之日起 {d.AID_REVIEW_DAYS} 个工作日内（{due:%Y-%m-%d} 前）作出审查决定")
            for r, due in _aid_due(path, today, status=AidStatus.RECEIVED, pending="reviewed_on", start="applied_on",
                                   days=d.AID_REVIEW_DAYS, deadline=d.aid_review_deadline)]


def legal_aid_assignment_late(path: str, today: datetime.date) -> list[Alert]:
    """Assignment within 3 (working) days of deciding to grant aid (Legal Aid Law art. 44)."""
    return [_aid_alert("casework.legal_aid_assignment", r, due, f"{r['reviewed_on']:%Y-%m-%d} 决定给予援助",
                       f"应在决定给予法律援助之日起 {d.AID_ASSIGN_DAYS} 个工作日内（{due:%Y-%m-%d} 前）指派承办人")
            for r, due in _aid_due(path, today, status=AidStatus.APPROVED, pending="assigned_on", start="reviewed_on",
                                   days=d.AID_ASSIGN_DAYS, deadline=d.aid_assign_deadline)]


# --- dispute screening (HZ-4) ---------------------------------------------------------------------------

def _offices(path: str) -> list[dict]:
    return list(OrgUnit.objects.filter(path__under=path, level=Level.OFFICE, closed_on__isnull=True)
                .values("id", "path", "name", "code"))


def _office_path(unit_path: str) -> str:
    """The office's path for an office or workstation path (/p/c/x/office/[ws/])."""
    return ancestor_path(unit_path, 4)


def _screened(path: str, start: datetime.date, end: datetime.date, kind: str | None = None) -> set[str]:
    """Paths of the offices with a screening (by the office or one of its workstations) in [start, end]."""
    rows = ScreeningRound.objects.filter(unit__path__under=path, held_on__gte=start, held_on__lte=end)
    if kind:
        rows = rows.filter(kind=kind)
    return {_office_path(p) for p in rows.values_list("unit__path", flat=True).distinct()}


def _screening_alerts(path, today, *, rule, periods, kind, what) -> list[Alert]:
    offices = _offices(path)
    if not offices:
        return []
    out = []
    for start, end, current in periods:
        if current and (end - today).days > d.SCREENING_WARNING_DAYS:
            continue
        done = _screened(path, start, end, kind)
        for o in offices:
            if o["path"] in done:
                continue
            message = (f"{start:%m月%d日}至{end:%m月%d日}尚未登记{what}" if current else
                       f"{start:%m月%d日}至{end:%m月%d日}没有{what}记录")
            out.append(Alert(rule=rule, unit_id=o["id"], unit_path=o["path"], subject=f"{o['name']} {what}",
                             due=end, url=reverse("casework:screenings_list") + f"?within={o['code']}",
                             message=message + "（每半月排查一次、每季度集中排查一次，HZ-4）",
                             record=f"orgunits.orgunit:{o['id']}:{rule}:{start:%Y%m%d}"))
    return out


def half_month_screening_missed(path: str, today: datetime.date) -> list[Alert]:
    start, end = d.half_month(today)
    prev_start, prev_end = d.half_month(start - DAY)
    return _screening_alerts(path, today, rule="casework.screening_half_month", kind=None, what="矛盾纠纷排查",
                             periods=[(prev_start, prev_end, False), (start, end, True)])


def quarterly_screening_missed(path: str, today: datetime.date) -> list[Alert]:
    start, end = d.quarter(today)
    prev_start, prev_end = d.quarter(start - DAY)
    return _screening_alerts(path, today, rule="casework.screening_quarter", kind=ScreeningKind.CONCENTRATED,
                             what="季度集中排查", periods=[(prev_start, prev_end, False), (start, end, True)])


_LAW = "《人民调解法》"
mediation = rules_of(module=MODULE, capability="casework.view")
legal_aid = rules_of(module="法律援助", capability="casework.view")

RULES = [
    mediation(code="casework.case_open_30_days", title="调解案件超过 30 日未结",
              basis=f"{_LAW}；调解一般在一个月内调结；WH-9 督查", collect=open_cases_over_30_days),
    mediation(code="casework.confirmation_window", title="司法确认申请期限将届满",
              basis=f"{_LAW}第三十三条：协议生效之日起三十日内", collect=confirmation_window_closing),
    mediation(code="casework.follow_up_missing", title="调解协议未回访",
              basis="WH-9 督查回访：结案后 30 日内回访协议履行情况", collect=missing_follow_up),
    mediation(code="casework.committee_term", title="调委会任期届满",
              basis=f"{_LAW}第九条：委员每届任期三年", collect=committee_terms_ending),
    legal_aid(code="casework.legal_aid_review", title="法律援助申请审查超期",
              basis="《法律援助法》第四十三条：收到申请之日起七日内审查（工作日）", collect=legal_aid_review_late),
    legal_aid(code="casework.legal_aid_assignment", title="法律援助指派超期",
              basis="《法律援助法》第四十四条：决定给予援助之日起三日内指派（工作日）", collect=legal_aid_assignment_late),
    mediation(code="casework.screening_half_month", title="半月矛盾纠纷排查未开展",
              basis="HZ-4：每半月排查分析一次", collect=half_month_screening_missed),
    mediation(code="casework.screening_quarter", title="季度集中排查未开展",
              basis="HZ-4：每季度集中排查一次", collect=quarterly_screening_missed),
]
