"""One rules engine for every deadline: each module declares its rules, the engine asks them for the
due and overdue items under a unit's path, for a day.

A module lists its rules in `<app>/alert_rules.py`:

    RULES = [
        Rule(code="mediation.open_30_days", title="调解案件超过 30 日未结",
             basis="《人民调解法》第二十八条；WH-9", module="人民调解", capability="casework.view",
             collect=open_cases_over_30_days),
    ]

`collect(path, today)` returns the Alerts of records whose unit lies under `path` (use
`unit__path__under=path` in one or a few queries, never one query per record), each with its deadline.
A rule decides how far ahead it warns (e.g. contracts ending within 60 days). Deadlines are counted with
`sifasuo.core.workdays` (calendar or working days, Chinese holidays respected) as the rule's law says.
An Alert may name its own `basis` when the rule's is too general (a report's deadline comes from its
template); `record` identifies what it is about, and (rule, record, due) is one stored item.

Alerts are stored (D49): `alerts.services.refresh()` runs the rules and reconciles `AlertItem` rows, for one
office's subtree when one of its records changes (through the task queue, right after the writer's
transaction: a change to any model of the rule's own app, or of a model named in `depends_on`), and for
everything in the nightly run (`sifasuo periodic`). The inbox, the dashboards, the home page and the digest
read the table.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sifasuo.core.registry import declared


class State:
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"


STATE_LABELS = {State.UPCOMING: "即将到期", State.DUE: "今日到期", State.OVERDUE: "已逾期"}


@dataclass(frozen=True)
class Alert:
    rule: str                 # Rule.code
    unit_id: int              # the office / workstation / county the record belongs to
    unit_path: str
    subject: str              # what the item is about: "（2025）调字第12号 张某与李某邻里纠纷"
    message: str              # what is due: "受理已 31 天未结（应在 30 日内调结）"
    due: datetime.date        # the deadline (for a missing act: the last day it should have happened)
    url: str = ""             # the record's page
    record: str = ""          # "app_label.model:pk", to find the record again (digest, dedup)
    basis: str = ""           # the real basis of this deadline, when more precise than the rule's

    def state(self, today: datetime.date) -> str:
        if self.due > today:
            return State.UPCOMING
        return State.DUE if self.due == today else State.OVERDUE

    def days_overdue(self, today: datetime.date) -> int:
        return (today - self.due).days


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    basis: str                # the law article or seed rule id the deadline comes from
    module: str               # Chinese module name, for grouping
    capability: str           # who may see this rule's alerts (user.can(capability))
    collect: Callable[[str, datetime.date], Iterable[Alert]] = field(compare=False, repr=False)
    # Models ("app_label.model") whose changes can start or end this rule's items, besides every model of the
    # rule's own app (the app of its `alert_rules.py`); their saves refresh the rule for that unit.
    depends_on: tuple[str, ...] = ()

    @property
    def app_label(self) -> str:
        """The app that declares the rule: `sifasuo.casework.alert_rules` → "casework"."""
        parts = self.collect.__module__.split(".")
        return parts[1] if len(parts) > 2 and parts[0] == "sifasuo" else parts[0]


def rules_of(*, module: str, capability: str) -> Callable[..., Rule]:
    """The rules of one module share its name and who may see them: `rule = rules_of(module="工作人员",
    capability="staff.view")`, then `rule(code=…, title=…, basis=…, collect=…)` for each."""
    return functools.partial(Rule, module=module, capability=capability)


_RULES: dict[str, Rule] | None = None


def rules() -> dict[str, Rule]:
    """Every rule of every installed module, by code (collected once per process)."""
    global _RULES
    if _RULES is None:
        _RULES = declared("alert_rules", "RULES", "code", "提醒规则")
    return _RULES


def collect(path: str, today: datetime.date, *, codes: Iterable[str] | None = None) -> list[Alert]:
    """The alerts of the chosen rules (all by default) under `path`, most overdue first."""
    chosen = rules() if codes is None else {c: rules()[c] for c in codes}
    out: list[Alert] = []
    for rule in chosen.values():
        out.extend(rule.collect(path, today))
    out.sort(key=lambda a: (a.due, a.rule, a.unit_path, a.subject))
    return out


def rules_for(user) -> list[Rule]:
    return [rule for rule in rules().values() if user.can(rule.capability)]


def alerts_for(user, today: datetime.date, *, codes: Iterable[str] | None = None) -> list[Alert]:
    """The alerts a user may see: rules their role may see, records under their unit."""
    from sifasuo.core.scoping import user_scope_path

    path = user_scope_path(user)
    if path is None:
        return []
    allowed = [rule.code for rule in rules_for(user)]
    if codes is not None:
        wanted = set(codes)
        allowed = [code for code in allowed if code in wanted]
    return collect(path, today, codes=allowed)
