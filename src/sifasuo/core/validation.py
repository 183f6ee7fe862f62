"""The errors a service collects field by field before it refuses, and the date checks most forms share.

A service fills `errors` (field → messages, the dict form of Django's ValidationError), checks everything,
then calls `raise_if_any(errors)`: the user sees every problem at once and nothing is written."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models

from . import idnumbers

Errors = dict[str, list[str]]


def add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def raise_if_any(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


FUTURE = "晚于今天，不能登记将来的事"
AFTER_TODAY = "在今天之后"   # the wording of the staff and office-administration records


def not_future(errors: Errors, field: str, label: str, day: datetime.date | None, *, wording: str = FUTURE) -> None:
    """A date of something that has happened (a report, a check, a release) cannot be after today:
    “{label} 2026-03-01 {wording}”."""
    if day is not None and day > datetime.date.today():
        add(errors, field, f"{label} {day.isoformat()} {wording}")


def not_before(errors: Errors, field: str, label: str, day: datetime.date | None, earlier_label: str,
               earlier: datetime.date | None) -> None:
    """A step cannot be dated before the step it follows (报到 before 宣告, 核查 before 核实)."""
    if day is not None and earlier is not None and day < earlier:
        add(errors, field, f"{label} {day.isoformat()} 早于{earlier_label} {earlier.isoformat()}")


def step_date(errors: Errors, field: str, label: str, day: datetime.date | None, earlier_label: str = "",
              earlier: datetime.date | None = None, *, wording: str = FUTURE) -> None:
    """The date of a step on a record: not before the step it follows (`earlier`, called `earlier_label`) and
    not after today — not_before, then not_future."""
    not_before(errors, field, label, day, earlier_label, earlier)
    not_future(errors, field, label, day, wording=wording)


def one_of(errors: Errors, field: str, label: str, value, choices: type[models.Choices], *,
           refusal: str = "无效，应为") -> None:
    """A value from a fixed list (a model's choices): refused naming the value and every allowed label —
    “安置情况“务工”无效，应为：就业、自主创业、……” (`refusal`: the module's wording, e.g. 无效，可选)."""
    if value not in choices.values:
        add(errors, field, f"{label}“{value}”{refusal}：{'、'.join(choices.labels)}")


def decimal_within(value, low, high=None, *, above_low: bool = False, quantum: Decimal | None = None) -> Decimal | None:
    """`value` (a number or its text) as a Decimal when it is a finite number from `low` (or above it, with
    `above_low`) up to `high` (None: no upper bound) with no more decimals than `quantum` (Decimal("0.01"): two);
    otherwise None, and the caller refuses it naming its field and range."""
    try:
        number = Decimal(str(value).strip())
        if (not number.is_finite() or number < low or (above_low and number == low)
                or (high is not None and number > high) or (quantum is not None and number != number.quantize(quantum))):
            return None
    except (InvalidOperation, ValueError):
        return None
    return number


def parse_id_number(errors: Errors, value: str, field: str = "id_number") -> tuple[str, idnumbers.IdInfo | None]:
    """The normalised ID number and what it says (birth date, sex), or the value as given and None with the
    reason under `field` (校验位, 出生日期 …)."""
    try:
        info = idnumbers.parse(value)
    except idnumbers.IdNumberError as exc:
        errors[field] = [str(exc)]
        return value, None
    return info.number, info
