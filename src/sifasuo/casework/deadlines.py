"""The numbers of the laws and seeds this module counts with, in one place (cited by the alert rules).

Kept as constants rather than policy-file entries: they come from national laws (People's Mediation Law,
Legal Aid Law) and the county rules of seed 003, which do not differ between the cities of the demo.
"""

from __future__ import annotations

import datetime

from sifasuo.core import workdays

from .choices import MediatorRole

# People's Mediation Law art. 8: a committee has 3 to 9 members; art. 9: members serve 3-year terms.
COMMITTEE_MIN_MEMBERS = 3
COMMITTEE_MAX_MEMBERS = 9
TERM_YEARS = 3
MEMBER_ROLES = (MediatorRole.CHAIR, MediatorRole.VICE_CHAIR, MediatorRole.MEMBER)
TERM_WARNING_DAYS = 60          # committee terms ending: warn two months ahead

# Cases are mediated "usually within one month" (Ministry practice; WH-9 supervision): calendar days.
CASE_OPEN_DAYS = 30
CASE_OPEN_WARNING_DAYS = 5
# Art. 33: judicial confirmation applied within 30 days of the agreement taking effect: calendar days.
CONFIRMATION_DAYS = 30
CONFIRMATION_WARNING_DAYS = 7
CONFIRMATION_SHOW_AFTER_DAYS = 7  # a closed window stays in the inbox one more week
# WH-9 follow-up visits (督查回访): a successful case with an agreement is visited within 30 days of closing.
FOLLOW_UP_DAYS = 30
FOLLOW_UP_WARNING_DAYS = 5
# Legal Aid Law art. 43/44: review within 7 days of receipt, assignment within 3 days of approval; the
# Ministry's procedure rules count them in working days (holidays do not count).
AID_REVIEW_DAYS = 7
AID_ASSIGN_DAYS = 3
AID_DAY_KIND = "working"
AID_WARNING_DAYS = 2            # calendar days ahead of the deadline

# HZ-4: screening every half month (1st–15th, 16th–end), concentrated every quarter.
SCREENING_WARNING_DAYS = 3


def term_end_for(start: datetime.date) -> datetime.date:
    """The last day of a 3-year term that starts on `start`."""
    try:
        anniversary = start.replace(year=start.year + TERM_YEARS)
    except ValueError:  # 29 February: the anniversary in a common year is 1 March
        anniversary = datetime.date(start.year + TERM_YEARS, 3, 1)
    return anniversary - datetime.timedelta(days=1)


def case_open_deadline(accepted_or_registered: datetime.date) -> datetime.date:
    return workdays.add_days(accepted_or_registered, CASE_OPEN_DAYS, "calendar")


def confirmation_deadline(agreement_on: datetime.date) -> datetime.date:
    return workdays.add_days(agreement_on, CONFIRMATION_DAYS, "calendar")


def follow_up_deadline(closed_on: datetime.date) -> datetime.date:
    return workdays.add_days(closed_on, FOLLOW_UP_DAYS, "calendar")


def aid_review_deadline(applied_on: datetime.date) -> datetime.date:
    return workdays.add_days(applied_on, AID_REVIEW_DAYS, AID_DAY_KIND)


def aid_assign_deadline(reviewed_on: datetime.date) -> datetime.date:
    return workdays.add_days(reviewed_on, AID_ASSIGN_DAYS, AID_DAY_KIND)


def half_month(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The half-month period (1st–15th or 16th–last day) that contains `day`."""
    if day.day <= 15:
        return day.replace(day=1), day.replace(day=15)
    nxt = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return day.replace(day=16), nxt - datetime.timedelta(days=1)


def quarter(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_month = (day.month - 1) // 3 * 3 + 1
    start = datetime.date(day.year, first_month, 1)
    end_month = first_month + 2
    nxt = datetime.date(day.year + (end_month == 12), end_month % 12 + 1, 1)
    return start, nxt - datetime.timedelta(days=1)
