"""Options the management commands share."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.utils import timezone


def add_date_option(parser, help: str) -> None:
    parser.add_argument("--date", help=f"{help}（默认今天），格式 2025-03-01")


def day_or_today(value: str | None) -> datetime.date:
    """The day a command runs for: its --date, or today; a date that does not exist is refused by name."""
    if not value:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期“{value}”无效，应为 2025-03-01 这样的格式") from None
