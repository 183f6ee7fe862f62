"""Cached list bodies (D27): the key of a list as a given user sees it, under the data version it was read at;
and `cached()`, any value kept under the data versions it was computed from (D52).

Pages (core.views.ScopedListView) cache their rendered body, the API (core.api.ScopedViewSetMixin) the data
of a list response, both in the per-process "lists" cache. The token comes from the database
(core.dataversion), so a write anywhere replaces every key made before it.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.core.cache import caches

from . import dataversion
from .scoping import scope_paths


def cache():
    return caches["lists"]


def key_for(request, view, version_name: str) -> str:
    """The view, the data's token, whose rows (the scope), the role, the address (host and path: API
    responses carry absolute links) and the query, sorted."""
    user = request.user
    scope = "*" if user.is_superuser else ("+".join(scope_paths(user)) or f"owner:{user.pk}")
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    token = dataversion.current(version_name)
    extra = "|".join(map(str, view.cache_key_parts())) if hasattr(view, "cache_key_parts") else ""
    raw = (f"{type(view).__module__}.{type(view).__qualname__}|{token}|{scope}|{user.role}|"
           f"{request.scheme}://{request.get_host()}{request.path}|{query}|{extra}")
    return "list:" + hashlib.sha1(raw.encode()).hexdigest()


def cached(name: str, *, versions: list[str], parts: list, compute, timeout: int = 300):
    """A value computed once per process for as long as the data versions it was read from stand (and at
    most `timeout` seconds, for what it reads from data without a version): summaries of a province's or a
    city's figures (D52). `parts` say what the value is of (the unit, the year, the user's scope …)."""
    tokens = [dataversion.current(name_) for name_ in versions]
    raw = "|".join([name, *tokens, *map(str, parts)])
    key = "cached:" + hashlib.sha1(raw.encode()).hexdigest()
    value = cache().get(key)
    if value is None:
        value = compute()
        cache().set(key, value, timeout)
    return value
