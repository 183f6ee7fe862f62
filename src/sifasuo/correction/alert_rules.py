"""Deadlines of community correction for the alert engine (sifasuo.alerts.engine).

Each collect(path, today) reads one table (or one GROUP BY) under `path`; the periods come from
supervision.yaml (settings_for the unit's path), so a city's own practice is data, not code."""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Q

from sifasuo.alerts.engine import Alert, rules_of
from sifasuo.core.dates import add_months

from . import supervision
from .choices import (CheckInMethod, InvestigationStatus, LeaveKind, LeaveStatus, SanctionKind, SentenceType, SubjectStatus,
                      SupervisionLevel)
from .models import CorrectionSubject, InvestigationAssessment, Leave, LocationPeriod, Sanction

MODULE = "社区矫正"
CAPABILITY = "correction.view"
DAY = datetime.timedelta(days=1)


def _subject_alert(code: str, row: dict, message: str, due: datetime.date, prefix: str = "subject__",
                   basis: str = "") -> Alert:
    pk = row[f"{prefix}id"] if prefix else row["id"]
    return Alert(rule=code, unit_id=row[f"{prefix}unit_id"], unit_path=row[f"{prefix}unit__path"],
                 subject=f"{row[f'{prefix}full_name']}（{row[f'{prefix}number']}）", message=message, due=due,
                 url=f"/correction/{pk}/", record=f"correction.correctionsubject:{pk}", basis=basis)


_SUBJECT = ("id", "full_name", "number", "unit_id", "unit__path")


def _subjects(path: str, **filters):
    return CorrectionSubject.objects.filter(unit__path__under=path, **filters)


def report_due(path: str, today: datetime.date):
    """《社区矫正法》第二十一条：判决、裁定、决定生效之日起十日内报到。第 10 日当天到期，第 11 日起逾期。"""
    rows = _subjects(path, status=SubjectStatus.PENDING_REPORT, report_due_on__lte=today + 3 * DAY).values(
        *_SUBJECT, "effective_on", "report_due_on")
    for r in rows:
        due = r["report_due_on"]
        late = (today - due).days
        message = (f"生效于 {r['effective_on']}，逾期 {late} 天未报到，应按漏管核查、查找" if late > 0
                   else f"生效于 {r['effective_on']}，应于 {due} 前报到，尚未报到")
        yield _subject_alert("correction.report_due", r, message, due, prefix="")


def check_ins_missed(path: str, today: datetime.date):
    """报告频次按管理等级（supervision.yaml check_in_days）：上次报告（或报到）后超过间隔天数即为漏报。"""
    rows = _subjects(path, status=SubjectStatus.SUPERVISED, out_of_contact_since__isnull=True).values(
        *_SUBJECT, "level", "reported_on", "last_phone_on", "last_in_person_on", "last_written_on")
    labels = dict(CheckInMethod.choices)
    levels = dict(SupervisionLevel.choices)
    for r in rows:
        days = supervision.check_in_days(r["unit__path"], r["level"])
        for method, field in (("phone", "last_phone_on"), ("in_person", "last_in_person_on"),
                              ("written", "last_written_on")):
            last = r[field] or r["reported_on"]
            due = last + datetime.timedelta(days=days[method])
            if due < today:
                source = supervision.check_in_source(r["unit__path"], r["level"], method)
                yield _subject_alert("correction.check_in_missed", r,
                                     f"{labels[method]}：上次 {last}，应每 {days[method]} 日一次，已超过 {(today - due).days} 天",
                                     due, prefix="",
                                     basis=f"{f'行政区划 {source} 的监管规定' if source else '监管规定默认值'}："
                                           f"{levels[r['level']]}对象{labels[method]}每 {days[method]} 日一次"
                                           "（《社区矫正法实施办法》第二十四条）")


def _out_of_contact(path: str):
    return _subjects(path, status=SubjectStatus.SUPERVISED, out_of_contact_since__isnull=False).values(
        *_SUBJECT, "out_of_contact_since")


def out_of_contact_10_days(path: str, today: datetime.date):
    """脱管（失去联系）：立即查找；满十日仍未找回须报告县级社区矫正机构并提请警告。"""
    for r in _out_of_contact(path):
        since = r["out_of_contact_since"]
        days = supervision.settings_for(r["unit__path"])["out_of_contact_warn_days"]
        yield _subject_alert("correction.out_of_contact_10_days", r,
                             f"自 {since} 起失去联系已 {(today - since).days} 天（超过 {days} 日应报告并提请警告）",
                             since + datetime.timedelta(days=days), prefix="")


