"""Deadline arithmetic in calendar and working days (China's official calendar)."""

import datetime

import pytest

from sifasuo.core import workdays

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


def test_unknown_year_falls_back_to_weekdays():
    assert not workdays.is_known_year(2099)
    assert workdays.is_known_year(2024)
    monday = D(2099, 1, 5)
    assert monday.weekday() == 0
    assert workdays.add_days(monday, 5, "working") == D(2099, 1, 12)


def test_bad_kind_and_negative_days_are_refused_in_chinese():
    with pytest.raises(ValueError, match="天数计算方式"):
        workdays.add_days(D(2024, 1, 1), 1, "weekly")
    with pytest.raises(ValueError, match="不能为负数"):
        workdays.add_days(D(2024, 1, 1), -1, "working")
