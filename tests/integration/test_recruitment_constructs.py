"""The web app under the test policies of tests/policies/ (issue 13): a county whose announcement fits one of
them runs its recruitment with 有条件通过 carried to the staff record and its alert, the reviewer's findings on
the review page, a named list imported from Excel and used by screening, and a plan above the quota's upper
bound refused. Real database (SQLite or PostgreSQL), real .xlsx and .docx files read back."""

from __future__ import annotations

import datetime
import io
import random
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import Workbook

from sifasuo.accounts.roles import Role
from sifasuo.alerts.engine import collect
from sifasuo.core import idnumbers
from sifasuo.core.models import ChangeLogEntry
from sifasuo.orgunits.choices import Level
from sifasuo.recruitment import documents, policies, services
from sifasuo.recruitment.choices import ApplicationStatus
from sifasuo.recruitment.models import Application, NamedList
from sifasuo.staff import services as staff_services
from sifasuo.staff.models import Obligation
from tests import factories
from tests.conftest import client_for
from tests.spreadsheets import xlsx_bytes

pytestmark = pytest.mark.django_db
TEST_POLICIES = Path(__file__).resolve().parents[1] / "policies"
SHIPPED = Path(__file__).resolve().parents[2] / "policies"


@pytest.fixture
def policy_dir(tmp_path, settings):
    """The shipped policies and the test policies in one directory, as if the counties had added their files."""
    folder = tmp_path / "policies"
    folder.mkdir()
    for source in [*SHIPPED.glob("*.yaml"), *TEST_POLICIES.glob("*.yaml")]:
        shutil.copy(source, folder / source.name)
    settings.POLICY_DIR = str(folder)
    return folder


def tree(province: tuple[str, str], city: tuple[str, str], county: tuple[str, str]) -> dict:
    u = factories.unit
    t = {"province": u(*province, Level.PROVINCE)}
    t["city"] = u(*city, Level.CITY, t["province"])
    t["county"] = u(*county, Level.COUNTY, t["city"])
    t["office"] = u(county[0] + "100", "城关镇司法所", Level.OFFICE, t["county"], population=60000)
    t["clerk"] = factories.user(f"clerk{county[0]}", Role.COUNTY_CLERK, t["county"])
    t["hr"] = factories.user(f"hr{county[0]}", Role.HR_REVIEWER, t["county"])
    return t


def person(seed: int, region: str, **extra) -> dict:
    birth = datetime.date(1995, 5, 20)
    values = {"full_name": f"应聘{seed}", "birth_date": birth, "sex": "M", "education": "bachelor", "major": "法学",
              "id_number": idnumbers.generate(random.Random(seed), region_code=region, birth_date=birth, sex="M"),
              "household_region": region, "residence_region": region}
    values.update(extra)
    return values


def announce(t: dict, track: str = "public", positions: int = 1, *, announced=datetime.date(2025, 3, 10)):
    return services.create_announcement(
        county=t["county"], title=f"{t['county'].name}2025年司法协理员招聘公告", announced_on=announced,
        registration_start=announced, registration_deadline=announced + datetime.timedelta(days=20),
        posts=[{"office": t["office"], "track": track, "positions": positions}])


def declarations(policy, track):
    return {code: False for code, *_ in services.declaration_items(policy, track)}


# --- 2. conditional eligibility, from the application to the staff record's alert --------------------------


