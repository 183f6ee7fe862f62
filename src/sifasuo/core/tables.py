"""One table style for every list page and its Excel export: a list of columns."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe


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
        """The value as the page shows it (dates as 2024-03-01, times in local time)."""
        value = self.value(obj)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m-%d")
        return str(value)


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


def rows_html(rows: list[list[tuple[str, str | None]]], *, empty: str, width: int) -> str:
    """The <tbody> rows of a list page, written in Python: a template loop over every cell costs several
    times more on a 50-row page (docs/benchmarks.md). Every text and URL is escaped."""
    if not rows:
        return mark_safe(f'<tr><td colspan="{width}" class="text-muted text-center">{escape(empty)}</td></tr>')
    out = []
    for row in rows:
        cells = "".join(
            f'<td><a href="{escape(url)}">{escape(text)}</a></td>' if url else f"<td>{escape(text)}</td>"
            for text, url in row)
        out.append(f"<tr>{cells}</tr>")
    return mark_safe("".join(out))  # noqa: S308 (built from escaped parts only)


def filter_bar_html(fields: list[dict]) -> str:
    """The inputs of a list page's filter bar (see ScopedListView._shown_filter_fields), escaped."""
    out = []
    for f in fields:
        invalid = " is-invalid" if f["errors"] else ""
        label = f'<label class="form-label small mb-0" for="{escape(f["id"])}">{escape(f["label"])}</label>'
        if f["kind"] == "select":
            options = "".join(
                f'<option value="{escape(value)}"{" selected" if selected else ""}>{escape(text)}</option>'
                for value, text, selected in f["choices"])
            control = (f'<select name="{escape(f["name"])}" id="{escape(f["id"])}" '
                       f'class="form-select{invalid}">{options}</select>')
        else:
            kind = "date" if f["kind"] == "date" else "text"
            control = (f'<input type="{kind}" name="{escape(f["name"])}" id="{escape(f["id"])}" '
                       f'value="{escape(f["value"])}" class="form-control{invalid}">')
        errors = "".join(f'<div class="invalid-feedback d-block">{escape(e)}</div>' for e in f["errors"])
        out.append(f'<div class="col-auto">{label}{control}{errors}</div>')
    return mark_safe("".join(out))  # noqa: S308 (built from escaped parts only)
