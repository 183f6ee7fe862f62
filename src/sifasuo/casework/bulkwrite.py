"""Fast inserts for the 100,000-row case import: rows written with COPY on PostgreSQL and plain
`executemany` on SQLite, each field's value adapted once per column kind, and change-log entries written
the same way.

Django's bulk_create compiles every value of every row through the field machinery, which costs more than
the database itself at this size (docs/benchmarks.md: about two thirds of the import's time). The rows are
the same as bulk_create would write; `log_created` writes the same ChangeLogEntry rows as
core.changelog.log_bulk_create (one per case; the case's parties are in its entry, masked) and announces
them in the same way, so the change log stays complete and the live aggregates learn of the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone

from sifasuo.core import changelog, context
from sifasuo.core.changelog import Change, announce
from sifasuo.core.models import ChangeLogEntry


def _converter(field: models.Field) -> Callable:
    ops = connection.ops
    if isinstance(field, models.ForeignKey) or isinstance(field, (models.CharField, models.TextField,
                                                                   models.IntegerField, models.BooleanField)):
        return lambda value: value
    if isinstance(field, models.DateTimeField):
        memo: dict = {}  # the rows of one import share their timestamps

        def convert(value):
            if value not in memo:
                memo.clear()
                memo[value] = ops.adapt_datetimefield_value(value)
            return memo[value]
        return convert
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    return lambda value: field.get_db_prep_save(value, connection)


def insert(model: type[models.Model], objects: Sequence[models.Model], *, chunk: int = 5000) -> None:
    """INSERT the objects (their primary keys are not read back: the caller looks them up if needed)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    converters = [(f.attname, _converter(f)) for f in fields]
    now = timezone.now()
    for obj in objects:
        for f in fields:
            if getattr(f, "auto_now", False) or (getattr(f, "auto_now_add", False) and getattr(obj, f.attname) is None):
                setattr(obj, f.attname, now)
    write_rows(model._meta.db_table, [f.column for f in fields],
               (tuple(convert(getattr(obj, attname)) for attname, convert in converters) for obj in objects),
               chunk=chunk)


def insert_values(model: type[models.Model], rows: Sequence[dict], *, chunk: int = 5000) -> None:
    """INSERT plain rows (attname -> value) without building model instances; fields a row does not name get
    their model default ("" or None), timestamps are now."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = None if f.null else ""
    converters = [(f.attname, _converter(f)) for f in fields]
    write_rows(model._meta.db_table, [f.column for f in fields],
               (tuple(convert(row.get(attname, defaults[attname])) for attname, convert in converters)
                for row in rows), chunk=chunk)


def log_created(objects: Iterable[models.Model], *, extra: Callable[[models.Model], dict] | None = None) -> int:
    """Change-log "create" entries for inserted rows, with the values core.changelog gives them (masked
    snapshots, the acting user, request id and source), written as plain rows."""
    ctx = context.current()
    user = ctx.user
    now = timezone.now()
    fields = {f.attname: f for f in ChangeLogEntry._meta.concrete_fields if not f.primary_key}
    json_field = fields["after"]
    constant = {
        "request_id": fields["request_id"].get_db_prep_save(ctx.request_id, connection),
        "time": connection.ops.adapt_datetimefield_value(now),
        "user_id": user.pk if user else None,
        "username": user.get_username() if user else ctx.source,
        "remote_addr": ctx.remote_addr, "source": ctx.source, "action": ChangeLogEntry.Action.CREATE,
        "before": None,
    }
    rows = []
    content_types: dict[type, int] = {}
    objects = list(objects)
    changes: dict[type, list[Change]] = {}
    for obj in objects:
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(obj, for_concrete_model=True).pk
        unit = obj.change_log_unit()
        after = obj.snapshot()
        if extra is not None:
            after.update(extra(obj))
        values = {**constant, "content_type_id": content_types[model], "object_id": str(obj.pk),
                  "object_repr": str(obj)[:200], "unit_id": unit.pk if unit is not None else None,
                  "unit_path": unit.path if unit is not None else "",
                  "after": json_field.get_db_prep_save(after, connection)}
        rows.append(tuple(values[name] for name in fields))
        changes.setdefault(model, []).append(Change(None, after, values["unit_path"]))
    write_rows(ChangeLogEntry._meta.db_table, [f.column for f in fields.values()], rows)
    for model, logged in changes.items():
        announce(model, logged)  # as core.changelog.log_bulk_create does
    changelog.announce_bulk(objects)
    return len(rows)


def write_rows(table: str, columns: list[str], rows: Iterable[tuple], *, chunk: int = 5000) -> None:
    """Write database-ready rows: COPY … FROM STDIN on PostgreSQL (psycopg 3 adapts each value in C, where
    executemany spent most of the import adapting parameters in Python), executemany in chunks elsewhere.
    Both run inside the caller's transaction."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    name = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {name} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= chunk:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
