"""Read replicas (D61): the heavy read-only pages read from a PostgreSQL streaming replica.

`DATABASE_REPLICA_URL` adds a second database, `replica`. The router below sends every write, and every
read by default, to `default` (the primary). Only code inside `reads()` may read from the replica: the
dashboards, rankings, statistical tables, exports and the reads of a scoring computation (through
`ReplicaReadsMixin` in core/views.py, or `with replicas.reads():` in a service).

Even there the primary is used when
- no replica is configured, or the settings turn it off (`SIFASUO_REPLICA_ENABLED`);
- the user just wrote: a request with an unsafe method (POST, PUT, PATCH, DELETE) sets the cookie
  `sifasuo_primary` holding "read from the primary until" a few seconds ahead (`SIFASUO_REPLICA_STICKY_SECONDS`),
  so the user's next pages show their own write whichever application server answers them (the cookie
  travels with the browser; no server keeps it);
- this request has already written (the router saw a write);
- the replica does not answer, or lags more than `SIFASUO_REPLICA_MAX_LAG_SECONDS` behind: a warning is
  logged and the page is read from the primary, never an error page.

The replica's health is probed at most every `SIFASUO_REPLICA_CHECK_SECONDS` per process: it is this
process's view of its own connection, not data shared between servers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger("sifasuo.replicas")

PRIMARY = "default"
REPLICA = "replica"
COOKIE = "sifasuo_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# Lag of a standby in seconds: 0 when it has replayed everything it received, else the age of the last
# transaction it replayed (an over-estimate when the primary was idle before the write not yet replayed).
_PROBE = ("SELECT pg_is_in_recovery(), CASE WHEN NOT pg_is_in_recovery() "
          "OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
          "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END")


@dataclasses.dataclass
class RequestState:
    pinned: bool = False      # the browser holds a valid "read from the primary" cookie
    wrote: bool = False       # this request has written


_reads: ContextVar[bool] = ContextVar("sifasuo_replica_reads", default=False)
_request: ContextVar[RequestState | None] = ContextVar("sifasuo_replica_request", default=None)
# This process's last probe of its replica connection: (monotonic time, usable).
_health: dict[str, tuple[float, bool]] = {}


def configured() -> bool:
    return REPLICA in settings.DATABASES and getattr(settings, "SIFASUO_REPLICA_ENABLED", True)


@contextlib.contextmanager
def _replica_reads(allowed: bool):
    token = _reads.set(allowed)
    try:
        yield
    finally:
        _reads.reset(token)


def reads():
    """Reads inside this block may go to the replica (see the module docstring for when they do not)."""
    return _replica_reads(True)


def primary_only():
    """Reads inside this block go to the primary even inside `reads()` (a retry after a replica failure)."""
    return _replica_reads(False)


def alias_for_reads() -> str:
    """The database a read should use now."""
    if not _reads.get() or not configured():
        return PRIMARY
    state = _request.get()
    if state is not None and (state.pinned or state.wrote):
        return PRIMARY
    return REPLICA if usable() else PRIMARY


def usable() -> bool:
    """Whether the replica answers and is close enough behind the primary (probed at most every few seconds)."""
    now = time.monotonic()
    checked = _health.get(REPLICA)
    if checked is not None and now - checked[0] < settings.SIFASUO_REPLICA_CHECK_SECONDS:
        return checked[1]
    ok, reason = probe()
    if not ok:
        logger.warning("replica not used, reading from the primary: %s", reason)
    _health[REPLICA] = (now, ok)
    return ok


def probe() -> tuple[bool, str]:
    """(usable, reason when not) from one query on the replica connection."""
    connection = connections[REPLICA]
    try:
        if connection.vendor != "postgresql":
            connection.ensure_connection()
            return True, ""
        with connection.cursor() as cursor:
            cursor.execute(_PROBE)
            _, lag = cursor.fetchone()
    except DatabaseError as exc:
        connection.close()
        return False, f"no answer ({exc.__class__.__name__}: {str(exc).strip()[:200]})"
    limit = settings.SIFASUO_REPLICA_MAX_LAG_SECONDS
    if float(lag) > limit:
        return False, f"{float(lag):.1f} s behind the primary (limit {limit} s)"
    return True, ""


def mark_unusable(reason: str) -> None:
    """A query on the replica failed: use the primary until the next probe."""
    logger.warning("replica failed, reading from the primary: %s", reason)
    _health[REPLICA] = (time.monotonic(), False)
    connections[REPLICA].close()


def forget_health() -> None:
    """Probe again on the next read (tests, and after a settings change)."""
    _health.clear()


class PrimaryReplicaRouter:
    """DATABASE_ROUTERS entry: writes and migrations on the primary, reads as `alias_for_reads()` says."""

    def db_for_read(self, model, **hints):
        return alias_for_reads()

    def db_for_write(self, model, **hints):
        state = _request.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True   # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaMiddleware:
    """Reads the "read from the primary" cookie at the start of a request; sets it after an unsafe one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = int(time.time())
        try:
            pinned = int(request.COOKIES.get(COOKIE, "0")) > now
        except ValueError:
            pinned = False
        token = _request.set(RequestState(pinned=pinned))
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if request.method not in SAFE_METHODS and configured():
            seconds = settings.SIFASUO_REPLICA_STICKY_SECONDS
            response.set_cookie(COOKIE, str(now + seconds), max_age=seconds, httponly=True, samesite="Lax",
                                secure=settings.SESSION_COOKIE_SECURE)
        return response
