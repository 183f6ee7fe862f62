"""Pages and API of one shape (issue 17; that views read through their selectors is checked by
tests/unit/test_views_read_through_selectors.py): a list reads the relations
its columns name without saying so, a record opened in a unit by its code is one page in core, a register's
API steps are declared once (core.api.step)."""

from __future__ import annotations

import datetime
import random
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.core.idnumbers import generate
from tests.conftest import client_for
from tests.scope_builders.officeadmin import PDF

SRC = Path(__file__).resolve().parents[2] / "src" / "sifasuo"


def test_no_page_overrides_get_queryset_only_to_read_relations():
    override = re.compile(r"def get_queryset\(self\):\n\s+return super\(\)\.get_queryset\(\)\.select_related\([^)]*\)\n")
    modules = [p for pattern in ("*/views.py", "*/views/*.py") for p in SRC.glob(pattern)]
    found = [str(path.relative_to(SRC)) for path in modules if override.search(path.read_text("utf-8"))]
    assert found == []


def test_the_relations_a_list_reads_come_from_its_columns():
    from sifasuo.core.tables import Column, relations_read
    from sifasuo.correction.models import CorrectionSubject
    from sifasuo.indicators.models import OfficeScore
    from sifasuo.orgunits.models import OrgUnit
    from sifasuo.staff.models import Contract

    assert relations_read(CorrectionSubject, [Column("档案编号", "number"), Column("负责单位", "unit__name"),
                                              Column("状态", "status")]) == ("unit",)
    # the deepest path only (it reads the ones above it too); a relation shown as itself counts
    assert relations_read(Contract, [Column("姓名", "staff__full_name"), Column("单位", "staff__unit__name")]) \
        == ("staff__unit",)
    assert relations_read(OrgUnit, [Column("上级", "parent")]) == ("parent",)
    assert relations_read(OfficeScore, [Column("方案", "scheme__name"), Column("所", "unit__name")]) \
        == ("scheme", "unit")
    # a computed column, a property and a field that is not a relation name nothing
    assert relations_read(CorrectionSubject, [Column("单位", lambda s: s.unit.name), Column("期", "unit_id"),
                                              Column("号", "number__upper")]) == ()


@pytest.mark.django_db
def test_a_list_reads_its_rows_relations_in_one_query(tree, accounts, django_assert_num_queries):
    """The office lists name no relations of their own: a page of rows from several offices costs the same
    queries as a page of one."""
    from sifasuo.officeadmin import services

    client = client_for(accounts["county_admin"])

    def hosting(unit, day):
        services.record_hosting(actor=None, unit=unit, hosted_on=day, inspected_by="市局", subject="规范化建设",
                                extra_budget=0)

    today = datetime.date.today()
    hosting(tree["office"], today)
    client.get("/officeadmin/hostings/")   # the session and the calendar are read once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        first = client.get("/officeadmin/hostings/")
    hosting(tree["office2"], today - datetime.timedelta(days=1))
    hosting(tree["office"], today - datetime.timedelta(days=2))
    with CaptureQueriesContext(connection) as three:
        page = client.get("/officeadmin/hostings/")
    assert first.status_code == page.status_code == 200
    assert page.content.decode().count("市局") == 3
    assert len(three) == len(one)


