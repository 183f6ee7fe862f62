"""Office standardization and workstations: checklists from real staff and subjects, bad input refused in
Chinese, coverage rolled up against a hand count, plan progress across counties, alerts at their boundary,
the API."""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.alerts import engine as alerts
from sifasuo.core import idnumbers
from sifasuo.core.models import ChangeLogEntry
from sifasuo.standards import selectors, services
from sifasuo.standards.models import (
    EquipmentItem,
    FollowUp,
    InspectionPhoto,
    MilestoneProgress,
    OfficeProfile,
    Plan,
    WorkstationProfile,
)
from tests.conftest import client_for
from tests.spreadsheets import xlsx_upload
from tests.standards_fixtures import full_premises, hire

TODAY = datetime.date.today()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def equip_fully(office):
    standard = selectors.standard_for(office)[0]
    for code in standard.items_of("equipment"):
        services.add_equipment(actor=None, unit=office, item=code, name=f"{code} 一台")


def register_subjects(office, n):
    from sifasuo.correction import services as correction

    rng = random.Random(n)
    for i in range(n):
        birth = datetime.date(1980, 1, 1) + datetime.timedelta(days=i * 37)
        correction.register_subject(
            actor=None, unit=office, number=f"JZ{office.code}{i:03d}", full_name=f"对象{i}",
            id_number=idnumbers.generate(rng, region_code=office.code[:6], birth_date=birth, sex="M"),
            crime="盗窃罪", sentence_type="probation", effective_on=TODAY - datetime.timedelta(days=30),
            start_on=TODAY - datetime.timedelta(days=30), end_on=TODAY + datetime.timedelta(days=300))


# --- the office checklist ---------------------------------------------------------------------------


def test_office_checklist_page_says_what_this_office_needs(wuhu):
    office = wuhu["township"]
    services.save_office_profile(actor=None, unit=office, **full_premises(office), )
    equip_fully(office)
    hire(office, "correction_assistant")
    hire(office, "resettlement_assistant")
    hire(office, "full_time_mediator")
    page = client_for(wuhu["clerk"]).get(f"/standards/offices/{office.pk}/").content.decode()
    # population 100,000: 200 m² (WH-5); one mediator required, a second only advised (WH-3.3 "可按比例再配备")
    assert "应配 1 名专职人民调解员" in page and "缺 1 名专职人民调解员" not in page
    assert "建议：辖区人口 100000，达到 100000，可按比例再配备 1 名（选配，不计入达标）" in page
    assert "乡镇人口10万以上：不少于 200 m²" in page
    assert "全部达标" in page and "参照执行" not in page
    hire(office, "full_time_mediator")
    page = client_for(wuhu["clerk"]).get(f"/standards/offices/{office.pk}/").content.decode()
    assert "全部达标" in page and "可按比例再配备" not in page


def test_forty_correction_subjects_advise_a_second_assistant(wuhu):
    office = wuhu["street"]
    services.save_office_profile(actor=None, unit=office, **full_premises(office))
    equip_fully(office)
    for kind in ("correction_assistant", "resettlement_assistant", "full_time_mediator"):
        hire(office, kind)
    register_subjects(office, 39)
    assert selectors.office_check(office).compliant
    from sifasuo.correction import services as correction

    birth = datetime.date(1975, 5, 5)
    correction.register_subject(
        actor=None, unit=office, number="JZ-40", full_name="第四十名", crime="诈骗罪", sentence_type="probation",
        id_number=idnumbers.generate(random.Random(40), region_code="340202", birth_date=birth, sex="F"),
        effective_on=TODAY - datetime.timedelta(days=3), start_on=TODAY - datetime.timedelta(days=3),
        end_on=TODAY + datetime.timedelta(days=200))
    check = selectors.office_check(office)
    result = check.checklist.result("WH-3.1")
    assert check.facts["correction_subjects"] == 40
    # WH-3: "可按比例再配备1—2名" is optional: 建议, never 未达标 and not against the compliance rate
    assert result.met and result.gap == "" and check.compliant
    page = client_for(wuhu["clerk"]).get(f"/standards/offices/{office.pk}/").content.decode()
    assert "建议：在册社区矫正对象 40，达到 40，可按比例再配备 1 名（选配，不计入达标）" in page
    assert "未达标" not in page


