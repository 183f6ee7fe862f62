"""Indicators on the workbench: the key figures of the user's unit this year, each against its target with
red, amber or green (the dashboard has the rest)."""

import datetime

from django.urls import reverse

from sifasuo.core.workbench import Panel
from sifasuo.orgunits.choices import Level

SHOWN = 6
STATUS_LABELS = {"green": "达标", "amber": "接近目标", "red": "未达标", "none": "无数据"}


def figures_panel(user, today: datetime.date) -> dict | None:
    from sifasuo.reporting.periods import months_of, previous_period

    from . import selectors

    unit = user.unit if user.unit_id else None
    if unit is None or unit.level > Level.OFFICE:
        return None
    end = previous_period("month", today)              # the last complete month
    start = datetime.date(end.year, 1, 1)
    totals, last, _ = selectors.unit_values(unit, start, end)
    indicators = selectors.evaluate(unit, totals, last, len(months_of(start, end)))
    # those with a target first (red before amber before green), then the others
    order = {"red": 0, "amber": 1, "green": 2, "none": 3}
    shown = sorted(indicators, key=lambda i: (i.target is None, order.get(i.status, 3)))[:SHOWN]
    return {"figures": [(i, _label(i)) for i in shown], "start": start, "end": end,
            "dashboard_url": f"{reverse('indicators:dashboard')}?year={end.year}"}


def _label(indicator) -> str:
    if indicator.target is None:
        return "未设目标"
    if indicator.value is None:
        return "无数据"
    return STATUS_LABELS.get(indicator.status, "")


PANELS = [Panel("关键指标", "indicators.view", "indicators/_workbench_figures.html", figures_panel, order=40)]
