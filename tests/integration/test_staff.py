"""The roster: ID numbers validated and consistent, masked in lists, exports and API; full views logged."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from sifasuo.core import idnumbers
from sifasuo.core.models import SensitiveAccess
from sifasuo.staff import selectors, services
from sifasuo.staff.models import StaffMember
from tests.conftest import client_for
from tests.factories import staff_member

pytestmark = pytest.mark.django_db


def test_bad_id_numbers_refused_with_the_reason(tree):
    office = tree["office"]
    base = dict(unit=office, full_name="王五", staff_type="full_time_auxiliary", joined_on=datetime.date(2022, 1, 1))
    with pytest.raises(ValidationError) as info:
        services.create_member(id_number="11010519491231002", **base)
    assert "身份证号码应为18位" in info.value.messages[0]
    with pytest.raises(ValidationError) as info:
        services.create_member(id_number="110105194912310021", **base)
    assert "校验位错误" in info.value.messages[0]
    with pytest.raises(ValidationError) as info:
        services.create_member(id_number="11010519491231002X", birth_date=datetime.date(1949, 12, 30), sex="F", **base)
    assert "与身份证号码中的 1949-12-31 不一致" in info.value.messages[0]
    with pytest.raises(ValidationError) as info:
        services.create_member(id_number="11010519491231002X", sex="M", **base)
    assert "性别" in info.value.messages[0]
    assert StaffMember.objects.count() == 0


def test_same_person_cannot_serve_twice(tree):
    first = staff_member(tree["office"], full_name="赵六")
    with pytest.raises(ValidationError) as info:
        services.create_member(unit=tree["office2"], full_name="赵六", id_number=first.id_number,
                               staff_type="full_time_auxiliary", joined_on=datetime.date(2023, 1, 1))
    assert "已在「解放路街道司法所」在岗登记" in info.value.messages[0]


def test_lists_exports_and_api_mask_id_numbers(tree, accounts):
    member = staff_member(tree["office"], full_name="钱七")
    client = client_for(accounts["county_clerk"])
    page = client.get("/staff/").content.decode()
    assert "钱七" in page and member.id_number not in page and idnumbers.mask(member.id_number) in page
    wb = openpyxl.load_workbook(io.BytesIO(client.get("/staff/?export=xlsx").content))
    cells = [c for row in wb.active.iter_rows(values_only=True) for c in row]
    assert member.id_number not in cells and idnumbers.mask(member.id_number) in cells
    api = client.get("/api/staff/").json()["results"]
    assert api[0]["id_number"] == idnumbers.mask(member.id_number)


def test_full_number_only_for_roles_that_need_it_and_logged(tree, accounts):
    member = staff_member(tree["office"], full_name="孙八")
    clerk_view = client_for(accounts["county_clerk"]).get(f"/staff/{member.pk}/").content.decode()
    assert member.id_number in clerk_view
    access = SensitiveAccess.objects.get()
    assert access.username == "x_clerk" and access.object_repr == "孙八" and access.field == "身份证号码"
    staff_view = client_for(accounts["office_staff"]).get(f"/staff/{member.pk}/").content.decode()
    assert member.id_number not in staff_view
    assert SensitiveAccess.objects.count() == 1


def test_counts_by_unit_and_type_in_one_query(tree, django_assert_num_queries):
    staff_member(tree["office"], full_name="甲", staff_type="political_legal_establishment")
    staff_member(tree["office"], full_name="乙", staff_type="full_time_auxiliary", birth_date=datetime.date(1991, 1, 1))
    staff_member(tree["office2"], full_name="丙", staff_type="full_time_auxiliary", birth_date=datetime.date(1992, 1, 1))
    left = staff_member(tree["office2"], full_name="丁", staff_type="judicial_assistant", birth_date=datetime.date(1993, 1, 1))
    left.left_on = datetime.date(2024, 1, 1)
    left.save()
    with django_assert_num_queries(1):
        counts = selectors.counts_by_unit_and_type(path_prefix=tree["county"].path)
    assert counts == {tree["office"].pk: {"political_legal_establishment": 1, "full_time_auxiliary": 1},
                      tree["office2"].pk: {"full_time_auxiliary": 1}}
    # On a day before 丁 left, 丁 counts.
    then = selectors.counts_by_unit_and_type(path_prefix=tree["county"].path, on=datetime.date(2023, 6, 1))
    assert then[tree["office2"].pk] == {"full_time_auxiliary": 1, "judicial_assistant": 1}
