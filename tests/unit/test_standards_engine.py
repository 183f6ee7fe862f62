"""The standard engine (sifasuo.policy.standards) and the two standard files: every rule at its boundary."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from sifasuo.policy import standards as engine
from sifasuo.policy.errors import PolicyInvalid

DIR = Path(__file__).resolve().parents[2] / "policies" / "standards"
WUHU = engine.load(DIR / "wuhu-office-2017.yaml")
SHANDONG = engine.load(DIR / "shandong-workstation-2017.yaml")

FULL_OFFICE = {
    "kind": "township", "population": 60000, "floor_area": 180,
    "rooms": set(WUHU.items_of("rooms")), "identity": set(WUHU.items_of("identity")),
    "separation": set(WUHU.items_of("separation")),
    "equipment": {code: 1 for code in WUHU.items_of("equipment")},
    "property_certificate": True, "premises_independent": True, "director_deputy_section": True,
    "staff": {"correction_assistant": 1, "resettlement_assistant": 1, "full_time_mediator": 1},
    "correction_subjects": 10, "resettlement_subjects": 10,
}
TODAY = datetime.date(2024, 6, 1)
FULL_STATION = {
    "kind": "village", "status": "built", "deadline": None, "today": TODAY, "staff_total": 3, "has_head": True,
    "six_unified": set(SHANDONG.items_of("six_unified")), "layout": set(SHANDONG.items_of("layout")),
    "funding": set(SHANDONG.items_of("funding")), "legal_adviser": True,
}


def office(**changes):
    return engine.evaluate(WUHU, {**FULL_OFFICE, **changes})


def station(**changes):
    return engine.evaluate(SHANDONG, {**FULL_STATION, **changes})


def test_both_files_load_with_every_rule_cited():
    assert [r.id for r in WUHU.rules] == ["WH-5", "WH-6", "WH-6.2", "WH-7", "WH-7.2", "WH-7.3", "WH-3.1", "WH-3.2",
                                           "WH-3.3", "WH-2", "WH-12", "WH-0"]
    assert {r.id for r in SHANDONG.rules} >= {"SD-3", "SD-4", "SD-5", "SD-6", "SD-7", "SD-8"}
    assert all(r.clause and r.text for r in (*WUHU.rules, *SHANDONG.rules))
    assert len(WUHU.items_of("rooms")) == 11  # WH-6: eleven functional rooms
    assert len(SHANDONG.items_of("six_unified")) == 6 and len(SHANDONG.items_of("layout")) == 6  # 六统一, 3111
    assert engine.available(DIR) == ["shandong-workstation-2017", "wuhu-office-2017"]


def test_a_complete_office_and_workstation_meet_every_rule():
    assert office().compliant and office().gaps == []
    assert station().compliant


@pytest.mark.parametrize("kind,population,required", [
    ("township", 99_999, 180), ("township", 100_000, 200),
    ("township", 49_999, 160), ("township", 50_000, 180),
    ("street", 250_000, 120), ("street", 1_000, 120),
])
def test_floor_area_by_kind_and_population_wh5(kind, population, required):
    at = office(kind=kind, population=population, floor_area=required).result("WH-5")
    below = office(kind=kind, population=population, floor_area=required - 1).result("WH-5")
    assert at.met and f"不少于 {required} m²" in at.requirement
    assert not below.met and below.gap == "面积差 1 m²"


def test_street_versus_township_office_with_the_same_area_wh5():
    assert office(kind="street", population=120_000, floor_area=160).result("WH-5").met
    result = office(kind="township", population=120_000, floor_area=160).result("WH-5")
    assert result.gap == "面积差 40 m²" and result.requirement == "乡镇人口10万以上：不少于 200 m²"


def test_township_without_population_cannot_be_judged_wh5():
    result = office(population=None).result("WH-5")
    assert result.status == engine.UNKNOWN and "服务人口" in result.gap
    assert not office(population=None).compliant


def test_missing_rooms_are_named_wh6():
    rooms = set(WUHU.items_of("rooms")) - {"archives", "mediation_room"}
    result = office(rooms=rooms).result("WH-6")
    assert result.gap == "缺 2 项：人民调解委员会调解室、工作档案室"


def test_equipment_and_certificate_wh7():
    result = office(equipment={"computer": 3, "vehicle": 1}).result("WH-7")
    assert result.gap == "缺 电话 1 部、打印机 1 台、传真机 1 台、照相机 1 台"
    assert office(property_certificate=False).result("WH-7.2").gap == "未达到：土地证或产权确权证明"
    assert office(property_certificate=None).result("WH-7.2").status == engine.UNKNOWN


@pytest.mark.parametrize("subjects,suggested", [(39, 0), (40, 1), (79, 1), (80, 2), (400, 2)])
def test_extra_correction_assistants_are_only_advised_wh3(subjects, suggested):
    """WH-3 "可按比例再配备1—2名" is optional: one assistant is required; 40 subjects and more only add a
    recommendation (建议), never 未达标 and never a gap."""
    result = office(correction_subjects=subjects, staff={**FULL_OFFICE["staff"], "correction_assistant": 1})
    r = result.result("WH-3.1")
    assert r.requirement.startswith("应配 1 名专职社区矫正协理员")
    assert r.met and r.gap == "" and result.compliant
    if suggested:
        assert r.advice.startswith("建议：") and f"可按比例再配备 {suggested} 名" in r.advice
        assert "不计入达标" in r.advice
    else:
        assert r.advice == ""


def test_an_office_with_the_advised_extras_has_no_advice_left_wh3():
    r = office(correction_subjects=80, staff={**FULL_OFFICE["staff"], "correction_assistant": 3}).result("WH-3.1")
    assert r.met and r.advice == ""


@pytest.mark.parametrize("subjects,suggested", [(49, 0), (50, 1), (100, 2)])
def test_extra_resettlement_assistants_are_only_advised_wh3(subjects, suggested):
    r = office(resettlement_subjects=subjects).result("WH-3.2")
    assert r.requirement.startswith("应配 1 名专职安置帮教协理员") and r.met
    assert (f"可按比例再配备 {suggested} 名" in r.advice) if suggested else r.advice == ""


@pytest.mark.parametrize("population,suggested", [(99_999, 0), (100_000, 1), (200_000, 2), (900_000, 2)])
def test_extra_mediators_by_population_are_only_advised_wh3(population, suggested):
    r = office(population=population, staff={**FULL_OFFICE["staff"], "full_time_mediator": 1},
               floor_area=200).result("WH-3.3")
    assert r.requirement.startswith("应配 1 名专职人民调解员") and r.met
    assert (f"可按比例再配备 {suggested} 名" in r.advice) if suggested else r.advice == ""


def test_the_base_post_is_still_required_wh3():
    r = office(correction_subjects=45, staff={}).result("WH-3.1")
    assert not r.met and r.status_label == "未达标" and r.gap == "缺 1 名专职社区矫正协理员"
    assert "可按比例再配备 1 名" in r.advice


def test_subject_counts_unknown_do_not_hold_the_required_post_back_wh3():
    r = office(correction_subjects=None).result("WH-3.1")
    assert r.met and "暂无数据" in r.advice
    assert office(correction_subjects=None, staff={}).result("WH-3.1").gap == "缺 1 名专职社区矫正协理员"


def test_the_compliance_rate_ignores_optional_extras_wh3():
    lists = [office(correction_subjects=85, population=250_000, floor_area=200)] * 4
    rates = {r.rule_id: r for r in engine.rollup(WUHU, lists)}
    assert (rates["WH-0"].numerator, rates["WH-0"].denominator) == (4, 4)


def test_director_rate_is_rolled_up_against_ninety_percent_wh2():
    nine = [office()] * 9 + [office(director_deputy_section=False)]
    eight = [office()] * 8 + [office(director_deputy_section=False)] * 2
    rate = next(r for r in engine.rollup(WUHU, nine) if r.rule_id == "WH-2")
    assert rate.percent == "90.0%" and rate.met is True
    assert next(r for r in engine.rollup(WUHU, eight) if r.rule_id == "WH-2").met is False


def test_a_part_time_director_does_not_make_the_office_fail_wh2():
    """WH-2's 90 % is a rate across the county's and city's offices, not a condition of each office."""
    checklist = office(director_deputy_section=False)
    r = checklist.result("WH-2")
    assert r.rate_only and r.status_label == "不计入比率" and r.gap == ""
    assert checklist.compliant and not checklist.gaps
    assert checklist.counted == len(checklist.results) - 1
    counted = office(director_deputy_section=True).result("WH-2")
    assert counted.status_label == "计入比率"
    # the office compliance rate (WH-0) counts the office as compliant, the director rate does not
    rates = {x.rule_id: x for x in engine.rollup(WUHU, [checklist, office()])}
    assert (rates["WH-0"].numerator, rates["WH-2"].numerator) == (2, 1)


