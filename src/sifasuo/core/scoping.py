"""The one scoping function: a user sees their unit and everything under it, and nothing else — except that
the staff of a hub office (片区中心司法所, HZ-1) also READ the subtrees of the offices of their cluster.

Every model whose rows belong to a unit names, in `scope_path`, the lookup that reaches the
materialized path of that unit ("path" on OrgUnit itself, "unit__path" on a record with a `unit`
foreign key). `restrict()` turns it into a path-prefix filter. Pages, API, exports, search, counts and
autocomplete all call it (through `ScopedQuerySet.restrict` or the view and API mixins), and
tests/integration/test_scope_walk.py proves it for every list URL.

Two actions (D37): VIEW (reading) adds a hub's cluster; EDIT (writing) is the user's own subtree only.
Services check writes with `in_scope(actor, path, action=EDIT)`. When no action is named, the current
request decides: a write request (POST, PUT, PATCH, DELETE) or a page whose capability is not a view
capability (an edit form) is EDIT, anything else VIEW — so a form or a step reached by a hub user on a
member office's record answers 404 even where a view forgot to ask for EDIT.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models.lookups import StartsWith


@models.CharField.register_lookup
class Under(StartsWith):
    """`path__under=prefix`: the rows at or below a unit path (paths hold only digits and "/").

    PostgreSQL answers `LIKE 'prefix%'` from the `varchar_pattern_ops` index Django builds for the unique
    path. SQLite's LIKE ignores case and so cannot use the (binary) index; there the same rows are asked
    for as a range, `prefix <= path < prefix[:-1] + "0"` ("0" follows "/" in byte order), which it can.
    The range is only right in byte order, so PostgreSQL (whose collations may ignore "/") keeps LIKE.
    """

    lookup_name = "under"

    def as_sql(self, compiler, connection):
        return StartsWith(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection):
        if not isinstance(self.rhs, str) or not self.rhs.endswith("/"):
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        upper = self.rhs[:-1] + "0"
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, self.rhs, *lhs_params, upper]


def scope_path_lookup(model: type[models.Model]) -> str:
    lookup = getattr(model, "scope_path", None)
    if not lookup:
        raise ImproperlyConfigured(
            f"{model.__name__} has no scope_path: every model listed to users must say which unit it belongs to"
        )
    return lookup


VIEW, EDIT = "view", "edit"
ACTIONS = (VIEW, EDIT)


def user_scope_path(user) -> str | None:
    """The path prefix of the user's own unit (their subtree), or None when they have no unit at all."""
    if user is None or not user.is_authenticated:
        return None
    unit = getattr(user, "unit", None)
    if unit is None:
        return None
    return unit.path


def current_action() -> str:
    """The action of the running request: EDIT for a write (or an edit page), VIEW otherwise."""
    from .context import current

    return current().scope_action or VIEW


def cluster_paths(user) -> tuple[str, ...]:
    """HZ-1: the paths of the offices a hub office leads (its cluster), for the hub's own staff; () for
    everyone else. Read once per user object (one query; a request has one user object)."""
    unit = getattr(user, "unit", None)
    if unit is None or not unit.is_hub:
        return ()
    cached = getattr(user, "_sifasuo_cluster_paths", None)
    if cached is None or cached[0] != unit.pk:
        from sifasuo.orgunits.models import OrgUnit

        paths = tuple(OrgUnit.objects.filter(hub_id=unit.pk).order_by("path").values_list("path", flat=True))
        cached = (unit.pk, paths)
        user._sifasuo_cluster_paths = cached
    return cached[1]


def scope_paths(user, action: str | None = None) -> tuple[str, ...]:
    """The path prefixes whose rows `user` may see (VIEW) or change (EDIT); () when none."""
    path = user_scope_path(user)
    if path is None:
        return ()
    action = action or current_action()
    if action not in ACTIONS:
        raise ValueError(f"unknown scope action {action!r}")
    if action == EDIT:
        return (path,)
    return (path, *cluster_paths(user))


