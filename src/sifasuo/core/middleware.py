"""Binds every request to one request id and the acting user, for the change log and the logs; refuses
requests carrying NUL characters."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.http import HttpResponse, JsonResponse

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


# --- NUL characters ------------------------------------------------------------------------------------------

NUL = "\x00"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def nul_message(field: str) -> str:
    """The one answer to a value containing a NUL character (U+0000): PostgreSQL cannot store or compare it,
    and no field of ours has a use for it."""
    name = field.replace(NUL, "\\0")[:40]
    return f"「{name}」含有不允许的空字符（\\0），请删除后重试" if name else "请求含有不允许的空字符（\\0），请删除后重试"


def nul_field(data) -> str | None:
    """The name of the first field whose name or value contains a NUL character, looking into the lists and
    objects of a parsed body; "" for a bare value. None when there is none."""
    if isinstance(data, str):
        return "" if NUL in data else None
    if isinstance(data, Mapping):
        items: Iterable = data.lists() if hasattr(data, "lists") else data.items()
        for key, value in items:
            if NUL in str(key) or nul_field(value) is not None:
                return str(key)
        return None
    if isinstance(data, (list, tuple)):
        for value in data:
            found = nul_field(value)
            if found is not None:
                return found
    return None


class RejectNulMiddleware:
    """Answers 400 in Chinese, before any view, to a path, query parameter or submitted form field holding a
    NUL character (on PostgreSQL such a value ended in a server error wherever it reached a query). API
    bodies the API's parsers read (JSON, and forms of PUT/PATCH) are checked by core.parsers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = "" if NUL in request.path else nul_field(request.GET)
        if field is None and request.method == "POST" and request.content_type in _FORM_TYPES:
            field = nul_field(request.POST)
        if field is None:
            return self.get_response(request)
        message = nul_message(field)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