def test_conditional_pass_runs_through_to_the_staff_record(policy_dir):
    t = tree(("230000", "黑龙江省司法厅"), ("230600", "大庆市司法局"), ("230623", "林甸县司法局"))
    ann = announce(t)
    policy = policies.load(ann.policy_id)
    assert ann.policy_id == "conditional-2025"  # the county's own file, more local than the city's
    post = ann.posts.get()
    # the county enters applications through the page: study mode and exception conditions are asked
    clerk = client_for(t["clerk"])
    form = clerk.get(f"/recruitment/announcements/{ann.pk}/applications/new/").content.decode()
    assert "学习形式" in form and "例外条件（放宽资格条件）" in form and "退役军人" in form
    veteran = person(1, "230623", education="senior_high", major="")
    response = clerk.post(f"/recruitment/announcements/{ann.pk}/applications/new/", {
        "post": post.pk, **{k: v for k, v in veteran.items()}, "birth_date": "1995-05-20",
        "study_mode": "full_time", "exception_conditions": ["veteran"],
        **{f"decl_{code}": "no" for code in declarations(policy, "public")}})
    assert response.status_code == 302, response.content.decode()[:3000]
    conditional = Application.objects.get(full_name="应聘1")
    assert conditional.conditions == ["veteran"] and conditional.study_mode == "full_time"
    others = [services.submit_application(post=post, data={**person(seed, "230623"),
                                                           "declarations": declarations(policy, "public")})
              for seed in (2, 3, 4)]
    counts = services.screen_announcement(announcement=ann, today=datetime.date(2025, 4, 1))
    assert counts == {"eligible": 4, "ineligible": 0, "conditional": 1, "preview": False}
    conditional.refresh_from_db()
    assert conditional.verdict_label == "有条件通过" and conditional.status == ApplicationStatus.ELIGIBLE
    assert conditional.obligations == [{"rule_id": "LD-2.2", "text": "在首个聘用合同期内取得大专及以上学历",
                                        "due": "contract_end", "months": None, "date": None,
                                        "due_zh": "首个聘用合同期满前"}]
    page = clerk.get(conditional.get_absolute_url()).content.decode()
    assert "系统结论：有条件通过" in page and "LD-2.2：在首个聘用合同期内取得大专及以上学历（首个聘用合同期满前）" in page
    listing = clerk.get(f"/recruitment/announcements/{ann.pk}/applications/").content.decode()
    assert listing.count("有条件通过") == 1
    review = Document(io.BytesIO(documents.qualification_review_docx(ann)))
    text = "\n".join(cell.text for table in review.tables for row in table.rows for cell in row.cells)
    assert "有条件通过" in text and "须履行：LD-2.2：在首个聘用合同期内取得大专及以上学历" in text
    assert "有条件通过1人" in "\n".join(p.text for p in review.paragraphs)
    # the reviewer confirms; scores, shortlist, interview and ranking carry the condition
    services.review_application(application=conditional, decision="confirm", reason="", reviewer=t["hr"])
    for application, written in zip([conditional, *others], ["90", "80", "70", "60"], strict=True):
        application.refresh_from_db()
        services.record_scores(application=application, written=written)
    services.shortlist_for_interview(announcement=ann)
    for application in [conditional, *others[:2]]:
        application.refresh_from_db()
        services.record_scores(application=application, interview_marks=[85] * 5)
    services.rank_final(announcement=ann)
    conditional.refresh_from_db()
    assert conditional.status == ApplicationStatus.CANDIDATE and conditional.rank == 1
    assert "有条件通过资格审查：LD-2.2：在首个聘用合同期内取得大专及以上学历（首个聘用合同期满前）" in conditional.rank_notes
    ranking = Document(io.BytesIO(documents.ranking_docx(ann)))
    assert "有条件通过资格审查" in "\n".join(c.text for tb in ranking.tables for r in tb.rows for c in r.cells)
    # notice and hire: the obligation becomes the staff record's, with the contract's end as deadline
    services.start_notice(announcement=ann, start=datetime.date(2025, 5, 6))
    ann.refresh_from_db()
    conditional.refresh_from_db()
    member = services.hire(application=conditional, contract_start=datetime.date(2025, 6, 1),
                           today=ann.notice_end + datetime.timedelta(days=1))
    (obligation,) = Obligation.objects.filter(staff=member)
    assert (obligation.rule_id, obligation.text, obligation.due) == (
        "LD-2.2", "在首个聘用合同期内取得大专及以上学历", datetime.date(2028, 5, 31))
    staff_page = client_for(t["clerk"]).get(f"/staff/{member.pk}/").content.decode()
    assert "有条件聘用须履行的义务" in staff_page and "尚未履行" in staff_page
    # an alert from three months before the deadline, gone once fulfilment is recorded
    assert not collect(t["county"].path, datetime.date(2028, 2, 1), codes=["staff.obligation_due"])
    (alert,) = collect(t["county"].path, datetime.date(2028, 3, 2), codes=["staff.obligation_due"])
    assert alert.message == "有条件聘用须履行：在首个聘用合同期内取得大专及以上学历（LD-2.2），期限 2028-05-31，90 天后到期"
    (late,) = collect(t["county"].path, datetime.date(2028, 6, 10), codes=["staff.obligation_due"])
    assert late.message.endswith("已逾期 10 天")
    response = client_for(t["clerk"]).post(f"/staff/{member.pk}/record/obligation/", {
        "obligation": obligation.pk, "fulfilled_on": "2026-07-01", "note": "取得大专学历证书"})
    assert response.status_code == 302
    assert not collect(t["county"].path, datetime.date(2028, 6, 10), codes=["staff.obligation_due"])
    with pytest.raises(ValidationError, match="已于 2026-07-01 登记履行"):
        staff_services.fulfil_obligation(actor=t["clerk"], staff=member, obligation=obligation.pk,
                                         fulfilled_on=datetime.date(2026, 7, 2))


