"""One table style for every list page and its Excel export: a list of columns."""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.template.loader import render_to_string

from .idnumbers import mask
from .numbers import money_text, number_text


@dataclass(frozen=True)
class Column:
    label: str
    accessor: str | Callable[[Any], Any]
    link: bool = False  # render as a link to the row's get_absolute_url
    kind: str = ""      # "money": two decimals and thousands separators on the page, a number in Excel

    def value(self, obj) -> Any:
        if callable(self.accessor):
            return self.accessor(obj)
        value: Any = obj
        for part in self.accessor.split("__"):
            if value is None:
                return ""
            labels = _choice_labels(type(value), part) if isinstance(value, models.Model) else None
            if labels is not None:
                raw = getattr(value, part)
                value = labels.get(raw, raw)
                continue
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part)
        if isinstance(value, models.Model):
            return str(value)
        if isinstance(value, bool):
            return "是" if value else "否"
        return "" if value is None else value

    def text(self, obj) -> str:
        """The value as the page shows it (dates as 2024-03-01, times in local time, numbers by core.numbers)."""
        value = self.value(obj)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m-%d")
        if self.kind == "money":
            return money_text(value)
        if isinstance(value, (float, Decimal)):
            return number_text(value)
        return str(value)


# A list shows a person's ID number masked (core.idnumbers.mask), on the page and in its export; the full number
# only on the person's page, to those who may see it (core.sensitive.reveal).
MASKED_ID_NUMBER = Column("身份证号码", lambda row: mask(row.id_number))


def relations_read(model: type, columns) -> tuple[str, ...]:
    """The relations that `columns` read by path from a row of `model` ("unit__name" reads "unit",
    "staff__unit__name" reads "staff__unit", "parent" reads "parent"), for select_related: a list then reads
    them in the one query. Only forward foreign keys and one-to-one fields count; a column computed by a
    function says what it reads itself (the view's list_select_related)."""
    found = []
    for column in columns:
        if callable(column.accessor):
            continue
        current, path = model, []
        for part in column.accessor.split("__"):
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if field.name != part or not (field.concrete and field.is_relation
                                          and (field.many_to_one or field.one_to_one)):   # "unit_id": the key
                break
            path.append(part)
            current = field.related_model
        if path:
            found.append("__".join(path))
    # the longest paths only: select_related("staff__unit") reads "staff" too
    return tuple(sorted(p for p in set(found) if not any(o.startswith(p + "__") for o in found)))


@functools.lru_cache(maxsize=None)
def _choice_labels(model: type, name: str) -> dict | None:
    """{stored value: label} of a model field with choices, built once per field (Django's
    get_FOO_display() rebuilds it on every call, which adds up over a 50-row page)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not getattr(field, "choices", None):
        return None
    return {value: str(label) for value, label in field.flatchoices}


Row = tuple[list[str], str | None, str | None, list[str]]


def link_rows(rows: list[list[tuple[str, str | None]]]) -> list[Row]:
    """Rows of (text, link or None) cells as includes/table_rows.html takes them: the cells before the first
    linked one, its text and URL, and the cells after (a template loop over plain cells costs half of one that
    asks each cell whether it is a link)."""
    out = []
    for row in rows:
        at = next((i for i, (_, url) in enumerate(row) if url), None)
        if at is None:
            out.append(([text for text, _ in row], None, None, []))
        else:
            out.append(([text for text, _ in row[:at]], row[at][0], row[at][1], [text for text, _ in row[at + 1:]]))
    return out


def rows_html(rows: list[list[tuple[str, str | None]]], *, empty: str, width: int) -> str:
    """The <tbody> rows of a list, each row's cells as (text, link or None), written by
    includes/table_rows.html (autoescaped)."""
    return render_to_string("includes/table_rows.html", {"rows": link_rows(rows), "empty": empty, "width": width})
