"""Writes and reads of the working-day calendar's content: a year's holidays and adjusted working days as the
State Council's notice (国务院办公厅关于…年部分节假日安排的通知) publishes them, entered by a province
administrator. core.workdays is what counts days with it; this module only keeps it.

A year is entered as a few lines, each a holiday (放假, a range of days) or an adjusted working day (调休上班,
a weekend day that is worked), with the holiday's name, like the notice itself. Saving replaces the year's
days; every added, changed or removed day is in the change log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from . import workdays
from .models import CalendarDay, CalendarYear

HOLIDAY, WORKDAY = "holiday", "workday"
KIND_CHOICES = [(HOLIDAY, "放假"), (WORKDAY, "调休上班")]
WEEKDAYS = "一二三四五六日"
MAX_SPAN_DAYS = 15  # the longest holiday of any notice is 8–9 days
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Entry:
    """One line of a notice: `name` (春节), HOLIDAY over start..end, or WORKDAY on start (end ignored)."""

    name: str
    kind: str
    start: datetime.date
    end: datetime.date | None = None

    def days(self) -> list[datetime.date]:
        last = self.end if self.kind == HOLIDAY and self.end else self.start
        return [self.start + datetime.timedelta(days=n) for n in range((last - self.start).days + 1)]


def missing_years(today: datetime.date) -> list[int]:
    """The years an administrator should enter now: this year when it is unknown, and from 1 November the
    coming year (the notice usually appears in November or December)."""
    years = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    return [y for y in years if not workdays.is_known_year(y)]


def year_summary(calendar: CalendarYear) -> list[dict]:
    """The year's days grouped as the notice reads: per holiday, its days off and its adjusted working days."""
    groups: dict[str, dict] = {}
    for day in calendar.days.all():
        group = groups.setdefault(day.name, {"name": day.name, "off": [], "worked": []})
        group["worked" if day.is_working else "off"].append(day.day)
    for group in groups.values():
        off = group["off"]
        group["off_text"] = (f"{off[0]:%Y-%m-%d}" if len(off) == 1 else
                             f"{off[0]:%Y-%m-%d} 至 {off[-1]:%Y-%m-%d}（{len(off)}天）") if off else "—"
        group["worked_text"] = "、".join(f"{d:%Y-%m-%d}" for d in group["worked"]) or "—"
    return sorted(groups.values(), key=lambda g: min(g["off"] + g["worked"]))


def entries_of(calendar: CalendarYear) -> list[Entry]:
    """A stored year as lines of the form: consecutive days off of one holiday make one line."""
    lines: list[Entry] = []
    for day in calendar.days.all():
        last = lines[-1] if lines else None
        if (not day.is_working and last is not None and last.kind == HOLIDAY and last.name == day.name
                and (last.end or last.start) + datetime.timedelta(days=1) == day.day):
            lines[-1] = Entry(last.name, HOLIDAY, last.start, day.day)
        else:
            lines.append(Entry(day.name, WORKDAY if day.is_working else HOLIDAY, day.day,
                               None if day.is_working else day.day))
    return lines


