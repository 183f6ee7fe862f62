"""The search box: people, cases, subjects and units of the user's scope, by name, number or ID number.

A module lists what it can be searched for in `<app>/search.py` (`SOURCES = [Source(...)]`), collected in
INSTALLED_APPS order (as menus are, D19). Every source is read through the scoping function. A search by a full
ID number tells whether that person is on record, so each record it finds is logged as a sensitive read
(core.sensitive.record_lookup); the results show ID numbers masked.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Q

from . import idnumbers
from .registry import app_modules
from .scoping import restrict

MIN_LENGTH = 2
PER_SOURCE = 10
ID_LOOKUP_FIELD = "身份证号码（按号码检索）"


@dataclass(frozen=True)
class Source:
    label: str                        # the heading of its results, e.g. 工作人员
    model: str                        # "app_label.ModelName"
    capability: str                   # who may search it
    text_fields: tuple[str, ...]      # matched by containment: names, titles
    number_fields: tuple[str, ...] = ()  # matched from the start: codes, case and file numbers
    id_field: str = ""                # an ID number field, matched whole by a full ID number only
    detail: Callable[[Any], str] = str  # the second line of a result
    select_related: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ()
    extra_filter: dict = field(default_factory=dict)

    def model_class(self):
        return apps.get_model(self.model)


@dataclass
class Hit:
    title: str
    detail: str
    url: str


@dataclass
class Group:
    source: Source
    hits: list[Hit]
    more: bool          # more than PER_SOURCE found


@functools.lru_cache(maxsize=1)
def sources() -> tuple[Source, ...]:
    found: list[Source] = []
    for module in app_modules("search"):
        if module.__name__ != __name__:
            found.extend(module.SOURCES)
    return tuple(found)


def full_id_number(query: str) -> str | None:
    """The query as a valid full ID number, or None."""
    text = idnumbers.normalize(query)
    if len(text) != idnumbers.LENGTH:
        return None
    try:
        return idnumbers.parse(text).number
    except idnumbers.IdNumberError:
        return None


def search(user, query: str) -> list[Group]:
    """The records of the user's scope that match, by source (only sources the user's role may open)."""
    from .sensitive import record_lookup

    query = (query or "").strip()
    if len(query) < MIN_LENGTH or not user.is_authenticated:
        return []
    id_number = full_id_number(query)
    groups = []
    for source in sources():
        if not user.can(source.capability):
            continue
        if id_number:
            if not source.id_field:
                continue
            condition = Q(**{source.id_field: id_number})
        else:
            if not (source.text_fields or source.number_fields):
                continue
            condition = Q()
            for name in source.text_fields:
                condition |= Q(**{f"{name}__icontains": query})
            for name in source.number_fields:
                condition |= Q(**{f"{name}__istartswith": query})
        qs = restrict(source.model_class().objects.filter(condition, **source.extra_filter), user)
        if source.select_related:
            qs = qs.select_related(*source.select_related)
        if source.order_by:
            qs = qs.order_by(*source.order_by)
        found = list(qs[: PER_SOURCE + 1])
        if not found:
            continue
        shown = found[:PER_SOURCE]
        if id_number:
            record_lookup(shown, ID_LOOKUP_FIELD, user)
        groups.append(Group(source, [Hit(str(o), source.detail(o), o.get_absolute_url()) for o in shown],
                            more=len(found) > PER_SOURCE))
    return groups