def out_of_contact_month(path: str, today: datetime.date):
    """《社区矫正法实施办法》第四十六条：脱离监管超过一个月，提请撤销缓刑、假释或收监执行。"""
    for r in _out_of_contact(path):
        since = r["out_of_contact_since"]
        months = supervision.settings_for(r["unit__path"])["out_of_contact_revoke_months"]
        due = add_months(since, months)
        if due - datetime.timedelta(days=10) <= today:
            yield _subject_alert("correction.out_of_contact_month", r,
                                 f"自 {since} 起脱离监管，{due} 满一个月，应提请撤销缓刑、假释或收监执行", due,
                                 prefix="")


def _escalation(path: str, lower: str, upper: str, threshold_key: str):
    thresholds = [supervision.defaults()[threshold_key]] + [
        o.get(threshold_key) for o in (supervision._load().get("overrides") or {}).values() if o.get(threshold_key)]
    return (Sanction.objects.filter(subject__unit__path__under=path, subject__status=SubjectStatus.SUPERVISED)
            .values("subject__id", "subject__full_name", "subject__number", "subject__unit_id", "subject__unit__path")
            .annotate(n=Count("id", filter=Q(kind=lower)), last_lower=Max("on", filter=Q(kind=lower)),
                      last_upper=Max("on", filter=Q(kind=upper)))
            .filter(n__gte=min(thresholds)).order_by())


def second_reprimand(path: str, today: datetime.date):
    """再次训诫：受到训诫后仍不改正的，应当给予警告（阈值 reprimands_before_warning）。"""
    for r in _escalation(path, SanctionKind.REPRIMAND, SanctionKind.WARNING, "reprimands_before_warning"):
        need = supervision.settings_for(r["subject__unit__path"])["reprimands_before_warning"]
        if r["n"] >= need and (r["last_upper"] is None or r["last_upper"] < r["last_lower"]):
            yield _subject_alert("correction.second_reprimand", r,
                                 f"已受到 {r['n']} 次训诫（最近 {r['last_lower']}），应当考虑给予警告", r["last_lower"])


def second_warning(path: str, today: datetime.date):
    """受到两次警告仍不改正：提请撤销缓刑、假释或收监执行（阈值 warnings_before_revocation）。"""
    for r in _escalation(path, SanctionKind.WARNING, SanctionKind.REVOCATION, "warnings_before_revocation"):
        need = supervision.settings_for(r["subject__unit__path"])["warnings_before_revocation"]
        if r["n"] >= need and (r["last_upper"] is None or r["last_upper"] < r["last_lower"]):
            yield _subject_alert("correction.second_warning", r,
                                 f"已受到 {r['n']} 次警告（最近 {r['last_lower']}），应当提请撤销缓刑、假释或收监执行",
                                 r["last_lower"])


_SUBJECT_VIA = ("subject__id", "subject__full_name", "subject__number", "subject__unit_id", "subject__unit__path")


def leave_overdue(path: str, today: datetime.date):
    """请假外出期满应当按时返回并销假：截止日当天到期，次日起逾期。"""
    rows = Leave.objects.filter(subject__unit__path__under=path, subject__status=SubjectStatus.SUPERVISED,
                                kind=LeaveKind.LEAVE, status=LeaveStatus.APPROVED, end_on__lte=today).values(
        *_SUBJECT_VIA, "destination", "end_on")
    for r in rows:
        yield _subject_alert("correction.leave_overdue", r,
                             f"外出{r['destination']}应于 {r['end_on']} 返回销假，尚未销假", r["end_on"])


def location_ending(path: str, today: datetime.date):
    """电子定位每次不超过三个月：期满前提醒，决定延长或解除。"""
    warn = supervision.defaults()["location_warn_days"]
    rows = LocationPeriod.objects.filter(
        subject__unit__path__under=path, subject__status=SubjectStatus.SUPERVISED, closed_on__isnull=True,
        renewal__isnull=True, end_on__lte=today + warn * DAY).values(*_SUBJECT_VIA, "start_on", "end_on")
    for r in rows:
        yield _subject_alert("correction.location_ending", r,
                             f"电子定位期限 {r['start_on']} 至 {r['end_on']}，期满前应决定延长或解除", r["end_on"])