def test_separation_from_the_legal_service_office_wh12():
    assert office(separation={"functions", "staff"}).result("WH-12").gap == "缺 1 项：财务分开"


@pytest.mark.parametrize("staff,met", [(2, False), (3, True)])
def test_workstation_staff_at_least_three_sd3(staff, met):
    r = station(staff_total=staff).result("SD-3")
    assert r.met is met
    assert met or r.gap == "缺 1 人"


def test_build_status_and_deadline_sd4():
    deadline = datetime.date(2018, 12, 31)
    on_the_day = station(status="not_built", initial_status="not_built", today=deadline).result("SD-4")
    day_after = station(status="not_built", initial_status="not_built",
                        today=deadline + datetime.timedelta(days=1)).result("SD-4")
    assert not on_the_day.met and on_the_day.overdue_days == 0 and "应于 2018-12-31 前建成" in on_the_day.gap
    assert day_after.overdue_days == 1 and day_after.gap.endswith("已逾期 1 天")
    building = station(status="building", initial_status="building", today=datetime.date(2018, 1, 1)).result("SD-4")
    assert building.gap == "在建，应于 2017-12-31 前建成，已逾期 1 天"
    assert SHANDONG.deadline_for("built") == datetime.date(2017, 6, 30)


def test_six_unified_and_3111_layout_sd5_sd6():
    assert station(six_unified=set()).result("SD-5").gap.startswith("缺 6 项：统一工作标识")
    layout = set(SHANDONG.items_of("layout")) - {"lecture_hall"}
    assert station(layout=layout).result("SD-6").gap == "缺 1 项：法德讲堂"


