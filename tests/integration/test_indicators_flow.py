"""Dashboards and office assessment against hand computations; scheme rules refused in Chinese."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sifasuo.casework.models import InfoItem, MediationCase
from sifasuo.indicators import selectors, services
from sifasuo.reporting import aggregates, live
from tests.conftest import client_for

D = datetime.date


def _cases(unit, month, closed, succeeded, start=0):
    for n in range(closed):
        MediationCase.objects.create(unit=unit, year=month.year, number=f"I{unit.code}-{month:%m}-{start + n}",
                                     source="application", dispute_type="neighbour", title="纠纷",
                                     registered_on=month, status="closed", closed_on=month.replace(day=20),
                                     outcome="success" if n < succeeded else "failure")


@pytest.fixture
def figures(tree):
    """March 2024: 解放路 50 closed / 49 succeeded (98 %), 2 information items; 千佛山 10 / 8 (80 %), none."""
    march = D(2024, 3, 1)
    _cases(tree["office"], march, 50, 49)
    _cases(tree["office2"], march, 10, 8)
    for n in range(2):
        InfoItem.objects.create(unit=tree["office"], kind="information", reported_on=D(2024, 3, 3 + n), title="信息")
    aggregates.refresh(tree["province"].path, D(2024, 1, 1), D(2024, 3, 1))
    return tree


def test_dashboard_values_ranking_and_drilldown(figures):
    data = selectors.dashboard(figures["county"], 2024, 3)
    rate = next(i for i in data["indicators"] if i.code == "mediation_success_rate")
    assert rate.value == round(57 / 60 * 100, 2) and rate.status == "amber"  # 95.0 ≥ amber 95
    ranking = [(r["unit"].name, r["values"]["mediation_success_rate"], r["status"]["mediation_success_rate"])
               for r in data["ranking"]]
    assert ranking == [("解放路街道司法所", 98.0, "green"), ("千佛山街道司法所", 80.0, "red")]
    office = selectors.dashboard(figures["office"], 2024, 3)
    info = next(i for i in office["indicators"] if i.code == "info_per_office")
    assert info.value == 2.0 and info.status == "green"
    assert info.drill == "/casework/info/?within=370102001&kind=information&since=2024-03-01&until=2024-03-31"
    year = selectors.dashboard(figures["county"], 2024, None)
    assert year["trend"]["months"][:3] == ["2024-01", "2024-02", "2024-03"]
    assert year["trend"]["series"]["mediation_success_rate"][:3] == [None, None, 95.0]


def test_dashboard_page_is_light_and_scoped(figures, accounts, django_assert_max_num_queries):
    client = client_for(accounts["city_admin"])
    live.recompute_pending()  # what each write's commit runs (the test's transaction never commits)
    # one of them: are the live months read all computed (D55); two: the figures' data versions the cached
    # cards and ranking are keyed by (issue 15)
    with django_assert_max_num_queries(23):
        page = client.get("/indicators/?year=2024&month=3")
    body = page.content.decode()
    assert "历下区司法局" in body and "dashboard-data" in body
    county = client_for(accounts["county_clerk"]).get("/indicators/?unit=370000&year=2024&month=3")
    assert "工作指标看板 · 历下区司法局" in county.content.decode()  # a unit above falls back to one's own
    csv = client.get("/indicators/?year=2024&month=3&export=ranking&as=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("名次,单位（实时数据，更新于 ")  # live figures, and when computed
    assert ",人民调解成功率," in csv.splitlines()[0]


def test_scoring_and_funds_against_hand_computation(figures, accounts):
    """HZ-7, D38: a month without data is not full marks. Jan and Feb 2024 have no closed case and no mark:
    under the default rule (zero) both items score 0 and the month 0, labelled; March: 解放路 98 % → 60 + 40 × 50 %
    = 80; 千佛山 80 % against 98 % → 60 × 80 / 98 = 48.98, + 40 → 88.98."""
    clerk = accounts["county_clerk"]
    items = [{"name": "调解成功率", "weight": 60, "method": "indicator", "indicator": "mediation_success_rate"},
             {"name": "科室评分", "weight": 40, "method": "manual", "department": "基层科"}]
    scheme = services.create_scheme(actor=clerk, unit=figures["county"], year=2024, name="2024年考核",
                                    fund_total="10000", items=items)
    manual = scheme.items.get(method="manual")
    services.record_manual_score(actor=clerk, item=manual, unit=figures["office"], month=D(2024, 3, 1), percent=50)
    services.record_manual_score(actor=clerk, item=manual, unit=figures["office2"], month=D(2024, 3, 1), percent=100)
    rows = {r.unit.code: r for r in services.compute_scores(actor=clerk, scheme=scheme, through=D(2024, 3, 1))}
    january = rows["370102001"].monthly["2024-01"]
    assert january["total"] == 0 and january["no_data"] == ["调解成功率", "科室评分"]
    assert rows["370102001"].monthly["2024-03"]["total"] == 80.0
    assert rows["370102002"].monthly["2024-03"]["total"] == 88.98
    assert rows["370102001"].composite == Decimal("26.67")   # (0 + 0 + 80) / 3
    assert rows["370102002"].composite == Decimal("29.66")   # (0 + 0 + 88.98) / 3
    assert (rows["370102002"].rank, rows["370102001"].rank) == (1, 2)
    # 10000 × 29.66 / 56.33 = 5265.40; 10000 × 26.67 / 56.33 = 4734.60
    assert (rows["370102002"].fund, rows["370102001"].fund) == (Decimal("5265.40"), Decimal("4734.60"))
    # each office's fund line explains itself
    assert rows["370102002"].explanation == (
        "综合得分 29.66 分 = 3 个月月度得分的平均（2024-01 至 2024-03）；无数据的项目计 0 分"
        "（2024-01：调解成功率、科室评分；2024-02：调解成功率、科室评分）；绩效经费（按综合得分比例分配）："
        "10,000.00 × 29.66 ÷ 56.33（各所得分之和） = 5,265.40 元；合计 5,265.40 元。")
    export = client_for(clerk).get(f"/indicators/schemes/{scheme.pk}/?export=xlsx")
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(export.content))["考核结果"]
    rows_x = list(ws.iter_rows(values_only=True))
    assert rows_x[3][1] == "千佛山街道司法所" and rows_x[3][-2] == 5265.40
    assert rows_x[3][-1].startswith("综合得分 29.66 分")
    assert rows_x[-1][1] == "合计" and rows_x[-1][-2] == 10000
    page = client_for(clerk).get(f"/indicators/schemes/{scheme.pk}/").content.decode()
    assert "10,000.00 × 29.66 ÷ 56.33" in page


def test_months_without_data_excluded_and_weights_renormalised(figures, accounts):
    """The other setting: items without data are left out and the rest scaled to 100; a month with no data at
    all is not scored and not averaged. March 千佛山: manual mark missing → 48.98 of 60 → 81.63."""
    clerk = accounts["county_clerk"]
    items = [{"name": "调解成功率", "weight": 60, "method": "indicator", "indicator": "mediation_success_rate"},
             {"name": "科室评分", "weight": 40, "method": "manual", "department": "基层科"}]
    scheme = services.create_scheme(actor=clerk, unit=figures["county"], year=2024, name="2024年考核",
                                    fund_total="10000", items=items, no_data_rule="exclude")
    services.record_manual_score(actor=clerk, item=scheme.items.get(method="manual"), unit=figures["office"],
                                 month=D(2024, 3, 1), percent=50)
    rows = {r.unit.code: r for r in services.compute_scores(actor=clerk, scheme=scheme, through=D(2024, 3, 1))}
    assert rows["370102001"].monthly["2024-01"]["total"] is None
    assert rows["370102001"].composite == Decimal("80.00")
    march = rows["370102002"].monthly["2024-03"]
    assert march["科室评分"] is None and march["total"] == round(48.98 * 100 / 60, 2) == 81.63
    assert rows["370102002"].composite == Decimal("81.63")
    assert "2024-01、2024-02 全部项目无数据，不计入平均" in rows["370102002"].explanation
    page = client_for(clerk).get(f"/indicators/schemes/{scheme.pk}/").content.decode()
    assert "无数据" in page and "无数据的项目不计分，其余项目按分值比例折算为百分制" in page


def test_a_zero_line_and_equal_scores_sharing_a_rank(figures, accounts):
    """Zero line 80 %: 千佛山's 80 % earns nothing on the item (50 × 0 + 50 × 100 % = 50); 解放路 98 % with a
    mark of 0 % also scores 50 in March: the two share the first rank."""
    clerk = accounts["county_clerk"]
    items = [{"name": "调解成功率", "weight": 50, "method": "indicator", "indicator": "mediation_success_rate",
              "zero_line": 80},
             {"name": "科室评分", "weight": 50, "method": "manual", "department": "基层科"}]
    scheme = services.create_scheme(actor=clerk, unit=figures["county"], year=2024, name="2024年考核",
                                    fund_total="10000", items=items, no_data_rule="exclude")
    manual = scheme.items.get(method="manual")
    services.record_manual_score(actor=clerk, item=manual, unit=figures["office"], month=D(2024, 3, 1), percent=0)
    services.record_manual_score(actor=clerk, item=manual, unit=figures["office2"], month=D(2024, 3, 1), percent=100)
    rows = {r.unit.code: r for r in services.compute_scores(actor=clerk, scheme=scheme, through=D(2024, 3, 1))}
    assert rows["370102002"].monthly["2024-03"]["调解成功率"] == 0
    assert rows["370102001"].monthly["2024-03"]["total"] == rows["370102002"].monthly["2024-03"]["total"] == 50
    assert rows["370102001"].rank == rows["370102002"].rank == 1
    with pytest.raises(ValidationError, match="零分线应低于 98"):
        services.save_items(actor=clerk, scheme=scheme, rows=[
            {"name": "调解成功率", "weight": 50, "method": "indicator", "indicator": "mediation_success_rate",
             "zero_line": "99"}, {"name": "科室评分", "weight": 50, "method": "manual", "department": "基层科",
                                  "id": manual.pk}])


def test_an_item_without_a_target_stops_the_computation_and_the_page_says_which(figures, accounts, settings,
                                                                                 tmp_path):
    clerk = accounts["county_clerk"]
    items = [{"name": "调解成功率", "weight": 60, "method": "indicator", "indicator": "mediation_success_rate"},
             {"name": "核实率", "weight": 40, "method": "indicator", "indicator": "confirmation_rate"}]
    scheme = services.create_scheme(actor=clerk, unit=figures["county"], year=2024, name="2024年考核",
                                    fund_total="10000", items=items)
    folder = tmp_path / "indicators"
    folder.mkdir()
    (folder / "sd.yaml").write_text("id: sd\nname: 山东\njurisdiction: {region_code: \"370000\"}\ntargets:\n"
                                    "  mediation_success_rate: {op: \">=\", value: 98, amber: 95}\n",
                                    encoding="utf-8")
    settings.POLICY_DIR = str(tmp_path)
    with pytest.raises(ValidationError) as caught:
        services.compute_scores(actor=clerk, scheme=scheme, through=D(2024, 3, 1))
    assert "「核实率」（刑满释放人员信息核实率）" in caught.value.message_dict["items"][0]
    assert not scheme.scores.exists()
    page = client_for(clerk).get(f"/indicators/schemes/{scheme.pk}/").content.decode()
    assert "以下考核项目在本地区目标文件中没有目标，不能计分，方案暂不能计算：「核实率」" in page


def test_the_default_period_is_the_last_complete_month(tree, accounts):
    today = datetime.date.today()
    clerk = accounts["county_clerk"]
    items = [{"name": "科室评分", "weight": 100, "method": "manual", "department": "基层科"}]
    scheme = services.create_scheme(actor=clerk, unit=tree["county"], year=today.year, name="本年考核",
                                    fund_total="1000", items=items)
    services.compute_scores(actor=clerk, scheme=scheme)
    scheme.refresh_from_db()
    last = services.last_complete_month(today)
    assert scheme.computed_through == (last if last.year == today.year else None) or today.month == 1
    if today.month > 1:
        with pytest.raises(ValidationError, match="尚未结束"):
            services.compute_scores(actor=clerk, scheme=scheme, through=today.replace(day=1))


def test_scheme_rules_refused_in_chinese(figures, accounts):
    with pytest.raises(ValidationError) as exc:
        services.create_scheme(actor=accounts["county_clerk"], unit=figures["county"], year=2024, name="x",
                               fund_total="1000", items=[{"name": "调解", "weight": 50, "method": "indicator",
                                                          "indicator": "mediation_success_rate"}])
    assert exc.value.message_dict == {"items": ["各考核项目分值合计应为 100 分，现为 50 分"]}
    with pytest.raises(ValidationError) as exc:
        services.create_scheme(actor=accounts["city_admin"], unit=figures["county"], year=2025, name="x",
                               fund_total="1000")
    assert exc.value.message_dict == {"unit": ["只有「历下区司法局」本局才能制定或修改其考核方案"]}
    with pytest.raises(ValidationError) as exc:
        services.create_scheme(actor=accounts["county_clerk"], unit=figures["county"], year=2026, name="y",
                               fund_total="很多")
    assert exc.value.message_dict == {"fund_total": ["绩效经费总额应为不小于 0 的金额"]}


def test_amounts_scores_and_caps_outside_their_range_are_refused(figures, accounts):
    """Each number a scheme or an assessment takes is read as a decimal within its range (core.validation
    .decimal_within): a word, a negative, infinity or too many decimals are refused naming the field."""
    clerk = accounts["county_clerk"]
    with pytest.raises(ValidationError) as exc:
        services.create_scheme(actor=clerk, unit=figures["county"], year=2027, name="z", fund_total="-1",
                               bonus_cap="21")
    assert exc.value.message_dict == {"fund_total": ["绩效经费总额应为不小于 0 的金额"],
                                      "bonus_cap": ["迎检加分每月上限应为 0 至 20 分"]}
    with pytest.raises(ValidationError) as exc:
        services.create_scheme(actor=clerk, unit=figures["county"], year=2027, name="z", fund_total="Infinity",
                               base_share="一半")
    assert exc.value.message_dict == {"fund_total": ["绩效经费总额应为不小于 0 的金额"],
                                      "base_share": ["基础部分占比应在 0 至 1 之间"]}
    items = [{"name": "调解成功率", "weight": 60, "method": "indicator", "indicator": "mediation_success_rate",
              "zero_line": "-3"},
             {"name": "科室评分", "weight": " 40.005 ", "method": "manual", "department": "基层科"}]
    for problem in ({"zero_line": ["考核项目「调解成功率」的零分线应为不小于 0 的数字（最多两位小数），收到“-3”"]},
                    {"weight": ["考核项目「科室评分」的分值应为大于 0、不超过 100 的数字（最多两位小数），收到“40.005”"]}):
        with pytest.raises(ValidationError) as exc:
            services.create_scheme(actor=clerk, unit=figures["county"], year=2027, name="z", fund_total="1000",
                                   items=items)
        assert exc.value.message_dict == problem
        items[0]["zero_line"] = ""   # the first item's refusal comes first
    items[1]["weight"] = 40
    scheme = services.create_scheme(actor=clerk, unit=figures["county"], year=2027, name="z", fund_total="1000",
                                    items=items)
    manual = scheme.items.get(method="manual")
    for percent in ("101", "-0.5", "满分"):
        with pytest.raises(ValidationError) as exc:
            services.record_manual_score(actor=clerk, item=manual, unit=figures["office"], month=D(2027, 3, 1),
                                         percent=percent)
        assert exc.value.message_dict == {"percent": ["得分率应为 0 至 100 之间的数字"]}
    assert not manual.manual_scores.exists()
    with pytest.raises(ValidationError) as exc:
        services.create_annual(actor=clerk, unit=figures["county"], year=2027, commend_min_score="201")
    assert exc.value.message_dict == {"commend_min_score": ["表彰最低得分应为 0 至 200 之间的数字"]}


def test_inspection_points_are_added_to_the_months_score(figures, accounts):
    """HZ-7: 迎检 points the county awards count in the month the inspection was hosted, at most the scheme's
    monthly cap: March 解放路 80 + 3 = 83; 千佛山 hosted two (4 + 4 = 8 points) capped at 5 → 88.98 + 5 = 93.98."""
    from sifasuo.officeadmin import services as office_services

    clerk = accounts["county_clerk"]
    items = [{"name": "调解成功率", "weight": 60, "method": "indicator", "indicator": "mediation_success_rate"},
             {"name": "科室评分", "weight": 40, "method": "manual", "department": "基层科"}]
    scheme = services.create_scheme(actor=clerk, unit=figures["county"], year=2024, name="2024年考核",
                                    fund_total="10000", items=items, bonus_cap=5)
    manual = scheme.items.get(method="manual")
    services.record_manual_score(actor=clerk, item=manual, unit=figures["office"], month=D(2024, 3, 1), percent=50)
    services.record_manual_score(actor=clerk, item=manual, unit=figures["office2"], month=D(2024, 3, 1), percent=100)
    office_services.record_hosting(actor=clerk, unit=figures["office"], hosted_on=D(2024, 3, 12), inspected_by="市司法局",
                                   subject="规范化建设检查", bonus_points=3, bonus_reason="准备充分")
    for day in (5, 20):
        office_services.record_hosting(actor=clerk, unit=figures["office2"], hosted_on=D(2024, 3, day),
                                       inspected_by="省司法厅", subject="验收", bonus_points=4, bonus_reason="效果好")
    rows = {r.unit.code: r for r in services.compute_scores(actor=clerk, scheme=scheme, through=D(2024, 3, 1))}
    assert (rows["370102001"].monthly["2024-03"]["total"], rows["370102001"].monthly["2024-03"]["bonus"]) == (83.0, 3.0)
    assert (rows["370102002"].monthly["2024-03"]["total"], rows["370102002"].monthly["2024-03"]["bonus"]) == (93.98, 5.0)
    assert "迎检加分（HZ-7）：2024-03 +5" in rows["370102002"].explanation


def test_a_provinces_dashboard_names_the_first_missing_offices_and_counts_the_rest(tree, accounts):
    """A province's 1,800 offices without a report: the dashboard names the first 20 and counts the rest, and
    reads only those 20 units (D52), not every missing office."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sifasuo.orgunits.choices import Level
    from sifasuo.reporting.selectors import missing_units, monthly_template
    from sifasuo.reporting.services import ensure_templates
    from tests.factories import unit

    ensure_templates()
    for n in range(25):
        unit(f"370102{101 + n:03d}", f"新设第{n + 1}街道司法所", Level.OFFICE, tree["county"])
    march = D(2024, 3, 1)
    everyone = missing_units(template=monthly_template(), start=march, unit=tree["province"])
    expected = everyone.count()
    assert expected > 25
    with CaptureQueriesContext(connection) as captured:
        body = client_for(accounts["province_admin"]).get("/indicators/?year=2024&month=3").content.decode()
    shown = body.split('data-testid="dash-missing">', 1)[1].split("</ul>", 1)[0]
    assert shown.count("<li>") == 21 and f"<li>等 {expected} 个</li>" in shown
    assert [u.name for u in everyone[:20]] == [li.split("</li>")[0] for li in shown.split("<li>")[1:21]]
    reads = [q["sql"] for q in captured if q["sql"].startswith('SELECT "orgunits_orgunit"."id"')
             and "reporting_report" in q["sql"]]
    assert reads and all("LIMIT 20" in sql for sql in reads)
