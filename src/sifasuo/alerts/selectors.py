"""Reads of the stored alert items (D49): the inbox as a user filters it, summaries for the inbox, the
dashboards and the home page (cached under the alerts' data version), and the historical list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet

from sifasuo.core import listcache
from sifasuo.core.scoping import in_scope, restrict, user_scope_path
from sifasuo.orgunits.models import OrgUnit

from . import engine
from .engine import STATE_LABELS, State
from .models import ACTIVE, AlertItem, Status

SHOW_LABELS = {"": "待处理", "snoozed": "暂缓中", "closed": "已关闭"}
SUMMARY_SECONDS = 300


class FilterError(ValueError):
    """A filter value that cannot be applied (the page shows the message, and no rows)."""


@dataclass
class InboxFilter:
    within: str = ""      # unit code: that unit and everything under it
    module: str = ""
    rule: str = ""
    state: str = ""       # overdue / due / upcoming
    q: str = ""
    show: str = ""        # "" open, "snoozed", "closed"
    mine: bool = False    # assigned to me

    def key(self) -> str:
        return "|".join([self.within, self.module, self.rule, self.state, self.q, self.show, str(self.mine)])


def parse_filter(params) -> tuple[InboxFilter, list[str]]:
    """The filter from a query string, and the Chinese messages of the values that could not be read
    (those values are ignored)."""
    errors = []
    state = (params.get("state") or "").strip()
    if state and state not in STATE_LABELS:
        errors.append(f"状态“{state}”无效，应为：{'、'.join(STATE_LABELS.values())}")
        state = ""
    rule = (params.get("rule") or "").strip()
    if rule and rule not in engine.rules():
        errors.append(f"提醒规则“{rule}”不存在")
        rule = ""
    show = (params.get("show") or "").strip()
    if show not in SHOW_LABELS:
        errors.append(f"范围“{show}”无效，应为：{'、'.join(SHOW_LABELS.values())}")
        show = ""
    return InboxFilter(within=(params.get("within") or "").strip(), module=(params.get("module") or "").strip(),
                       rule=rule, state=state, q=(params.get("q") or "").strip()[:50], show=show,
                       mine=params.get("mine") == "1"), errors


def scope_items(user) -> QuerySet:
    """The items a user may see: under their unit, of the rules their role sees."""
    if user_scope_path(user) is None and not user.is_superuser:
        return AlertItem.objects.none()
    codes = [r.code for r in engine.rules_for(user)]
    items = AlertItem.objects.all()
    if len(codes) < len(engine.rules()):    # a role that sees every rule needs no filter on them
        items = items.filter(rule__in=codes)
    return restrict(items, user)


def _within(user, code: str) -> str:
    unit = OrgUnit.objects.filter(code=code).only("path").first()
    if unit is None or not in_scope(user, unit.path):
        raise FilterError(f"单位代码“{code}”不存在或不在您的管辖范围内")
    return unit.path


def inbox(user, flt: InboxFilter, today: datetime.date) -> QuerySet:
    """The user's items narrowed by the filter, most overdue first (historical items are on their own list)."""
    items = scope_items(user).filter(legacy=False)
    if flt.show == "snoozed":
        items = items.filter(status=Status.SNOOZED)
    elif flt.show == "closed":
        items = items.filter(status__in=[Status.DONE, Status.RESOLVED, Status.DISMISSED])
    else:
        items = items.filter(status=Status.OPEN)
    if flt.within:
        items = items.filter(unit_path__under=_within(user, flt.within))
    if flt.module or flt.rule:
        items = items.filter(rule__in=[r.code for r in engine.rules_for(user)
                                       if (not flt.module or r.module == flt.module)
                                       and (not flt.rule or r.code == flt.rule)])
    if flt.state == State.OVERDUE:
        items = items.filter(due__lt=today)
    elif flt.state == State.DUE:
        items = items.filter(due=today)
    elif flt.state == State.UPCOMING:
        items = items.filter(due__gt=today)
    if flt.q:
        items = items.filter(Q(subject__contains=flt.q) | Q(message__contains=flt.q))
    if flt.mine:
        items = items.filter(assigned_to=user)
    order = ["-closed_at", "-id"] if flt.show == "closed" else ["due", "rule", "unit_path", "id"]
    return items.select_related("unit", "assigned_to").order_by(*order)


