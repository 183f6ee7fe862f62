"""Data versions: a token per kind of data, replaced in the same transaction as every write to that data.

A rendering cached under the token current when it was made can never be served once the data has changed,
in this process or any other (the token lives in the database, not in the cache): the reader asks for the
token with one indexed primary-key query and the cache does the rest. See docs/decisions.md D27.

The token is random rather than a counter. A transaction that writes, renders (caching under its own new
token) and then rolls back leaves behind a token nobody will ever be given again, and a test database that
is rolled back between tests cannot hand the next test a version number an earlier test already used.

A model opts in by using `VersionedQuerySet` as its manager with `data_version = "name"`; saves and deletes
of single objects are caught by signals, and the queryset's own bulk operations (update, delete,
bulk_create, bulk_update) replace the token themselves. Raw SQL must call `bump()`.
"""

from __future__ import annotations

import secrets

from django.db import connections, router
from django.db.models.signals import post_delete, post_save

from .scoping import ScopedQuerySet

_UPSERT = ("INSERT INTO core_dataversion (name, token) VALUES (%s, %s) "
           "ON CONFLICT (name) DO UPDATE SET token = excluded.token")
_READ = "SELECT token FROM core_dataversion WHERE name = %s"


def bump(name: str, *, using: str = "default") -> str:
    """Give `name` a new token (inside the caller's transaction, if any). Returns the token."""
    token = secrets.token_hex(8)
    with connections[using].cursor() as cursor:
        cursor.execute(_UPSERT, [name, token])
    return token


def current(name: str, *, using: str = "default") -> str:
    """The token of `name` as this connection sees it ("0" when nothing was ever written through it)."""
    with connections[using].cursor() as cursor:
        cursor.execute(_READ, [name])
        row = cursor.fetchone()
    return row[0] if row else "0"


class VersionedQuerySet(ScopedQuerySet):
    """A scoped queryset whose bulk writes replace the model's data version."""

    def _bump(self) -> None:
        bump(self.model.data_version, using=self.db)

    def update(self, **kwargs):
        count = super().update(**kwargs)
        if count:
            self._bump()
        return count

    update.alters_data = True

    def delete(self):
        result = super().delete()
        self._bump()
        return result

    delete.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            self._bump()
        return created

    def bulk_update(self, objs, fields, batch_size=None):
        count = super().bulk_update(objs, fields, batch_size=batch_size)
        if count:
            self._bump()
        return count

    bulk_update.alters_data = True


def _bump_for_instance(sender, instance, using, **kwargs) -> None:
    name = getattr(sender, "data_version", None)
    if name:
        bump(name, using=using or router.db_for_write(sender))


def connect() -> None:
    """Catch single-object saves and deletes of every model that names a data version (connected per model,
    so that the deletes of other models keep Django's fast path)."""
    from django.apps import apps

    for model in apps.get_models():
        if getattr(model, "data_version", None):
            post_save.connect(_bump_for_instance, sender=model, dispatch_uid=f"dataversion.save.{model._meta.label}")
            post_delete.connect(_bump_for_instance, sender=model,
                                dispatch_uid=f"dataversion.delete.{model._meta.label}")
