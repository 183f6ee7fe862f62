"""The workbench (工作台), the home page each role starts the day on: what waits for the user's decision, their
own unfinished work, this month's report, the alerts, the key figures of the scope and the quick actions.

A module lists what it puts on the workbench in `<app>/workbench.py` (as menus are listed, D19):

- `QUEUES = [Queue(...)]`: things waiting for someone of a role, either a decision (待我审批: a plan to review,
  a report to approve, a leave request, an application to screen) or their own unfinished work (我的草稿: a
  returned plan, a draft report). `items(user)` reads them through the scoping function.
- `PANELS = [Panel(...)]`: a section of its own (this month's reports, the key figures, the alerts, an
  applicant's applications): `context(user, today)` gives what its template shows, or None to leave it out.

Quick actions are the menu entries marked `quick=` for a role (core.navigation.MenuItem)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from .registry import app_modules

SHOWN = 5          # items listed per queue (the count says how many there are)

DECIDE, DRAFT = "decide", "draft"


@dataclass(frozen=True)
class Queue:
    label: str                                   # 待审核的招聘计划
    capability: str
    kind: str                                    # DECIDE or DRAFT
    items: Callable[[object], QuerySet | list]   # the user's items, scoped and ordered (oldest first)
    describe: Callable[[object], str] = str      # one line per item
    list_url: Callable[[object], str] | None = None   # the page listing them all (for the user)
    applies: Callable[[object], bool] = lambda user: True   # e.g. only a county-level account

    def for_user(self, user) -> dict | None:
        """{queue, count, shown: [(text, url)], url} of a user's items, or None when there are none."""
        if not user.can(self.capability) or not self.applies(user):
            return None
        items = self.items(user)
        if isinstance(items, QuerySet):
            count = items.count()
            first = list(items[:SHOWN]) if count else []
        else:
            count, first = len(items), list(items[:SHOWN])
        if not count:
            return None
        return {"queue": self, "count": count, "url": self.list_url(user) if self.list_url else "",
                "shown": [(self.describe(obj), obj.get_absolute_url()) for obj in first]}


@dataclass(frozen=True)
class Panel:
    title: str
    capability: str
    template: str                                   # rendered with the context below as `panel`
    context: Callable[[object, object], dict | None]   # (user, today) -> what the template shows, or None
    order: int = 50                                 # lower first: alerts 10, reports 20, figures 40

    def for_user(self, user, today) -> dict | None:
        if not user.can(self.capability):
            return None
        data = self.context(user, today)
        return None if data is None else {"panel": self, **data}


@functools.lru_cache(maxsize=1)
def queues() -> tuple[Queue, ...]:
    return tuple(q for module in _modules() for q in getattr(module, "QUEUES", ()))


@functools.lru_cache(maxsize=1)
def panels() -> tuple[Panel, ...]:
    return tuple(sorted((p for module in _modules() for p in getattr(module, "PANELS", ())), key=lambda p: p.order))


def _modules():
    return [m for m in app_modules("workbench") if m.__name__ != __name__]


def shown_panels(request, today) -> list[dict]:
    """The panels the user's role may see and that have something to show, in order, each as {panel, html}."""
    from django.template.loader import render_to_string

    out = []
    for panel in panels():
        data = panel.for_user(request.user, today)
        if data is not None:
            out.append({"panel": panel, "html": render_to_string(panel.template, data, request=request)})
    return out


def waiting(user) -> tuple[list[dict], list[dict]]:
    """(decisions, drafts): the user's non-empty queues of each kind."""
    decide, draft = [], []
    for queue in queues():
        entry = queue.for_user(user)
        if entry is not None:
            (decide if queue.kind == DECIDE else draft).append(entry)
    return decide, draft


def kinds_for(user) -> set[str]:
    """The kinds of queue the user's role has at all (a section is shown, empty or not, only for those)."""
    return {q.kind for q in queues() if user.can(q.capability) and q.applies(user)}


def unit_level(user) -> int | None:
    return user.unit.level if user.unit_id else None
