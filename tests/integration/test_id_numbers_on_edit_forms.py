"""Edit forms never send a stored ID number to the browser: the page shows it masked, the field is an empty
「修改身份证号码」 (blank keeps the number), and showing the full number follows the detail page's rule
(personal.view_full_id) and is logged as a sensitive read (core.forms.guard_id_number)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from sifasuo.casework.models import LegalAidApplication, MediationCommittee, Mediator
from sifasuo.core.idnumbers import mask
from sifasuo.core.models import SensitiveAccess
from sifasuo.staff.models import StaffMember
from tests import factories
from tests.conftest import client_for
from tests.scope_builders.casework import ID_FEMALE, ID_MALE, mediator, record

D = datetime.date


def _inputs(html: str) -> list[str]:
    """The values of every input element of the page."""
    return re.findall(r'<input[^>]*\bvalue="([^"]*)"', html)


@pytest.fixture
def workstation_mediator(tree):
    comm = record(MediationCommittee, unit=tree["workstation"], name="燕子山社区调委会", kind="village",
                  term_start=D(2024, 1, 1), term_end=D(2026, 12, 31))
    return mediator(tree["workstation"], comm, full_name="卫调解", id_number=ID_FEMALE, sex="F")


@pytest.mark.parametrize("role", ["workstation_staff", "office_director", "county_clerk"])
def test_mediator_edit_page_shows_the_number_masked_to_everyone(workstation_mediator, accounts, role):
    page = client_for(accounts[role]).get(reverse("casework:mediators_edit", args=[workstation_mediator.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert ID_FEMALE not in html and mask(ID_FEMALE) in html
    assert "修改身份证号码" in html and ID_FEMALE not in _inputs(html)
    assert not SensitiveAccess.objects.exists()


def test_revealing_on_the_edit_page_follows_the_detail_pages_rule_and_is_logged(workstation_mediator, accounts):
    url = reverse("casework:mediators_edit", args=[workstation_mediator.pk])
    staff = client_for(accounts["workstation_staff"]).get(url).content.decode()
    assert "显示完整号码" not in staff                       # no personal.view_full_id
    refused = client_for(accounts["workstation_staff"]).get(url + "?reveal=1").content.decode()
    assert ID_FEMALE not in refused and not SensitiveAccess.objects.exists()
    director = client_for(accounts["office_director"])
    assert "显示完整号码" in director.get(url).content.decode()
    shown = director.get(url + "?reveal=1").content.decode()
    assert ID_FEMALE in shown and "完整号码，本次查看已记录" in shown and ID_FEMALE not in _inputs(shown)
    access = SensitiveAccess.objects.get()
    assert (access.user, access.object_id, access.unit_path) == (
        accounts["office_director"], str(workstation_mediator.pk), workstation_mediator.unit.path)


def test_saving_with_the_field_blank_keeps_the_number_and_a_new_one_replaces_it(workstation_mediator, accounts):
    client = client_for(accounts["office_director"])
    url = reverse("casework:mediators_edit", args=[workstation_mediator.pk])
    data = {"unit_code": workstation_mediator.unit.code, "committee": workstation_mediator.committee_id,
            "full_name": "卫调解", "sex": "F", "id_number": "", "role": "mediator", "joined_on": "2024-01-01",
            "phone": "13900000000"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    workstation_mediator.refresh_from_db()
    assert workstation_mediator.id_number == ID_FEMALE and workstation_mediator.phone == "13900000000"
    assert client.post(url, {**data, "id_number": ID_MALE, "sex": "M"}).status_code == 302
    workstation_mediator.refresh_from_db()
    assert workstation_mediator.id_number == ID_MALE
    bad = client.post(url, {**data, "id_number": "370102198502075846"})   # wrong check digit
    assert bad.status_code == 400 and "校验" in bad.content.decode()
    assert Mediator.objects.get(pk=workstation_mediator.pk).id_number == ID_MALE


def test_legal_aid_edit_page_guards_the_number_too(tree, accounts):
    aid = record(LegalAidApplication, unit=tree["office"], applied_on=D(2025, 3, 9), applicant="赵六",
                 matter="labour_pay", id_number=ID_FEMALE, status="received")
    html = client_for(accounts["county_clerk"]).get(
        reverse("casework:legalaid_edit", args=[aid.pk])).content.decode()
    assert ID_FEMALE not in html and mask(ID_FEMALE) in html and "修改身份证号码" in html


def test_staff_edit_page_reveals_only_on_request_and_logs_it(tree, accounts):
    member = factories.staff_member(tree["office"], full_name="编辑甲")
    client = client_for(accounts["county_clerk"])
    url = reverse("staff:edit", args=[member.pk])
    html = client.get(url).content.decode()
    assert member.id_number not in html and mask(member.id_number) in html and "修改身份证号码" in html
    assert not SensitiveAccess.objects.exists()
    shown = client.get(url + "?reveal=1").content.decode()
    assert member.id_number in shown and member.id_number not in _inputs(shown)
    assert SensitiveAccess.objects.filter(object_id=str(member.pk)).count() == 1
    data = {"full_name": "编辑甲", "id_number": "", "sex": member.sex, "birth_date": member.birth_date.isoformat(),
            "staff_type": member.staff_type, "position": member.position, "joined_on": member.joined_on.isoformat()}
    assert client.post(url, data).status_code == 302
    assert StaffMember.objects.get(pk=member.pk).id_number == member.id_number
