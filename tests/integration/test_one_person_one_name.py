"""One person has one name (issue 18): the office director on the roster, on the premises form and on the
login account is the same roster entry — picked from the office's roster, not typed — so a name corrected
on the roster is corrected everywhere; names typed before the link stay readable."""

from __future__ import annotations

import pytest

from sifasuo.accounts.models import User
from sifasuo.accounts.roles import Role
from sifasuo.standards.models import OfficeProfile
from sifasuo.staff import services as staff_services
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Good#Pass2025"


def _account_form(username: str, office, **extra) -> dict:
    return {"username": username, "role": Role.OFFICE_DIRECTOR, "unit_code": office.code,
            "password": GOOD_PASSWORD, "is_active": "on", **extra}


def test_the_office_director_is_one_roster_entry_on_the_roster_the_premises_and_the_account(wuhu):  # noqa: F811
    office = wuhu["street"]
    director = factories.staff_member(office, full_name="赵所长", position="director")
    colleague = factories.staff_member(office, full_name="孙干事")
    foreign = factories.staff_member(wuhu["other_office"], full_name="弋江某")
    clerk = client_for(wuhu["clerk"])

    # the premises form offers the office's serving staff, not another county's person, and no name to type
    form = clerk.get(f"/standards/offices/{office.pk}/premises/").content.decode()
    select = form[form.index('name="director"'):]
    select = select[:select.index("</select>")]
    assert "赵所长" in select and "孙干事" in select and "弋江某" not in select
    assert 'name="director_name"' not in form
    refused = clerk.post(f"/standards/offices/{office.pk}/premises/", {"director": foreign.pk})
    assert refused.status_code == 400 and "所长" in refused.content.decode()
    assert not OfficeProfile.objects.filter(unit=office).exists()
    assert clerk.post(f"/standards/offices/{office.pk}/premises/",
                      {"director": director.pk, "director_rank": "full_time_deputy_section"}).status_code == 302
    profile = OfficeProfile.objects.get(unit=office)
    assert profile.director == director and profile.director_name == ""

    # the account is linked to the same roster entry and takes its name from it
    admin = client_for(factories.user("jh_admin", Role.COUNTY_ADMIN, wuhu["county"]))
    page = admin.get("/accounts/users/new/").content.decode()
    assert "赵所长（赭山街道司法所）" in page and "弋江某" not in page
    assert admin.post("/accounts/users/new/", _account_form("zhao", office, staff_member=director.pk,
                                                            full_name="赵 所长")).status_code == 302
    account = User.objects.get(username="zhao")
    assert account.staff_member == director and account.display_name == "赵所长"
    # one roster entry, one account; another county's person is not offered (nor named)
    twice = admin.post("/accounts/users/new/", _account_form("zhao2", office, staff_member=director.pk))
    assert twice.status_code == 400 and "已关联账号「zhao」" in twice.content.decode()
    outside = admin.post("/accounts/users/new/", _account_form("zhao3", office, staff_member=foreign.pk))
    assert outside.status_code == 400 and "弋江某" not in outside.content.decode()
    assert not User.objects.filter(username__in=["zhao2", "zhao3"]).exists()
    # the roster entry must be of the account's unit
    wrong = admin.post("/accounts/users/new/", _account_form("sun", wuhu["township"], staff_member=colleague.pk))
    assert wrong.status_code == 400 and "不属于「方村镇司法所」" in wrong.content.decode()

    # a name corrected on the roster is corrected on the premises page and on the account
    staff_services.update_member(actor=wuhu["clerk"], member=director, full_name="赵新名")
    account.refresh_from_db()
    assert account.display_name == "赵新名"
    detail = clerk.get(f"/standards/offices/{office.pk}/").content.decode()
    assert "赵新名" in detail and "赵所长" not in detail
    assert "赵新名" in clerk.get("/staff/", {"position": "director"}).content.decode()


def test_a_director_typed_before_the_roster_link_stays_readable(wuhu):  # noqa: F811
    office = wuhu["township"]
    OfficeProfile.objects.create(unit=office, director_name="钱某某")
    clerk = client_for(wuhu["clerk"])
    assert "钱某某" in clerk.get(f"/standards/offices/{office.pk}/").content.decode()
    form = clerk.get(f"/standards/offices/{office.pk}/premises/").content.decode()
    assert "原填写：钱某某（未关联花名册）" in form
    # picking the entry replaces the typed name
    member = factories.staff_member(office, full_name="钱某某", position="director")
    assert clerk.post(f"/standards/offices/{office.pk}/premises/", {"director": member.pk}).status_code == 302
    profile = OfficeProfile.objects.get(unit=office)
    assert profile.director == member and profile.director_name == ""
