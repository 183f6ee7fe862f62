"""Public notice periods (公示期) in working or calendar days.

Working days follow China's official calendar through the `chinese-calendar` package: statutory holidays
are skipped and adjusted working days (调休上班, e.g. Sunday 29 September 2024) count. The notice counts
its first day when that day is a working day; otherwise counting starts on the next working day.
"""

from __future__ import annotations

import datetime

import chinese_calendar

from .model import Policy

__all__ = ["is_working_day", "notice_end", "notice_period"]

DAY_KINDS = ("working", "calendar")


def is_working_day(day: datetime.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise ValueError(
            f"节假日数据不包括{day.year}年（chinese-calendar 只收录到国务院已公布安排的年份），"
            "无法按工作日计算，请更新 chinese-calendar 或改用自然日"
        ) from None


def notice_end(start: datetime.date, days: int, kind: str) -> datetime.date:
    """Last day of a notice of `days` working or calendar days beginning on `start` (both ends inclusive)."""
    if days < 1:
        raise ValueError(f"公示天数应至少为1天，实际为{days}天")
    if kind == "calendar":
        return start + datetime.timedelta(days=days - 1)
    if kind != "working":
        raise ValueError(f"天数计算方式“{kind}”无效，应为 working（工作日）或 calendar（自然日）")
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == days:
                return day
        day += datetime.timedelta(days=1)


def notice_period(policy: Policy, start: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The notice the policy prescribes, beginning on `start`: (start, last day)."""
    return start, notice_end(start, policy.notice.days, policy.notice.kind)