def test_funding_and_legal_adviser_sd7():
    assert station(funding={"community_funds"}).result("SD-7").gap == "缺 2 项：人民调解以案定补、政府购买法律顾问服务"
    assert station(legal_adviser=False).result("SD-7.2").gap == "未达到：社区法律顾问"


def test_coverage_rate_sd8():
    lists = [station()] * 2 + [station(staff_total=1)] * 8
    coverage = next(r for r in engine.rollup(SHANDONG, lists) if r.rule_id == "SD-8")
    assert (coverage.numerator, coverage.denominator, coverage.percent, coverage.met) == (2, 10, "20.0%", None)


def test_which_standard_applies_local_first_then_reference():
    standards = [WUHU, SHANDONG]
    assert engine.applicable(standards, level="office", path="/340000/340200/340202/340202001/") == (WUHU, False)
    assert engine.applicable(standards, level="office", path="/370000/370100/370102/370102001/") == (WUHU, True)
    assert engine.applicable(standards, level="workstation", path="/370000/370100/370102/370102001/370102001001/") \
        == (SHANDONG, False)
    jinan = dataclasses.replace(SHANDONG, id="jinan", region_code="370100", reference=False)
    assert engine.applicable([SHANDONG, jinan], level="workstation", path="/370000/370100/370102/x/y/")[0] is jinan
    no_ref = dataclasses.replace(WUHU, reference=False)
    assert engine.applicable([no_ref], level="office", path="/370000/370100/") == (None, False)


def _broken(text: str) -> list[str]:
    with pytest.raises(PolicyInvalid) as exc:
        engine.loads(text, source="bad.yaml", expected_id="bad")
    return [str(e) for e in exc.value.errors]


GOOD = (DIR / "wuhu-office-2017.yaml").read_text(encoding="utf-8").replace("id: wuhu-office-2017", "id: bad")


def test_a_valid_copy_loads():
    assert engine.loads(GOOD, source="bad.yaml", expected_id="bad").id == "bad"


def test_errors_name_the_file_line_and_key_in_chinese():
    errors = _broken(GOOD.replace("  - id: WH-6\n", "  - id: SD-6\n"))
    assert any(e.startswith("bad.yaml:") and "应以 WH- 开头" in e for e in errors)
    errors = _broken(GOOD.replace("kind: floor_area", "kind: area"))
    assert any("rules[0].kind" in e and "不是有效取值" in e for e in errors)
    errors = _broken(GOOD.replace("    fact: property_certificate\n", ""))
    assert any("flag 规则（WH-7.2）必须写 fact" in e for e in errors)
    errors = _broken(GOOD.replace("    tiers:\n", "    tiers_x:\n"))
    assert any("tiers_x" in e for e in errors)
    errors = _broken(GOOD.replace("- id: WH-6.2", "- id: WH-6"))
    assert any("规则编号“WH-6”重复" in e for e in errors)
    errors = _broken(GOOD.replace("min_area: 120", "min_area: -5"))
    assert any("rules[0].tiers[0].min_area" in e for e in errors)
    errors = _broken(GOOD.replace('region_code: "340200"', "region_code: !!python/object:os.system 3402"))
    assert any("不允许使用 YAML 标签" in e for e in errors)
    errors = _broken(GOOD.replace("population_min: 50000, population_max: 99999",
                                  "population_min: 99999, population_max: 50000"))
    assert any("人口下限 99999 大于上限 50000" in e for e in errors)
