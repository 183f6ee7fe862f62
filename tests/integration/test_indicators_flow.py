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
    assert info.drill == "/casework/info/?within=370102001&kind=information&month=2024-03"
    year = selectors.dashboard(figures["county"], 2024, None)
    assert year["trend"]["months"][:3] == ["2024-01", "2024-02", "2024-03"]
    assert year["trend"]["series"]["mediation_success_rate"][:3] == [None, None, 95.0]


def test_dashboard_page_is_light_and_scoped(figures, accounts, django_assert_max_num_queries):
    client = client_for(accounts["city_admin"])
    live.recompute_pending()  # what each write's commit runs (the test's transaction never commits)
    with django_assert_max_num_queries(21):  # one of them: are the live months read all computed (D55)
        page = client.get("/indicators/?year=2024&month=3")
    body = page.content.decode()
    assert "历下区司法局" in body and "dashboard-data" in body
    county = client_for(accounts["county_clerk"]).get("/indicators/?unit=370000&year=2024&month=3")
    assert "工作指标看板 · 历下区司法局" in county.content.decode()  # a unit above falls back to one's own
    csv = client.get("/indicators/?year=2024&month=3&export=ranking&as=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("名次,单位（实时数据，更新于 ")  # live figures, and when computed
    assert ",人民调解成功率," in csv.splitlines()[0]


def test_scoring_and_funds_against_hand_computation(figures, accounts):
    clerk = accounts["county_clerk"]
    items = [{"name": "调解成功率", "weight": 60, "method": "indicator", "indicator": "mediation_success_rate"},
             {"name": "科室评分", "weight": 40, "method": "manual", "department": "基层科"}]
    scheme = services.create_scheme(actor=clerk, unit=figures["county"], year=2024, name="2024年考核",
                                    fund_total="10000", items=items)
    manual = scheme.items.get(method="manual")
    services.record_manual_score(actor=clerk, item=manual, unit=figures["office"], month=D(2024, 3, 1), percent=50)
    services.record_manual_score(actor=clerk, item=manual, unit=figures["office2"], month=D(2024, 3, 1), percent=100)
    rows = {r.unit.code: r for r in services.compute_scores(actor=clerk, scheme=scheme, through=D(2024, 3, 1))}
    # Jan, Feb: no case closed → rate item full (60), manual 0 → 60 each month.
    # March: 解放路 60×1 + 40×0.5 = 80; 千佛山 60×(80/98) = 48.98 + 40 = 88.98
    assert rows["370102001"].monthly["2024-03"]["total"] == 80.0
    assert rows["370102002"].monthly["2024-03"]["total"] == 88.98
    assert rows["370102001"].composite == Decimal("66.67")   # (60 + 60 + 80) / 3
    assert rows["370102002"].composite == Decimal("69.66")   # (60 + 60 + 88.98) / 3
    assert (rows["370102002"].rank, rows["370102001"].rank) == (1, 2)
    # 10000 × 69.66 / 136.33 = 5109.66; 10000 × 66.67 / 136.33 = 4890.34
    assert (rows["370102002"].fund, rows["370102001"].fund) == (Decimal("5109.66"), Decimal("4890.34"))
    export = client_for(clerk).get(f"/indicators/schemes/{scheme.pk}/?export=xlsx")
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(export.content))["考核结果"]
    rows_x = list(ws.iter_rows(values_only=True))
    assert rows_x[3][1] == "千佛山街道司法所" and rows_x[3][-1] == 5109.66
    assert rows_x[-1][1] == "合计" and rows_x[-1][-1] == 10000


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
