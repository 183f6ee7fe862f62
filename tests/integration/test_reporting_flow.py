"""Reporting: compiled values against hand-counted registers, deadlines at the boundary, completeness,
the approval chain and its locks, bad input refused in Chinese."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from sifasuo.casework.models import InfoItem, MediationCase, TypicalCase
from sifasuo.orgunits.choices import Level
from sifasuo.reporting import selectors, services
from sifasuo.reporting.models import AggregateValue, OfficialValue, Report
from tests import factories
from tests.conftest import client_for
from tests.scope_builders.reporting import monthly_template

D = datetime.date
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
MARCH = D(2024, 3, 1)


def at(y, m, d, hh=10, mm=0, ss=0):
    return datetime.datetime(y, m, d, hh, mm, ss, tzinfo=TZ)


def case(unit, n, registered_on, *, closed_on=None, outcome=""):
    return MediationCase.objects.create(
        unit=unit, year=registered_on.year, number=f"T{unit.code}-{n}", source="application",
        dispute_type="neighbour", title="邻里纠纷", registered_on=registered_on,
        status="closed" if closed_on else "accepted", closed_on=closed_on, outcome=outcome)


@pytest.fixture
def registers(tree):
    """Hand-counted March 2024 at 解放路 (office) and its workstation: 4 registered, 3 closed, 2 succeeded;
    one case in February and one in April that must not count; 2 news + 1 information item; 1 typical case."""
    office, ws = tree["office"], tree["workstation"]
    case(office, 1, D(2024, 3, 1), closed_on=D(2024, 3, 10), outcome="success")
    case(office, 2, D(2024, 3, 31), closed_on=D(2024, 3, 31), outcome="failure")
    case(ws, 3, D(2024, 3, 15), closed_on=D(2024, 3, 20), outcome="success")
    case(ws, 4, D(2024, 3, 16))
    case(office, 5, D(2024, 2, 29), closed_on=D(2024, 4, 1), outcome="success")
    case(office, 6, D(2024, 4, 1))
    for i, kind in enumerate(["news", "news", "information"]):
        InfoItem.objects.create(unit=office, kind=kind, reported_on=D(2024, 3, 5 + i), title=f"信息{i}")
    TypicalCase.objects.create(unit=ws, recorded_on=D(2024, 3, 9), title="典型", dispute_type="neighbour",
                               summary="案情")
    case(tree["office2"], 7, D(2024, 3, 2))
    return tree


def _report(tree, unit_key="office", template=None):
    template = template or monthly_template()
    return services.report_for(template=template, unit=tree[unit_key], start=MARCH)


def _fill(report, difficult=1):
    return services.save_values(actor=None, report=report, values={"difficult_succeeded": difficult,
                                                                   "risk_prevented": 0}, now=at(2024, 4, 1))


def test_compiled_values_match_hand_counts(registers):
    services.compile_reports(template=monthly_template(), start=MARCH, path=registers["county"].path)
    report = _report(registers)
    v = report.values
    assert (v["mediation_accepted"], v["mediation_closed"], v["mediation_succeeded"]) == (4, 3, 2)
    assert (v["news_items"], v["info_items"], v["typical_cases"]) == (2, 1, 1)
    assert v["difficult_succeeded"] is None  # typed in, not compiled
    # rollups: the county sums both offices, the province too
    county = dict(AggregateValue.objects.filter(unit=registers["county"], period=MARCH).values_list("element", "value"))
    assert county["mediation_accepted"] == 5 and county["offices"] == 2
    province = dict(AggregateValue.objects.filter(unit=registers["province"], period=MARCH)
                    .values_list("element", "value"))
    assert province["mediation_accepted"] == 5


def test_refresh_command_writes_the_year(registers):
    from django.core.management import call_command

    call_command("refresh_aggregates", "--year", "2024")
    feb = AggregateValue.objects.get(unit=registers["office"], period=D(2024, 2, 1), element="mediation_accepted")
    april = AggregateValue.objects.get(unit=registers["office"], period=D(2024, 4, 1), element="mediation_closed")
    assert feb.value == 1 and april.value == 1


def test_on_time_at_the_boundary(registers):
    report = _fill(_report(registers))
    assert report.deadline == D(2024, 4, 3)
    late = services.submit(actor=None, report=report, now=at(2024, 4, 3, 23, 59, 59))
    assert late.on_time is True
    other = _fill(_report(registers, "office2"))
    with pytest.raises(ValidationError) as exc:
        services.submit(actor=None, report=other, now=at(2024, 4, 4, 0, 0, 0))
    assert "截止，本期已锁定" in exc.value.message_dict["status"][0]


def test_holiday_deadline_moves_when_the_template_says_so(tree):
    # 2024-10-03 falls in the National Day holiday: the next working day is 2024-10-08
    template = monthly_template()
    assert services.deadline_for(template, D(2024, 9, 1)) == D(2024, 10, 3)
    template.move_to_working_day = True
    template.save()
    assert services.deadline_for(template, D(2024, 9, 1)) == D(2024, 10, 8)
    report = services.report_for(template=template, unit=tree["office"], start=D(2024, 9, 1))
    _fill(report, 0)
    done = services.submit(actor=None, report=report, now=at(2024, 10, 8, 23, 59))
    assert done.on_time is True


def test_unlock_is_an_audited_exception_from_above(registers, accounts):
    report = _fill(_report(registers))
    with pytest.raises(ValidationError) as exc:
        services.unlock(actor=accounts["office_director"], report=report, reason="系统故障", now=at(2024, 4, 5))
    assert exc.value.message_dict["unit"] == ["只有上级单位才能解锁本期报表"]
    with pytest.raises(ValidationError) as exc:
        services.unlock(actor=accounts["county_clerk"], report=report, reason=" ", now=at(2024, 4, 5))
    assert exc.value.message_dict["reason"] == ["解锁必须说明理由"]
    services.unlock(actor=accounts["county_clerk"], report=report, reason="系统故障未能按时填报", days=2,
                    now=at(2024, 4, 5))
    done = services.submit(actor=accounts["office_director"], report=report, now=at(2024, 4, 6))
    assert done.on_time is False and done.status == "submitted"
    assert report.events.filter(kind="unlock", comment__contains="系统故障").exists()


def test_blocking_rule_refuses_and_changes_nothing(registers, accounts):
    report = _fill(_report(registers), difficult=5)  # more difficult successes than successes (2)
    with pytest.raises(ValidationError) as exc:
        services.submit(actor=accounts["office_director"], report=report, now=at(2024, 4, 2))
    assert exc.value.message_dict["values"] == [
        "疑难复杂纠纷调解成功数不能大于调解成功总数（其中：疑难复杂纠纷调解成功（件） 5，调解成功数（件） 2）"]
    report.refresh_from_db()
    assert report.status == "draft" and report.submitted_at is None


def test_bad_typed_values(registers, accounts):
    report = _report(registers)
    with pytest.raises(ValidationError) as exc:
        services.save_values(actor=accounts["office_director"], report=report,
                             values={"difficult_succeeded": "两件", "mediation_accepted": 9}, now=at(2024, 4, 1))
    assert exc.value.message_dict == {
        "difficult_succeeded": ["「其中：疑难复杂纠纷调解成功（件）」应填写数字，收到“两件”"],
        "mediation_accepted": ["「调解案件受理数（件）」由登记簿自动汇总，不能手工填写"]}


def test_approval_chain_and_locks(registers, accounts):
    office_report = _fill(_report(registers))
    office2_report = _fill(_report(registers, "office2"), 0)
    services.submit(actor=accounts["office_director"], report=office_report, now=at(2024, 4, 2))
    services.submit(actor=None, report=office2_report, now=at(2024, 4, 2))
    # submitted data is locked
    with pytest.raises(ValidationError) as exc:
        services.save_values(actor=accounts["office_director"], report=office_report,
                             values={"risk_prevented": 3}, now=at(2024, 4, 2))
    assert exc.value.message_dict["status"] == ["报表已上报，正在等待上级审核，不能修改"]
    # the city cannot approve an office's report
    with pytest.raises(ValidationError) as exc:
        services.approve(actor=accounts["city_admin"], report=office_report)
    assert "应由县级司法局审核" in exc.value.message_dict["unit"][0]
    # a return needs a comment; the comment is kept and the report reopens
    with pytest.raises(ValidationError) as exc:
        services.return_report(actor=accounts["county_clerk"], report=office_report, comment="  ")
    assert exc.value.message_dict["comment"] == ["退回报表必须填写退回意见，说明需要修改的内容"]
    returned = services.return_report(actor=accounts["county_clerk"], report=office_report, comment="成功数有误")
    assert returned.status == "returned" and returned.return_comment == "成功数有误"
    services.save_values(actor=accounts["office_director"], report=returned, values={"difficult_succeeded": 0},
                         now=at(2024, 4, 9))  # a returned report is open again even after the deadline
    services.submit(actor=accounts["office_director"], report=returned, now=at(2024, 4, 9))
    services.approve(actor=accounts["county_clerk"], report=returned)
    # the county cannot submit while an office is pending
    county_report = services.report_for(template=monthly_template(), unit=registers["county"], start=MARCH)
    with pytest.raises(ValidationError) as exc:
        services.submit(actor=accounts["county_clerk"], report=county_report)
    assert exc.value.message_dict["status"] == ["下级单位的报表尚未全部审核通过，不能上报：千佛山街道司法所"]
    services.approve(actor=accounts["county_clerk"], report=office2_report)
    county_report = services.submit(actor=accounts["county_clerk"], report=county_report)
    assert county_report.values["mediation_accepted"] == 5
    # once the county has submitted, its offices' reports are locked for it
    with pytest.raises(ValidationError) as exc:
        services.return_report(actor=accounts["county_clerk"], report=office2_report, comment="再看看")
    assert "下级数据已锁定" in exc.value.message_dict["status"][0]
    city_report = services.approve(actor=accounts["city_admin"], report=county_report)
    assert city_report.status == "approved"
    # the city's own report: the other county (no reports) is still pending
    city = services.report_for(template=monthly_template(), unit=registers["city"], start=MARCH)
    with pytest.raises(ValidationError) as exc:
        services.submit(actor=accounts["city_admin"], report=city)
    assert "外县市中区司法局" in exc.value.message_dict["status"][0]


def test_approval_sets_the_official_figures_from_the_approved_values(registers, accounts):
    services.compile_reports(template=monthly_template(), start=MARCH, path=registers["county"].path)
    report = _fill(_report(registers))
    services.submit(actor=None, report=report, now=at(2024, 4, 2))
    case(registers["office"], 8, D(2024, 3, 20))  # registered after submitting: live only (D54)
    services.approve(actor=accounts["county_clerk"], report=report)
    official = dict(OfficialValue.objects.filter(unit=registers["office"], period=MARCH)
                    .values_list("element", "value"))
    assert (official["mediation_accepted"], official["difficult_succeeded"], official["offices"]) == (4, 1, 1)
    # the city's official figure: the approved report alone (the other office has not reported)
    assert OfficialValue.objects.get(unit=registers["city"], period=MARCH, element="mediation_accepted").value == 4


def test_completeness_with_a_unit_opened_mid_year(registers):
    new = factories.unit("370102003", "新设街道司法所", Level.OFFICE, registers["county"], opened_on=D(2024, 7, 1))
    template = monthly_template()
    services.compile_reports(template=template, start=MARCH, path=registers["county"].path)
    assert not Report.objects.filter(unit=new, period_start=MARCH).exists()
    # a report the new office sends for March anyway counts nowhere
    Report.objects.create(template=template, unit=new, period_start=MARCH, period_end=D(2024, 3, 31),
                          deadline=D(2024, 4, 3), status="submitted", on_time=True)
    services.submit(actor=None, report=_fill(Report.objects.get(unit=registers["office"], period_start=MARCH)),
                    now=at(2024, 4, 3, 12))
    march = selectors.completeness(template=template, start=MARCH, unit=registers["county"], by_children=False)[0]
    assert (march.expected, march.submitted, march.on_time, march.completeness) == (2, 1, 1, 50.0)
    july = selectors.completeness(template=template, start=D(2024, 7, 1), unit=registers["county"],
                                  by_children=False)[0]
    assert july.expected == 3
    missing = selectors.missing_units(template=template, start=MARCH, unit=registers["county"])
    assert [u.code for u in missing] == ["370102002"]


def test_missing_report_alert_rule(registers):
    from sifasuo.alerts import engine

    services.compile_reports(template=monthly_template(), start=MARCH, path=registers["county"].path)
    alerts = engine.collect(registers["county"].path, D(2024, 4, 4), codes=["reporting.report_missing"])
    march = [a for a in alerts if "2024年3月司法所工作月报表" in a.subject]
    assert sorted(a.subject for a in march) == ["千佛山街道司法所 2024年3月司法所工作月报表",
                                                 "解放路街道司法所 2024年3月司法所工作月报表"]
    assert all(a.state(D(2024, 4, 4)) == "overdue" for a in march)
    assert all(a.state(D(2024, 4, 3)) == "due" for a in march)


def test_pages_and_exports(registers, accounts):
    services.compile_reports(template=monthly_template(), start=MARCH, path=registers["county"].path)
    report = _report(registers)
    clerk = client_for(accounts["county_clerk"])
    page = clerk.get("/reporting/?period=2024-03").content.decode()
    assert "解放路街道司法所" in page and "尚未上报（2）" in page
    table = clerk.get("/reporting/table/?period=2024-03")
    assert "合计" in table.content.decode()
    xlsx = clerk.get("/reporting/table/?period=2024-03&export=xlsx")
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[2][:3] == ("序号", "单位", "调解案件受理数（件）")
    assert rows[3][1] == "解放路街道司法所" and rows[3][2] == 4
    assert rows[-1][0] == "合计" and rows[-1][2] == 5
    director = client_for(accounts["office_director"])
    response = director.post(f"/reporting/reports/{report.pk}/values/", {"difficult_succeeded": "x"})
    assert response.status_code == 302
    detail = director.get(f"/reporting/reports/{report.pk}/").content.decode()
    assert "本期已锁定；如确需补报，请上级单位解锁：向历下区司法局申请" in detail  # March 2024 is long past its deadline


def test_report_list_query_count(registers, accounts, django_assert_max_num_queries):
    services.compile_reports(template=monthly_template(), start=MARCH, path=registers["province"].path)
    clerk = client_for(accounts["county_clerk"])
    with django_assert_max_num_queries(12):
        assert clerk.get("/reporting/reports/").status_code == 200


def test_a_reports_page_lists_its_history_in_pinned_queries(registers, accounts, django_assert_max_num_queries):
    """The report's page reads its history (each step with who acted) through reporting.selectors (issue 17), in
    the order it happened and as many queries after four steps as after one."""
    report = _fill(_report(registers))
    director = client_for(accounts["office_director"])
    url = f"/reporting/reports/{report.pk}/"
    director.get(url)   # warm caches (content types, session)
    with django_assert_max_num_queries(4):   # session, user, the report with its template and units, its history
        few = list(director.get(url).context["events"])
    services.submit(actor=accounts["office_director"], report=report, now=at(2024, 4, 2))
    services.return_report(actor=accounts["county_clerk"], report=report, comment="成功数有误", now=at(2024, 4, 3))
    services.submit(actor=accounts["office_director"], report=report, now=at(2024, 4, 9))
    with django_assert_max_num_queries(4):
        more = list(director.get(url).context["events"])
    assert len(more) == len(few) + 3
    assert [(e.kind, e.actor.username) for e in more[len(few):]] == [
        ("submit", "o_dir"), ("return", "x_clerk"), ("submit", "o_dir")]


def test_api_steps_and_chinese_errors(registers, accounts):
    report = _report(registers)
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(accounts["city_admin"])
    response = api.post(f"/api/reporting-reports/{report.pk}/return/", {"comment": ""}, format="json")
    assert response.status_code == 400
    assert response.json() == {"comment": ["退回报表必须填写退回意见，说明需要修改的内容"]}
    other = APIClient()
    other.force_authenticate(accounts["other_county_admin"])
    assert other.get(f"/api/reporting-reports/{report.pk}/").status_code == 404
    listed = api.get("/api/reporting-values/?within=370102001&period=2024-03&element=mediation_accepted").json()
    assert [r["value"] for r in listed["results"]] == [4]
