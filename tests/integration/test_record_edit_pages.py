"""Pages changing one record of the user's scope are core's RecordEditView (issue 17): an office's equipment line,
a county's milestone progress, an office's new equipment line and a workstation's build status, besides a staff
member's basic fields (test_staff_pages) and an office's premises (test_standards). Each: the record
outside the scope answers 404; the form comes filled in; a refusal is shown on the form and writes nothing; a valid
form saves through the service and returns to the page it came from, with the message the page always gave."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages

from sifasuo.standards import selectors, services
from sifasuo.standards.models import EquipmentItem, MilestoneProgress
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _equipment_form(**changes) -> dict:
    data = {"item": "computer", "name": "联想 M428", "asset_number": "ZC-1", "quantity": 3,
            "acquired_on": (TODAY - datetime.timedelta(days=400)).isoformat(), "status": "in_use", "note": ""}
    return {**data, **changes}


def test_an_equipment_line_is_edited_refused_and_deleted_through_its_page(wuhu):
    office = wuhu["street"]
    item = services.add_equipment(actor=wuhu["clerk"], unit=office, item="computer", name="联想 M428",
                                  asset_number="ZC-1", quantity=3)
    url = f"/standards/equipment/{item.pk}/"
    client = client_for(wuhu["clerk"])
    assert client_for(wuhu["clerk2"]).get(url).status_code == 404          # another county's office
    page = client.get(url)
    assert page.status_code == 200 and page.context["item"] == item and page.context["unit"] == office
    assert 'value="联想 M428"' in page.content.decode() and 'value="ZC-1"' in page.content.decode()
    refused = client.post(url, _equipment_form(quantity=900, name="不应保存"))
    assert refused.status_code == 400 and "900" in refused.content.decode()
    item.refresh_from_db()
    assert (item.name, item.quantity) == ("联想 M428", 3)
    saved = client.post(url, _equipment_form(name="联想 M428 升级", quantity=4))
    assert saved.status_code == 302 and saved["Location"] == f"/standards/offices/{office.pk}/"
    assert _messages(saved) == []                                          # the ledger page shows the change
    item.refresh_from_db()
    assert (item.name, item.quantity) == ("联想 M428 升级", 4)
    deleted = client.post(url, {"delete": "1"})
    assert deleted.status_code == 302 and deleted["Location"] == f"/standards/offices/{office.pk}/"
    assert _messages(deleted) == ["已从装备资产账目删除。"] and not EquipmentItem.objects.exists()


def test_a_county_reports_progress_through_its_page(wuhu, plan):
    mine = MilestoneProgress.objects.get(milestone__plan=plan, unit=wuhu["county"])
    url = f"/standards/progress/{mine.pk}/"
    client = client_for(wuhu["clerk"])
    page = client.get(url)
    assert page.status_code == 200 and page.context["can_report"] and page.context["progress"] == mine
    assert client_for(wuhu["director"]).post(url, {"status": "done"}).status_code == 403   # no standards.plan
    refused = client.post(url, {"status": "done", "done_on": "", "note": ""})
    assert refused.status_code == 400 and "已完成的节点请填写完成日期" in refused.content.decode()
    mine.refresh_from_db()
    assert mine.status != "done"
    saved = client.post(url, {"status": "done", "done_on": "2017-05-20", "note": "已成立"})
    assert saved.status_code == 302 and saved["Location"] == f"/standards/plans/{plan.pk}/"
    assert _messages(saved) == ["已填报进展。"]
    mine.refresh_from_db()
    assert (mine.status, mine.done_on, mine.note) == ("done", datetime.date(2017, 5, 20), "已成立")


def test_an_office_adds_an_equipment_line_through_its_page(wuhu):
    office = wuhu["street"]
    url = f"/standards/offices/{office.pk}/equipment/new/"
    client = client_for(wuhu["clerk"])
    assert client_for(wuhu["clerk2"]).get(url).status_code == 404
    page = client.get(url)
    assert page.status_code == 200 and page.context["unit"] == office and page.context["standard"] is not None
    assert page.context["form"].initial == {"quantity": 1}
    assert ("computer", "电脑") in page.context["form"].fields["item"].choices        # the standard's items
    refused = client.post(url, _equipment_form(quantity=0))
    assert refused.status_code == 400 and not EquipmentItem.objects.exists()
    saved = client.post(url, _equipment_form())
    assert saved.status_code == 302 and saved["Location"] == f"/standards/offices/{office.pk}/"
    assert _messages(saved) == ["已登记到装备资产账目。"]
    assert EquipmentItem.objects.get().unit == office


def test_a_workstations_build_status_is_saved_through_its_page(wuhu):
    village = wuhu["village"]
    url = f"/standards/workstations/{village.pk}/edit/"
    client = client_for(wuhu["clerk"])
    assert client_for(wuhu["clerk2"]).get(url).status_code == 404
    assert client.get(f"/standards/workstations/{wuhu['street'].pk}/edit/").status_code == 404   # an office
    page = client.get(url)
    assert page.status_code == 200 and page.context["unit"] == village
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    refused = client.post(url, {"status": "built", "built_on": future, "head_name": "王主任"})
    assert refused.status_code == 400 and f"建成日期 {future} 晚于今天" in refused.content.decode()
    assert selectors.workstation_profile(village) is None
    built = (TODAY - datetime.timedelta(days=30)).isoformat()
    saved = client.post(url, {"status": "built", "built_on": built, "head_name": "王主任"})
    assert saved.status_code == 302 and saved["Location"] == f"/standards/workstations/{village.pk}/"
    assert _messages(saved) == ["已保存工作室建设情况。"]
    profile = selectors.workstation_profile(village)
    assert (profile.status, profile.head_name, profile.built_on.isoformat()) == ("built", "王主任", built)
