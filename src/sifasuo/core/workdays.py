"""The one working-day calendar of the system: counting deadlines in calendar or working days.

Working days skip statutory holidays and count adjusted working days (调休上班), as the State Council's
notice of each year publishes them. The calendar is kept in the database (core.CalendarYear, CalendarDay):
the years the chinese-calendar package knows were seeded from it (migration core 0004), and a province
administrator enters each later year from the notice (/calendar/). A year the database does not hold is
taken from the package when the package knows it (the seed source), else counted Monday to Friday: the
fallback. `is_known_year` and `fallback_years` say when a date was computed with the fallback, and the pages
that show such a date say so (`estimate_note`).

Every deadline of the system (alerts, the recruitment notice, report due dates, correction reports) is
counted here; nothing else reads chinese-calendar.

Reads are cheap: the whole calendar (a few thousand rows) is loaded once per process and kept under its data
version (core.dataversion, "workcalendar"). The version is checked again at the first use in each request,
and at most every few seconds outside requests; a write in this process drops the cached calendar at once.
"""

from __future__ import annotations

import datetime
import functools
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

ONE_DAY = datetime.timedelta(days=1)
KINDS = {"calendar": "自然日", "working": "工作日"}
DATA_VERSION = "workcalendar"
RECHECK_SECONDS = 5.0

# The package's holiday names (English) in the words of the State Council's notice.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


@dataclass(frozen=True)
class Calendar:
    """The days a notice names (True: worked, False: holiday) and the years whose notice is known."""

    days: Mapping[datetime.date, bool]
    known_years: frozenset[int]

    def is_working(self, day: datetime.date) -> bool:
        listed = self.days.get(day)
        return listed if listed is not None else day.weekday() < 5


# --- the seed source ------------------------------------------------------------------------------------


def notice_year(day: datetime.date, name: str) -> int:
    """The year whose notice lists `day`: a New Year holiday begun in late December belongs to the next."""
    return day.year + 1 if day.month == 12 and name == "元旦" else day.year


@functools.lru_cache(maxsize=1)
def package_calendar() -> dict[int, dict[datetime.date, tuple[bool, str]]]:
    """Every year the chinese-calendar package knows: {year: {day: (worked, holiday name)}}. The seed of the
    database calendar, and its stand-in for such a year when the database lacks it."""
    import chinese_calendar

    years: dict[int, dict[datetime.date, tuple[bool, str]]] = {}
    for source, worked in ((chinese_calendar.holidays, False), (chinese_calendar.workdays, True)):
        for day, english in source.items():
            name = HOLIDAY_NAMES.get(str(english), str(english))
            years.setdefault(notice_year(day, name), {})[day] = (worked, name)
    return years


def _package_only() -> Calendar:
    days = {day: worked for entries in package_calendar().values() for day, (worked, _n) in entries.items()}
    return Calendar(days=days, known_years=frozenset(package_calendar()))


# --- the database calendar, cached ------------------------------------------------------------------------


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calendar: Calendar | None = None
        self.token: str | None = None
        self.checked = 0.0
        self.recheck = True


_cache = _Cache()


def _database_ready() -> bool:
    from django.apps import apps
    from django.conf import settings

    return settings.configured and apps.ready


def _load() -> Calendar:
    from .models import CalendarDay, CalendarYear

    stored_years = set(CalendarYear.objects.values_list("year", flat=True))
    days: dict[datetime.date, bool] = {}
    for year, entries in package_calendar().items():
        if year not in stored_years:
            days.update((day, worked) for day, (worked, _n) in entries.items())
    days.update(CalendarDay.objects.values_list("day", "is_working"))
    return Calendar(days=days, known_years=frozenset(stored_years | set(package_calendar())))


def calendar() -> Calendar:
    """The calendar as the database holds it now (the package's alone when there is no database)."""
    if not _database_ready():
        return _package_only()
    from . import dataversion

    now = time.monotonic()
    with _cache.lock:
        if _cache.calendar is not None and not _cache.recheck and now - _cache.checked < RECHECK_SECONDS:
            return _cache.calendar
        token = dataversion.current(DATA_VERSION)
        if _cache.calendar is None or token != _cache.token:
            _cache.calendar, _cache.token = _load(), token
        _cache.checked, _cache.recheck = now, False
        return _cache.calendar


def recheck(**_kwargs) -> None:
    """Check the version at the next use (connected to request_started: once per request)."""
    _cache.recheck = True


def forget(**_kwargs) -> None:
    """Drop the cached calendar (connected to every write of the calendar tables in this process)."""
    with _cache.lock:
        _cache.calendar, _cache.token = None, None


# --- the API --------------------------------------------------------------------------------------------


def is_working_day(day: datetime.date) -> bool:
    return calendar().is_working(day)


def is_known_year(year: int) -> bool:
    """Whether the holidays of `year` are entered (else its working days are counted Monday to Friday)."""
    return year in calendar().known_years


def fallback_years(*days: datetime.date | None) -> list[int]:
    """The years from the earliest to the latest of `days` whose holidays are not entered: a working-day
    count over them used the Monday–Friday fallback."""
    present = [d for d in days if d is not None]
    if not present:
        return []
    known = calendar().known_years
    return [y for y in range(min(present).year, max(present).year + 1) if y not in known]


def estimate_note(*days: datetime.date | None) -> str:
    """A Chinese note for a working-day date counted with the fallback, or "" when the calendar knew."""
    years = fallback_years(*days)
    if not years:
        return ""
    listed = "、".join(f"{y}年" for y in years)
    return f"{listed}节假日安排尚未录入，暂按周一至周五推算，录入后以实际安排为准"


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the first working day after it."""
    cal = calendar()
    while not cal.is_working(day):
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
    cal = calendar()
    day, counted = start, 0
    while counted < days:
        day += ONE_DAY
        if cal.is_working(day):
            counted += 1
    return day


def last_of(start: datetime.date, days: int, kind: str = "calendar") -> datetime.date:
    """The last day of a period of `days` calendar or working days that begins on `start` (both ends
    counted; a period of working days that begins on a holiday starts on the next working day)."""
    if days < 1:
        raise ValueError(f"天数应至少为1天，实际为{days}天")
    if kind == "calendar":
        return start + datetime.timedelta(days=days - 1)
    if kind != "working":
        raise ValueError(f"天数计算方式“{kind}”无效，应为 working（工作日）或 calendar（自然日）")
    return add_days(next_working_day(start), days - 1, "working")


def days_between(start: datetime.date, end: datetime.date, kind: str = "calendar") -> int:
    """Days from `start` to `end` (`start` not counted, `end` counted); negative when `end` is earlier."""
    if kind == "calendar":
        return (end - start).days
    if kind != "working":
        raise ValueError(f"天数计算方式“{kind}”无效，应为 calendar（自然日）或 working（工作日）")
    sign, (a, b) = (1, (start, end)) if end >= start else (-1, (end, start))
    cal = calendar()
    count, day = 0, a
    while day < b:
        day += ONE_DAY
        if cal.is_working(day):
            count += 1
    return sign * count
