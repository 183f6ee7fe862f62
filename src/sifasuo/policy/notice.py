"""Public notice periods (公示期) in working or calendar days, as a policy prescribes them.

The engine knows how long a notice is; which days are worked is the system's one calendar
(`sifasuo.core.workdays`, kept in the database), which the caller passes in as `last_day` so that the engine
stays free of Django. The notice counts its first day when that day is a working day; otherwise counting
starts on the next working day (`workdays.last_of`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from .model import Policy

__all__ = ["notice_period"]

LastDay = Callable[[datetime.date, int, str], datetime.date]


def notice_period(policy: Policy, start: datetime.date, *, last_day: LastDay) -> tuple[datetime.date, datetime.date]:
    """The notice the policy prescribes, beginning on `start`: (start, last day). `last_day(start, days,
    kind)` counts the period (`sifasuo.core.workdays.last_of`)."""
    return start, last_day(start, policy.notice.days, policy.notice.kind)