def _check(year: int, notice_title: str, notice_issued_on: datetime.date | None, entries: list[Entry],
           today: datetime.date) -> dict[datetime.date, tuple[bool, str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": f"年度 {year} 不合理（应为{FIRST_YEAR}至{LAST_YEAR}年）"})
    if not notice_title.strip():
        add("notice_title", "请填写国务院办公厅通知的标题")
    elif f"{year}年" not in notice_title:
        add("notice_title", f"通知标题「{notice_title.strip()}」中没有“{year}年”，请核对是否为{year}年的安排")
    if notice_issued_on is None:
        add("notice_issued_on", "请填写通知的印发日期")
    elif notice_issued_on > today:
        add("notice_issued_on", f"印发日期 {notice_issued_on:%Y-%m-%d} 在今天之后")
    elif notice_issued_on.year not in (year - 1, year):
        add("notice_issued_on", f"印发日期 {notice_issued_on:%Y-%m-%d} 不在{year - 1}年或{year}年，"
                                f"不像是{year}年节假日安排的通知")
    if not any(e.kind == HOLIDAY for e in entries):
        add("entries", "请至少填写一个放假安排（如 元旦、春节）")
    days: dict[datetime.date, tuple[bool, str]] = {}
    line_of: dict[datetime.date, int] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"第{number}行"
        if not entry.name.strip():
            add("entries", f"{where}：请填写节日名称（如 春节）")
        if entry.kind not in (HOLIDAY, WORKDAY):
            add("entries", f"{where}：类别「{entry.kind}」无效，应为 放假 或 调休上班")
            continue
        if entry.kind == HOLIDAY and entry.end is not None and entry.end < entry.start:
            add("entries", f"{where}：放假截止日期 {entry.end:%Y-%m-%d} 早于开始日期 {entry.start:%Y-%m-%d}")
            continue
        span = entry.days()
        if len(span) > MAX_SPAN_DAYS:
            add("entries", f"{where}：放假 {len(span)} 天，超过{MAX_SPAN_DAYS}天，请核对日期")
            continue
        for day in span:
            in_year = day.year == year or (day.year == year - 1 and day.month == 12 and day.day >= 25)
            if not in_year:
                add("entries", f"{where}：日期 {day:%Y-%m-%d} 不在{year}年（只有元旦假期可从上一年12月下旬开始）")
                break
            if entry.kind == WORKDAY and day.weekday() < 5:
                add("entries", f"{where}：{day:%Y-%m-%d} 是星期{WEEKDAYS[day.weekday()]}，本来就是工作日，"
                               "调休上班日应为星期六或星期日")
                break
            if day in line_of:
                add("entries", f"{where}：{day:%Y-%m-%d} 已在第{line_of[day]}行列出")
                break
            line_of[day] = number
            days[day] = (entry.kind == WORKDAY, entry.name.strip())
    if not errors and days:
        taken = (CalendarDay.objects.filter(day__in=list(days)).exclude(calendar__year=year)
                 .select_related("calendar").order_by("day").first())
        if taken is not None:
            add("entries", f"第{line_of[taken.day]}行：{taken.day:%Y-%m-%d} 已在{taken.calendar.year}年的节假日安排中"
                           f"（{taken}），同一天只能属于一年的安排")
    if errors:
        raise ValidationError(errors)
    return days


def save_year(*, actor, year: int, notice_title: str, notice_issued_on: datetime.date | None,
              entries: Iterable[Entry], today: datetime.date | None = None) -> CalendarYear:
    """Enter or correct a year's holiday arrangement from the State Council's notice (province administrators).

    The year's row is locked while its days are replaced, so two administrators saving at once take turns;
    the second to arrive for a year that did not exist gets a message instead of a duplicate."""
    if actor is None or not actor.can("calendar.manage"):
        raise PermissionDenied("只有省级管理员可以录入节假日安排")
    today = today or datetime.date.today()
    entries = list(entries)
    days = _check(year, notice_title, notice_issued_on, entries, today)
    try:
        with transaction.atomic():
            calendar = CalendarYear.objects.select_for_update().filter(year=year).first()
            if calendar is None:
                calendar = CalendarYear(year=year)
            calendar.notice_title = notice_title.strip()
            calendar.notice_issued_on = notice_issued_on
            calendar.source = CalendarYear.Source.MANUAL
            calendar.unit = actor.unit
            calendar.save()
            stored = {d.day: d for d in calendar.days.all()}
            for day, row in stored.items():
                if day not in days:
                    row.delete()
            for day, (worked, name) in sorted(days.items()):
                row = stored.get(day)
                if row is None:
                    CalendarDay.objects.create(calendar=calendar, day=day, is_working=worked, name=name)
                elif (row.is_working, row.name) != (worked, name):
                    row.is_working, row.name = worked, name
                    row.save()
    except IntegrityError:
        raise ValidationError({"year": f"{year}年的节假日安排刚由他人录入，请刷新页面后再修改"}) from None
    workdays.forget()
    return calendar