def test_a_page_of_offices_counts_only_its_own_subjects_and_their_workstations(wuhu):
    """The office list reads the registers' counts for its page's offices only (D52) — subjects registered at a
    workstation still count for its office — and gets what the whole subtree's computation gets."""
    register_subjects(wuhu["village"], 3)          # at 方村镇's workstation: 方村镇's
    register_subjects(wuhu["street"], 2)
    register_subjects(wuhu["other_office"], 4)     # another county's office, under the same city
    whole = {c.unit.id: c.facts["correction_subjects"] for c in selectors.office_checks(wuhu["city"].path)}
    page = selectors.office_checks(wuhu["city"].path, unit_ids=[wuhu["township"].id, wuhu["street"].id])
    assert {c.unit.id: c.facts["correction_subjects"] for c in page} == {
        wuhu["township"].id: 3, wuhu["street"].id: 2} == {k: whole[k] for k in (wuhu["township"].id, wuhu["street"].id)}
    listed = client_for(wuhu["city_clerk"]).get("/standards/offices/").content.decode()
    assert "方村镇司法所" in listed and "弋江街道司法所" in listed


def test_filling_premises_through_the_page_and_its_log(wuhu):
    office = wuhu["street"]
    client = client_for(wuhu["clerk"])
    standard = selectors.standard_for(office)[0]
    response = client.post(f"/standards/offices/{office.pk}/premises/", {
        "floor_area": "130", "tenure": "owned", "property_certificate": "true", "premises_independent": "true",
        "rooms": list(standard.items_of("rooms"))[:5], "director_rank": "full_time_deputy_section"})
    assert response.status_code == 302
    profile = OfficeProfile.objects.get(unit=office)
    assert profile.floor_area == Decimal("130.0") and len(profile.rooms) == 5
    entry = ChangeLogEntry.objects.filter(content_type__model="officeprofile", object_id=str(profile.pk)).first()
    assert entry is not None and entry.unit_path == office.path
    page = client.get(f"/standards/offices/{office.pk}/").content.decode()
    assert "缺 6 项：社会志愿者联络工作室" in page


@pytest.mark.parametrize("value,message", [
    ("-20", "面积必须大于 0 m²"), ("0", "面积必须大于 0 m²"), ("80000", "不合常理"),
])
def test_negative_or_absurd_areas_are_refused(wuhu, value, message):
    client = client_for(wuhu["clerk"])
    response = client.post(f"/standards/offices/{wuhu['street'].pk}/premises/", {"floor_area": value})
    assert response.status_code == 400 and message in response.content.decode()
    assert not OfficeProfile.objects.exists()


def test_room_or_equipment_not_in_the_standard_is_refused(wuhu):
    office = wuhu["street"]
    with pytest.raises(ValidationError) as exc:
        services.save_office_profile(actor=wuhu["clerk"], unit=office, rooms=["director_office", "gym"])
    assert "「gym」不是《芜湖市司法所建设规范（2017年）》规定的功能室" in exc.value.message_dict["rooms"][0]
    with pytest.raises(ValidationError) as exc:
        services.add_equipment(actor=wuhu["clerk"], unit=office, item="drone", name="无人机")
    assert "「drone」不是《芜湖市司法所建设规范（2017年）》规定的装备类别" in exc.value.message_dict["item"][0]
    with pytest.raises(ValidationError) as exc:
        services.add_equipment(actor=wuhu["clerk"], unit=office, item="computer", name="电脑", quantity=0)
    assert exc.value.message_dict["quantity"] == ["数量应在 1 至 500 之间（填的是 0）"]
    assert not OfficeProfile.objects.exists() and not EquipmentItem.objects.exists()


def test_a_director_reaches_only_their_own_office(wuhu):
    client = client_for(wuhu["director"])
    assert client.get(f"/standards/offices/{wuhu['township'].pk}/premises/").status_code == 200
    assert client.post(f"/standards/offices/{wuhu['street'].pk}/premises/", {"floor_area": "150"}).status_code == 404
    assert not OfficeProfile.objects.exists()


def test_an_office_of_another_county_is_out_of_reach(wuhu):
    response = client_for(wuhu["clerk"]).post(f"/standards/offices/{wuhu['other_office'].pk}/premises/",
                                              {"floor_area": "150"})
    assert response.status_code == 404
    with pytest.raises(ValidationError) as exc:
        services.save_office_profile(actor=wuhu["clerk"], unit=wuhu["other_office"], floor_area=150)
    assert exc.value.message_dict == {"unit": ["单位代码 340203001 不存在，或不在您的管辖范围内"]}