def medical_recheck_due(path: str, today: datetime.date):
    """暂予监外执行：每三个月提交一次病情复查情况（办法第二十四条）。"""
    warn = supervision.defaults()["medical_warn_days"]
    months = supervision.defaults()["medical_months"]
    horizon = today + warn * DAY
    rows = _subjects(path, status=SubjectStatus.SUPERVISED, sentence_type=SentenceType.OUTSIDE).filter(
        Q(last_medical_on__lte=horizon - datetime.timedelta(days=28 * months))
        | Q(last_medical_on__isnull=True, start_on__lte=horizon - datetime.timedelta(days=28 * months))).values(
        *_SUBJECT, "start_on", "last_medical_on")
    for r in rows:
        last = r["last_medical_on"] or r["start_on"]
        due = add_months(last, supervision.settings_for(r["unit__path"])["medical_months"])
        if due <= horizon:
            yield _subject_alert("correction.medical_recheck_due", r,
                                 f"上次病情复查 {r['last_medical_on'] or '无（自矫正起始计）'}，应于 {due} 前复查", due,
                                 prefix="")


def expiry_30_days(path: str, today: datetime.date):
    """矫正期满前三十日：准备解除矫正（个人总结、鉴定、宣告解除）。"""
    warn = supervision.defaults()["expiry_warn_days"]
    rows = _subjects(path, status=SubjectStatus.SUPERVISED, end_on__lte=today + warn * DAY).values(
        *_SUBJECT, "end_on")
    for r in rows:
        yield _subject_alert("correction.expiry_30_days", r,
                             f"矫正期满日期 {r['end_on']}，应做好解除矫正准备并按期宣告解除", r["end_on"], prefix="")


def investigation_overdue(path: str, today: datetime.date):
    """调查评估：收到委托后十个工作日内（急案五个工作日）提交评估意见（办法第十三条），节假日不计。"""
    rows = InvestigationAssessment.objects.filter(unit__path__under=path, status=InvestigationStatus.OPEN,
                                                  due_on__lte=today + 2 * DAY).values(
        "id", "full_name", "commissioned_by", "commissioned_on", "due_on", "unit_id", "unit__path")
    for r in rows:
        yield Alert(rule="correction.investigation_overdue", unit_id=r["unit_id"], unit_path=r["unit__path"],
                    subject=f"调查评估：{r['full_name']}（{r['commissioned_by']}委托）",
                    message=f"{r['commissioned_on']} 收到委托，应于 {r['due_on']} 前提交评估意见", due=r["due_on"],
                    url=f"/correction/investigations/{r['id']}/",
                    record=f"correction.investigationassessment:{r['id']}")


_rule = rules_of(module=MODULE, capability=CAPABILITY)


RULES = [
    _rule("correction.report_due", "社区矫正对象十日内报到", "《社区矫正法》第二十一条", collect=report_due),
    _rule("correction.check_in_missed", "未按管理等级报告", "《社区矫正法实施办法》第二十四条；报告频次按本地管理等级设置",
          collect=check_ins_missed),
    _rule("correction.out_of_contact_10_days", "脱管超过十日", "《社区矫正法实施办法》第四十四条", collect=out_of_contact_10_days),
    _rule("correction.out_of_contact_month", "脱离监管超过一个月", "《社区矫正法实施办法》第四十六条",
          collect=out_of_contact_month),
    _rule("correction.second_reprimand", "再次训诫，应考虑警告", "《社区矫正法》第二十八条", collect=second_reprimand),
    _rule("correction.second_warning", "两次警告，应提请撤销", "《社区矫正法实施办法》第四十六条", collect=second_warning),
    _rule("correction.leave_overdue", "请假外出逾期未销假", "《社区矫正法实施办法》第二十七条", collect=leave_overdue),
    _rule("correction.location_ending", "电子定位期限即将届满", "《社区矫正法》第二十九条", collect=location_ending),
    _rule("correction.medical_recheck_due", "暂予监外执行病情复查", "《社区矫正法实施办法》第二十四条",
          collect=medical_recheck_due),
    _rule("correction.expiry_30_days", "矫正期满前三十日", "《社区矫正法》第四十四条", collect=expiry_30_days),
    _rule("correction.investigation_overdue", "调查评估十个工作日内完成", "《社区矫正法实施办法》第十三条",
          collect=investigation_overdue),
]
