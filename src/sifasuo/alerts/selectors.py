"""Reads of the alerts inbox: the user's alerts filtered as the page asks, and summaries."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from sifasuo.core.scoping import in_scope, user_scope_path
from sifasuo.orgunits.models import OrgUnit

from . import engine
from .engine import STATE_LABELS, Alert


class FilterError(ValueError):
    """A filter value that cannot be applied (the page shows the message, and no rows)."""


@dataclass
class InboxFilter:
    on: datetime.date
    within: str = ""      # unit code: that unit and everything under it
    module: str = ""
    rule: str = ""
    state: str = ""       # overdue / due / upcoming
    q: str = ""


def parse_filter(params, today: datetime.date) -> tuple[InboxFilter, list[str]]:
    """The filter from a query string, and the Chinese messages of the values that could not be read
    (those values are ignored)."""
    errors = []
    on = today
    raw = (params.get("on") or "").strip()
    if raw:
        try:
            on = datetime.date.fromisoformat(raw)
        except ValueError:
            errors.append(f"日期“{raw}”无效，应为 2025-03-01 这样的格式；已按今天显示")
    state = (params.get("state") or "").strip()
    if state and state not in STATE_LABELS:
        errors.append(f"状态“{state}”无效，应为：{'、'.join(STATE_LABELS.values())}")
        state = ""
    rule = (params.get("rule") or "").strip()
    if rule and rule not in engine.rules():
        errors.append(f"提醒规则“{rule}”不存在")
        rule = ""
    return InboxFilter(on=on, within=(params.get("within") or "").strip(), module=(params.get("module") or "").strip(),
                       rule=rule, state=state, q=(params.get("q") or "").strip()), errors


def inbox(user, flt: InboxFilter) -> list[Alert]:
    """The user's alerts (their rules, their unit's subtree) narrowed by the filter."""
    path = user_scope_path(user)
    if path is None:
        return []
    if flt.within:
        unit = OrgUnit.objects.filter(code=flt.within).only("path").first()
        if unit is None or not in_scope(user, unit.path):
            raise FilterError(f"单位代码“{flt.within}”不存在或不在您的管辖范围内")
        path = unit.path
    codes = [r.code for r in engine.rules_for(user)
             if (not flt.module or r.module == flt.module) and (not flt.rule or r.code == flt.rule)]
    alerts = engine.collect(path, flt.on, codes=codes) if codes else []
    if flt.state:
        alerts = [a for a in alerts if a.state(flt.on) == flt.state]
    if flt.q:
        alerts = [a for a in alerts if flt.q in a.subject or flt.q in a.message]
    return alerts


def counts_by_rule(alerts: list[Alert], on: datetime.date) -> list[dict]:
    """Per rule: overdue, due today and upcoming counts, in the rules' order."""
    counter = Counter((a.rule, a.state(on)) for a in alerts)
    out = []
    for code, rule in engine.rules().items():
        row = {"rule": rule, **{state: counter[(code, state)] for state in STATE_LABELS}}
        row["total"] = sum(row[state] for state in STATE_LABELS)
        if row["total"]:
            out.append(row)
    return out


def unit_names(alerts: list[Alert]) -> dict[int, str]:
    ids = {a.unit_id for a in alerts}
    return dict(OrgUnit.objects.filter(id__in=ids).values_list("id", "name")) if ids else {}
