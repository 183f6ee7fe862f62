"""Who is acting and under which request id: set per request by middleware, per run by commands."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from contextvars import ContextVar


class ActionContext:
    """The actor of a write. For a web request the user is read from the request when first needed,
    because API token users are authenticated inside the view, after the middleware ran."""

    def __init__(self, *, request_id: uuid.UUID | None = None, user=None, request=None,
                 remote_addr: str | None = None, source: str = "system"):
        self.request_id = request_id or uuid.uuid4()
        self._user = user
        self._request = request
        self.remote_addr = remote_addr
        self.source = source
        # core.scoping: "edit" while a write is being handled (set for unsafe methods and edit pages)
        self.scope_action: str | None = None
        if request is not None and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            self.scope_action = "edit"

    @property
    def user(self):
        if self._request is not None:
            user = getattr(self._request, "user", None)
            return user if user is not None and user.is_authenticated else None
        return self._user


_current: ContextVar[ActionContext | None] = ContextVar("sifasuo_action_context", default=None)


def current() -> ActionContext:
    """The context of the running request or command; a fresh system context when there is none."""
    ctx = _current.get()
    if ctx is None:
        ctx = ActionContext(source="system")
        _current.set(ctx)
    return ctx


@contextmanager
def acting(ctx: ActionContext):
    """Run a block (a management command, a background job) as one request with one actor."""
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
