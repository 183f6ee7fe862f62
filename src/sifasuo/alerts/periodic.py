"""Periodic jobs of the alerts (core/periodic.py): the nightly full refresh, then the daily digest."""

from __future__ import annotations

import datetime

from sifasuo.core.periodic import PeriodicJob


def refresh_all(today: datetime.date) -> str:
    """Every rule over every tree: date-driven items appear (a deadline coming within its warning period),
    ended conditions close, expired snoozes reopen."""
    from . import services

    return str(services.refresh(today=today))


def digest(today: datetime.date) -> str:
    from .digest import send_digest

    result = send_digest(today)
    return (f"发送 {result.sent} 封，共 {result.items} 项；{result.without_email} 个账号有待办但没有邮箱；"
            f"{result.nothing_due} 个账号没有待办")


JOBS = [
    PeriodicJob(name="alerts", title="提醒事项全量刷新", run=refresh_all, order=30),
    PeriodicJob(name="digest", title="每日待办邮件", run=digest, order=40),
]
