"""HZ-1, D37: the staff of a hub office (片区中心司法所) read the records of the offices of their cluster, and
change only their own; a member office still sees only its own subtree, and an office outside the cluster
stays out of the hub's sight. One scoping function decides it all (core.scoping)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifasuo.accounts.roles import Role
from sifasuo.casework import services as casework
from sifasuo.casework.models import InfoItem, MediationCase
from sifasuo.core.scoping import EDIT, VIEW, in_scope, restrict, scope_paths
from sifasuo.orgunits import services as unit_services
from sifasuo.orgunits.choices import Level
from tests.conftest import client_for
from tests.factories import unit, user
from tests.scope_builders.casework import case, record

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def cluster(tree):
    """千佛山街道 (hub) leads 解放路街道; 趵突泉街道 of the same county is in no cluster."""
    hub = unit_services.update_unit(unit=tree["office2"], is_hub=True)
    member = unit_services.update_unit(unit=tree["office"], hub=hub)
    outsider = unit("370102003", "趵突泉街道司法所", Level.OFFICE, tree["county"])
    return {
        "hub": hub, "member": member, "outsider": outsider,
        "hub_director": user("hub_dir", Role.OFFICE_DIRECTOR, hub),
        "hub_staff": user("hub_staff", Role.OFFICE_STAFF, hub),
        "member_director": user("member_dir", Role.OFFICE_DIRECTOR, member),
        "cases": {
            "hub": case(hub, applicant="片区所当事人"),
            "member": case(member, applicant="成员所当事人"),
            "workstation": case(tree["workstation"], applicant="成员工作室当事人"),
            "outsider": case(outsider, applicant="片区外当事人"),
        },
    }


def test_hub_staff_read_their_cluster_and_nothing_beyond(cluster):
    cases = cluster["cases"]
    for person in (cluster["hub_director"], cluster["hub_staff"]):
        seen = set(restrict(MediationCase.objects.all(), person, VIEW).values_list("pk", flat=True))
        assert seen == {cases["hub"].pk, cases["member"].pk, cases["workstation"].pk}
        # writing stays within the hub's own subtree
        assert set(restrict(MediationCase.objects.all(), person, EDIT).values_list("pk", flat=True)) == \
            {cases["hub"].pk}
    assert scope_paths(cluster["hub_director"], VIEW) == (cluster["hub"].path, cluster["member"].path)
    assert in_scope(cluster["hub_director"], cluster["member"].path, VIEW)
    assert not in_scope(cluster["hub_director"], cluster["member"].path, EDIT)
    assert not in_scope(cluster["hub_director"], cluster["outsider"].path, VIEW)


def test_a_member_office_still_sees_only_its_own_subtree(cluster):
    cases = cluster["cases"]
    seen = set(restrict(MediationCase.objects.all(), cluster["member_director"]).values_list("pk", flat=True))
    assert seen == {cases["member"].pk, cases["workstation"].pk}


def test_hub_pages_and_api_list_the_cluster_records(cluster):
    client = client_for(cluster["hub_director"])
    body = client.get("/casework/cases/").content.decode()
    assert "成员所当事人" in body and "片区所当事人" in body and "成员工作室当事人" in body
    assert "片区外当事人" not in body
    detail = client.get(f"/casework/cases/{cluster['cases']['member'].pk}/")
    assert detail.status_code == 200
    assert client.get(f"/casework/cases/{cluster['cases']['outsider'].pk}/").status_code == 404
    names = {r["parties_display"] for r in client.get("/api/casework-cases/?page_size=500").json()["results"]}
    assert any("成员所当事人" in n for n in names) and not any("片区外" in n for n in names)


def test_hub_staff_cannot_change_a_member_offices_records(cluster):
    member_case = cluster["cases"]["member"]
    director = cluster["hub_director"]
    client = client_for(director)
    # a step on the member's case, and deleting it: 404 (a write is in the user's own subtree only)
    response = client.post(f"/casework/cases/{member_case.pk}/accept/", {"accept-accepted_on": "2025-03-04"})
    assert response.status_code == 404
    assert client.post(f"/casework/cases/{member_case.pk}/delete/").status_code == 404
    # the edit form of a member's register entry is not even shown
    item = record(InfoItem, unit=cluster["member"], kind="news", reported_on=D(2025, 3, 5), title="成员所简讯")
    assert client.get(f"/casework/info/{item.pk}/").status_code == 200
    assert client.get(f"/casework/info/{item.pk}/edit/").status_code == 404
    assert client.post(f"/casework/info/{item.pk}/edit/", {"title": "改"}).status_code == 404
    # the API answers 404 to a write on a member's row
    api = client.patch(f"/api/casework-info/{item.pk}/", {"title": "改"}, content_type="application/json")
    assert api.status_code in (404, 405)
    # the services refuse it too, whoever calls them
    with pytest.raises(ValidationError):
        casework.accept_case(actor=director, case=member_case, accepted_on=D(2025, 3, 4), mediators=[])
    with pytest.raises(ValidationError) as caught:
        casework.save_record(actor=director, model=InfoItem,
                             values={"unit": cluster["member"], "kind": "news", "reported_on": D(2025, 3, 6),
                                     "title": "代成员所登记"})
    assert "不在您的管辖范围内" in str(caught.value)
    member_case.refresh_from_db()
    assert member_case.status == "registered"
    assert InfoItem.objects.filter(title="代成员所登记").count() == 0


def test_leaving_the_cluster_ends_the_hubs_view(cluster):
    unit_services.update_unit(unit=cluster["member"], hub=None)
    director = user("hub_dir2", Role.OFFICE_DIRECTOR, cluster["hub"])
    seen = set(restrict(MediationCase.objects.all(), director).values_list("pk", flat=True))
    assert seen == {cluster["cases"]["hub"].pk}


def test_the_hub_reads_its_members_dashboard_registers_and_reports(cluster):
    """HZ-1: besides the case list, the hub's staff read the member office's registers (七簿二册), its monthly
    reports and its indicators; an office outside the cluster stays out of every one of them, and the member's
    director cannot read the hub's figures in return."""
    from sifasuo.casework.models import TypicalCase
    from sifasuo.reporting import aggregates
    from sifasuo.reporting import services as reporting
    from tests.scope_builders.reporting import monthly_template

    month = D(2025, 3, 1)
    for office, title in ((cluster["member"], "成员所典型案例"), (cluster["outsider"], "片区外典型案例")):
        record(TypicalCase, unit=office, recorded_on=D(2025, 3, 10), title=title, dispute_type="neighbour",
               summary="案情")
    reports = {}
    for key in ("member", "outsider"):
        reports[key] = reporting.report_for(template=monthly_template(), unit=cluster[key], start=month)
    aggregates.refresh(cluster["hub"].parent.path, month, month)
    client = client_for(cluster["hub_director"])
    # a register of the member office
    register = client.get("/casework/typical/").content.decode()
    assert "成员所典型案例" in register and "片区外典型案例" not in register
    # the member office's monthly report, not the outsider's
    assert client.get(f"/reporting/reports/{reports['member'].pk}/").status_code == 200
    assert client.get(f"/reporting/reports/{reports['outsider'].pk}/").status_code == 404
    # the member office's dashboard
    member_code, outsider_code = cluster["member"].code, cluster["outsider"].code
    page = client.get(f"/indicators/?unit={member_code}&year=2025&month=3").content.decode()
    assert f"工作指标看板 · {cluster['member'].name}" in page
    # an outsider's code falls back to the hub's own dashboard and names nothing of the outsider
    page = client.get(f"/indicators/?unit={outsider_code}&year=2025&month=3").content.decode()
    assert f"工作指标看板 · {cluster['hub'].name}" in page and cluster["outsider"].name not in page
    # the member's director reads neither the hub's figures nor the hub's cases
    member_client = client_for(cluster["member_director"])
    page = member_client.get(f"/indicators/?unit={cluster['hub'].code}&year=2025&month=3").content.decode()
    assert f"工作指标看板 · {cluster['member'].name}" in page
    assert member_client.get(f"/casework/cases/{cluster['cases']['hub'].pk}/").status_code == 404
