"""Public notice periods in working days (China's official calendar) and calendar days."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.policy import is_working_day, load_named, notice_end, notice_period

D = datetime.date


def test_five_working_days_across_national_day_2024():
    """Sunday 29 September 2024 is an adjusted working day; 1–7 October are holidays:
    29 Sep, 30 Sep, 8 Oct, 9 Oct, 10 Oct."""
    assert notice_end(D(2024, 9, 29), 5, "working") == D(2024, 10, 10)


def test_adjusted_working_saturday_counts():
    """Starting on the holiday, counting begins on 8 October; Saturday 12 October 2024 is a working day."""
    assert notice_end(D(2024, 10, 1), 5, "working") == D(2024, 10, 12)
    assert not is_working_day(D(2024, 10, 13))  # an ordinary Sunday
    assert notice_end(D(2024, 10, 12), 2, "working") == D(2024, 10, 14)


def test_adjusted_working_sunday_in_spring_festival():
    assert is_working_day(D(2024, 2, 4))  # Sunday, worked for the Spring Festival
    assert notice_end(D(2024, 2, 4), 1, "working") == D(2024, 2, 4)
    # 10–17 Feb are holidays (9 Feb, New Year's Eve, is officially a working day), Sunday 18 Feb is worked:
    # 4, 5, 6, 7, 8, 9 Feb, then 18 Feb.
    assert notice_end(D(2024, 2, 4), 6, "working") == D(2024, 2, 9)
    assert notice_end(D(2024, 2, 4), 7, "working") == D(2024, 2, 18)


def test_ordinary_weekend_is_skipped():
    assert notice_end(D(2024, 6, 14), 5, "working") == D(2024, 6, 20)  # Fri → next Thu


def test_calendar_days_count_every_day():
    assert notice_end(D(2024, 9, 29), 7, "calendar") == D(2024, 10, 5)
    assert notice_end(D(2024, 9, 29), 1, "calendar") == D(2024, 9, 29)


def test_policy_notice_period():
    """DQ-7.6 / YQ-6.7: 5 working days (a default: neither document sets the length)."""
    assert notice_period(load_named("daqing-2024"), D(2024, 9, 29)) == (D(2024, 9, 29), D(2024, 10, 10))
    assert notice_period(load_named("yangquan-2024"), D(2024, 6, 7)) == (D(2024, 6, 7), D(2024, 6, 14))


def test_bad_arguments_and_years_without_data():
    with pytest.raises(ValueError, match="至少为1天"):
        notice_end(D(2024, 9, 29), 0, "working")
    with pytest.raises(ValueError, match="working（工作日）或 calendar（自然日）"):
        notice_end(D(2024, 9, 29), 5, "weekdays")
    with pytest.raises(ValueError, match="节假日数据不包括1990年"):
        notice_end(D(1990, 1, 1), 5, "working")
