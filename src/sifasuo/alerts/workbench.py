"""Alerts on the workbench, read from the stored items (D49), never computed on request: how many wait, are
overdue, fall due this week, are assigned to the user and are historical; the overdue and this week's items
of the user's scope, the user's own unit's first (what they must do themselves), then those of the units
below. Each opens its record (办理) and its item page, where it is completed, snoozed or assigned."""

from __future__ import annotations

import datetime

from django.urls import reverse

from sifasuo.core.workbench import Panel

from . import engine
from .models import AlertItem, Status
from .selectors import cached_for, counts_by_rule, overview, scope_items

SHOWN = 8
READ = 50          # items read per group to spread the rules over the SHOWN lines


def alerts_panel(user, today: datetime.date) -> dict | None:
    week_end = today + datetime.timedelta(days=6 - today.weekday())      # to Sunday
    urgent = scope_items(user).filter(status=Status.OPEN, legacy=False, due__lte=week_end)
    by_rule = counts_by_rule(user, urgent, today, key=f"workbench-{week_end}")
    overdue_count = sum(r["overdue"] for r in by_rule)
    week_count = sum(r["due"] + r["upcoming"] for r in by_rule)
    own_unit = user.unit_id
    own_path = user.unit.path if own_unit else None

    def first_ids() -> list[int]:
        # the user's own unit before the units below, and every rule's first item before any rule's second; the
        # unit is asked for by its path, which the inbox index has before the deadline (D89)
        ordered = urgent.order_by("due", "rule", "id").only("id", "rule")
        shown = _spread(list(ordered.filter(unit_path=own_path)[:READ]))[:SHOWN] if own_unit else []
        if len(shown) < SHOWN:
            below = ordered.exclude(unit_path=own_path) if own_unit else ordered
            shown += _spread(list(below[:READ]))[:SHOWN - len(shown)]
        return [item.pk for item in shown]

    # Which items head the list is kept until an item changes anywhere (the alerts' data version): for a
    # province those are the first of 160,000 sorted by deadline (0.4 s); the items themselves are read fresh.
    ids = cached_for(user, "workbench", [own_path or "", week_end], first_ids)
    found = AlertItem.objects.select_related("unit").in_bulk(ids)   # by key: the ids came from the scoped read
    shown = [found[pk] for pk in ids if pk in found and found[pk].status == Status.OPEN and not found[pk].legacy]
    inbox = reverse("alerts:inbox")
    rules = engine.rules()
    return {"summary": overview(user, today), "overdue_count": overdue_count, "week_count": week_count,
            "can_act": user.can("alerts.act"),
            "by_rule": [{"title": row["rule"].title, "count": row["total"], "overdue": row["overdue"],
                         "url": f"{inbox}?rule={row['rule'].code}"} for row in by_rule],
            "items": [{"alert": a, "overdue": a.due < today, "days": (today - a.due).days,
                       "unit": a.unit.name, "mine": a.unit_id == own_unit,
                       "rule": rules[a.rule].title if a.rule in rules else a.rule} for a in shown],
            "overdue_url": f"{inbox}?state=overdue", "inbox_url": inbox, "mine_url": f"{inbox}?mine=1",
            "legacy_url": reverse("alerts:legacy")}


def _spread(items: list) -> list:
    """The items (most overdue first) reordered so that each rule's first comes before any rule's second."""
    by_rule: dict[str, list] = {}
    for item in items:
        by_rule.setdefault(item.rule, []).append(item)
    rounds = max((len(v) for v in by_rule.values()), default=0)
    return [group[i] for i in range(rounds) for group in by_rule.values() if i < len(group)]


PANELS = [Panel("待办提醒", "alerts.view", "alerts/_workbench_alerts.html", alerts_panel, order=10)]
