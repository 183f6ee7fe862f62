"""Deadline arithmetic in calendar and working days (China's official calendar, kept in the database and
seeded from chinese-calendar), and the public-notice periods counted with it."""

import datetime

import pytest

from sifasuo.core import workdays
from sifasuo.policy import load_named, notice_period

pytestmark = pytest.mark.django_db
D = datetime.date


def test_calendar_days_are_plain_arithmetic():
    assert workdays.add_days(D(2024, 9, 25), 10) == D(2024, 10, 5)
    assert workdays.days_between(D(2024, 9, 25), D(2024, 10, 5)) == 10
    assert workdays.days_between(D(2024, 10, 5), D(2024, 9, 25)) == -10


def test_working_days_skip_national_day_and_count_the_adjusted_sunday():
    # 2024: Sunday 29 September was a working day; 1–7 October were holidays; Saturday 12 October worked.
    assert workdays.is_working_day(D(2024, 9, 29))
    assert not workdays.is_working_day(D(2024, 10, 7))
    assert workdays.add_days(D(2024, 9, 27), 1, "working") == D(2024, 9, 29)
    assert workdays.add_days(D(2024, 9, 30), 1, "working") == D(2024, 10, 8)
    # 7 working days from Friday 27 September: 29, 30 Sep, 8, 9, 10, 11, 12 Oct.
    assert workdays.add_days(D(2024, 9, 27), 7, "working") == D(2024, 10, 12)
    assert workdays.days_between(D(2024, 9, 27), D(2024, 10, 12), "working") == 7
    assert workdays.days_between(D(2024, 10, 12), D(2024, 9, 27), "working") == -7


def test_next_working_day():
    assert workdays.next_working_day(D(2024, 10, 1)) == D(2024, 10, 8)
    assert workdays.next_working_day(D(2024, 10, 8)) == D(2024, 10, 8)


def test_unknown_year_falls_back_to_weekdays_and_says_so():
    assert not workdays.is_known_year(2099)
    assert workdays.is_known_year(2024)
    monday = D(2099, 1, 5)
    assert monday.weekday() == 0
    assert workdays.add_days(monday, 5, "working") == D(2099, 1, 12)
    assert workdays.fallback_years(monday, D(2099, 1, 12)) == [2099]
    assert workdays.fallback_years(D(2024, 12, 20), D(2025, 1, 10)) == []
    assert "2099年节假日安排尚未录入，暂按周一至周五推算" in workdays.estimate_note(monday)
    assert workdays.estimate_note(D(2024, 10, 1)) == ""


def test_the_seeded_years_are_in_the_database():
    """Migration core 0004 stored every year chinese-calendar knows, with the notice's holiday names."""
    from sifasuo.core.models import CalendarDay, CalendarYear

    assert CalendarYear.objects.filter(year=2024, source="package").exists()
    assert CalendarYear.objects.filter(year=2026).exists()
    assert CalendarDay.objects.get(day=D(2024, 9, 29)).is_working  # the adjusted Sunday
    assert CalendarDay.objects.get(day=D(2024, 10, 1)).name == "国庆节"
    # The New Year holiday that began on 31 December 2022 is in the 2023 notice.
    assert CalendarDay.objects.get(day=D(2022, 12, 31)).calendar.year == 2023


# --- public notice periods (公示期): the first day counts when it is a working day -------------------------


def test_five_working_days_across_national_day_2024():
    """Sunday 29 September 2024 is an adjusted working day; 1–7 October are holidays:
    29 Sep, 30 Sep, 8 Oct, 9 Oct, 10 Oct."""
    assert workdays.last_of(D(2024, 9, 29), 5, "working") == D(2024, 10, 10)


def test_adjusted_working_saturday_counts():
    """Starting on the holiday, counting begins on 8 October; Saturday 12 October 2024 is a working day."""
    assert workdays.last_of(D(2024, 10, 1), 5, "working") == D(2024, 10, 12)
    assert not workdays.is_working_day(D(2024, 10, 13))  # an ordinary Sunday
    assert workdays.last_of(D(2024, 10, 12), 2, "working") == D(2024, 10, 14)


def test_adjusted_working_sunday_in_spring_festival():
    assert workdays.is_working_day(D(2024, 2, 4))  # Sunday, worked for the Spring Festival
    assert workdays.last_of(D(2024, 2, 4), 1, "working") == D(2024, 2, 4)
    # 10–17 Feb are holidays (9 Feb, New Year's Eve, is officially a working day), Sunday 18 Feb is worked:
    # 4, 5, 6, 7, 8, 9 Feb, then 18 Feb.
    assert workdays.last_of(D(2024, 2, 4), 6, "working") == D(2024, 2, 9)
    assert workdays.last_of(D(2024, 2, 4), 7, "working") == D(2024, 2, 18)


def test_ordinary_weekend_is_skipped_and_calendar_days_count_every_day():
    assert workdays.last_of(D(2024, 6, 14), 5, "working") == D(2024, 6, 20)  # Fri → next Thu
    assert workdays.last_of(D(2024, 9, 29), 7, "calendar") == D(2024, 10, 5)
    assert workdays.last_of(D(2024, 9, 29), 1, "calendar") == D(2024, 9, 29)


def test_policy_notice_period():
    """DQ-7.6 / YQ-6.7: 5 working days (a default: neither document sets the length)."""
    assert notice_period(load_named("daqing-2024"), D(2024, 9, 29), last_day=workdays.last_of) == (
        D(2024, 9, 29), D(2024, 10, 10))
    assert notice_period(load_named("yangquan-2024"), D(2024, 6, 7), last_day=workdays.last_of) == (
        D(2024, 6, 7), D(2024, 6, 14))


def test_bad_kind_and_negative_days_are_refused_in_chinese():
    with pytest.raises(ValueError, match="天数计算方式"):
        workdays.add_days(D(2024, 1, 1), 1, "weekly")
    with pytest.raises(ValueError, match="不能为负数"):
        workdays.add_days(D(2024, 1, 1), -1, "working")
    with pytest.raises(ValueError, match="至少为1天"):
        workdays.last_of(D(2024, 9, 29), 0, "working")
    with pytest.raises(ValueError, match="working（工作日）或 calendar（自然日）"):
        workdays.last_of(D(2024, 9, 29), 5, "weekdays")
