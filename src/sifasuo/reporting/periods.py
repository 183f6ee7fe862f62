"""Periods of reports (month, quarter, half year, year) and the deadline rule ("by the 3rd of the next
month", optionally moved to the next working day: HZ-3)."""

from __future__ import annotations

import datetime

from sifasuo.core import dates, workdays

from .choices import PeriodType

MONTHS = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.HALF_YEAR: 6, PeriodType.YEAR: 12}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after `day`'s month (periods are whole months)."""
    return dates.add_months(day.replace(day=1), months)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def period_start(period_type: str, day: datetime.date) -> datetime.date:
    """The first day of the period of that type containing `day`."""
    size = MONTHS[period_type]
    return datetime.date(day.year, (day.month - 1) // size * size + 1, 1)


def period_end(period_type: str, start: datetime.date) -> datetime.date:
    return add_months(start, MONTHS[period_type]) - datetime.timedelta(days=1)


def previous_period(period_type: str, day: datetime.date) -> datetime.date:
    return add_months(period_start(period_type, day), -MONTHS[period_type])


def months_of(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    out, day = [], month_start(start)
    while day <= end:
        out.append(day)
        day = add_months(day, 1)
    return out


def deadline(period_type: str, start: datetime.date, *, day: int, move_to_working_day: bool) -> datetime.date:
    """The last day to submit: `day` of the month after the period (HZ-3: the 3rd); when the template says
    so, a holiday or weekend moves it to the next working day (core.workdays, Chinese calendar)."""
    following = add_months(start, MONTHS[period_type])
    last = period_end(PeriodType.MONTH, following).day
    due = following.replace(day=min(day, last))
    return workdays.next_working_day(due) if move_to_working_day else due


_PERIOD_WORDS = {PeriodType.MONTH: "每月结束后次月", PeriodType.QUARTER: "每季度结束后次月",
                 PeriodType.HALF_YEAR: "每半年结束后次月", PeriodType.YEAR: "每年结束后次年1月"}


def deadline_text(period_type: str, *, day: int, move_to_working_day: bool) -> str:
    """The deadline rule in words, as `deadline()` applies it: "每年结束后次年1月15日前报送（遇节假日顺延）"."""
    return (f"{_PERIOD_WORDS[period_type]}{day}日前报送"
            + ("（遇节假日顺延至下一工作日）" if move_to_working_day else ""))


def label(period_type: str, start: datetime.date) -> str:
    if period_type == PeriodType.MONTH:
        return f"{start.year}年{start.month}月"
    if period_type == PeriodType.QUARTER:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    if period_type == PeriodType.HALF_YEAR:
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    return f"{start.year}年"


def parse_month(text: str) -> datetime.date | None:
    """'2025-03' → 2025-03-01; None for anything else."""
    try:
        year, month = (int(p) for p in (text or "").strip().split("-")[:2])
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return None