def test_equipment_ledger_counts_only_items_in_use(wuhu):
    office = wuhu["street"]
    equip_fully(office)
    fax = EquipmentItem.objects.get(unit=office, item="fax")
    services.update_equipment(actor=wuhu["clerk"], equipment=fax, status="scrapped")
    assert selectors.office_check(office).checklist.result("WH-7").gap == "缺 传真机 1 台"
    with pytest.raises(ValidationError) as exc:
        services.add_equipment(actor=None, unit=office, item="computer", name="电脑", asset_number="A1")
        services.add_equipment(actor=None, unit=office, item="computer", name="电脑", asset_number="A1")
    assert exc.value.message_dict["asset_number"] == ["资产编号 A1 在本所资产账目中已存在"]


def test_office_list_shows_gaps_filters_exports_with_few_queries(wuhu, django_assert_max_num_queries):
    services.save_office_profile(actor=None, unit=wuhu["street"], floor_area=100)
    client = client_for(wuhu["city_clerk"])
    with django_assert_max_num_queries(16):
        page = client.get("/standards/offices/").content.decode()
    assert "面积差 20 m²" in page and "赭山街道司法所" in page and "弋江街道司法所" in page
    unmet = client.get("/standards/offices/?compliance=unmet").content.decode()
    assert "赭山街道司法所" in unmet
    only = client.get("/standards/offices/?within=340203").content.decode()
    assert "赭山街道司法所" not in only and "弋江街道司法所" in only
    sheet = client.get("/standards/offices/?export=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert any("面积差 20 m²" in str(cell) for row in rows for cell in row)


# --- workstations ----------------------------------------------------------------------------------


def test_workstation_deadline_comes_from_the_standard_sd4(wuhu):
    profile = services.save_workstation_profile(actor=wuhu["clerk"], unit=wuhu["village"], status="building")
    assert profile.deadline == datetime.date(2017, 12, 31) and profile.initial_status == "building"
    check = selectors.workstation_check(wuhu["village"], today=datetime.date(2018, 1, 1))
    assert check.checklist.reference  # Wuhu has no workstation standard: Shandong's applies as a reference
    assert check.checklist.result("SD-4").gap == "在建，应于 2017-12-31 前建成，已逾期 1 天"


def test_a_workstation_of_another_county_is_refused(wuhu):
    with pytest.raises(ValidationError) as exc:
        services.save_workstation_profile(actor=wuhu["clerk"], unit=wuhu["other_village"], status="built")
    assert exc.value.message_dict["unit"] == ["单位代码 340203001001 不存在，或不在您的管辖范围内"]
    with pytest.raises(ValidationError) as exc:
        services.save_workstation_profile(actor=wuhu["clerk"], unit=wuhu["street"], status="built")
    assert exc.value.message_dict["unit"] == ["「赭山街道司法所」不是司法行政工作室"]
    with pytest.raises(ValidationError) as exc:
        services.save_workstation_profile(actor=wuhu["clerk"], unit=wuhu["village"], layout=["gym"])
    assert "不是《山东省农村社区司法行政工作室建设规范（2017年）》规定的“3111”功能设置" in exc.value.message_dict["layout"][0]
    assert not WorkstationProfile.objects.exists()


def test_coverage_rolls_up_against_a_hand_count_sd8(wuhu):
    full = {"head_name": "张主任", "six_unified": ["sign", "duties", "rules", "procedures", "support", "ledgers"],
            "layout": ["mediation_room", "legal_service_room", "general_office", "publicity_square",
                       "service_window", "lecture_hall"],
            "funding": ["community_funds", "case_subsidy", "purchased_services"], "legal_adviser": "李律师"}
    services.save_workstation_profile(actor=None, unit=wuhu["village"], status="built", **full)
    services.save_workstation_profile(actor=None, unit=wuhu["village2"], status="not_built")
    services.save_workstation_profile(actor=None, unit=wuhu["other_village"], status="built", **full)
    for station in ("village", "other_village"):
        hire(wuhu[station], "part_time", 3)
    hire(wuhu["village2"], "part_time", 3)
    today = datetime.date(2021, 1, 1)  # past every SD-4 deadline; the roster's staff joined 2020-01-01
    total, rows = selectors.rollup(wuhu["city"], today=today)
    by_name = {r.unit.name: r for r in rows}
    # hand count: 镜湖区 2 stations, 1 built and standard, 1 not built past 2018-12-31; 弋江区 1 of 1
    assert (total.workstations, total.workstations_built, total.workstations_compliant,
            total.workstations_overdue) == (3, 2, 2, 1)
    jh = by_name["镜湖区司法局"]
    assert (jh.workstations, jh.workstations_built, jh.workstations_compliant, jh.workstations_overdue) == (2, 1, 1, 1)
    assert jh.coverage_rate == "50.0%" and by_name["弋江区司法局"].coverage_rate == "100.0%"
    assert total.coverage_rate == "66.7%"
    assert next(r for r in total.workstation_rates if r.rule_id == "SD-8").percent == "66.7%"
    page = client_for(wuhu["city_clerk"]).get("/standards/").content.decode()
    assert "镜湖区司法局" in page and "2/3（66.7%）" in page


def test_director_rate_per_county_wh2(wuhu):
    services.save_office_profile(actor=None, unit=wuhu["township"], director_rank="full_time_deputy_section")
    services.save_office_profile(actor=None, unit=wuhu["street"], director_rank="part_time")
    total, rows = selectors.rollup(wuhu["county"])
    rate = next(r for r in total.office_rates if r.rule_id == "WH-2")
    assert (rate.numerator, rate.denominator, rate.met) == (1, 2, False)
    assert {r.unit.name for r in rows} == {"方村镇司法所", "赭山街道司法所"}


# --- plans and progress (the `plan` fixture: tests/standards_fixtures.py) ---------------------------


def test_a_milestone_outside_its_phase_is_refused(wuhu, plan):
    phase = plan.phases.get()
    with pytest.raises(ValidationError) as exc:
        services.add_milestone(actor=wuhu["city_clerk"], phase=phase, title="迟到的节点",
                               deadline=datetime.date(2017, 7, 1), responsible="县（区）司法局")
    assert exc.value.message_dict["deadline"] == ["节点期限 2017-07-01 不在「动员部署阶段」（2017-05-01 至 2017-06-30）之内"]
    with pytest.raises(ValidationError) as exc:
        services.add_phase(actor=wuhu["city_clerk"], plan=plan, order=2, name="验收", start=datetime.date(2019, 7, 1),
                           end=datetime.date(2020, 3, 1))
    assert "超出方案期限" in exc.value.message_dict["start"][0]
    with pytest.raises(ValidationError) as exc:
        services.create_plan(actor=wuhu["clerk"], unit=wuhu["county"], code="x", name="x", kind="pilot",
                             start=TODAY, end=TODAY)
    assert "由市级或省级司法行政机关印发" in exc.value.message_dict["unit"][0]


def test_a_value_outside_its_list_is_refused_naming_the_list(wuhu, plan):
    with pytest.raises(ValidationError) as exc:
        services.save_office_profile(actor=wuhu["clerk"], unit=wuhu["street"], tenure="leased", director_rank="acting")
    assert exc.value.message_dict == {
        "tenure": ["用房产权“leased”无效，可选：自有产权、租用、借用（无偿使用）"],
        "director_rank": ["所长配备“acting”无效，可选：专职副科级所长、兼职所长（由乡镇干部兼任）、专职，副科级以下、所长空缺"]}
    with pytest.raises(ValidationError) as exc:
        services.save_workstation_profile(actor=wuhu["clerk"], unit=wuhu["village"], status="planned")
    assert exc.value.message_dict == {"status": ["建设状态“planned”无效，可选：已建成、在建、未建"]}
    with pytest.raises(ValidationError) as exc:
        services.add_task_force_member(actor=wuhu["city_clerk"], plan=plan, group="board", role="chair",
                                       position="市司法局局长")
    assert exc.value.message_dict == {"group": ["所在机构“board”无效，可选：工作专班、工作专班办公室"],
                                      "role": ["职务“chair”无效，可选：组长、副组长、主任、成员"]}
    mine = MilestoneProgress.objects.get(milestone__plan=plan, unit=wuhu["county"])
    with pytest.raises(ValidationError) as exc:
        services.report_progress(actor=wuhu["clerk"], progress=mine, status="late", done_on=None)
    assert exc.value.message_dict["status"] == ["进展“late”无效，可选：未开始、推进中、已完成"]
    assert not OfficeProfile.objects.exists() and not plan.task_force.exists()
    mine.refresh_from_db()
    assert mine.status == "not_started"


def test_each_county_reports_and_the_city_sees_all(wuhu, plan):
    rows = MilestoneProgress.objects.filter(milestone__plan=plan)
    assert sorted(rows.values_list("unit__name", flat=True)) == ["弋江区司法局", "镜湖区司法局"]  # county-level only
    mine = rows.get(unit=wuhu["county"])
    services.report_progress(actor=wuhu["clerk"], progress=mine, status="done", done_on=datetime.date(2017, 5, 20))
    theirs = rows.get(unit=wuhu["county2"])
    assert client_for(wuhu["clerk"]).get(f"/standards/progress/{theirs.pk}/").status_code == 404
    with pytest.raises(ValidationError) as exc:
        services.report_progress(actor=wuhu["clerk"], progress=theirs, status="done", done_on=datetime.date(2017, 5, 1))
    assert exc.value.message_dict["unit"] == ["单位代码 340203 不存在，或不在您的管辖范围内"]
    with pytest.raises(ValidationError) as exc:
        services.report_progress(actor=wuhu["clerk2"], progress=theirs, status="done")
    assert exc.value.message_dict["done_on"] == ["已完成的节点请填写完成日期"]
    milestones, matrix = selectors.progress_matrix(plan, today=datetime.date(2017, 6, 1))
    cells = {r["county"].name: [c["progress"].get_status_display() if c["progress"] else "市级" for c in r["cells"]]
             for r in matrix}
    assert cells == {"镜湖区司法局": ["已完成", "市级"], "弋江区司法局": ["未开始", "市级"]}
    late = {r["county"].name: (r["done"], r["overdue"]) for r in matrix}
    assert late == {"镜湖区司法局": (1, 0), "弋江区司法局": (0, 1)}
    city_page = client_for(wuhu["city_clerk"]).get(f"/standards/plans/{plan.pk}/").content.decode()
    assert "镜湖区司法局" in city_page and "弋江区司法局" in city_page
    county_page = client_for(wuhu["clerk"]).get(f"/standards/plans/{plan.pk}/").content.decode()
    assert "镜湖区司法局" in county_page and "弋江区司法局" not in county_page


def test_overdue_milestone_alert_at_its_boundary(wuhu, plan):
    deadline = datetime.date(2017, 5, 15)
    codes = ["standards.milestone_due"]
    early = alerts.collect(wuhu["city"].path, deadline - datetime.timedelta(days=8), codes=codes)
    on_day = alerts.collect(wuhu["city"].path, deadline, codes=codes)
    after = alerts.collect(wuhu["city"].path, deadline + datetime.timedelta(days=1), codes=codes)
    assert early == [] and len(on_day) == 2
    assert on_day[0].state(deadline) == "due" and after[0].state(deadline + datetime.timedelta(days=1)) == "overdue"
    assert "成立领导小组" in after[0].subject and "尚未开始" in after[0].message
    mine = MilestoneProgress.objects.get(milestone__plan=plan, unit=wuhu["county"])
    services.report_progress(actor=None, progress=mine, status="done", done_on=datetime.date(2017, 5, 10))
    left = alerts.collect(wuhu["county"].path, deadline + datetime.timedelta(days=1), codes=codes)
    assert left == []
    assert len(alerts.collect(wuhu["city"].path, deadline + datetime.timedelta(days=1), codes=codes)) == 1


def test_milestone_and_follow_up_alerts_name_their_real_basis(wuhu, plan):
    """Issue 15: an alert names where its deadline really comes from — the plan's document and the node, the
    inspection that set the follow-up — not the rule's generic "DQ-11；YQ-9；WH-13" or "督导检查整改"."""
    from sifasuo.alerts import services as alert_services
    from sifasuo.alerts.models import AlertItem

    day = datetime.date(2017, 7, 1)
    found = {a.subject.rsplit("「", 1)[1]: a for a in alerts.collect(wuhu["county"].path, day,
                                                                      codes=["standards.milestone_due"])}
    assert found["成立领导小组」"].basis == "方案「规范提升工程」（WH-13）：节点「成立领导小组」限 2017-05-15 前完成"
    # the plan's document when it has one; the plan's rule ids when the node names none
    Plan.objects.filter(pk=plan.pk).update(document="芜湖市司法局《司法所规范化建设提升工程实施方案》",
                                           rule_ids="WH-13、WH-14")
    plan.milestones.update(rule_id="")
    found = {a.subject.rsplit("「", 1)[1]: a for a in alerts.collect(wuhu["county"].path, day,
                                                                      codes=["standards.milestone_due"])}
    assert found["成立领导小组」"].basis == ("芜湖市司法局《司法所规范化建设提升工程实施方案》（WH-13、WH-14）："
                                          "节点「成立领导小组」限 2017-05-15 前完成")
    # a workstation: the row of its standard's SD-4 timetable for the status it was registered with
    services.save_workstation_profile(actor=None, unit=wuhu["village"], status="not_built")
    built_by = alerts.collect(wuhu["county"].path, datetime.date(2019, 1, 1), codes=["standards.workstation_build"])
    assert [a.basis for a in built_by] == ["《山东省农村社区司法行政工作室建设规范》SD-4〔一(二)〕："
                                         "登记时未建的工作室 2018-12-31 前全部建成"]
    visited = TODAY - datetime.timedelta(days=20)
    inspection = services.record_inspection(actor=None, unit=wuhu["street"], inspector_unit=wuhu["county"],
                                            inspectors="王检查", visited_on=visited)
    services.add_follow_up(actor=None, inspection=inspection, rule_id="WH-5", description="扩建用房",
                           due_on=TODAY - datetime.timedelta(days=2))
    alert_services.refresh(path=wuhu["county"].path, codes=["standards.follow_up_due"], today=TODAY)
    item = AlertItem.objects.get(rule="standards.follow_up_due")
    assert item.basis == (f"{wuhu['county'].name} {visited:%Y-%m-%d} 督导检查提出的整改要求（检查项 WH-5），"
                          f"整改期限 {TODAY - datetime.timedelta(days=2):%Y-%m-%d}")


def test_workstation_build_alert_at_its_boundary_sd4(wuhu):
    services.save_workstation_profile(actor=None, unit=wuhu["village"], status="not_built")
    deadline = datetime.date(2018, 12, 31)
    codes = ["standards.workstation_build"]
    assert alerts.collect(wuhu["county"].path, deadline - datetime.timedelta(days=8), codes=codes) == []
    warned = alerts.collect(wuhu["county"].path, deadline - datetime.timedelta(days=7), codes=codes)
    assert len(warned) == 1 and warned[0].state(deadline - datetime.timedelta(days=7)) == "upcoming"
    assert alerts.collect(wuhu["county"].path, deadline + datetime.timedelta(days=1), codes=codes)[0].due == deadline
    services.save_workstation_profile(actor=None, unit=wuhu["village"], status="built")
    assert alerts.collect(wuhu["county"].path, deadline + datetime.timedelta(days=1), codes=codes) == []
    assert alerts.collect(wuhu["county2"].path, deadline + datetime.timedelta(days=1), codes=codes) == []


# --- inspections -----------------------------------------------------------------------------------


def test_inspection_with_findings_photos_and_follow_up_to_closure(wuhu):
    client = client_for(wuhu["clerk"])
    response = client.post("/standards/inspections/new/", {
        "unit_code": "340202001", "inspector_code": "340202", "inspectors": "王检查、李督导",
        "visited_on": (TODAY - datetime.timedelta(days=5)).isoformat(), "summary": "用房面积不足"})
    assert response.status_code == 302
    url = response["Location"]
    inspection_id = int(url.rstrip("/").rsplit("/", 1)[1])
    assert client.post(url, {"action": "finding", "rule_id": "WH-5", "result": "unmet",
                             "description": "面积仅100平方米"}).status_code == 302
    bad = client.post(url, {"action": "finding", "rule_id": "SD-6", "result": "unmet"})
    assert bad.status_code == 400
    photo = SimpleUploadedFile("site.png", PNG, content_type="image/png")
    assert client.post(url, {"action": "photo", "image": photo, "caption": "办公室"}).status_code == 302
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(url, {"action": "photo", "image": fake})
    assert response.status_code == 400 and "不是 JPEG 或 PNG 图片" in response.content.decode()
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (5 * 1024 * 1024), content_type="image/png")
    response = client.post(url, {"action": "photo", "image": big})
    assert "超过 5 MB 上限" in response.content.decode()
    assert InspectionPhoto.objects.count() == 1
    stored = InspectionPhoto.objects.get()
    assert client.get(f"/standards/photos/{stored.pk}/").status_code == 200
    assert client_for(wuhu["clerk2"]).get(f"/standards/photos/{stored.pk}/").status_code == 404
    early = (TODAY - datetime.timedelta(days=30)).isoformat()
    response = client.post(url, {"action": "follow_up", "description": "扩建用房", "due_on": early})
    assert "早于检查日期" in response.content.decode()
    client.post(url, {"action": "follow_up", "description": "扩建用房", "due_on": TODAY.isoformat()})
    follow_up = FollowUp.objects.get()
    response = client.post(url, {"action": "close", "follow_up": follow_up.pk, "closed_on": TODAY.isoformat(),
                                 "closing_note": ""})
    assert response.status_code == 400 and "请填写整改结果" in response.content.decode()
    client.post(url, {"action": "close", "follow_up": follow_up.pk, "closed_on": TODAY.isoformat(),
                      "closing_note": "已调剂用房至130平方米"})
    follow_up.refresh_from_db()
    assert follow_up.status == "closed" and follow_up.inspection_id == inspection_id
    page = client.get(url).content.decode()
    assert "已整改销号" in page and "面积仅100平方米" in page


