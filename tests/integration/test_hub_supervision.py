"""Seed 003: a hub office supervises its cluster — it reviews and returns its members' monthly reports before
the county (HZ-1, HZ-3), the counts the seed sets per township and office are checked office by office with the
ones below named (HZ-3, HZ-6), the cluster's typical cases are counted over the cluster (HZ-3), shortfalls alert
the office and its hub, and the hub's own cluster staff (2–4, HZ-1) show on the standards page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifasuo.accounts.roles import Role
from sifasuo.alerts import engine
from sifasuo.alerts import services as alert_services
from sifasuo.casework.models import InfoItem, TypicalCase
from sifasuo.indicators import selectors
from sifasuo.orgunits import services as unit_services
from sifasuo.orgunits.choices import Level
from sifasuo.reporting import aggregates, services
from sifasuo.reporting.choices import EventKind, ReportStatus
from sifasuo.reporting.models import AggregateValue
from sifasuo.staff import services as staff_services
from tests import factories
from tests.conftest import client_for
from tests.factories import unit, user
from tests.scope_builders.reporting import monthly_template

pytestmark = pytest.mark.django_db
D = datetime.date
MARCH = D(2024, 3, 1)
SUBMITTED_AT = datetime.datetime(2024, 4, 2, 10, tzinfo=datetime.UTC)


@pytest.fixture
def cluster(tree):
    """千佛山街道 (hub) leads 解放路街道 (with its workstation); 趵突泉街道 is in no cluster. Shandong's targets
    (policies/indicators/shandong-2024.yaml) set the minimums: news 2, information 2, typical 2 an office,
    3 typical cases a cluster, 2–4 cluster staff a hub."""
    hub = unit_services.update_unit(unit=tree["office2"], is_hub=True)
    member = unit_services.update_unit(unit=tree["office"], hub=hub)
    outsider = unit("370102003", "趵突泉街道司法所", Level.OFFICE, tree["county"])
    return {"hub": hub, "member": member, "outsider": outsider, "workstation": tree["workstation"],
            "hub_director": user("hub_dir", Role.OFFICE_DIRECTOR, hub),
            "member_director": user("member_dir", Role.OFFICE_DIRECTOR, member),
            "outsider_director": user("out_dir", Role.OFFICE_DIRECTOR, outsider),
            "clerk": user("county_clerk2", Role.COUNTY_CLERK, tree["county"])}


def _submitted(office):
    report = services.report_for(template=monthly_template(), unit=office, start=MARCH)
    services.save_values(actor=None, report=report, values={"difficult_succeeded": 0, "risk_prevented": 0},
                         now=SUBMITTED_AT)
    return services.submit(actor=None, report=report, now=SUBMITTED_AT)


# --- the hub's review step --------------------------------------------------------------------------------

def test_the_hub_returns_a_members_report_before_the_county(cluster):
    report = _submitted(cluster["member"])
    client = client_for(cluster["hub_director"])
    page = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    assert 'data-testid="hub-return"' in page and "尚未审阅" in page
    response = client.post(f"/reporting/reports/{report.pk}/hub-return/", {"comment": "一句话新闻少报 1 条，请补报"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.returned_by_hub
    assert report.return_comment == "一句话新闻少报 1 条，请补报"
    event = report.events.get(kind=EventKind.HUB_RETURN)
    assert event.actor == cluster["hub_director"] and event.actor_unit == cluster["hub"].name
    member_page = client_for(cluster["member_director"]).get(f"/reporting/reports/{report.pk}/").content.decode()
    assert "退回意见（片区中心所）" in member_page and "一句话新闻少报 1 条" in member_page
    # corrected and submitted again: the hub's mark is cleared and the county approves
    resubmitted = services.submit(actor=None, report=report, now=SUBMITTED_AT + datetime.timedelta(hours=2))
    assert resubmitted.status == ReportStatus.SUBMITTED and resubmitted.hub_reviewed_at is None
    assert not resubmitted.returned_by_hub
    services.approve(actor=cluster["clerk"], report=resubmitted)


def test_the_county_may_approve_without_the_hubs_review_and_the_hub_marks_review(cluster):
    report = _submitted(cluster["member"])
    services.hub_review(actor=cluster["hub_director"], report=report, comment="已核对登记簿")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.hub_comment == "已核对登记簿"
    assert report.events.filter(kind=EventKind.HUB_REVIEW).count() == 1
    county_page = client_for(cluster["clerk"]).get(f"/reporting/reports/{report.pk}/").content.decode()
    assert "已核对登记簿" in county_page
    services.approve(actor=cluster["clerk"], report=report)
    other = _submitted(cluster["hub"])   # the hub's own report goes straight to the county
    services.approve(actor=cluster["clerk"], report=other)


def test_only_the_hub_of_the_cluster_reviews_and_only_a_submitted_report(cluster):
    report = _submitted(cluster["member"])
    with pytest.raises(ValidationError, match="由其片区中心所退回"):
        services.hub_return(actor=cluster["outsider_director"], report=report, comment="x")
    with pytest.raises(ValidationError, match="退回报表必须填写退回意见"):
        services.hub_return(actor=cluster["hub_director"], report=report, comment="  ")
    outsider_report = _submitted(cluster["outsider"])
    with pytest.raises(ValidationError, match="不属于任何片区"):
        services.hub_review(actor=cluster["hub_director"], report=outsider_report)
    # the outsider's report is not even found by the hub (outside its cluster)
    client = client_for(cluster["hub_director"])
    assert client.post(f"/reporting/reports/{outsider_report.pk}/hub-return/", {"comment": "x"}).status_code == 404
    # a member's director cannot use the hub's step on its own report
    with pytest.raises(ValidationError):
        services.hub_review(actor=cluster["member_director"], report=report)
    services.approve(actor=cluster["clerk"], report=report)
    for step, what in ((services.hub_return, "退回"), (services.hub_review, "审阅")):
        with pytest.raises(ValidationError) as refused:
            step(actor=cluster["hub_director"], report=report, comment="晚了")
        assert refused.value.message_dict == {
            "status": [f"报表当前状态为“已审核通过”，只有已上报、县级尚未审核的报表才能由片区中心所{what}"]}
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and not report.hub_comment
    assert not report.events.filter(kind__in=(EventKind.HUB_RETURN, EventKind.HUB_REVIEW)).exists()
    # the hub cannot approve for the county
    with pytest.raises(ValidationError):
        services.approve(actor=cluster["hub_director"], report=_submitted(cluster["member"].__class__.objects.get(
            pk=cluster["hub"].pk)))


# --- per-office counts and the cluster's typical cases -------------------------------------------------------

def _info(office, kind, n, month=MARCH):
    for i in range(n):
        InfoItem.objects.create(unit=office, kind=kind, reported_on=month + datetime.timedelta(days=i),
                                title=f"{office.name}{kind}{i}")


def _typical(office, n, month=MARCH):
    for i in range(n):
        TypicalCase.objects.create(unit=office, recorded_on=month + datetime.timedelta(days=i), title=f"案例{i}",
                                   dispute_type="neighbour", summary="案情")


@pytest.fixture
def march(cluster):
    """News: hub 3, member 1 (+1 at its workstation = 2), outsider 0. Information: hub 2, member 2, outsider 4.
    Typical: hub 0, member 1 (workstation), outsider 5 → the cluster has 1 typical case, below 3."""
    _info(cluster["hub"], "news", 3)
    _info(cluster["member"], "news", 1)
    _info(cluster["workstation"], "news", 1)
    _info(cluster["hub"], "information", 2)
    _info(cluster["member"], "information", 2)
    _info(cluster["outsider"], "information", 4)
    _typical(cluster["workstation"], 1)
    _typical(cluster["outsider"], 5)
    return cluster


def test_offices_below_a_minimum_are_named_and_averages_only_beside(march, tree):
    check = selectors.submission_check(tree["county"], MARCH)
    below = {r.unit.name: r.below for r in check["below"]}
    assert set(below) == {"千佛山街道司法所", "解放路街道司法所", "趵突泉街道司法所"}
    assert below["趵突泉街道司法所"] == ["一句话新闻 0 条，应不少于 2 条（HZ-3）"]
    assert below["解放路街道司法所"] == ["典型案例 1 件，应不少于 2 件（HZ-6）"]
    assert below["千佛山街道司法所"] == ["典型案例 0 件，应不少于 2 件（HZ-6）"]
    # the average news per office is 5 / 3 ≈ 1.67 < 2, the outsider alone is short: listed by name anyway
    assert check["averages"]["info_items"] == round(8 / 3, 2)
    page = client_for(march["clerk"]).get(f"/indicators/submissions/?unit={tree['county'].code}&month=2024-03")
    body = page.content.decode()
    assert "低于最低数的司法所（3）" in body and "趵突泉街道司法所</strong>：一句话新闻 0 条，应不少于 2 条" in body
    assert "所均（仅供参考）" in body


def test_the_cluster_typical_cases_count_the_clusters_records_not_the_hubs_own(march, tree):
    check = selectors.submission_check(march["hub"], MARCH)
    assert [r.unit.name for r in check["rows"]] == ["解放路街道司法所", "千佛山街道司法所"]  # the cluster only
    cluster = check["clusters"][0]
    assert (cluster.typical, cluster.minimum, cluster.short) == (1, 3, True)
    # the aggregate figure behind the dashboard agrees: the member's workstation's case counts for the hub
    aggregates.refresh(tree["county"].path, MARCH, MARCH)
    hub_rows = dict(AggregateValue.objects.filter(unit=march["hub"], period=MARCH)
                    .values_list("element", "value"))
    assert hub_rows["typical_cases_hub"] == 1 and "typical_cases" not in hub_rows
    _typical(march["member"], 2)
    aggregates.refresh(march["member"].path, MARCH, MARCH)   # a member's refresh updates its hub too
    assert AggregateValue.objects.get(unit=march["hub"], period=MARCH, element="typical_cases_hub").value == 3


def test_the_hubs_cluster_page_shows_its_members_reports_and_counts(march):
    _submitted(march["member"])
    page = client_for(march["hub_director"]).get("/indicators/submissions/?month=2024-03").content.decode()
    assert "片区工作 · 千佛山街道司法所" in page
    assert "成员所月报" in page and "待审阅" in page
    assert "趵突泉" not in page  # outside the cluster
    assert "解放路街道司法所</strong>：典型案例 1 件，应不少于 2 件" in page


def test_shortfall_alerts_go_to_the_office_and_to_its_hub(march, tree):
    today = D(2024, 4, 5)
    office_alerts = engine.collect(march["member"].path, today, codes=["indicators.office_shortfall"])
    assert [(a.unit_path, a.message) for a in office_alerts] == [
        (march["member"].path, "典型案例 1 件，应不少于 2 件（HZ-6）")]
    hub_alerts = engine.collect(march["hub"].path, today, codes=["indicators.cluster_shortfall"])
    messages = sorted(a.message for a in hub_alerts)
    assert messages == ["典型案例 1 件，应不少于 2 件（HZ-6）",
                        "片区典型案例 1 件，片区中心所每月应报送不少于 3 件（HZ-3）"]
    assert all(a.unit_path == march["hub"].path for a in hub_alerts)
    # the outsider's shortfall reaches no hub
    assert not [a for a in hub_alerts if "趵突泉" in a.subject]
    # the inbox lists the stored items (D49): refreshed for the hub's office as of the day checked, the county
    # managed here from before the month (D50: earlier items go to the historical list)
    county = tree["county"]
    county.managed_from = D(2024, 1, 1)
    county.save()
    alert_services.refresh(path=march["hub"].path, codes=["indicators.cluster_shortfall"], today=today)
    inbox = client_for(march["hub_director"]).get("/alerts/").content.decode()
    assert "片区成员 解放路街道司法所 2024年3月报送" in inbox
    # in the last days of the month in progress, a short office is warned ahead
    early = engine.collect(march["outsider"].path, D(2024, 3, 24), codes=["indicators.office_shortfall"])
    late = engine.collect(march["outsider"].path, D(2024, 3, 25), codes=["indicators.office_shortfall"])
    assert not [a for a in early if a.due == D(2024, 3, 31)] and [a for a in late if a.due == D(2024, 3, 31)]


# --- HZ-1: the hub's own cluster staff -------------------------------------------------------------------------

def test_hubs_short_of_cluster_staff_show_on_the_standards_page(cluster, tree):
    first = factories.staff_member(cluster["hub"], full_name="片区甲", cluster_duty=True)
    page = client_for(cluster["clerk"]).get(f"/standards/?unit={tree['county'].code}").content.decode()
    assert "千佛山街道司法所</strong>：承担片区工作 1 人（片区甲），缺 1 人" in page
    factories.staff_member(cluster["hub"], full_name="片区乙", cluster_duty=True, birth_date=D(1988, 2, 2))
    page = client_for(cluster["clerk"]).get(f"/standards/?unit={tree['county'].code}").content.decode()
    assert "1 个片区中心所均已配备" in page
    staffing = selectors.hub_staffing(tree["county"].path)
    assert [(h.hub.name, h.count, h.status_text) for h in staffing] == [("千佛山街道司法所", 2, "达到")]
    # a member office has no cluster work to assign
    with pytest.raises(ValidationError, match="不是片区中心司法所"):
        factories.staff_member(cluster["member"], full_name="成员丙", cluster_duty=True)
    # and a transfer ends the cluster duty
    staff_services.transfer_member(actor=None, staff=first, to_unit=cluster["member"], on=D(2024, 6, 1))
    first.refresh_from_db()
    assert not first.cluster_duty
    assert selectors.hub_staffing(tree["county"].path)[0].short


def test_the_hubs_cluster_staff_at_the_boundaries_of_two_to_four(cluster, tree):
    """HZ-1 "2–4 人": 1 is short by one, 2 and 4 are within, a fifth is beyond the range (said so, not
    short)."""
    names = ["片区一", "片区二", "片区三", "片区四", "片区五"]
    expected = {1: (True, "缺 1 人"), 2: (False, "达到"), 3: (False, "达到"), 4: (False, "达到"),
                5: (False, "超出 2–4 人的配备范围")}
    for n, name in enumerate(names, start=1):
        factories.staff_member(cluster["hub"], full_name=name, cluster_duty=True,
                               birth_date=D(1980 + n, 1, n))
        (line,) = selectors.hub_staffing(tree["county"].path)
        assert (line.count, line.short, line.status_text) == (n, *expected[n]), n
    page = client_for(cluster["clerk"]).get(f"/standards/?unit={tree['county'].code}").content.decode()
    assert "超出 2–4 人的配备范围" in page


def test_the_county_page_costs_the_same_queries_for_more_offices_and_clusters(march, tree):
    """The per-office check reads the registers with one grouped query per item and county: three more
    offices, one more hub with a member, and their records do not add a query to the county's page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(march["clerk"])
    url = f"/indicators/submissions/?unit={tree['county'].code}&month=2024-03"
    client.get(url)   # warm the per-process caches (policy files, navigation)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    second_hub = unit("370102004", "甸柳街道司法所", Level.OFFICE, tree["county"])
    unit_services.update_unit(unit=second_hub, is_hub=True)
    for code, name in (("370102005", "燕山街道司法所"), ("370102006", "姚家街道司法所")):
        office = unit(code, name, Level.OFFICE, tree["county"])
        unit_services.update_unit(unit=office, hub=second_hub)
        _info(office, "news", 2)
        _typical(office, 1)
    factories.staff_member(second_hub, full_name="片区丁", cluster_duty=True)
    with CaptureQueriesContext(connection) as after:
        body = client.get(url).content.decode()
    assert "姚家街道司法所" in body and "甸柳街道司法所" in body
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_hubs_step_through_the_api(cluster):
    """POST /api/reporting-reports/<id>/hub-review/ and /hub-return/ go through the same services as the page:
    the member's report is found within the hub's cluster, an outsider's is not (404), a blank comment or a
    report not in the hub's cluster is refused in Chinese (400), and the report shows the hub's mark."""
    report = _submitted(cluster["member"])
    api = client_for(cluster["hub_director"])
    reviewed = api.post(f"/api/reporting-reports/{report.pk}/hub-review/", {"comment": "已核对"},
                        content_type="application/json")
    assert reviewed.status_code == 200
    assert reviewed.json()["status"] == "submitted" and reviewed.json()["hub_comment"] == "已核对"
    blank = api.post(f"/api/reporting-reports/{report.pk}/hub-return/", {"comment": " "},
                     content_type="application/json")
    assert blank.status_code == 400 and "退回报表必须填写退回意见" in str(blank.json())
    returned = api.post(f"/api/reporting-reports/{report.pk}/hub-return/", {"comment": "典型案例少报 1 件"},
                        content_type="application/json")
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["returned_by_hub"]) == ("returned", True)
    assert report.events.filter(kind=EventKind.HUB_RETURN).count() == 1
    outsider = _submitted(cluster["outsider"])
    outside = api.post(f"/api/reporting-reports/{outsider.pk}/hub-review/", {},
                       content_type="application/json")
    assert outside.status_code == 404
    own = client_for(cluster["member_director"])
    again = services.submit(actor=None, report=report, now=SUBMITTED_AT + datetime.timedelta(hours=1))
    refused = own.post(f"/api/reporting-reports/{again.pk}/hub-return/", {"comment": "自己退回"},
                       content_type="application/json")
    assert refused.status_code == 400 and "片区中心所" in str(refused.json())
    again.refresh_from_db()
    assert again.status == ReportStatus.SUBMITTED


