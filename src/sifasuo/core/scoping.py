"""The one scoping function: a user sees their unit and everything under it, and nothing else.

Every model whose rows belong to a unit names, in `scope_path`, the lookup that reaches the
materialized path of that unit ("path" on OrgUnit itself, "unit__path" on a record with a `unit`
foreign key). `restrict()` turns it into a path-prefix filter. Pages, API, exports, search, counts and
autocomplete all call it (through `ScopedQuerySet.restrict` or the view and API mixins), and
tests/integration/test_scope_walk.py proves it for every list URL.
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


def user_scope_path(user) -> str | None:
    """The path prefix a user may see, or None when they may see no unit's rows at all."""
    if user is None or not user.is_authenticated:
        return None
    unit = getattr(user, "unit", None)
    if unit is None:
        return None
    return unit.path


def restrict(queryset: models.QuerySet, user) -> models.QuerySet:
    """Rows of `queryset` that `user` may see: those of their unit and its descendants.

    An account with no unit (a public applicant) sees only the rows it owns, on models that name their
    owner in `owner_field`, and nothing else.
    """
    lookup = scope_path_lookup(queryset.model)
    if user is not None and user.is_authenticated and user.is_superuser:
        return queryset
    path = user_scope_path(user)
    if path is None:
        owner = getattr(queryset.model, "owner_field", None)
        if owner and user is not None and user.is_authenticated:
            return queryset.filter(**{owner: user})
        return queryset.none()
    return queryset.filter(**{f"{lookup}__under": path})


def in_scope(user, path: str) -> bool:
    """Whether a unit path lies within the user's scope (for single objects and form choices)."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    scope = user_scope_path(user)
    return scope is not None and path.startswith(scope)


def path_codes(path: str) -> list[str]:
    """The division codes on a unit path, province first (/370000/370100/370102/ → 370000, 370100, 370102)."""
    return [code for code in path.split("/") if code]


def ancestor_path(path: str, depth: int) -> str:
    """The path of the unit's ancestor `depth` codes deep (1 province, 2 city, 3 county, 4 office; a
    workstation is 5), or the path itself when the unit is not that deep."""
    codes = path_codes(path)[:depth]
    return "/" + "/".join(codes) + "/" if codes and len(codes) == depth else path


def scope_error(actor, unit) -> str | None:
    """Why `actor` may not write on `unit`'s records, or None: a unit outside their scope. A system action
    (actor None: seeding, commands) is not limited. The one in-scope check of the services."""
    if actor is None or in_scope(actor, unit.path):
        return None
    return f"「{unit.name}」不在您的管辖范围内"


def check_in_scope(actor, unit, field: str = "unit") -> None:
    """Refuses a write on a unit outside the acting user's scope (ValidationError on `field`)."""
    message = scope_error(actor, unit)
    if message:
        raise ValidationError({field: [message]})


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user) -> "ScopedQuerySet":
        return restrict(self, user)
