"""Alerts on the workbench: what is overdue and what falls due this week in the user's scope, the user's own
unit's items first (what they must do themselves), then those of the units below; each opens its record."""

from __future__ import annotations

import datetime

from django.urls import reverse

from sifasuo.core.workbench import Panel

from . import engine
from .engine import State
from .selectors import counts_by_rule, unit_names

SHOWN = 8


def alerts_panel(user, today: datetime.date) -> dict | None:
    alerts = engine.alerts_for(user, today)
    week_end = today + datetime.timedelta(days=6 - today.weekday())      # to Sunday
    overdue = [a for a in alerts if a.state(today) == State.OVERDUE]
    this_week = [a for a in alerts if today <= a.due <= week_end]
    own_unit = user.unit_id
    urgent = overdue + this_week
    # the user's own unit before the units below, and every rule's first item before any rule's second
    shown = _spread([a for a in urgent if a.unit_id == own_unit])[:SHOWN]
    shown += _spread([a for a in urgent if a.unit_id != own_unit])[:SHOWN - len(shown)]
    names = unit_names(shown)
    inbox = reverse("alerts:inbox")
    rules = engine.rules()
    return {"overdue_count": len(overdue), "week_count": len(this_week),
            "by_rule": [{"title": row["rule"].title, "overdue": row[State.OVERDUE],
                         "url": f"{inbox}?rule={row['rule'].code}"}
                        for row in counts_by_rule(urgent, today)],
            "items": [{"alert": a, "overdue": a.state(today) == State.OVERDUE, "days": a.days_overdue(today),
                       "unit": names.get(a.unit_id, ""), "mine": a.unit_id == own_unit,
                       "rule": rules[a.rule].title} for a in shown],
            "overdue_url": f"{inbox}?state={State.OVERDUE}", "inbox_url": inbox}


def _spread(alerts: list) -> list:
    """The alerts (most overdue first) reordered so that each rule's first comes before any rule's second."""
    by_rule: dict[str, list] = {}
    for alert in alerts:
        by_rule.setdefault(alert.rule, []).append(alert)
    rounds = max((len(v) for v in by_rule.values()), default=0)
    return [items[i] for i in range(rounds) for items in by_rule.values() if i < len(items)]


PANELS = [Panel("待办提醒", "alerts.view", "alerts/_workbench_alerts.html", alerts_panel, order=10)]
