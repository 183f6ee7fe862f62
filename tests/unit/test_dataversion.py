"""Data versions (core.dataversion): every write through the model or its queryset replaces the token, in the
writer's transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from sifasuo.core import dataversion
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def _token() -> str:
    return dataversion.current("orgunits")


def test_each_write_replaces_the_token():
    seen = {_token()}
    unit = OrgUnit.objects.create(code="370000", name="山东省司法厅", level=Level.PROVINCE, kind="", path="/370000/")
    seen.add(_token())
    unit.name = "山东省司法厅（改）"
    unit.save()
    seen.add(_token())
    OrgUnit.objects.filter(pk=unit.pk).update(phone="0531-1")
    seen.add(_token())
    OrgUnit.objects.bulk_update([unit], ["address"])
    seen.add(_token())
    OrgUnit.objects.bulk_create([OrgUnit(code="370100", name="济南市司法局", level=Level.CITY, kind="",
                                         parent=unit, path="/370000/370100/")])
    seen.add(_token())
    OrgUnit.objects.filter(code="370100").delete()
    seen.add(_token())
    assert len(seen) == 7


def test_an_update_that_changes_nothing_keeps_the_token():
    before = _token()
    assert OrgUnit.objects.filter(code="999999").update(name="无") == 0
    assert _token() == before


def test_a_rolled_back_write_leaves_the_old_token_and_never_reuses_its_own():
    before = _token()
    inside = None
    with pytest.raises(RuntimeError), transaction.atomic():
        OrgUnit.objects.create(code="370000", name="山东省司法厅", level=Level.PROVINCE, kind="", path="/370000/")
        inside = _token()
        raise RuntimeError
    assert inside != before and _token() == before
    OrgUnit.objects.create(code="370000", name="山东省司法厅", level=Level.PROVINCE, kind="", path="/370000/")
    assert _token() not in (before, inside)
