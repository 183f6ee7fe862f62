"""Alerts on the workbench: what is overdue and what falls due this week in the user's scope, the user's own
unit's items first (what they must do themselves), then those of the units below; each opens its record."""

from __future__ import annotations

import datetime

from django.urls import reverse

from sifasuo.core.workbench import Panel

from . import engine
from .engine import STATE_LABELS, State

SHOWN = 8


def alerts_panel(user, today: datetime.date) -> dict | None:
    alerts = engine.alerts_for(user, today)
    week_end = today + datetime.timedelta(days=6 - today.weekday())      # to Sunday
    overdue = [a for a in alerts if a.state(today) == State.OVERDUE]
    this_week = [a for a in alerts if today <= a.due <= week_end]
    own_unit = user.unit_id

    def first_mine(items):
        # the user's own unit before the units below; most overdue first within each (engine order)
        return sorted(items, key=lambda a: a.unit_id != own_unit)

    shown = first_mine(overdue + this_week)[:SHOWN]
    from .selectors import unit_names

    names = unit_names(shown)
    inbox = reverse("alerts:inbox")
    return {"overdue_count": len(overdue), "week_count": len(this_week),
            "items": [{"alert": a, "state": STATE_LABELS[a.state(today)], "overdue": a.state(today) == State.OVERDUE,
                       "days": a.days_overdue(today), "unit": names.get(a.unit_id, ""), "mine": a.unit_id == own_unit,
                       "rule": engine.rules()[a.rule].title} for a in shown],
            "overdue_url": f"{inbox}?state={State.OVERDUE}", "inbox_url": inbox}


PANELS = [Panel("待办提醒", "alerts.view", "alerts/_workbench_alerts.html", alerts_panel, order=10)]
