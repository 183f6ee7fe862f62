"""Reads of core's own records, always through restrict() for a user: a record's change history and the
entries written by one request."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ChangeLogEntry
from .scoping import restrict


def record_history(obj, user) -> QuerySet[ChangeLogEntry]:
    """The change-log entries of one record that the user may see (newest first: the log's own order)."""
    meta = obj._meta
    return restrict(ChangeLogEntry.objects.filter(content_type__app_label=meta.app_label,
                                                  content_type__model=meta.model_name, object_id=str(obj.pk)), user)


def same_request(entry: ChangeLogEntry, user) -> QuerySet[ChangeLogEntry]:
    """The other entries the user may see that the request which wrote `entry` wrote (同一操作)."""
    return (restrict(ChangeLogEntry.objects.filter(request_id=entry.request_id), user)
            .exclude(pk=entry.pk).select_related("content_type"))
