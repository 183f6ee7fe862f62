"""Binds every request to one request id and the acting user, for the change log and the logs."""

from __future__ import annotations

import uuid

from .context import ActionContext, _current


def _parse_request_id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _parse_request_id(request.headers.get("X-Request-ID", "")) or uuid.uuid4()
        request.request_id = request_id
        ctx = ActionContext(
            request_id=request_id,
            request=request,
            remote_addr=request.META.get("REMOTE_ADDR"),
            source="api" if request.path.startswith("/api/") else "web",
        )
        token = _current.set(ctx)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = str(request_id)
        return response
