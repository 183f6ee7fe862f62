"""Rows of the other county for every scoped model, so the scope walk can prove none of them leaks.

A model that declares `scope_path` must appear here (test_every_scoped_model_has_foreign_rows fails
otherwise): add a builder that creates at least one row in tree["other_county"]'s subtree, with the
marker factories.FOREIGN_MARKER in a text field the pages show.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model

from sifasuo.accounts.models import User
from sifasuo.core.models import ChangeLogEntry, SensitiveAccess
from sifasuo.orgunits.models import OrgUnit
from sifasuo.staff.models import StaffMember
from tests.factories import FOREIGN_MARKER

ForeignBuilder = Callable[[dict, dict], list[Model]]


def _units(tree, accounts):
    return [tree["other_county"], tree["other_office"], tree["other_workstation"]]


def _users(tree, accounts):
    return [accounts["other_county_admin"]]


def _changelog(tree, accounts):
    # Creating the other county's units logged them; those entries carry its path.
    return list(ChangeLogEntry.objects.filter(unit_path__startswith=tree["other_county"].path))


def _staff(tree, accounts):
    from tests.factories import staff_member

    return [staff_member(tree["other_office"], full_name=f"{FOREIGN_MARKER}张三")]


def _sensitive_access(tree, accounts):
    from sifasuo.core.sensitive import reveal

    member = StaffMember.objects.filter(unit=tree["other_office"]).first() or _staff(tree, accounts)[0]
    reveal(member, "id_number", accounts["other_county_admin"])
    return list(SensitiveAccess.objects.filter(unit_path__startswith=tree["other_county"].path))


FOREIGN_BUILDERS: dict[type[Model], ForeignBuilder] = {
    OrgUnit: _units,
    User: _users,
    ChangeLogEntry: _changelog,
    StaffMember: _staff,
    SensitiveAccess: _sensitive_access,
}


def build_foreign_rows(tree, accounts) -> dict[type[Model], list[Model]]:
    rows = {model: builder(tree, accounts) for model, builder in FOREIGN_BUILDERS.items()}
    for model, objects in rows.items():
        assert objects, f"{model.__name__} 的外县测试数据为空"
    return rows
