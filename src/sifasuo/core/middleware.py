"""Binds every request to one request id and the acting user, for the change log and the logs."""

from __future__ import annotations

import uuid

from django.conf import settings

from .context import ActionContext, _current


def _parse_request_id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's address. Behind PROXY_COUNT proxies of our own, the address the outermost of them
    saw (the PROXY_COUNT-th entry of X-Forwarded-For from the right, as DRF's NUM_PROXIES counts); with
    no proxy configured the header is ignored, since any client can send it."""
    if settings.PROXY_COUNT:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            hops = [hop.strip() for hop in forwarded.split(",")]
            return hops[-min(settings.PROXY_COUNT, len(hops))] or None
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only the project's own proxy may hand in a request id (to tie its logs to ours).
        incoming = request.headers.get("X-Request-ID", "") if settings.BEHIND_PROXY else ""
        request_id = _parse_request_id(incoming) or uuid.uuid4()
        request.request_id = request_id
        ctx = ActionContext(
            request_id=request_id,
            request=request,
            remote_addr=client_address(request),
            source="api" if request.path.startswith("/api/") else "web",
        )
        token = _current.set(ctx)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = str(request_id)
        return response
