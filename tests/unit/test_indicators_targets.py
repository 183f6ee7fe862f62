"""Indicator formulas, target files and red/amber/green (no database)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from sifasuo.indicators.catalog import BY_CODE
from sifasuo.indicators.targets import TargetFileError, parse, targets_for

POLICIES = Path(__file__).resolve().parents[2] / "policies" / "indicators"


def test_indicator_is_numerator_over_denominator():
    rate = BY_CODE["mediation_success_rate"]
    assert rate.compute({"mediation_succeeded": 49, "mediation_closed": 50}, {}) == 98.0
    assert rate.compute({"mediation_succeeded": 0, "mediation_closed": 0}, {}) is None
    per_hub = BY_CODE["typical_per_hub"]  # hub office-months summed over the period
    assert per_hub.compute({"typical_cases_hub": 9, "hub_offices": 4}, {}) == 2.25
    staff = BY_CODE["staff_per_office"]  # a state: read at the last month
    assert staff.compute({"staff_serving": 120, "offices": 24}, {"staff_serving": 11, "offices": 2}) == 5.5


def test_files_merge_city_over_province():
    shandong = targets_for("/370000/370100/370102/", POLICIES)
    assert shandong["staff_per_office"].value == 6  # Jinan's own file
    assert targets_for("/370000/370200/370202/", POLICIES)["staff_per_office"].value == 4
    assert shandong["mediation_success_rate"].status(98.0) == "green"
    assert shandong["mediation_success_rate"].status(96.5) == "amber"
    assert shandong["mediation_success_rate"].status(90) == "red"
    assert shandong["out_of_contact"].status(0) == "green"
    assert shandong["out_of_contact"].status(1) == "red"
    assert shandong["mediation_success_rate"].status(None) == "none"
    training = shandong["training_days_per_staff"].scaled(3)
    assert (training.value, training.amber) == (1.75, 1.25)


def test_bad_target_file_is_refused_in_chinese():
    with pytest.raises(TargetFileError) as exc:
        parse({"id": "x", "name": "x", "jurisdiction": {"region_code": "3701"},
               "effective_from": datetime.date(2024, 1, 1),
               "targets": {"no_such": {"op": ">=", "value": 1},
                           "mediation_success_rate": {"op": "≥", "value": 98},
                           "verification_rate": {"op": ">=", "value": 98, "amber": 99},
                           "out_of_contact": {"op": "<=", "value": "零"}}}, "bad.yaml")
    text = str(exc.value)
    assert text.startswith("bad.yaml：")
    assert "jurisdiction.region_code 应为 6 位行政区划代码，收到“3701”" in text
    assert "指标“no_such”不存在" in text
    assert "指标“mediation_success_rate”的比较符“≥”无效，应为 >= 或 <=" in text
    assert "“不低于”目标的黄色线（99）不能高于目标值（98）" in text
    assert "指标“out_of_contact”的 value、amber 应为数字" in text


def test_shipped_files_are_valid():
    files = sorted(POLICIES.glob("*.yaml"))
    assert len(files) >= 2
    import yaml

    for f in files:
        parse(yaml.safe_load(f.read_text(encoding="utf-8")), f.name)


def test_fund_allocation_against_hand_computation():
    from sifasuo.indicators.services import allocate

    scores = {1: Decimal("90"), 2: Decimal("80"), 3: Decimal("50")}
    # proportional: 10000 × 90/220 = 4090.909… → 4090.91; 80/220 → 3636.36; 50/220 → 2272.73 (sum 10000.00)
    assert allocate(scores, fund=Decimal("10000"), formula="proportional", pass_score=Decimal(60),
                    base_share=Decimal("0.3")) == {1: Decimal("4090.91"), 2: Decimal("3636.36"), 3: Decimal("2272.73")}
    # threshold 60: office 3 gets nothing; 10000 × 90/170 = 5294.12, × 80/170 = 4705.88
    assert allocate(scores, fund=Decimal("10000"), formula="threshold", pass_score=Decimal(60),
                    base_share=Decimal("0.3")) == {1: Decimal("5294.12"), 2: Decimal("4705.88"), 3: Decimal("0.00")}
    # base 30 %: 1000 each, then 7000 by score: 2863.64, 2545.45, 1590.91 → 3863.64, 3545.45, 2590.91
    assert allocate(scores, fund=Decimal("10000"), formula="base_plus", pass_score=Decimal(60),
                    base_share=Decimal("0.3")) == {1: Decimal("3863.64"), 2: Decimal("3545.45"), 3: Decimal("2590.91")}
    # a rounding remainder goes to the best office: 100 / 3
    thirds = allocate({1: Decimal(1), 2: Decimal(1), 3: Decimal(1)}, fund=Decimal(100), formula="proportional",
                      pass_score=Decimal(0), base_share=Decimal(0))
    assert thirds == {1: Decimal("33.34"), 2: Decimal("33.33"), 3: Decimal("33.33")}


def test_the_scoring_formula_against_hand_computation():
    """D38: points = weight × share, share linear between the zero line and the target, rounded half up."""
    from sifasuo.indicators.models import ScoringItem
    from sifasuo.indicators.services import item_points
    from sifasuo.indicators.targets import Target

    mediation = Target("mediation_success_rate", ">=", 98, 95)
    item = ScoringItem(name="调解", weight=Decimal(25), method="indicator", indicator="mediation_success_rate")
    assert item_points(item, mediation, 90) == 22.96          # 25 × 90 / 98 = 22.959…
    assert item_points(item, mediation, 98) == item_points(item, mediation, 100) == 25
    assert item_points(item, mediation, None) is None          # no data: the scheme's rule decides
    item.zero_line = Decimal(80)
    assert item_points(item, mediation, 90) == 13.89          # 25 × (90 − 80) / (98 − 80) = 13.888…
    assert item_points(item, mediation, 80) == item_points(item, mediation, 70) == 0
    supervision = Target("out_of_contact", "<=", 0, 0)
    absent = ScoringItem(name="脱管", weight=Decimal(15), method="indicator", indicator="out_of_contact")
    assert (item_points(absent, supervision, 0), item_points(absent, supervision, 1)) == (15, 0)
    reoffending = Target("reoffence_rate", "<=", 11.8, 11.8)
    rate = ScoringItem(name="重新犯罪率", weight=Decimal(10), method="indicator", indicator="reoffence_rate",
                       zero_line=Decimal(20))
    assert item_points(rate, reoffending, 15) == 6.10         # 10 × (20 − 15) / (20 − 11.8) = 6.097…
    assert item_points(rate, reoffending, 11.8) == 10 and item_points(rate, reoffending, 20) == 0
    # a yearly target (7 training days) is taken month by month: 7 / 12 → 0.58 a month
    training = Target("training_days_per_staff", ">=", 7, 5)
    days = ScoringItem(name="培训", weight=Decimal(12), method="indicator", indicator="training_days_per_staff")
    assert item_points(days, training, 0.29) == 6.0           # 12 × 0.29 / 0.58
    assert item_points(days, training, 0.58) == 12


def test_wuhu_readings_at_their_boundaries():
    """The corrected readings at their edges (Wuhu's file and the national benchmark, inherited): WH-2's director
    rate 90 % is met, 89.99 % is not; WH-8's 核实率 98 % is met, 97.99 % is not; 重新犯罪率 equal to the national
    11.8 % is not above it, 11.81 % is; WH-4's 7 county days a year are 7/12 ≈ 0.58 of a day a month."""
    wuhu = targets_for("/340000/340200/340202/", POLICIES)
    assert (wuhu["director_rate"].status(90), wuhu["director_rate"].status(89.99)) == ("green", "amber")
    assert wuhu["director_rate"].status(79.99) == "red"
    assert (wuhu["confirmation_rate"].status(98), wuhu["confirmation_rate"].status(97.99)) == ("green", "amber")
    assert (wuhu["reoffence_rate"].status(11.8), wuhu["reoffence_rate"].status(11.81)) == ("green", "red")
    assert (wuhu["training_days_per_staff"].value, wuhu["director_training_days"].value) == (7, 5)
    assert wuhu["training_days_per_staff"].scaled(1).value == 0.58
