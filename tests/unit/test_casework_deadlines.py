"""The calendar arithmetic of casework's deadlines (the working-day calendar is read from the database)."""

from __future__ import annotations

import datetime

import pytest

from sifasuo.casework import deadlines as d

D = datetime.date


@pytest.mark.parametrize(("day", "period"), [
    (D(2025, 3, 1), (D(2025, 3, 1), D(2025, 3, 15))),
    (D(2025, 3, 15), (D(2025, 3, 1), D(2025, 3, 15))),
    (D(2025, 3, 16), (D(2025, 3, 16), D(2025, 3, 31))),
    (D(2024, 2, 29), (D(2024, 2, 16), D(2024, 2, 29))),
    (D(2025, 12, 31), (D(2025, 12, 16), D(2025, 12, 31))),
])
def test_half_month(day, period):
    assert d.half_month(day) == period


@pytest.mark.parametrize(("day", "period"), [
    (D(2025, 1, 1), (D(2025, 1, 1), D(2025, 3, 31))),
    (D(2025, 6, 30), (D(2025, 4, 1), D(2025, 6, 30))),
    (D(2025, 10, 1), (D(2025, 10, 1), D(2025, 12, 31))),
])
def test_quarter(day, period):
    assert d.quarter(day) == period


@pytest.mark.django_db
def test_three_year_term_and_windows():
    assert d.term_end_for(D(2024, 1, 1)) == D(2026, 12, 31)
    assert d.term_end_for(D(2024, 2, 29)) == D(2027, 2, 28)
    assert d.case_open_deadline(D(2025, 3, 3)) == D(2025, 4, 2)
    assert d.confirmation_deadline(D(2025, 3, 20)) == D(2025, 4, 19)
    # working days: the National Day holiday does not count, the adjusted Saturday 11 October does
    assert d.aid_review_deadline(D(2025, 9, 26)) == D(2025, 10, 13)
    assert d.aid_assign_deadline(D(2025, 4, 30)) == D(2025, 5, 8)
