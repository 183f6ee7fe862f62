"""Prepared queries: a queryset compiled to SQL once per process and database, then run with new values.

Django compiles a queryset afresh every time it is evaluated. For the two queries every page runs (the
session, and the user with their unit, 34 columns) compiling costs several times what the database does
(docs/benchmarks.md, 剖析). A PreparedQuery builds the queryset with marker values, compiles it once, and
afterwards only swaps the markers' places in the parameter list for the real values and turns the row into
model instances with Django's own converters and related-object populators, as QuerySet iteration does.
The SQL is Django's, so it is the same statement on SQLite and PostgreSQL; tests compare the result with the
plain queryset's (tests/unit/test_prepared.py).

Only for queries of fixed shape: the values may change, the structure may not.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet], *markers: Any):
        """`build(*markers)` returns the queryset; every marker must appear exactly once among its parameters
        (pick values no real query uses). Later calls pass database-ready values in the same order (a datetime as
        `connection.ops.adapt_datetimefield_value` gives it)."""
        self.build = build
        self.markers = markers
        self._compiled: dict[str, tuple] = {}

    def _compile(self, using: str) -> tuple:
        queryset = self.build(*self.markers).using(using)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        params = list(params)
        positions = []
        ops = connections[using].ops
        for marker in self.markers:
            # a datetime marker appears as the database adapted it (a string on SQLite)
            stored = ops.adapt_datetimefield_value(marker) if isinstance(marker, datetime.datetime) else marker
            if params.count(stored) != 1:
                raise ValueError(f"marker {marker!r} must appear exactly once in the parameters {params!r}")
            positions.append(params.index(stored))
        select, klass_info = compiler.select, compiler.klass_info
        fields = [s[0] for s in select[: compiler.col_count]]
        converters = compiler.get_converters(fields)
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        populators = get_related_populators(klass_info, select, using)
        compiled = (sql, params, positions, compiler, converters, klass_info["model"], init_list, start, end,
                    populators)
        self._compiled[using] = compiled
        return compiled

    def first(self, *values: Any, using: str = "default"):
        """The first model instance (with its select_related objects) for these values, or None."""
        compiled = self._compiled.get(using) or self._compile(using)
        sql, params, positions, compiler, converters, model, init_list, start, end, populators = compiled
        params = list(params)
        for position, value in zip(positions, values, strict=True):
            params[position] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if converters:
            row = next(iter(compiler.apply_converters([row], converters)))
        obj = model.from_db(using, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        return obj