def cached_for(user, name: str, parts: list, compute):
    """A summary of the user's items (or the ids of a short list of them) cached per process under the alerts'
    data version (a refresh or an action anywhere replaces it)."""
    scope = "*" if user.is_superuser else user_scope_path(user)
    return listcache.cached(f"alerts.{name}", versions=["alerts"], parts=[scope or "", user.role, *parts],
                            compute=compute, timeout=SUMMARY_SECONDS)


def counts_by_rule(user, items: QuerySet, today: datetime.date, key: str = "") -> list[dict]:
    """Per rule: overdue, due today and upcoming counts of `items`, and their earliest and latest deadlines
    (the years a working-day note must cover), in the rules' order."""
    def compute():
        rows = (items.order_by().values("rule")
                .annotate(n_overdue=Count("id", filter=Q(due__lt=today)), n_due=Count("id", filter=Q(due=today)),
                          n_upcoming=Count("id", filter=Q(due__gt=today)), first=Min("due"), last=Max("due")))
        return {r["rule"]: {"overdue": r["n_overdue"], "due": r["n_due"], "upcoming": r["n_upcoming"],
                            "first": r["first"], "last": r["last"]} for r in rows}

    found = cached_for(user, "by_rule", [key, today], compute)
    out = []
    for code, rule in engine.rules().items():
        row = found.get(code)
        if row:
            out.append({"rule": rule, "overdue": row["overdue"], "due": row["due"], "upcoming": row["upcoming"],
                        "total": row["overdue"] + row["due"] + row["upcoming"],
                        "first": row.get("first"), "last": row.get("last")})
    return out


@dataclass(frozen=True)
class Overview:
    """The home page's card: what waits for the user."""

    open: int
    overdue: int
    week: int        # due within the next 7 days
    mine: int        # assigned to the user
    legacy: int      # historical items of the scope still open


def overview(user, today: datetime.date) -> Overview:
    def compute():
        items = scope_items(user)
        week = today + datetime.timedelta(days=7)
        row = items.filter(status=Status.OPEN).aggregate(
            n_open=Count("id", filter=Q(legacy=False)), n_overdue=Count("id", filter=Q(legacy=False, due__lt=today)),
            n_week=Count("id", filter=Q(legacy=False, due__gte=today, due__lte=week)),
            n_mine=Count("id", filter=Q(legacy=False, assigned_to=user)),
            n_legacy=Count("id", filter=Q(legacy=True)))
        return Overview(**{k[2:]: v or 0 for k, v in row.items()})

    return cached_for(user, "overview", [user.pk, today], compute)


def overdue_under(user, unit: OrgUnit, today: datetime.date) -> tuple[list[tuple[str, str, int]], int]:
    """The dashboard's summary: overdue open items under `unit` by rule (title, module, count), and their total."""
    def compute():
        rows = (scope_items(user).filter(status=Status.OPEN, legacy=False, due__lt=today,
                                         unit_path__under=unit.path)
                .order_by().values("rule").annotate(n=Count("id")))
        return {r["rule"]: r["n"] for r in rows}

    counts = cached_for(user, "overdue_under", [unit.path, today], compute)
    rules = engine.rules()
    listed = sorted(((rules[c].title, rules[c].module, n) for c, n in counts.items() if c in rules),
                    key=lambda x: -x[2])
    return listed, sum(counts.values())


def legacy_items(user, *, within: str = "", rule: str = "") -> QuerySet:
    """The open historical items (due before their county's 启用日期) of the user's scope."""
    items = scope_items(user).filter(legacy=True, status__in=ACTIVE)
    if within:
        items = items.filter(unit_path__under=_within(user, within))
    if rule:
        items = items.filter(rule=rule)
    return items.select_related("unit").order_by("due", "rule", "unit_path", "id")


def item_for(user, pk: int) -> AlertItem | None:
    return scope_items(user).select_related("unit", "assigned_to", "acted_by").filter(pk=pk).first()
