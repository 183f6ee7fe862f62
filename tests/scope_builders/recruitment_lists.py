"""Foreign-county rows of the named lists (名单) that policies require applicants to be on."""

from __future__ import annotations

import datetime

from sifasuo.recruitment.models import NamedList, NamedListEntry
from sifasuo.staff.models import StaffMember
from tests.factories import FOREIGN_MARKER, staff_member


def _rows(tree, accounts) -> dict:
    cache = tree.setdefault("_foreign_named_lists", {})
    if cache:
        return cache
    person = (StaffMember.objects.filter(unit=tree["other_office"]).first()
              or staff_member(tree["other_office"], full_name=f"{FOREIGN_MARKER}张三"))
    named = NamedList.objects.create(unit=tree["other_county"], code="trained_grid_workers",
                                     name=f"{FOREIGN_MARKER}网格员名单", as_of=datetime.date(2024, 6, 30), size=1)
    cache.update({
        NamedList: [named],
        NamedListEntry: [NamedListEntry.objects.create(named_list=named, id_number=person.id_number,
                                                       full_name=f"{FOREIGN_MARKER}网格员", row=2)],
    })
    return cache


def _part(model):
    return lambda tree, accounts: _rows(tree, accounts)[model]


FOREIGN_BUILDERS = {model: _part(model) for model in (NamedList, NamedListEntry)}