def test_a_city_or_province_check_counts_every_county_in_the_same_three_queries(tree, django_assert_max_num_queries):
    """The province's 每月报送情况 counted each item county by county (3 queries × 136 counties = 408 on the
    province dataset, 1.7 s): one grouped query per item over the offices' common ancestor gives the same
    counts, whatever the number of counties."""
    third = unit("370104", "槐荫区司法局", Level.COUNTY, tree["city"])
    third_office = unit("370104001", "振兴街道司法所", Level.OFFICE, third)
    _info(tree["office"], "news", 2)
    _info(tree["other_office"], "news", 3)
    _info(third_office, "information", 1)
    _typical(tree["workstation"], 1)
    offices = selectors.offices_for_check(tree["city"])
    with django_assert_max_num_queries(3):
        rows = selectors.monthly_submissions(offices, MARCH)
    counts = {r.unit.code: r.counts for r in rows}
    assert counts["370102001"] == {"news_items": 2, "info_items": 0, "typical_cases": 1}
    assert counts["370103001"] == {"news_items": 3, "info_items": 0, "typical_cases": 0}
    assert counts["370104001"] == {"news_items": 0, "info_items": 1, "typical_cases": 0}
    assert counts["370102002"] == {"news_items": 0, "info_items": 0, "typical_cases": 0}


