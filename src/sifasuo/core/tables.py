"""One table style for every list page and its Excel export: a list of columns."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone


@dataclass(frozen=True)
class Column:
    label: str
    accessor: str | Callable[[Any], Any]
    link: bool = False  # render as a link to the row's get_absolute_url

    def value(self, obj) -> Any:
        if callable(self.accessor):
            return self.accessor(obj)
        value: Any = obj
        for part in self.accessor.split("__"):
            if value is None:
                return ""
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part)
        if isinstance(value, models.Model):
            return str(value)
        if isinstance(value, bool):
            return "是" if value else "否"
        return "" if value is None else value

    def text(self, obj) -> str:
        """The value as the page shows it (dates as 2024-03-01, times in local time)."""
        value = self.value(obj)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m-%d")
        return str(value)