def test_inspector_must_be_above_the_inspected_unit(wuhu):
    with pytest.raises(ValidationError) as exc:
        services.record_inspection(actor=wuhu["city_clerk"], unit=wuhu["street"], inspector_unit=wuhu["county2"],
                                   inspectors="甲", visited_on=TODAY)
    assert exc.value.message_dict["inspector_unit"] == ["「赭山街道司法所」不在「弋江区司法局」的辖区内"]
    with pytest.raises(ValidationError) as exc:
        services.record_inspection(actor=None, unit=wuhu["street"], inspector_unit=wuhu["county"], inspectors="甲",
                                   visited_on=TODAY, findings=[{"rule_id": "XX-1", "result": "met"}])
    assert "「XX-1」不是《芜湖市司法所建设规范（2017年）》的检查项" in exc.value.message_dict["findings"][0]


# --- API ---------------------------------------------------------------------------------------------


def test_api_writes_through_the_services_with_chinese_messages(wuhu, plan):
    client = client_for(wuhu["clerk"])
    bad = client.post("/api/standards-office-profiles/", {"unit": "340202001", "floor_area": "-3", "rooms": ["gym"]},
                      content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["floor_area"] == ["面积必须大于 0 m²（填的是 -3 m²）"] and "「gym」不是" in bad.json()["rooms"][0]
    created = client.post("/api/standards-office-profiles/", {"unit": "340202001", "floor_area": "150"},
                          content_type="application/json")
    assert created.status_code == 201
    checklist = client.get(f"/api/standards-office-profiles/{created.json()['id']}/checklist/").json()
    assert checklist["standard"] == "wuhu-office-2017" and checklist["compliant"] is False
    foreign = client.post("/api/standards-office-profiles/", {"unit": "340203001", "floor_area": "150"},
                          content_type="application/json")
    assert foreign.status_code == 400 and "不在您的管辖范围内" in foreign.json()["unit"][0]
    station = client.post("/api/standards-workstations/", {"unit": "340203001001", "status": "built"},
                          content_type="application/json")
    assert station.status_code == 400
    progress = MilestoneProgress.objects.get(milestone__plan=plan, unit=wuhu["county"])
    patched = client.patch(f"/api/standards-progress/{progress.pk}/", {"status": "in_progress", "note": "推进中"},
                           content_type="application/json")
    assert patched.status_code == 200 and patched.json()["status"] == "in_progress"
    listed = client.get("/api/standards-progress/").json()
    assert [r["unit"] for r in listed["results"]] == ["340202"]
    phase = plan.phases.get()
    city = client_for(wuhu["city_clerk"])
    refused = city.post("/api/standards-milestones/", {"phase": phase.pk, "title": "x", "deadline": "2018-01-01",
                                                       "responsible": "县局"}, content_type="application/json")
    assert refused.status_code == 400 and "不在「动员部署阶段」" in refused.json()["deadline"][0]
    county_plan = client.post("/api/standards-plans/", {"unit": "340202", "code": "c", "name": "n", "kind": "pilot",
                                                        "start": "2024-01-01", "end": "2024-02-01"},
                              content_type="application/json")
    assert county_plan.status_code == 400 and "由市级或省级司法行政机关印发" in county_plan.json()["unit"][0]
    assert Plan.objects.count() == 1


def test_api_equipment_photo_and_follow_up(wuhu):
    client = client_for(wuhu["clerk"])
    bad = client.post("/api/standards-equipment/", {"unit": "340202001", "item": "drone", "name": "无人机"},
                      content_type="application/json")
    assert bad.status_code == 400 and "不是《芜湖市司法所建设规范（2017年）》规定的装备类别" in bad.json()["item"][0]
    ok = client.post("/api/standards-equipment/", {"unit": "340202001", "item": "fax", "name": "传真机"},
                     content_type="application/json")
    assert ok.status_code == 201
    inspection = services.record_inspection(actor=None, unit=wuhu["street"], inspector_unit=wuhu["county"],
                                            inspectors="甲", visited_on=TODAY)
    photo = client.post("/api/standards-photos/", {"inspection": inspection.pk,
                                                   "image": SimpleUploadedFile("a.txt", b"hello")})
    assert photo.status_code == 400 and "不是 JPEG 或 PNG 图片" in photo.json()["image"][0]
    follow = client.post("/api/standards-follow-ups/", {"inspection": inspection.pk, "description": "补齐照相机",
                                                        "due_on": TODAY.isoformat()}, content_type="application/json")
    assert follow.status_code == 201
    closed = client.post(f"/api/standards-follow-ups/{follow.json()['id']}/close/",
                         {"closed_on": TODAY.isoformat(), "closing_note": "已购置"}, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = client.post(f"/api/standards-follow-ups/{follow.json()['id']}/close/",
                        {"closed_on": TODAY.isoformat(), "closing_note": "再次"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["status"] == ["该整改事项已销号"]
    other = client_for(wuhu["clerk2"]).get(f"/api/standards-follow-ups/{follow.json()['id']}/")
    assert other.status_code == 404


def test_schema_lists_every_endpoint(wuhu):
    schema = client_for(wuhu["clerk"]).get("/api/schema/").content.decode()
    for prefix in ("standards-office-profiles", "standards-equipment", "standards-workstations", "standards-plans",
                   "standards-phases", "standards-milestones", "standards-task-force", "standards-progress",
                   "standards-inspections", "standards-findings", "standards-photos", "standards-follow-ups"):
        assert f"/api/{prefix}/" in schema


def _sheet(rows) -> SimpleUploadedFile:
    return xlsx_upload(rows, ["装备类别", "品名型号", "资产编号", "数量", "购置日期", "状态"], name="ledger.xlsx")


def test_equipment_ledger_import_lands_whole_or_not_at_all(wuhu):
    office = wuhu["street"]
    client = client_for(wuhu["clerk"])
    url = f"/standards/offices/{office.pk}/equipment/import/"
    assert client.get(url + "?template=1")["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = client.post(url, {"file": _sheet([["电脑", "联想 M428", "ZC-1", 3, "2023-13-40", "在用"]])})
    assert bad.status_code == 400 and "第2行「购置日期」" in bad.content.decode()
    bad = client.post(url, {"file": _sheet([["电脑", "联想", "ZC-1", 3, "2023-05-10", "在用"],
                                            ["无人机", "大疆", "ZC-2", 1, "2023-05-10", "在用"],
                                            ["照相机", "佳能", "ZC-4", 1, None, "丢失"]])})
    text = bad.content.decode()
    assert "第3行「装备类别」：「无人机」不是《芜湖市司法所建设规范（2017年）》规定的装备类别" in text
    assert "第4行「状态」：「丢失」无效" in text
    bad = client.post(url, {"file": _sheet([["电脑", "联想", "ZC-1", 3, "2023-05-10", "在用"],
                                            ["传真机", "兄弟", "ZC-1", 1, "2023-05-10", "在用"],
                                            ["照相机", "佳能", "ZC-4", 900, None, "在用"]])})
    text = bad.content.decode()
    assert "第3行：资产编号 ZC-1 与第2行重复" in text and "第4行：数量应在 1 至 500 之间（填的是 900）" in text
    assert not EquipmentItem.objects.exists()
    ok = client.post(url, {"file": _sheet([["电脑", "联想", "ZC-1", 3, "2023-05-10", "在用"],
                                           ["传真机", "兄弟", "ZC-2", 1, "2023-05-10", "已报废"]])})
    assert ok.status_code == 302
    assert dict(EquipmentItem.objects.values_list("item", "status")) == {"computer": "in_use", "fax": "scrapped"}
    assert ChangeLogEntry.objects.filter(content_type__model="equipmentitem").count() == 2
    gap = selectors.office_check(office).checklist.result("WH-7").gap
    assert "传真机 1 台" in gap and "电脑" not in gap
