"""Calendar arithmetic every module shares (no Django)."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier, for a negative count); the month's last day when it is shorter:
    31 January + 1 month = 28/29 February. Terms of contracts, supervision and assistance are counted so."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
