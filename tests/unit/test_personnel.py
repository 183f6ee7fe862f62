"""Personnel rules of both policies against hand-computed cases (DQ-8…DQ-10, YQ-7, YQ-8)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sifasuo.policy import load_named
from sifasuo.policy.personnel import allowed_change, grade_for_scores, pay_line, propose_renewal, review_level

DQ = load_named("daqing-2024").personnel
YQ = load_named("yangquan-2024").personnel
D = datetime.date


def test_entry_level_is_four_in_both():
    assert DQ.levels.entry_level == 4 and YQ.levels.entry_level == 4


def test_daqing_promotion_to_three_after_two_years_competent():
    # at 四级 since 2022-10-15: by 2024-12-31 two full years; 2023 and 2024 competent → 三级
    p = review_level(DQ, level=4, level_since=D(2022, 10, 15), grades={2023: "competent", 2024: "competent"}, year=2024)
    assert (p.from_level, p.to_level, p.kind, p.rule_id) == (4, 3, "promotion", "DQ-9.1")
    # since 2023-01-01: only one full year by the end of 2024
    assert review_level(DQ, level=4, level_since=D(2023, 1, 1), grades={2023: "competent", 2024: "competent"},
                        year=2024) is None


def test_yangquan_needs_three_years_for_the_same_step():
    grades = {2022: "competent", 2023: "competent", 2024: "competent"}
    assert review_level(YQ, level=4, level_since=D(2022, 10, 15), grades=grades, year=2024) is None  # 2 years
    p = review_level(YQ, level=4, level_since=D(2021, 10, 15), grades=grades, year=2024)
    assert (p.to_level, p.rule_id) == (3, "YQ-8.2")


def test_promotion_to_two_needs_an_excellent():
    grades = {2022: "competent", 2023: "competent", 2024: "competent"}
    assert review_level(DQ, level=3, level_since=D(2021, 1, 1), grades=grades, year=2024) is None
    grades[2023] = "excellent"
    assert review_level(DQ, level=3, level_since=D(2021, 1, 1), grades=grades, year=2024).to_level == 2


def test_missing_year_blocks_promotion():
    assert review_level(DQ, level=4, level_since=D(2020, 1, 1), grades={2024: "excellent"}, year=2024) is None


def test_demotion_rules_differ():
    # one 不称职: both demote
    assert review_level(DQ, level=3, level_since=D(2020, 1, 1), grades={2024: "incompetent"}, year=2024).to_level == 4
    assert review_level(YQ, level=3, level_since=D(2020, 1, 1), grades={2024: "incompetent"}, year=2024).to_level == 4
    # two 基本称职 in a row: Daqing demotes (DQ-9.1), Yangquan does not
    basic = {2023: "basic", 2024: "basic"}
    assert review_level(DQ, level=2, level_since=D(2020, 1, 1), grades=basic, year=2024).kind == "demotion"
    assert review_level(YQ, level=2, level_since=D(2020, 1, 1), grades=basic, year=2024) is None
    # already at 四级: nothing lower
    assert review_level(DQ, level=4, level_since=D(2020, 1, 1), grades={2024: "incompetent"}, year=2024) is None


def test_changes_go_one_level_at_a_time():
    assert allowed_change(DQ, from_level=4, to_level=3) is None
    assert "逐级" in allowed_change(DQ, from_level=4, to_level=2)
    assert "1（一级）至 4（四级）" in allowed_change(DQ, from_level=4, to_level=5)


def test_grades_from_scores():
    assert grade_for_scores(DQ, dict(virtue=18, ability=18, diligence=18, performance=18, integrity=17)) == "competent"  # 89
    assert grade_for_scores(YQ, dict(virtue=18, ability=18, diligence=18, performance=18, integrity=17)) == "excellent"  # 89 ≥ 85
    assert grade_for_scores(DQ, dict(virtue=12, ability=12, diligence=12, performance=11, integrity=12)) == "incompetent"  # 59
    with pytest.raises(ValueError, match="超出范围"):
        grade_for_scores(DQ, dict(virtue=21, ability=1, diligence=1, performance=1, integrity=1))


def test_renewal_proposals():
    assert propose_renewal(DQ, grades=["competent", "basic", "excellent"]).decision == "renew"
    # one 基本称职 is allowed in Daqing, none in Yangquan
    assert propose_renewal(YQ, grades=["competent", "basic", "excellent"]).decision == "not_renew"
    assert propose_renewal(DQ, grades=["basic", "basic"]).decision == "not_renew"
    p = propose_renewal(DQ, grades=["incompetent", "incompetent"])
    assert p.decision == "not_renew" and p.dismissal and any("连续2个年度考核不称职" in r for r in p.reasons)
    assert propose_renewal(YQ, grades=[]).decision == "undecided"
    with pytest.raises(ValueError, match="考核等次"):
        propose_renewal(DQ, grades=["great"])


def test_pay_daqing_hand_computed():
    # 二级: 3,200.00 × 1.20 = 3,840.00; 工龄 5 × 50 = 250.00; total 4,090.00
    line = pay_line(DQ, level=2, benchmark=Decimal("3200"), service_years=5)
    assert (line.base, line.level_allowance, line.seniority, line.total) == (
        Decimal("3840.00"), Decimal("0.00"), Decimal("250.00"), Decimal("4090.00"))
    # 四级 on probation: 3,200 + 0 → 80 % = 2,560.00 (deduction 640.00)
    line = pay_line(DQ, level=4, benchmark=Decimal("3200"), service_years=0, on_probation=True)
    assert (line.probation_deduction, line.total) == (Decimal("640.00"), Decimal("2560.00"))


def test_pay_yangquan_hand_computed():
    # 一级: 4,321.50 × 0.90 = 3,889.35; 津贴 900; 工龄 3 × 40 = 120 → 4,909.35; probation paid in full
    line = pay_line(YQ, level=1, benchmark=Decimal("4321.50"), service_years=3, on_probation=True)
    assert (line.base, line.level_allowance, line.seniority, line.probation_deduction, line.total) == (
        Decimal("3889.35"), Decimal("900.00"), Decimal("120.00"), Decimal("0.00"), Decimal("4909.35"))
