"""Database sessions whose per-request read is a prepared query (core.prepared): same table, same rows and
same behaviour as Django's db backend, without compiling the same SELECT on every request."""

from __future__ import annotations

import datetime

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.utils import timezone

from sifasuo.core.prepared import PreparedQuery

_SESSION = PreparedQuery(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now).order_by()[:1],
    "\x00sifasuo-session-key-marker", datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.timezone.utc),
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        using = router.db_for_read(Session)
        now = connections[using].ops.adapt_datetimefield_value(timezone.now())
        try:
            session = _SESSION.first(self.session_key, now, using=using)
        except SuspiciousOperation as exc:   # pragma: no cover - as in Django's backend
            self._session_key = None
            raise exc
        if session is None:
            self._session_key = None
        return session