# --- 10. reviewer-only findings on the review page -----------------------------------------------------------


def test_the_reviewer_records_findings_on_the_review_page(policy_dir):
    t = tree(("140000", "山西省司法厅"), ("140300", "阳泉市司法局"), ("140303", "矿区司法局"))
    ann = announce(t)
    policy = policies.load(ann.policy_id)
    application = services.submit_application(post=ann.posts.get(), data={
        **person(1, "140303"), "declarations": declarations(policy, "public")})
    services.screen_announcement(announcement=ann)
    application.refresh_from_db()
    assert application.eligible is True
    hr = client_for(t["hr"])
    page = hr.get(application.get_absolute_url()).content.decode()
    assert "待审查人员认定" in page
    assert "考察（政审）认定不宜聘用（RV-3.2，审查人员认定）" in page and "尚未认定" in page
    response = hr.post(f"/recruitment/applications/{application.pk}/review/", {
        "finding_unsuitable_other": "no", "finding_failed_background_check": "yes", "decision": "confirm",
        "reason": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.reviewer_findings == {"unsuitable_other": False, "failed_background_check": True}
    assert application.status == ApplicationStatus.INELIGIBLE and application.eligible is False
    failed = [r["message"] for r in application.auto_reasons if r["passed"] is False]
    assert failed == ["RV-3.2：存在以下情形：“考察（政审）认定不宜聘用”，不得招聘为司法协理员"]
    assert ChangeLogEntry.objects.filter(object_id=str(application.pk), action="update").exists()
    # the finding withdrawn, the application passes again and nothing waits for a reviewer
    hr.post(f"/recruitment/applications/{application.pk}/review/", {
        "finding_unsuitable_other": "no", "finding_failed_background_check": "no", "decision": "confirm"})
    application.refresh_from_db()
    assert application.eligible is True
    assert not [r for r in application.auto_reasons if r.get("review")]
    with pytest.raises(ValidationError, match="未知的审查人员认定项：criminal_punishment"):
        services.review_application(application=application, decision="confirm", reason="", reviewer=t["hr"],
                                    findings={"criminal_punishment": True})
    # the API takes the same findings (null: not yet assessed) and returns them with the verdict's obligations
    response = hr.post(f"/api/recruitment-applications/{application.pk}/review/",
                       {"decision": "confirm", "findings": {"unsuitable_other": True, "failed_background_check": None}},
                       content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["reviewer_findings"] == {"unsuitable_other": True} and data["status"] == "ineligible"
    assert data["obligations"] == []


# --- 7. named lists imported from Excel and used by screening -------------------------------------------------


def list_file(ids: list[str]) -> bytes:
    return xlsx_bytes([["序号", "姓名", "身份证号码"],
                       *([number, f"辅助人员{number}", value] for number, value in enumerate(ids, start=1))],
                      header=["全省司法辅助人员在册名单"])


def test_a_named_list_imported_and_used_by_screening(policy_dir):
    from django.core.files.uploadedfile import SimpleUploadedFile

    t = tree(("140000", "山西省司法厅"), ("140300", "阳泉市司法局"), ("140322", "盂县司法局"))
    province_clerk = factories.user("sx_clerk", Role.PROVINCE_CLERK, t["province"])
    outsider = factories.user("hlj_clerk", Role.PROVINCE_CLERK,
                              factories.unit("230000", "黑龙江省司法厅", Level.PROVINCE))
    ann = announce(t, "internal")
    policy = policies.load(ann.policy_id)
    on, off = (person(seed, "140322", is_existing_auxiliary=True, auxiliary_region="140322") for seed in (1, 2))
    for data in (on, off):
        services.submit_application(post=ann.posts.get(), data={**data, "declarations": declarations(policy, "internal")})
    with pytest.raises(ValidationError, match="须核对申请人是否在“司法辅助人员在册名单”中，但没有提供该名单"):
        services.screen_announcement(announcement=ann)
    client = client_for(province_clerk)
    bad_id = on["id_number"][:-1] + ("0" if on["id_number"][-1] != "0" else "1")
    response = client.post("/recruitment/lists/import/", {
        "unit": t["province"].pk, "code": "auxiliary_roster", "name": "全省司法辅助人员在册名单",
        "as_of": "2024-06-30", "file": SimpleUploadedFile("在册名单.xlsx", list_file([on["id_number"], bad_id]))})
    assert response.status_code == 400
    assert "第4行「身份证号码」（C列）：身份证号码校验位错误" in response.content.decode()
    assert not NamedList.objects.exists()
    response = client.post("/recruitment/lists/import/", {
        "unit": t["province"].pk, "code": "auxiliary_roster", "name": "全省司法辅助人员在册名单",
        "as_of": "2024-06-30", "file": SimpleUploadedFile("在册名单.xlsx", list_file([on["id_number"]]))})
    assert response.status_code == 302
    named = NamedList.objects.get()
    assert (named.unit, named.size, named.source) == (t["province"], 1, "在册名单.xlsx")
    assert ChangeLogEntry.objects.filter(object_id=str(named.pk), action="create").exists()
    detail = client.get(named.get_absolute_url()).content.decode()
    assert idnumbers.mask(on["id_number"]) in detail and on["id_number"] not in detail
    # scoped: a bureau of another province neither sees nor may import it there
    assert client_for(outsider).get(named.get_absolute_url()).status_code == 404
    assert "全省司法辅助人员在册名单" not in client_for(outsider).get("/recruitment/lists/").content.decode()
    refused = client_for(outsider).post("/recruitment/lists/import/", {
        "unit": t["province"].pk, "code": "auxiliary_roster", "as_of": "2024-06-30",
        "file": SimpleUploadedFile("x.xlsx", list_file([on["id_number"]]))})
    assert refused.status_code == 400 and NamedList.objects.get().size == 1
    # the county's screening uses the province's list
    services.screen_announcement(announcement=ann)
    verdicts = {a.full_name: a.eligible for a in Application.objects.all()}
    assert verdicts == {"应聘1": True, "应聘2": False}
    failed = Application.objects.get(full_name="应聘2").auto_reasons
    assert any(r["message"] == "YX-2.5：身份证号码不在“司法辅助人员在册名单”（2024年6月30日）中，不符合要求"
               for r in failed)
    # importing the same list and date again replaces its people (logged as a change of size)
    services.import_named_list(unit=t["province"], code="auxiliary_roster", name="", as_of=datetime.date(2024, 6, 30),
                               content=list_file([on["id_number"], off["id_number"]]), source="更新.xlsx",
                               actor=province_clerk)
    named.refresh_from_db()
    assert named.size == 2 and named.entries.count() == 2
    change = ChangeLogEntry.objects.filter(object_id=str(named.pk), action="update").latest("id")
    assert (change.before["size"], change.after["size"]) == (1, 2)


# --- 9. quota bounds: a plan above the maximum is refused ----------------------------------------------------


def test_plan_above_the_upper_bound_is_refused_and_the_quota_page_shows_both(policy_dir):
    t = tree(("230000", "黑龙江省司法厅"), ("230600", "大庆市司法局"), ("230604", "让胡路区司法局"))
    for i in range(4):
        factories.staff_member(t["office"], full_name=f"协理员{i}", staff_type="judicial_assistant",
                               birth_date=datetime.date(1990, 1, 1 + i))
    page = client_for(t["clerk"]).get("/recruitment/plans/quota/").content.decode()
    assert "应有人数（下限）" in page and "上限" in page and "至多可招聘" in page
    assert "RH-8：每个司法所司法协理员不少于2人、不超过5人；城关镇司法所现有4人（司法协理员4人），已达到要求，至多可招聘1人" in page
    assert "让胡路区司法局至多可招聘 1 人" in page
    plan = services.draft_plan(county=t["county"], year=2025, actor=t["clerk"])
    with pytest.raises(ValidationError) as caught:
        services.set_planned(plan=plan, planned={t["office"].pk: 2})
    assert caught.value.messages == [
        "RH-8：每个司法所司法协理员不超过5人，「城关镇司法所」现有计入4人，计划招聘2人，合计6人，超过上限；至多可招聘1人"]
    services.set_planned(plan=plan, planned={t["office"].pk: 1})
    services.submit_plan(plan=plan, actor=t["clerk"])
    # a line above the bound that slipped in (the policy changed after drafting) still cannot be submitted
    plan.status = "draft"
    plan.save()
    plan.lines.update(planned=3)
    with pytest.raises(ValidationError, match="RH-8：每个司法所司法协理员不超过5人"):
        services.submit_plan(plan=plan, actor=t["clerk"])


# --- 3. study mode in the county's Excel import of applications -----------------------------------------------


def test_the_application_import_reads_the_study_mode(policy_dir):
    from django.core.files.uploadedfile import SimpleUploadedFile

    t = tree(("140000", "山西省司法厅"), ("140300", "阳泉市司法局"), ("140321", "平定县司法局"))
    ann = announce(t)
    clerk = client_for(t["clerk"])
    url = f"/recruitment/announcements/{ann.pk}/applications/import/"
    wb = Workbook()
    ws = wb.active
    template = Workbook()  # the header as the page's template gives it
    from openpyxl import load_workbook

    header = [c.value for c in load_workbook(io.BytesIO(clerk.get(url + "?template=1").content)).worksheets[0][1]]
    assert header[4:7] == ["学历", "学习形式", "专业"]
    ws.append(header)
    for seed, education, mode in ((1, "大专（全日制）", None), (2, "本科（非全日制）", None), (3, "大学本科", "全日制")):
        data = person(seed, "140321")
        cells = {"姓名": data["full_name"], "身份证号码": data["id_number"], "性别": "男", "出生日期": "1995-05-20",
                 "学历": education, "学习形式": mode, "专业": "法学", "岗位代码": "001", "户籍所在地代码": "140321",
                 "居住地代码": "140321", "现为专职辅助人员": "否", "受过刑事处罚": "否"}
        ws.append([cells.get(name) for name in header])
    buffer = io.BytesIO()
    wb.save(buffer)
    del template
    response = clerk.post(url, {"file": SimpleUploadedFile("报名.xlsx", buffer.getvalue())})
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert {a.full_name: (a.education, a.study_mode) for a in Application.objects.all()} == {
        "应聘1": ("junior_college", "full_time"), "应聘2": ("bachelor", "part_time"), "应聘3": ("bachelor", "full_time")}
    services.screen_announcement(announcement=ann)
    assert {a.full_name: a.eligible for a in Application.objects.all()} == {"应聘1": True, "应聘2": False, "应聘3": True}
