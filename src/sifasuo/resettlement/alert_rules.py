"""Deadlines of resettlement for the alert engine: one query per rule under `path`."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.db.models.functions import Coalesce

from sifasuo.alerts.engine import Alert, rules_of
from sifasuo.core.dates import add_months

from . import services
from .choices import PersonStatus
from .models import ReleasedPerson

MODULE = "安置帮教"
CAPABILITY = "resettlement.view"
DAY = datetime.timedelta(days=1)
FIELDS = ("id", "full_name", "unit_id", "unit__path")


def _alert(code: str, r: dict, message: str, due: datetime.date) -> Alert:
    return Alert(rule=code, unit_id=r["unit_id"], unit_path=r["unit__path"], subject=r["full_name"],
                 message=message, due=due, url=f"/resettlement/{r['id']}/",
                 record=f"resettlement.releasedperson:{r['id']}")


def _persons(path: str, **filters):
    return ReleasedPerson.objects.filter(unit__path__under=path, **filters)


def verify_before_release(path: str, today: datetime.date):
    """收到预释放通知（释放前一个月）后，在释放前完成信息核查（WH-8 核查率 ≥ 98%）。"""
    rows = _persons(path, status=PersonStatus.NOTIFIED, verified_on__isnull=True,
                    expected_release_on__lte=today + services.NOTICE_DAYS * DAY).values(*FIELDS, "expected_release_on")
    for r in rows:
        yield _alert("resettlement.verify_before_release", r,
                     f"预计 {r['expected_release_on']} 释放，尚未核查其信息", r["expected_release_on"])


def not_collected(path: str, today: datetime.date):
    """必接必送：重点帮教对象释放当日接回；释放前七日起提醒。"""
    rows = (_persons(path, is_key=True, collected_on__isnull=True,
                     status__in=[PersonStatus.NOTIFIED, PersonStatus.RELEASED, PersonStatus.ASSISTING])
            .annotate(day=Coalesce("released_on", "expected_release_on")).filter(day__lte=today + 7 * DAY)
            .values(*FIELDS, "day", "released_on"))
    for r in rows:
        message = (f"重点帮教对象已于 {r['released_on']} 释放，尚未登记接回" if r["released_on"]
                   else f"重点帮教对象预计 {r['day']} 释放，须安排到监狱门口接回")
        yield _alert("resettlement.not_collected", r, message, r["day"])


def not_contacted_7_days(path: str, today: datetime.date):
    """释放后七日内衔接（本人报到、建档）：第 7 日当天到期，第 8 日起逾期。"""
    rows = _persons(path, status=PersonStatus.RELEASED, released_on__lte=today).values(*FIELDS, "released_on")
    for r in rows:
        due = r["released_on"] + services.CONTACT_DAYS * DAY
        yield _alert("resettlement.not_contacted_7_days", r, f"{r['released_on']} 释放，应于 {due} 前完成衔接", due)


def risk_review_due(path: str, today: datetime.date):
    """风险等级每六个月复评一次，提前十五日提醒。"""
    horizon = today + 15 * DAY
    rows = _persons(path, status=PersonStatus.ASSISTING).filter(
        Q(risk_reviewed_on__isnull=True) | Q(risk_reviewed_on__lte=horizon - 181 * DAY)).values(
        *FIELDS, "risk_reviewed_on", "handed_over_on")
    for r in rows:
        last = r["risk_reviewed_on"] or r["handed_over_on"]
        due = add_months(last, services.RISK_REVIEW_MONTHS)
        if due <= horizon:
            yield _alert("resettlement.risk_review_due", r, f"上次风险评估 {last}，应于 {due} 前复评", due)


def assistance_ending(path: str, today: datetime.date):
    """帮教期（释放后五年）届满前三十日提醒，期满办理结束手续。"""
    rows = _persons(path, status=PersonStatus.ASSISTING, assistance_until__lte=today + 30 * DAY).values(
        *FIELDS, "assistance_until")
    for r in rows:
        yield _alert("resettlement.assistance_ending", r, f"帮教期于 {r['assistance_until']} 届满",
                     r["assistance_until"])


_rule = rules_of(module=MODULE, capability=CAPABILITY)


RULES = [
    _rule("resettlement.verify_before_release", "释放前信息核查", "WH-8；预释放通知（释放前一个月）",
          collect=verify_before_release),
    _rule("resettlement.not_collected", "重点对象未接回（必接必送）", "WH-8；重点帮教对象必接必送", collect=not_collected),
    _rule("resettlement.not_contacted_7_days", "释放七日内未衔接", "刑满释放人员衔接工作规定", collect=not_contacted_7_days),
    _rule("resettlement.risk_review_due", "风险等级半年复评", "安置帮教分类帮教", collect=risk_review_due),
    _rule("resettlement.assistance_ending", "帮教期即将届满", "帮教期五年", collect=assistance_ending),
]
