"""Registers as Word and PDF downloads (the paper layout of the print view), and deleting a mistaken record."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from sifasuo.casework.models import Petition
from sifasuo.core.documents import CONTENT_TYPES
from tests.conftest import client_for
from tests.documents import need_libreoffice, without_libreoffice
from tests.scope_builders.casework import ID_FEMALE, record

D = datetime.date
pytestmark = pytest.mark.django_db


def _petitions(tree):
    record(Petition, unit=tree["office"], kind="letter", received_on=D(2025, 3, 5), petitioner="吴某",
           subject="土地承包纠纷", result="pending")
    record(Petition, unit=tree["office"], kind="visit", received_on=D(2025, 3, 9), petitioner="陈某",
           subject="宅基地界址", result="pending")
    record(Petition, unit=tree["office"], kind="visit", received_on=D(2025, 2, 5), petitioner="郑某",
           subject="二月来访", result="pending")
    record(Petition, unit=tree["other_office"], kind="visit", received_on=D(2025, 3, 6), petitioner="外县某",
           subject="外县来访", result="pending")


def _docx_text(content: bytes) -> tuple[list[str], list[list[str]]]:
    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    table = doc.tables[0]
    return paragraphs, [[cell.text for cell in row.cells] for row in table.rows]


def test_register_as_word_has_title_unit_period_columns_and_rows(tree, accounts):
    _petitions(tree)
    response = client_for(accounts["county_clerk"]).get(
        reverse("casework:petitions_print") + "?within=370102001&month=2025-03&download=docx")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES["docx"]
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    paragraphs, rows = _docx_text(response.content)
    assert paragraphs[0] == "来信来访登记簿"
    assert "单位：解放路街道司法所" in paragraphs[1] and "期间：2025-03" in paragraphs[1] and "共 2 条" in paragraphs[1]
    assert any("审核人（所长）" in p for p in paragraphs)
    header = rows[0]
    assert header[:3] == ["序号", "登记日期", "方式"] and "单位" not in header   # one unit: in the heading
    body = rows[1:]
    assert [(r[0], r[1], r[header.index("来信来访人")]) for r in body] == [
        ("1", "2025-03-05", "吴某"), ("2", "2025-03-09", "陈某")]
    text = str(rows)
    assert "郑某" not in text and "外县" not in text       # outside the period, outside the scope


def test_word_of_an_empty_period_says_so(tree, accounts):
    response = client_for(accounts["office_director"]).get(
        reverse("casework:meetings_print") + "?month=2024-01&download=docx")
    paragraphs, rows = _docx_text(response.content)
    assert paragraphs[0] == "学习会议登记簿" and "共 0 条" in paragraphs[1]
    assert "本期无记录" in rows[1]


def test_every_register_downloads_as_word(tree, accounts):
    from sifasuo.casework.registers import CASES, SPECS

    client = client_for(accounts["office_director"])
    for spec in [CASES, *SPECS]:
        response = client.get(reverse(f"casework:{spec.key}_print") + "?download=docx")
        assert response.status_code == 200, spec.key
        assert _docx_text(response.content)[0][0] == spec.title


def test_mediator_ids_stay_masked_in_word(tree, accounts):
    from tests.scope_builders.casework import committee, mediator

    c = committee(tree["office"])
    mediator(tree["office"], c, full_name="调解员甲", sex="F", id_number=ID_FEMALE)
    response = client_for(accounts["office_director"]).get(reverse("casework:mediators_print") + "?download=docx")
    text = str(_docx_text(response.content))
    assert "调解员甲" in text and ID_FEMALE not in text


def test_unknown_download_format_is_404(tree, accounts):
    response = client_for(accounts["office_director"]).get(reverse("casework:petitions_print") + "?download=odt")
    assert response.status_code == 404


def test_register_as_pdf(tree, accounts):
    need_libreoffice()
    _petitions(tree)
    response = client_for(accounts["office_director"]).get(
        reverse("casework:petitions_print") + "?month=2025-03&download=pdf")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pdf_without_libreoffice_is_a_chinese_503(tree, accounts, monkeypatch, tmp_path):
    without_libreoffice(monkeypatch, tmp_path)
    response = client_for(accounts["office_director"]).get(reverse("casework:petitions_print") + "?download=pdf")
    assert response.status_code == 503
    assert "LibreOffice" in response.content.decode() and "Word" in response.content.decode()


# --- deleting a mistaken record ---------------------------------------------------------------------------

def test_registered_case_deleted_after_confirmation_and_logged(tree, accounts):
    from sifasuo.casework.models import CaseParty, MediationCase
    from sifasuo.core.models import ChangeLogEntry
    from tests.scope_builders.casework import case

    c = case(tree["office"], applicant="错登某")
    client = client_for(accounts["office_staff"])
    detail = client.get(reverse("casework:cases_detail", args=[c.pk])).content.decode()
    assert reverse("casework:cases_delete", args=[c.pk]) in detail
    confirm = client.get(reverse("casework:cases_delete", args=[c.pk]))
    assert confirm.status_code == 200 and "确认删除" in confirm.content.decode()
    assert MediationCase.objects.filter(pk=c.pk).exists()                  # GET deletes nothing
    response = client.post(reverse("casework:cases_delete", args=[c.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("casework:cases_list")
    assert not MediationCase.objects.filter(pk=c.pk).exists() and CaseParty.objects.count() == 0
    entry = ChangeLogEntry.objects.get(content_type__model="mediationcase", object_id=str(c.pk), action="delete")
    assert entry.username == "o_staff" and entry.before["number"] == c.number
    assert ChangeLogEntry.objects.filter(content_type__model="caseparty", action="delete").count() == 2


def test_case_that_moved_on_is_not_deleted(tree, accounts):
    from sifasuo.casework import services
    from sifasuo.casework.models import MediationCase
    from tests.scope_builders.casework import case, closed_case

    client = client_for(accounts["office_staff"])
    accepted = case(tree["office"], applicant="受理某")
    services.accept_case(actor=None, case=accepted, accepted_on=D(2025, 3, 4))
    closed = closed_case(tree["office"], applicant="结案某")
    for c, words in ((accepted, "目前为“调解中”，不能删除"), (closed, "目前为“已结案”，不能删除")):
        page = client.get(reverse("casework:cases_delete", args=[c.pk]))
        assert words in page.content.decode() and "确认删除" not in page.content.decode()
        response = client.post(reverse("casework:cases_delete", args=[c.pk]))
        assert response.status_code == 400 and words in response.content.decode()
        assert MediationCase.objects.filter(pk=c.pk).exists()
    assert "删除登记错误的案件" not in client.get(reverse("casework:cases_detail", args=[closed.pk])).content.decode()


def test_screening_with_findings_stays_and_a_deleted_case_gives_its_finding_back(tree, accounts):
    from sifasuo.casework import services
    from sifasuo.casework.models import ScreeningFinding, ScreeningRound

    rnd = record(ScreeningRound, unit=tree["office"], kind="routine", held_on=D(2025, 3, 5), scope="全街道",
                 summary="排查")
    finding = record(ScreeningFinding, unit=tree["office"], screening=rnd, found_on=D(2025, 3, 5),
                     description="土地纠纷", dispute_type="land", risk_level="high", status="open")
    c = services.register_case(actor=None, unit=tree["office"], registered_on=D(2025, 3, 6), source="initiative",
                               dispute_type="land", title="土地纠纷", parties=[{"role": "applicant", "name": "甲"}],
                               finding=finding)
    client = client_for(accounts["office_staff"])
    response = client.post(reverse("casework:screenings_delete", args=[rnd.pk]))
    assert response.status_code == 400
    assert "本次排查已登记 1 条发现的纠纷，请先删除这些纠纷，再删除排查记录" in response.content.decode()
    response = client.post(reverse("casework:findings_delete", args=[finding.pk]))
    assert response.status_code == 400 and f"该纠纷已转为调解案件 {c.number}，不能删除" in response.content.decode()
    assert client.post(reverse("casework:cases_delete", args=[c.pk])).status_code == 302
    finding.refresh_from_db()
    assert finding.case is None and finding.status == "open"
    assert client.post(reverse("casework:findings_delete", args=[finding.pk])).status_code == 302
    assert client.post(reverse("casework:screenings_delete", args=[rnd.pk])).status_code == 302
    assert not ScreeningRound.objects.exists()


def test_register_entry_deleted_or_refused(tree, accounts):
    from sifasuo.casework.models import Mediator
    from sifasuo.casework.services import accept_case
    from tests.scope_builders.casework import case, committee, mediator

    p = record(Petition, unit=tree["office"], kind="letter", received_on=D(2025, 3, 5), petitioner="误登某",
               subject="误登", result="pending")
    client = client_for(accounts["office_director"])
    assert "删除" in client.get(reverse("casework:petitions_detail", args=[p.pk])).content.decode()
    assert client.post(reverse("casework:petitions_delete", args=[p.pk])).status_code == 302
    assert not Petition.objects.filter(pk=p.pk).exists()
    # a mediator assigned to a case stays
    comm = committee(tree["office"])
    m = mediator(tree["office"], comm, full_name="办案调解员")
    c = case(tree["office"])
    accept_case(actor=None, case=c, accepted_on=D(2025, 3, 4), mediators=[m])
    response = client.post(reverse("casework:mediators_delete", args=[m.pk]))
    assert response.status_code == 400
    assert "该调解员已被指定办理 1 件调解案件，不能删除；离任请填写离任日期" in response.content.decode()
    assert Mediator.objects.filter(pk=m.pk).exists()
    # the committee with members and cases stays too
    response = client.post(reverse("casework:committees_delete", args=[comm.pk]))
    assert response.status_code == 400 and "调委会已登记 1 名调解员、0 件调解案件，不能删除" in response.content.decode()


def test_delete_is_scoped_and_needs_the_edit_role(tree, accounts):
    foreign = record(Petition, unit=tree["other_office"], kind="letter", received_on=D(2025, 3, 5),
                     petitioner="外县某", subject="外县", result="pending")
    own = record(Petition, unit=tree["office"], kind="letter", received_on=D(2025, 3, 5), petitioner="本所某",
                 subject="本所", result="pending")
    assert client_for(accounts["county_clerk"]).post(
        reverse("casework:petitions_delete", args=[foreign.pk])).status_code == 404
    assert client_for(accounts["leader"]).post(reverse("casework:petitions_delete", args=[own.pk])).status_code == 403
    assert Petition.objects.count() == 2


def test_api_delete_follows_the_same_rules(tree, accounts):
    from sifasuo.casework.models import Mediator
    from sifasuo.casework.services import accept_case
    from tests.scope_builders.casework import case, committee, mediator

    m = mediator(tree["office"], committee(tree["office"]), full_name="接口调解员")
    accept_case(actor=None, case=case(tree["office"]), accepted_on=D(2025, 3, 4), mediators=[m])
    api = client_for(accounts["county_clerk"])
    response = api.delete(f"/api/casework-mediators/{m.pk}/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该调解员已被指定办理 1 件调解案件，不能删除；离任请填写离任日期"]}
    assert Mediator.objects.filter(pk=m.pk).exists()
    p = record(Petition, unit=tree["office"], kind="letter", received_on=D(2025, 3, 5), petitioner="接口某",
               subject="误登", result="pending")
    assert api.delete(f"/api/casework-petitions/{p.pk}/").status_code == 204
