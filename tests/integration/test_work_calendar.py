"""The working-day calendar kept in the database (core.workdays, core.holidays): seeded from chinese-calendar,
entered by a province administrator for the years after it (from the State Council's notice), change-logged,
announced on the administrators' home page from 1 November, and read cheaply."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sifasuo.core import holidays, workdays
from sifasuo.core.models import CalendarDay, CalendarYear, ChangeLogEntry
from tests.conftest import client_for

D = datetime.date
pytestmark = pytest.mark.django_db


def first_unknown_year() -> int:
    year = datetime.date.today().year
    while workdays.is_known_year(year):
        year += 1
    return year


def weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def notice_lines(year: int) -> list[holidays.Entry]:
    """A plausible notice: New Year 1–3 January, National Day 1–7 October with the Saturday after worked."""
    saturday = weekday_on_or_after(D(year, 10, 8), 5)
    return [holidays.Entry("元旦", holidays.HOLIDAY, D(year, 1, 1), D(year, 1, 3)),
            holidays.Entry("国庆节", holidays.HOLIDAY, D(year, 10, 1), D(year, 10, 7)),
            holidays.Entry("国庆节", holidays.WORKDAY, saturday)]


def form_data(year: int, lines: list[holidays.Entry], *, title: str | None = None, issued: str = "") -> dict:
    data = {"notice_title": title if title is not None else f"国务院办公厅关于{year}年部分节假日安排的通知",
            "notice_issued_on": issued or f"{year - 1}-11-12",
            "entries-TOTAL_FORMS": str(len(lines)), "entries-INITIAL_FORMS": "0",
            "entries-MIN_NUM_FORMS": "0", "entries-MAX_NUM_FORMS": "1000"}
    for i, e in enumerate(lines):
        data.update({f"entries-{i}-name": e.name, f"entries-{i}-kind": e.kind,
                     f"entries-{i}-start": e.start.isoformat(), f"entries-{i}-end": e.end.isoformat() if e.end else ""})
    return data


def test_a_province_admin_enters_the_coming_year_and_every_count_uses_it(accounts):
    year = first_unknown_year()
    first_working = weekday_on_or_after(D(year, 10, 1), 0)  # a Monday inside the coming National Day
    assert workdays.is_working_day(first_working)  # Monday–Friday fallback before the notice is entered
    assert workdays.estimate_note(D(year, 10, 1))
    client = client_for(accounts["province_admin"])
    response = client.post(reverse("core:calendar_edit") + f"?year={year}", form_data(year, notice_lines(year)))
    assert response.status_code == 302, response.content.decode()[:2000]
    calendar = CalendarYear.objects.get(year=year)
    assert calendar.source == "manual" and calendar.unit == accounts["province_admin"].unit
    assert CalendarDay.objects.filter(calendar=calendar, is_working=False).count() == 10
    # every count of the system reads the new year at once: holidays skipped, the worked Saturday counted
    assert workdays.is_known_year(year) and workdays.estimate_note(D(year, 10, 1)) == ""
    assert not workdays.is_working_day(first_working)
    saturday = weekday_on_or_after(D(year, 10, 8), 5)
    assert workdays.is_working_day(saturday)
    assert workdays.next_working_day(D(year, 10, 1)) == D(year, 10, 8)
    # the change log has the year and each of its days, by the admin
    entries = ChangeLogEntry.objects.filter(username=accounts["province_admin"].username,
                                            content_type__model__in=["calendaryear", "calendarday"])
    assert entries.filter(content_type__model="calendaryear", action="create").count() == 1
    assert entries.filter(content_type__model="calendarday", action="create").count() == 11
    page = client.get(reverse("core:calendar") + f"?year={year}").content.decode()
    assert f"{year}-10-01 至 {year}-10-07（7天）" in page and saturday.isoformat() in page

    # a correction: the Saturday is dropped; the removal is logged and the count follows
    lines = notice_lines(year)[:2]
    response = client.post(reverse("core:calendar_edit") + f"?year={year}", form_data(year, lines))
    assert response.status_code == 302, re.findall(r"(?:danger|field-error)[^<]*<[^<]*<", response.content.decode())
    assert not workdays.is_working_day(saturday)
    assert entries.filter(content_type__model="calendarday", action="delete").count() == 1


@pytest.mark.parametrize("change, message", [
    (lambda y, lines: [*lines, holidays.Entry("春节", holidays.WORKDAY, weekday_on_or_after(D(y, 2, 1), 2))],
     "是星期三，本来就是工作日"),
    (lambda y, lines: [holidays.Entry("元旦", holidays.HOLIDAY, D(y, 1, 3), D(y, 1, 1))], "早于开始日期"),
    (lambda y, lines: [*lines, holidays.Entry("国庆节", holidays.HOLIDAY, D(y, 10, 7), D(y, 10, 8))],
     "已在第2行列出"),
    (lambda y, lines: [holidays.Entry("元旦", holidays.HOLIDAY, D(y + 1, 1, 1), D(y + 1, 1, 2))], "不在"),
    (lambda y, lines: [holidays.Entry("元旦", holidays.HOLIDAY, D(y - 1, 12, 31), D(y, 1, 1))], "已在"),
])
def test_bad_lines_are_explained_and_nothing_is_written(accounts, change, message):
    year = first_unknown_year()
    if "已在" == message:  # a day already in the previous (known) year's arrangement
        CalendarDay.objects.get_or_create(day=D(year - 1, 12, 31), defaults={
            "calendar": CalendarYear.objects.get_or_create(year=year - 1, defaults={"notice_title": "x"})[0],
            "is_working": False, "name": "元旦"})
    before = ChangeLogEntry.objects.count()
    client = client_for(accounts["province_admin"])
    response = client.post(reverse("core:calendar_edit") + f"?year={year}",
                           form_data(year, change(year, notice_lines(year))))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CalendarYear.objects.filter(year=year).exists() and ChangeLogEntry.objects.count() == before


def test_the_notice_itself_is_checked(accounts):
    year = first_unknown_year()
    with pytest.raises(ValidationError) as caught:
        holidays.save_year(actor=accounts["province_admin"], year=year, notice_title="国务院办公厅关于部分节假日安排的通知",
                           notice_issued_on=D(year - 3, 1, 1), entries=notice_lines(year))
    text = " ".join(caught.value.messages)
    assert f"没有“{year}年”" in text and "不在" in text
    with pytest.raises(ValidationError, match="在今天之后"):
        holidays.save_year(actor=accounts["province_admin"], year=year, notice_title=f"关于{year}年的通知",
                           notice_issued_on=datetime.date.today() + datetime.timedelta(days=1),
                           entries=notice_lines(year))


def test_only_a_province_admin_may_enter_a_year(accounts):
    year = first_unknown_year()
    for role in ("city_admin", "county_admin", "county_clerk"):
        client = client_for(accounts[role])
        assert client.post(reverse("core:calendar_edit") + f"?year={year}",
                           form_data(year, notice_lines(year))).status_code == 403
        assert client.get(reverse("core:calendar")).status_code == 200  # everyone may read it
        with pytest.raises(PermissionDenied):
            holidays.save_year(actor=accounts[role], year=year, notice_title=f"{year}年", notice_issued_on=None,
                               entries=[])
    assert not CalendarYear.objects.filter(year=year).exists()


def test_the_coming_year_is_asked_for_from_the_first_of_november():
    year = first_unknown_year()
    assert holidays.missing_years(D(year - 1, 10, 31)) == []
    assert holidays.missing_years(D(year - 1, 11, 1)) == [year]
    assert holidays.missing_years(D(year, 3, 1)) == [year]


def test_administrators_see_the_warning_on_their_home_page_until_the_year_is_entered(accounts):
    today = datetime.date.today()
    missing = holidays.missing_years(today)
    if not missing:  # before November with this year entered there is nothing to ask for
        pytest.skip("今天不需要录入节假日安排")
    admin, clerk = client_for(accounts["province_admin"]), client_for(accounts["county_clerk"])
    assert f"{missing[0]}年节假日安排尚未录入" in admin.get("/").content.decode()
    assert "节假日安排尚未录入" in client_for(accounts["county_admin"]).get("/").content.decode()
    assert "节假日安排尚未录入" not in clerk.get("/").content.decode()
    for year in missing:
        holidays.save_year(actor=accounts["province_admin"], year=year, notice_title=f"关于{year}年部分节假日安排的通知",
                           notice_issued_on=min(today, D(year - 1, 12, 1)), entries=notice_lines(year))
    assert "节假日安排尚未录入" not in admin.get("/").content.decode()


def test_the_calendar_is_read_once_and_follows_writes_of_other_processes(django_assert_max_num_queries):
    year = first_unknown_year()
    day = weekday_on_or_after(D(year, 5, 3), 0)
    calendar = CalendarYear.objects.create(year=year, notice_title=f"关于{year}年部分节假日安排的通知")
    assert workdays.is_working_day(day)
    with django_assert_max_num_queries(0):  # a warm calendar answers without a query
        for n in range(200):
            workdays.add_days(D(year, 1, 1), n, "working")
    # Another process stores a holiday (rows written without this process's signals) and replaces the
    # version; this process sees it at its next check (the first use in each request).
    CalendarDay.objects.bulk_create([CalendarDay(calendar=calendar, day=day, is_working=False, name="劳动节")])
    assert workdays.is_working_day(day)  # not yet checked again
    workdays.recheck()
    with django_assert_max_num_queries(3):
        assert not workdays.is_working_day(day)


def test_dates_counted_with_the_fallback_are_marked_until_the_year_is_entered(accounts):
    from sifasuo.core.templatetags.sifasuo import workday_estimate

    year = first_unknown_year()
    assert "暂按周一至周五推算" in workday_estimate(D(year, 3, 1))
    assert workday_estimate(D(year - 1 if workdays.is_known_year(year - 1) else 2024, 3, 1)) == ""
    holidays.save_year(actor=accounts["province_admin"], year=year, notice_title=f"关于{year}年部分节假日安排的通知",
                       notice_issued_on=min(datetime.date.today(), D(year - 1, 12, 1)), entries=notice_lines(year))
    assert workday_estimate(D(year, 3, 1)) == ""
