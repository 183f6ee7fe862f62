"""The REST API of casework (same scope, permissions and Chinese messages as the pages) and the streaming
Excel import of mediation cases (whole or nothing, bad rows named by row and column)."""

from __future__ import annotations

import datetime
import io

import pytest
from rest_framework.test import APIClient

from sifasuo.casework import importers
from sifasuo.casework.models import CaseParty, MediationCase, Petition
from sifasuo.core.importers import ImportRejected
from sifasuo.core.models import ChangeLogEntry
from tests.scope_builders.casework import ID_FEMALE, case, committee, mediator
from tests.spreadsheets import xlsx_bytes

D = datetime.date
pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_register_api_writes_through_the_service(tree, accounts):
    client = api(accounts["office_staff"])
    body = {"unit": "370102001", "kind": "letter", "received_on": "2025-03-05", "petitioner": "冯某",
            "subject": "物业费", "result": "resolved", "closed_on": "2025-03-01"}
    response = client.post("/api/casework-petitions/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"closed_on": ["办结日期 2025-03-01 早于登记日期 2025-03-05"]}
    response = client.post("/api/casework-petitions/", {**body, "unit": "370103001"}, format="json")
    assert response.status_code == 400 and "不在您的管辖范围内" in response.json()["unit"][0]
    response = client.post("/api/casework-petitions/", {**body, "closed_on": "2025-03-08"}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.patch(f"/api/casework-petitions/{pk}/", {"handling": "已协调物业"}, format="json")
    assert response.status_code == 200 and Petition.objects.get().handling == "已协调物业"
    listed = client.get("/api/casework-petitions/?month=2025-03&q=物业").json()
    assert listed["count"] == 1 and listed["results"][0]["unit_name"] == "解放路街道司法所"
    assert api(accounts["leader"]).post("/api/casework-petitions/", body, format="json").status_code == 403


def test_mediator_api_masks_id_numbers(tree, accounts):
    comm = committee(tree["office"])
    mediator(tree["office"], comm, full_name="卫调解", id_number=ID_FEMALE)
    row = api(accounts["county_clerk"]).get("/api/casework-mediators/").json()["results"][0]
    assert row["id_number"] == "370102********5845"


def test_case_api_from_intake_to_archive(tree, accounts):
    client = api(accounts["office_staff"])
    response = client.post("/api/casework-cases/", {
        "unit": "370102001", "source": "court", "dispute_type": "contract", "title": "货款纠纷",
        "registered_on": "2025-03-03", "amount": "12000.00",
        "parties": [{"role": "applicant", "name": "甲公司"}, {"role": "respondent", "name": "乙某"}]},
        format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    refused = client.post(f"/api/casework-cases/{pk}/close/", {"outcome": "success", "closed_on": "2025-03-05"},
                          format="json")
    assert refused.status_code == 409 and refused.json()["status"] == ["案件尚未受理，不能结案（请先受理）"]
    assert client.post(f"/api/casework-cases/{pk}/accept/", {"accepted_on": "2025-03-04"},
                       format="json").status_code == 200
    refused = client.post(f"/api/casework-cases/{pk}/close/", {"outcome": "success", "closed_on": "2025-03-05"},
                          format="json")
    assert refused.json()["agreement_form"] == ["调解成功必须达成调解协议：请选择书面协议或口头协议"]
    done = client.post(f"/api/casework-cases/{pk}/close/", {
        "outcome": "success", "closed_on": "2025-03-05", "agreement_form": "written", "agreement_on": "2025-03-05",
        "agreement_amount": "10000", "agreement_content": "分两期付清"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "closed"
    done = client.post(f"/api/casework-cases/{pk}/archive/", {"archived_on": "2025-03-09",
                                                              "dossier_number": "A-1"}, format="json")
    assert done.json()["status"] == "archived"
    parties = client.get(f"/api/casework-parties/?case={pk}").json()
    assert [p["name"] for p in parties["results"]] == ["甲公司", "乙某"]
    # another county's case does not exist for this user, whatever the method
    foreign = case(tree["other_office"])
    assert client.get(f"/api/casework-cases/{foreign.pk}/accept/").status_code == 404
    assert client.post(f"/api/casework-cases/{foreign.pk}/accept/", {"accepted_on": "2025-03-04"},
                       format="json").status_code == 404


def test_schema_lists_casework_endpoints(accounts):
    schema = api(accounts["county_admin"]).get("/api/schema/").content.decode()
    for prefix in ("casework-cases", "casework-petitions", "casework-legalaid", "casework-info",
                   "casework-screenings", "casework-findings", "casework-mediators", "casework-committees"):
        assert f"/api/{prefix}/" in schema


# --- streaming import of cases -----------------------------------------------------------------------

HEADER = [c.header for c in importers.CASE_COLUMNS]


def sheet(rows) -> bytes:
    return xlsx_bytes(rows, HEADER)


def row(n, unit="370102001", **extra):
    values = {"单位代码": unit, "案件编号": f"（2025）调字第{n:04d}号", "登记日期": "2025-03-03",
              "案件来源": "当事人申请", "纠纷类型": "邻里", "纠纷简要": f"纠纷{n}", "涉及金额": 100,
              "申请人": f"申请人{n}", "申请人性别": "男", "申请人身份证号码": "", "被申请人": f"被申请人{n}",
              "纠纷事实": ""} | extra
    return [values[h] for h in HEADER]


def test_case_import_streams_in_batches(tree, accounts, monkeypatch):
    monkeypatch.setattr(importers, "CASE_BATCH", 7)
    count = importers.import_cases(content=sheet([row(n) for n in range(1, 31)]), user=accounts["office_staff"])
    assert count == 30 and MediationCase.objects.count() == 30 and CaseParty.objects.count() == 60
    assert ChangeLogEntry.objects.filter(content_type__model="mediationcase").count() == 30
    case = MediationCase.objects.get(number="（2025）调字第0030号")
    assert case.parties_display == "申请人30 与 被申请人30"
    entry = ChangeLogEntry.objects.get(content_type__model="mediationcase", object_id=str(case.pk))
    assert entry.unit_path == tree["office"].path and entry.username == accounts["office_staff"].username or \
        entry.source in ("system", "command")
    assert entry.after["number"] == "（2025）调字第0030号"
    assert [p["name"] for p in entry.after["parties"]] == ["申请人30", "被申请人30"]


def test_case_import_with_bad_rows_imports_nothing(tree, accounts, monkeypatch):
    monkeypatch.setattr(importers, "CASE_BATCH", 5)
    rows = [row(n) for n in range(1, 21)]
    rows[11] = row(12, 登记日期="2025-02-30")
    rows[13] = row(14, 申请人身份证号码="370102198502075846")
    rows[16] = row(3)                              # duplicate of row 4 (an earlier batch already written)
    with pytest.raises(ImportRejected) as exc:
        importers.import_cases(content=sheet(rows), user=accounts["office_staff"])
    assert exc.value.errors == [
        "第13行「登记日期」：「2025-02-30」不是存在的日期（2025年没有2月30日）",
        "第15行「申请人身份证号码」：身份证号码校验位错误：应为 5，实际为 6",
        "第18行「案件编号」：解放路街道司法所2025年已有案件编号 （2025）调字第0003号",
    ]
    assert MediationCase.objects.count() == 0 and CaseParty.objects.count() == 0


def test_case_import_refuses_other_county_and_existing_numbers(tree, accounts):
    case(tree["office"], number="（2025）调字第0002号")
    with pytest.raises(ImportRejected) as exc:
        importers.import_cases(content=sheet([row(1), row(2), row(3, unit="370103001"), row(4, unit="999")]),
                               user=accounts["office_staff"])
    assert exc.value.errors == [
        "第3行「案件编号」：解放路街道司法所2025年已有案件编号 （2025）调字第0002号",
        "第4行「单位代码」：单位代码 370103001 不存在，或不在您的管辖范围内",
        "第5行「单位代码」：单位代码 999 不存在",
    ]
    with pytest.raises(ImportRejected) as exc:
        importers.import_cases(content=sheet([row(1), row(2)]), user=accounts["office_staff"])
    assert exc.value.errors == ["第3行「案件编号」：解放路街道司法所2025年已有案件编号 （2025）调字第0002号"]
    assert MediationCase.objects.count() == 1


def test_case_import_page(tree, accounts):
    from tests.conftest import client_for

    client = client_for(accounts["office_staff"])
    upload = io.BytesIO(sheet([row(1), row(2, 纠纷类型="吵架")]))
    upload.name = "cases.xlsx"
    response = client.post("/casework/cases/import/", {"file": upload})
    assert response.status_code == 400
    assert "第3行「纠纷类型」：「吵架」不是有效的纠纷类型" in response.content.decode()
    upload = io.BytesIO(sheet([row(1), row(2)]))
    upload.name = "cases.xlsx"
    assert client.post("/casework/cases/import/", {"file": upload}).status_code == 302
    assert MediationCase.objects.count() == 2
    broken = io.BytesIO(b"not a spreadsheet")
    broken.name = "x.xlsx"
    assert "无法读取该文件" in client.post("/casework/cases/import/", {"file": broken}).content.decode()


def test_case_import_names_missing_columns_and_reads_columns_in_any_order(tree, accounts):
    header = [h for h in HEADER if h not in ("登记日期", "申请人")]
    with pytest.raises(ImportRejected) as exc:
        importers.import_cases(content=xlsx_bytes([[row(1)[HEADER.index(h)] for h in header]], header),
                               user=accounts["office_staff"])
    assert exc.value.errors == ["第1行：缺少必填列「登记日期」", "第1行：缺少必填列「申请人」"]
    reordered = list(reversed(HEADER))
    rows = [[row(1)[HEADER.index(h)] for h in reordered], [row(2, 纠纷简要="")[HEADER.index(h)] for h in reordered]]
    with pytest.raises(ImportRejected) as exc:
        importers.import_cases(content=xlsx_bytes(rows, reordered), user=accounts["office_staff"])
    assert exc.value.errors == ["第3行「纠纷简要」：不能为空"]
    assert importers.import_cases(content=xlsx_bytes(rows[:1], reordered), user=accounts["office_staff"]) == 1
    assert MediationCase.objects.get().title == "纠纷1"
