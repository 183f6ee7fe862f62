"""Counting deadlines in calendar or working days (China's official calendar, chinese-calendar package).

Working days skip statutory holidays and count adjusted working days (调休上班). For a year the package
does not know yet (the State Council publishes each year's arrangement late in the year before), working
days fall back to Monday–Friday and `is_known_year()` says so, so that alerts keep working; the recruitment
notice, which must be exact, uses `policy.notice.is_working_day`, which refuses instead.
"""

from __future__ import annotations

import datetime
import functools

import chinese_calendar

ONE_DAY = datetime.timedelta(days=1)
KINDS = {"calendar": "自然日", "working": "工作日"}


@functools.lru_cache(maxsize=8192)
def is_working_day(day: datetime.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def is_known_year(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_days(start: datetime.date, days: int, kind: str = "calendar") -> datetime.date:
    """The day `days` calendar or working days after `start` (`start` itself not counted).

    add_days(Mon, 1, "working") is Tuesday; add_days(Fri, 1, "working") is the next Monday unless it is a
    holiday. With days == 0 the result is `start`.
    """
    if kind == "calendar":
        return start + datetime.timedelta(days=days)
    if kind != "working":
        raise ValueError(f"天数计算方式“{kind}”无效，应为 calendar（自然日）或 working（工作日）")
    if days < 0:
        raise ValueError("工作日天数不能为负数")
    day, counted = start, 0
    while counted < days:
        day += ONE_DAY
        if is_working_day(day):
            counted += 1
    return day


def days_between(start: datetime.date, end: datetime.date, kind: str = "calendar") -> int:
    """Days from `start` to `end` (`start` not counted, `end` counted); negative when `end` is earlier."""
    if kind == "calendar":
        return (end - start).days
    if kind != "working":
        raise ValueError(f"天数计算方式“{kind}”无效，应为 calendar（自然日）或 working（工作日）")
    sign, (a, b) = (1, (start, end)) if end >= start else (-1, (end, start))
    count, day = 0, a
    while day < b:
        day += ONE_DAY
        if is_working_day(day):
            count += 1
    return sign * count