def test_a_large_scope_reads_the_office_table_a_page_at_a_time(tree, accounts):
    """A province's 每月报送情况 rendered all 1,807 offices at once (0.5 s of template work); the table is read
    100 offices a page, while the counts above it (below a minimum, averages) are of every office."""
    for n in range(3, 106):
        unit(f"370102{n:03d}", f"第{n}街道司法所", Level.OFFICE, tree["county"])
    client = client_for(accounts["county_clerk"])
    first = client.get(f"/indicators/submissions/?unit={tree['county'].code}&month=2024-03").content.decode()
    table = first.split('data-testid="submissions-table"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr><td>") == 100     # 100 offices (the average row is below them)
    assert "第 1 / 2 页" in first and "低于最低数的司法所（105）" in first and "以上列出前 100 个" in first
    second = client.get(f"/indicators/submissions/?unit={tree['county'].code}&month=2024-03&page=2").content.decode()
    table = second.split('data-testid="submissions-table"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr><td>") == 5 and "第105街道司法所" in table


def test_the_targets_folder_is_listed_once_per_table_whatever_the_number_of_counties_and_hubs(tree, monkeypatch):
    """The province's 每月报送情况 listed the targets folder once per county and twice per hub (527 times on the
    province dataset, a third of the page's time): the minimums of every office, cluster and hub come from one
    listing per table. (A counting wrapper around the real reader: nothing is replaced.)"""
    from sifasuo.indicators import targets

    listings = []
    real = targets.all_files
    monkeypatch.setattr(targets, "all_files", lambda folder=None: listings.append(folder) or real(folder))
    third = unit("370104", "槐荫区司法局", Level.COUNTY, tree["city"])
    for n in range(1, 4):
        hub = unit(f"37010400{n}", f"第{n}街道司法所", Level.OFFICE, third)
        unit_services.update_unit(unit=hub, is_hub=True)
    data = selectors.submission_check(tree["province"], MARCH)
    staffing = selectors.hub_staffing(tree["province"].path)
    assert len(data["clusters"]) == 3 and len(staffing) == 3
    assert {c.minimum for c in data["clusters"]} == {3}            # Shandong: 3 typical cases a cluster
    assert {h.minimum for h in staffing} == {2}                    # and 2–4 cluster staff a hub
    assert len(listings) <= 3