@pytest.mark.django_db
def test_a_record_opened_in_a_unit_by_its_code_is_refused_on_the_code_field_and_nothing_written(tree, accounts):
    """Community correction's investigation and office administration's filed document (a form with a file)
    go through one page (core.views.UnitRecordCreateView): a code that names no unit is shown on the code
    field, nothing is written; a right one opens the record."""
    from sifasuo.correction.models import InvestigationAssessment
    from sifasuo.officeadmin.models import WorkDocument

    clerk = client_for(accounts["county_clerk"])
    form = clerk.get("/correction/investigations/new/")
    assert form.status_code == 200 and f'value="{accounts["county_clerk"].unit.code}"' in form.content.decode()
    assert 'enctype="multipart/form-data"' not in form.content.decode()
    number = generate(random.Random(7), region_code="370102", birth_date=datetime.date(1990, 5, 1), sex="M")
    row = {"unit_code": "999999999", "full_name": "张某", "id_number": number, "commissioned_by": "某区人民法院",
           "commissioned_on": datetime.date.today().isoformat()}
    refused = clerk.post("/correction/investigations/new/", row)
    assert refused.status_code == 400 and "单位代码 999999999 不存在" in refused.content.decode()
    assert not InvestigationAssessment.objects.exists()
    opened = clerk.post("/correction/investigations/new/", {**row, "unit_code": tree["office"].code})
    item = InvestigationAssessment.objects.get()
    assert opened.status_code == 302 and opened["Location"] == item.get_absolute_url()
    assert f"已登记，应于 {item.due_on} 前提交评估意见" in clerk.get(opened["Location"]).content.decode()

    staff = client_for(accounts["office_staff"])
    upload = staff.get("/officeadmin/documents/new/").content.decode()
    assert 'enctype="multipart/form-data"' in upload and f'value="{datetime.date.today().year}"' in upload
    year = datetime.date.today().year - 1
    document = {"unit_code": " 999999999 ", "year": year, "kind": "training_plan", "title": "队伍培训规划",
                "file": SimpleUploadedFile("规划.pdf", PDF, content_type="application/pdf")}
    refused = staff.post("/officeadmin/documents/new/", document)
    assert refused.status_code == 400 and "单位代码 999999999 不存在" in refused.content.decode()
    assert not WorkDocument.objects.exists()


@pytest.mark.django_db
def test_the_api_steps_of_a_released_person_reach_their_services(tree, accounts):
    """Each step declared by core.api.step reaches its service, the date under the service's own name
    (verified_on, confirmed_on, ended_on), and answers the record as it now stands."""
    from tests.scope_builders.correction import id_for

    client = client_for(accounts["office_staff"])
    today = datetime.date.today()

    def day(n: int) -> str:
        return (today - datetime.timedelta(days=n)).isoformat()

    body = {"unit": tree["office"].code, "full_name": "丁某", "id_number": id_for(tree["office"], "丁某"),
            "crime": "抢劫罪", "released_from": "山东省济南监狱", "notice_received_on": day(40),
            "expected_release_on": day(20), "is_key": True}
    pk = client.post("/api/released-persons/", body, content_type="application/json").json()["id"]

    def step(name, data):
        response = client.post(f"/api/released-persons/{pk}/{name}/", data, content_type="application/json")
        assert response.status_code == 200, (name, response.content.decode())
        return response.json()

    assert step("verify", {"on": day(39)})["verified_on"] == day(39)
    assert step("confirm", {"on": day(38)})["confirmed_on"] == day(38)
    released = step("release", {"released_on": day(20), "collected_on": day(20), "collected_by": "李某"})
    assert released["released_on"] == day(20) and released["collected_by"] == "李某"
    assert step("handover", {"handed_over_on": day(18), "tier": "high"})["status"] == "assisting"
    # a field the step needs is asked for by name
    missing = client.post(f"/api/released-persons/{pk}/end/", {}, content_type="application/json")
    assert missing.status_code == 400 and "on" in missing.json()


def test_every_list_shows_an_id_number_masked_through_one_column():
    """A list (its page and its export) shows a person's ID number only masked: every 身份证号码 column of a
    list page or a register is the one column core.tables.MASKED_ID_NUMBER."""
    from types import SimpleNamespace

    from django.urls import get_resolver

    from sifasuo.casework.registers import SPECS
    from sifasuo.core.idnumbers import mask
    from sifasuo.core.tables import MASKED_ID_NUMBER
    from sifasuo.core.views import ScopedListView

    get_resolver().url_patterns   # every page module imported

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    number = generate(random.Random(7), region_code="370102", birth_date=datetime.date(1990, 3, 7), sex="M")
    row = SimpleNamespace(id_number=number, staff=SimpleNamespace(id_number=number))
    groups = {f"{v.__module__}.{v.__name__}": [*v.columns, *(v.export_columns or [])]
              for v in subclasses(ScopedListView) if isinstance(v.columns, list)}
    groups.update({f"casework register {spec.key}": spec.columns for spec in SPECS})
    shown = {name: [c for c in columns if c.label == "身份证号码"] for name, columns in groups.items()}
    shown = {name: columns for name, columns in shown.items() if columns}
    assert len(shown) >= 8
    for name, columns in shown.items():
        for column in columns:
            assert column.text(row) == mask(number) != number, name
    assert [name for name, columns in shown.items() if any(c is not MASKED_ID_NUMBER for c in columns)] == []