def restrict(queryset: models.QuerySet, user, action: str | None = None) -> models.QuerySet:
    """Rows of `queryset` that `user` may see (VIEW) or change (EDIT): those of their unit and its
    descendants, and for reading, those of a hub's cluster offices too (HZ-1).

    An account with no unit (a public applicant) sees only the rows it owns, on models that name their
    owner in `owner_field`, and nothing else.
    """
    lookup = scope_path_lookup(queryset.model)
    if user is not None and user.is_authenticated and user.is_superuser:
        return queryset
    paths = scope_paths(user, action)
    if not paths:
        owner = getattr(queryset.model, "owner_field", None)
        if owner and user is not None and user.is_authenticated:
            return queryset.filter(**{owner: user})
        return queryset.none()
    if len(paths) == 1:
        return queryset.filter(**{f"{lookup}__under": paths[0]})
    condition = models.Q()
    for path in paths:
        condition |= models.Q(**{f"{lookup}__under": path})
    return queryset.filter(condition)


def in_scope(user, path: str, action: str | None = None) -> bool:
    """Whether a unit path lies within the user's scope for reading (VIEW) or changing (EDIT); services
    checking a write name EDIT."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    return any(path.startswith(scope) for scope in scope_paths(user, action))


def not_found_message(what: str = "记录", ref: object = "") -> str:
    """THE answer to a reference that does not exist or lies outside the user's scope: the same words for
    both, naming nothing but what the user sent (a code, an id) — a record of another county is never named.
    `not_found_message("单位代码", "370103")` → "单位代码 370103 不存在，或不在您的管辖范围内"."""
    ref = str(ref).strip() if ref is not None else ""
    return f"{what} {ref} 不存在，或不在您的管辖范围内" if ref else f"{what}不存在，或不在您的管辖范围内"


def path_codes(path: str) -> list[str]:
    """The division codes on a unit path, province first (/370000/370100/370102/ → 370000, 370100, 370102)."""
    return [code for code in path.split("/") if code]


def ancestor_path(path: str, depth: int) -> str:
    """The path of the unit's ancestor `depth` codes deep (1 province, 2 city, 3 county, 4 office; a
    workstation is 5), or the path itself when the unit is not that deep."""
    codes = path_codes(path)[:depth]
    return "/" + "/".join(codes) + "/" if codes and len(codes) == depth else path


_CODE = object()


def scope_error(actor, unit, what: str = "单位代码", ref: object = _CODE) -> str | None:
    """Why `actor` may not write on `unit`'s records, or None. Writes are checked with EDIT (a hub director
    reads the cluster's offices but writes in their own only, D37), and a unit outside that scope is answered
    exactly as a missing one (`not_found_message(what, ref)`; `ref` is the unit's code unless the caller names
    another reference, "" for none). A system action (actor None: seeding, commands) is not limited. The one
    in-scope check of the services."""
    if actor is None or in_scope(actor, unit.path, EDIT):
        return None
    return not_found_message(what, unit.code if ref is _CODE else ref)


def check_in_scope(actor, unit, field: str = "unit", what: str = "单位代码", ref: object = _CODE) -> None:
    """Refuses a write on a unit outside the acting user's EDIT scope (ValidationError on `field`, worded as
    for a missing reference: see scope_error)."""
    message = scope_error(actor, unit, what, ref)
    if message:
        raise ValidationError({field: [message]})


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user, action: str | None = None) -> "ScopedQuerySet":
        return restrict(self, user, action)


def common_ancestor(paths) -> str:
    """The deepest unit path every one of `paths` lies under ("/37/3701/370102/a/", "/37/3701/370103/b/" →
    "/37/3701/"); "/" when they share nothing or there are none."""
    split = [path_codes(p) for p in paths]
    common = []
    for parts in zip(*split):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return "/" + "/".join(common) + "/" if common else "/"
