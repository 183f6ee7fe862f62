"""The constructs counties' announcements need beyond Daqing and Yangquan (issue 13), each with its test policy
in tests/policies/ and its boundaries: exceptions for a group, conditional eligibility (有条件通过), study mode,
majors by category, birth-date windows, dates that follow the recruitment, named lists, several priority
conditions, quota bounds, and findings only a reviewer can make. Plain Python: no database, no Django."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from sifasuo.core import idnumbers
from sifasuo.core.importers import parse_study_mode, split_study_mode
from sifasuo.policy import (
    Applicant,
    Candidate,
    NamedList,
    OfficeStaffing,
    Recruitment,
    Screener,
    classify,
    compute_quotas,
    describe,
    load,
    plan_over_maximum,
    rank,
    screen,
    validate,
)
from sifasuo.policy.model import RelativeDate

POLICIES = Path(__file__).resolve().parents[1] / "policies"
ANNOUNCED = datetime.date(2025, 3, 10)
DEADLINE = datetime.date(2025, 3, 31)


def policy(name: str):
    return load(POLICIES / f"{name}.yaml")


def recruitment(county: str) -> Recruitment:
    return Recruitment(announcement_date=ANNOUNCED, registration_deadline=DEADLINE, county_code=county)


def person(county: str, **fields) -> Applicant:
    values = {"birth_date": datetime.date(1995, 5, 20), "sex": "M", "education": "bachelor",
              "household_region": county, "residence_region": county,
              "declarations": {"criminal_punishment": False}}
    values.update(fields)
    return Applicant(**values)


def verdict(name: str, county: str, track: str = "public", lists=None, **fields):
    return screen(policy(name), track, person(county, **fields), recruitment=recruitment(county), lists=lists)


def failed(v) -> list[str]:
    return [r.rule_id for r in v.failures]


def broken(tmp_path: Path, name: str, old: str, new: str) -> tuple[str, list]:
    text = (POLICIES / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return text, validate(path)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def only(errors):
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def turning(age: int, on: datetime.date, *, days_later: int = 0) -> datetime.date:
    return datetime.date(on.year - age, on.month, on.day) + datetime.timedelta(days=days_later)


def test_every_test_policy_is_valid():
    files = sorted(POLICIES.glob("*.yaml"))
    assert len(files) >= 10
    for path in files:
        assert validate(path) == [], path.name


# --- 1. exceptions for a group of applicants -----------------------------------------------------------

ZHAOYUAN = "230622"
OUTSIDE = "230102"  # 哈尔滨市道里区


def test_exception_relaxes_education_for_veterans_only():
    plain = verdict("exceptions-2025", ZHAOYUAN, education="senior_high")
    assert failed(plain) == ["ZY-2.2"]
    veteran = verdict("exceptions-2025", ZHAOYUAN, education="senior_high", conditions=frozenset({"veteran"}))
    assert veteran.eligible and veteran.outcome == "passed"
    message = veteran.reason("ZY-2.2").message_zh
    assert message.startswith("ZY-2.2：学历为高中（中专、技校），低于要求的大专及以上学历；但申请人属于“退役军人”，按ZY-2.4放宽审查")
    # the relaxed rule still has a floor: 初中 is below 高中
    below = verdict("exceptions-2025", ZHAOYUAN, education="junior_high", conditions=frozenset({"veteran"}))
    assert failed(below) == ["ZY-2.2"]


def test_exception_replaces_the_age_bound_at_its_edge():
    at_40 = verdict("exceptions-2025", ZHAOYUAN, birth_date=turning(40, DEADLINE), conditions=frozenset({"veteran"}))
    assert at_40.eligible and "按ZY-2.6放宽审查" in at_40.reason("ZY-2.1").message_zh
    at_41 = verdict("exceptions-2025", ZHAOYUAN, birth_date=turning(41, DEADLINE), conditions=frozenset({"veteran"}))
    assert failed(at_41) == ["ZY-2.1"]
    not_veteran = verdict("exceptions-2025", ZHAOYUAN, birth_date=turning(36, DEADLINE))
    assert failed(not_veteran) == ["ZY-2.1"]


@pytest.mark.parametrize("condition", ["marriage_migrant", "student_household_kept"])
def test_exception_waives_the_household_rule(condition):
    outsider = verdict("exceptions-2025", ZHAOYUAN, household_region=OUTSIDE)
    assert failed(outsider) == ["ZY-2.3"]
    excepted = verdict("exceptions-2025", ZHAOYUAN, household_region=OUTSIDE, conditions=frozenset({condition}))
    assert excepted.eligible
    assert "按ZY-2.5不受此条限制" in excepted.reason("ZY-2.3").message_zh
    # an unrelated condition does not open the exception
    other = verdict("exceptions-2025", ZHAOYUAN, household_region=OUTSIDE, conditions=frozenset({"veteran"}))
    assert failed(other) == ["ZY-2.3"]


def test_show_prints_each_exception_under_its_rule():
    lines = describe(policy("exceptions-2025"))
    at = next(i for i, line in enumerate(lines) if line.startswith("  ZY-2.2〔"))
    assert lines[at + 1].startswith("      条文：")
    assert lines[at + 2] == ("      例外 ZY-2.4〔二(二)〕具备“退役军人”条件的申请人，本条放宽为：学历高中（中专、技校）及以上")
    household = next(i for i, line in enumerate(lines) if line.startswith("  ZY-2.3〔"))
    assert lines[household + 2] == ("      例外 ZY-2.5〔二(三)〕具备“因婚姻关系迁入本县的配偶”或“户籍未迁回的本县生源学生”"
                                    "条件之一的申请人不受本条限制")
    assert "      例外 ZY-2.6〔二(一)〕具备“退役军人”条件的申请人，本条放宽为：40周岁以下" in lines


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ("    rule: ZY-2.2\n", "    rule: ZY-9.9\n", "rule: ZY-9.9", "例外 ZY-2.4 所改变的规则 ZY-9.9 在本文件中不存在"),
    ("    rule: ZY-2.2\n", "    rule: ZY-6\n", "rule: ZY-6", "例外 ZY-2.4 所改变的规则 ZY-6 不是资格条件"),
    ("    replace: {max: 40}\n", "    replace: {min_level: junior_high}\n", "replace: {min_level: junior_high}",
     "例外 ZY-2.6 的 replace 中的 min_level 不适用于年龄条件 ZY-2.1（可替换的键：min、max、below）"),
    ("    waive: true\n", "    waive: true\n    replace: {basis: residence}\n", "replace: {basis",
     "例外 ZY-2.5 同时写了 waive: true 和 replace，只能二选一"),
    ("    waive: true\n", "", "id: ZY-2.5", "例外 ZY-2.5 须写 waive: true（不受该条限制）或 replace（替换后的参数）"),
    ("    conditions: [veteran]\n    replace: {max: 40}\n", "    replace: {max: 40}\n", "id: ZY-2.6",
     "例外 ZY-2.6 没有写 conditions（适用于哪些申请人）"),
    ("    replace: {max: 40}\n", "    replace: {min: 41}\n", "replace: {min: 41}",
     "例外 ZY-2.6 替换后年龄下限41周岁大于上限35周岁，上下限颠倒"),
])
def test_validate_explains_a_wrong_exception_with_its_line(tmp_path, old, new, needle, message):
    text, errors = broken(tmp_path, "exceptions-2025", old, new)
    error = only(errors)
    assert error.line == line_of(text, needle)
    assert message in error.message


def test_validate_rejects_an_unknown_condition_in_an_exception(tmp_path):
    text, errors = broken(tmp_path, "exceptions-2025", "    conditions: [veteran]\n    replace: {max: 40}\n",
                          "    conditions: [veterans]\n    replace: {max: 40}\n")
    error = only(errors)
    assert error.line == line_of(text, "conditions: [veterans]")
    assert "未知的申请人条件代码“veterans”。是否应为“veteran”？" in error.message


# --- 2. conditional eligibility ----------------------------------------------------------------------------

LINDIAN = "230623"


def test_conditional_pass_carries_its_obligation():
    plain = verdict("conditional-2025", LINDIAN, education="junior_college")
    assert plain.outcome == "passed" and plain.outcome_zh == "通过" and not plain.obligations
    veteran = verdict("conditional-2025", LINDIAN, education="senior_high", conditions=frozenset({"veteran"}))
    assert veteran.eligible and veteran.outcome == "conditional" and veteran.outcome_zh == "有条件通过"
    (reason,) = veteran.obligations
    assert reason.rule_id == "LD-2.2" and reason.obligation.text == "在首个聘用合同期内取得大专及以上学历"
    assert reason.obligation.due == "contract_end"
    assert reason.message_zh.endswith("有条件通过：在首个聘用合同期内取得大专及以上学历（首个聘用合同期满前）")
    # without the condition, the second exception (for everyone, with its own obligation) applies
    anyone = verdict("conditional-2025", LINDIAN, education="senior_high")
    assert anyone.outcome == "conditional"
    assert anyone.obligations[0].obligation.due_zh == "聘用后24个月内"
    below = verdict("conditional-2025", LINDIAN, education="junior_high", conditions=frozenset({"veteran"}))
    assert below.outcome == "failed" and below.outcome_zh == "不通过"


def test_obligation_deadlines():
    veteran = verdict("conditional-2025", LINDIAN, education="senior_high", conditions=frozenset({"veteran"}))
    anyone = verdict("conditional-2025", LINDIAN, education="senior_high")
    start, end, probation = datetime.date(2025, 6, 1), datetime.date(2028, 5, 31), datetime.date(2025, 8, 31)
    assert veteran.obligations[0].obligation.due_date(
        contract_start=start, contract_end=end, probation_end=probation) == end
    # 24 months from 1 June 2025: the last day is 31 May 2027
    assert anyone.obligations[0].obligation.due_date(
        contract_start=start, contract_end=end, probation_end=probation) == datetime.date(2027, 5, 31)


def test_show_says_conditional():
    text = "\n".join(describe(policy("conditional-2025")))
    assert "按此例外通过的为“有条件通过”，须首个聘用合同期满前履行：在首个聘用合同期内取得大专及以上学历" in text
    assert "例外 LD-2.4〔二(二)〕全部申请人，本条放宽为：学历高中（中专、技校）及以上" in text


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ("      months: 24\n", "", "due: months_after_start", "义务期限为聘用后若干个月（months_after_start）时须写 months"),
    ("      due: contract_end\n", "      due: contract_end\n      date: 2027-01-01\n", "date: 2027-01-01",
     "只有 due 为 fixed_date 时才写 date"),
    ("      due: contract_end\n", "      due: end_of_contract\n", "due: end_of_contract", "“end_of_contract”不是有效取值"),
])
def test_validate_explains_a_wrong_obligation(tmp_path, old, new, needle, message):
    text, errors = broken(tmp_path, "conditional-2025", old, new)
    error = only(errors)
    assert error.line == line_of(text, needle)
    assert message in error.message


# --- 3. study mode ----------------------------------------------------------------------------------------

PINGDING = "140321"


def test_study_mode_required():
    full = verdict("studymode-2025", PINGDING, education="junior_college", study_mode="full_time")
    assert full.eligible and "学历为全日制大专" in full.reason("PD-2.2").message_zh
    part = verdict("studymode-2025", PINGDING, education="bachelor", study_mode="part_time")
    assert failed(part) == ["PD-2.2"]
    assert part.reason("PD-2.2").message_zh == "PD-2.2：学历为非全日制大学本科，不符合全日制大专及以上学历的要求"
    unknown = verdict("studymode-2025", PINGDING, education="bachelor")
    assert unknown.eligible and unknown.reason("PD-2.2").passed is None
    # PD-3.2 (不适宜的其他情形) waits for a reviewer in every verdict of this policy
    assert [r.rule_id for r in unknown.awaiting_review] == ["PD-2.2", "PD-3.2"]
    assert "学习形式未填写，须人工核对是否为全日制" in unknown.reason("PD-2.2").message_zh
    # a level below the minimum fails whatever the mode
    assert failed(verdict("studymode-2025", PINGDING, education="senior_high", study_mode="full_time")) == ["PD-2.2"]


@pytest.mark.parametrize(("text", "expected"), [
    ("大专(全日制)", ("大专", "full_time")), ("全日制大专", ("大专", "full_time")),
    ("本科（非全日制）", ("本科", "part_time")), ("非全日制本科", ("本科", "part_time")),
    ("函授本科", ("本科", "part_time")), ("大专", ("大专", "")), ("本科 （ 全日制 ）", ("本科", "full_time")),
    ("", ("", "")),
])
def test_education_cells_carry_the_study_mode(text, expected):
    assert split_study_mode(text) == expected


def test_study_mode_cells():
    assert parse_study_mode("全日制") == "full_time" and parse_study_mode("非全日制") == "part_time"
    assert parse_study_mode("自考") == "part_time" and parse_study_mode("") == ""
    with pytest.raises(ValueError, match="「半日制」不是可识别的学习形式"):
        parse_study_mode("半日制")


def test_validate_rejects_an_unknown_study_mode(tmp_path):
    text, errors = broken(tmp_path, "studymode-2025", "study_mode: full_time", "study_mode: fulltime")
    error = only(errors)
    assert error.line == line_of(text, "study_mode: fulltime")
    assert "未知的学习形式代码“fulltime”。是否应为“full_time”？" in error.message


# --- 4. majors by category -----------------------------------------------------------------------------------

JIAOQU = "140311"


@pytest.mark.parametrize(("major", "how"), [
    ("法学", "属于法学类"), ("侦查学", "属于公安学类"), ("政治学与行政学", "属于政治学类"),
    ("法律事务", "所学专业“法律事务”符合要求"), ("社区矫正", "属于法学类、法律执行类"),
    ("法学（涉外法律方向）", "属于法学类"), ("030101K法学", "属于法学类"), ("法学专业", "属于法学类"),
])
def test_majors_by_category_pass(major, how):
    v = verdict("majors-2025", JIAOQU, major=major)
    assert v.eligible and v.reason("JQ-2.2").passed is True
    assert how in v.reason("JQ-2.2").message_zh


def test_majors_outside_the_categories_fail_and_unknown_ones_are_for_a_person():
    other = verdict("majors-2025", JIAOQU, major="计算机科学与技术")
    assert failed(other) == ["JQ-2.2"]
    assert "所学专业“计算机科学与技术”属于计算机类，不在要求的专业（法律事务、法律文秘、法学类、公安学类、政治学类、法律执行类）之内" in (
        other.reason("JQ-2.2").message_zh)
    blank = verdict("majors-2025", JIAOQU, major="")
    assert failed(blank) == ["JQ-2.2"]
    unknown = verdict("majors-2025", JIAOQU, major="智慧司法治理")
    assert unknown.eligible and unknown.reason("JQ-2.2").passed is None
    assert "不在国家专业目录中，无法判断是否属于" in unknown.reason("JQ-2.2").message_zh
    assert [r.rule_id for r in unknown.awaiting_review] == ["JQ-2.2", "JQ-3.2"]


def test_the_catalogue():
    law = classify("法学")
    assert law is not None and law.categories == {"法学类"}
    assert classify("社区矫正").categories == {"法学类", "法律执行类"}  # in both catalogues
    assert classify("刑事执行").categories == {"法律执行类"}
    assert classify("量子烹饪") is None and classify("") is None


def test_show_names_the_categories_with_their_catalogue():
    text = "\n".join(describe(policy("majors-2025")))
    assert "专业：法律事务、法律文秘、法学类（本科0301）、公安学类（本科0306）、政治学类（本科0302）、法律执行类（高职专科5806）" in text


@pytest.mark.parametrize(("old", "new", "message"), [
    ("major_categories: [法学类,", "major_categories: [法学,",
     "“法学”不是国家专业目录中的专业类。“法学”是专业名称，请写在 majors 中，或写其专业类（如“法学类”）"),
    ("major_categories: [法学类,", "major_categories: [公安类,", "“公安类”不是国家专业目录中的专业类。是否应为“公安学类”？"),
    ("major_categories: [法学类,", "major_categories: [政治学类,", "专业类“政治学类”重复"),
])
def test_validate_explains_a_wrong_category(tmp_path, old, new, message):
    text, errors = broken(tmp_path, "majors-2025", old, new)
    error = only(errors)
    assert error.line == line_of(text, "major_categories:")
    assert message in error.message


# --- 5. age as a birth-date window ---------------------------------------------------------------------------

DUERBOTE = "230624"


@pytest.mark.parametrize(("birth", "ok"), [
    (datetime.date(1990, 1, 1), True), (datetime.date(1989, 12, 31), False),
    (datetime.date(2007, 6, 30), True), (datetime.date(2007, 7, 1), False),
])
def test_birth_date_window_includes_both_ends(birth, ok):
    v = verdict("birthdates-2025", DUERBOTE, birth_date=birth)
    assert v.eligible is ok
    if not ok:
        assert failed(v) == ["DB-2.1"]
        why = "早于1990年1月1日" if birth.year == 1989 else "晚于2007年6月30日"
        assert v.reason("DB-2.1").message_zh == (
            f"DB-2.1：出生日期{birth.year}年{birth.month}月{birth.day}日，{why}，"
            "不符合“1990年1月1日以后、2007年6月30日以前出生（含当日）”")


def test_validate_explains_a_wrong_birth_window(tmp_path):
    text, errors = broken(tmp_path, "birthdates-2025", "born_on_or_after: 1990-01-01", "born_on_or_after: 2008-01-01")
    error = only(errors)
    assert error.line == line_of(text, "born_on_or_before:")
    assert "要求2008-01-01以后且2007-06-30以前出生，没有人能符合，上下限颠倒" in error.message
    text, errors = broken(tmp_path, "birthdates-2025",
                          "    born_on_or_after: 1990-01-01\n    born_on_or_before: 2007-06-30\n", "")
    assert "须至少写 born_on_or_after（以后出生）、born_on_or_before（以前出生）之一" in only(errors).message
    assert "出生日期：1990年1月1日以后、2007年6月30日以前出生（含当日）" in "\n".join(describe(policy("birthdates-2025")))


# --- 6. dates relative to the recruitment ----------------------------------------------------------------------

DATONG = "230606"
DAQING_CITY = "230604"  # 让胡路区, elsewhere in the city


def test_age_counted_to_the_day_before_the_announcement():
    day_before = ANNOUNCED - datetime.timedelta(days=1)
    adult = verdict("relative-2025", DATONG, birth_date=turning(18, day_before),
                    residence_since=datetime.date(2020, 1, 1), household_since=datetime.date(2020, 1, 1))
    assert adult.reference_date == day_before and adult.eligible
    assert "计算至招聘公告发布日前1日2025年3月9日" in adult.reason("DT-2.1").message_zh
    minor = verdict("relative-2025", DATONG, birth_date=turning(18, ANNOUNCED),
                    residence_since=datetime.date(2020, 1, 1), household_since=datetime.date(2020, 1, 1))
    assert failed(minor) == ["DT-2.1"]


@pytest.mark.parametrize(("since", "ok"), [(datetime.date(2024, 3, 31), True), (datetime.date(2024, 4, 1), False)])
def test_residence_a_year_before_the_deadline(since, ok):
    v = verdict("relative-2025", DATONG, residence_since=since, household_since=datetime.date(2020, 1, 1))
    assert v.eligible is ok
    assert "须于2024年3月31日即报名截止日前1年前取得" in v.reason("DT-2.3").message_zh


@pytest.mark.parametrize(("since", "ok"), [(datetime.date(2025, 3, 9), True), (datetime.date(2025, 3, 10), False)])
def test_household_before_the_announcement(since, ok):
    v = verdict("relative-2025", DATONG, household_region=DAQING_CITY, household_since=since,
                residence_since=datetime.date(2020, 1, 1))
    assert v.eligible is ok


def test_relative_dates_at_month_ends():
    leap = RelativeDate(anchor="registration_deadline", months_before=1)
    assert leap.resolve(announcement_date=ANNOUNCED, registration_deadline=datetime.date(2024, 3, 31)) == (
        datetime.date(2024, 2, 29))
    year = RelativeDate(anchor="announcement_date", years_before=1, days_before=1)
    assert year.resolve(announcement_date=datetime.date(2024, 2, 29), registration_deadline=DEADLINE) == (
        datetime.date(2023, 2, 27))
    assert year.zh == "招聘公告发布日前1年1日"


def test_validate_explains_wrong_relative_dates(tmp_path):
    text, errors = broken(tmp_path, "relative-2025", "    since_relative: {anchor: registration_deadline, years_before: 1}\n",
                          "    since: 2024-01-01\n    since_relative: {anchor: registration_deadline, years_before: 1}\n")
    error = only(errors)
    assert error.line == line_of(text, "since_relative: {anchor: registration_deadline")
    assert "同时写了 since（固定日期）和 since_relative（随公告而定），只能二选一" in error.message
    text, errors = broken(tmp_path, "relative-2025", "anchor: registration_deadline", "anchor: deadline")
    assert only(errors).line == line_of(text, "anchor: deadline")
    text, errors = broken(tmp_path, "relative-2025", "  counted_to: announcement_date\n",
                          "  counted_to: fixed_date\n  date: 2025-03-01\n")
    error = only(errors)
    assert error.line == line_of(text, "days_before: 1")
    assert "counted_to 为 fixed_date 时直接写计算到的日期，不写 days_before" in error.message


# --- 7. membership of a named list -------------------------------------------------------------------------------

YUXIAN = "140322"


def _id(seed: int, birth=datetime.date(1990, 1, 1)) -> str:
    import random

    return idnumbers.generate(random.Random(seed), region_code=YUXIAN, birth_date=birth, sex="M")


ROSTER = NamedList(code="auxiliary_roster", ids=frozenset({_id(1), _id(2)}), as_of=datetime.date(2024, 6, 30),
                   name="全省司法辅助人员在册名单")
GRID = NamedList(code="trained_grid_workers", ids=frozenset({_id(3)}), as_of=ANNOUNCED)


def test_list_membership_by_id_number():
    lists = {"auxiliary_roster": ROSTER}
    internal = dict(is_existing_auxiliary=True, auxiliary_region=YUXIAN)
    on = verdict("lists-2025", YUXIAN, "internal", lists, id_number=_id(1), **internal)
    assert on.eligible
    assert on.reason("YX-2.5").message_zh == "YX-2.5：身份证号码在“司法辅助人员在册名单”（2024年6月30日）中，符合要求"
    off = verdict("lists-2025", YUXIAN, "internal", lists, id_number=_id(4), **internal)
    assert failed(off) == ["YX-2.5"]
    lower = verdict("lists-2025", YUXIAN, "internal", lists, id_number=_id(2).lower(), **internal)
    assert lower.eligible or not _id(2).endswith("X")
    assert failed(verdict("lists-2025", YUXIAN, "internal", lists, **internal)) == ["YX-2.5"]


def test_a_list_of_the_wrong_date_or_none_is_refused():
    rules = policy("lists-2025")
    with pytest.raises(ValueError, match="YX-2.5：须核对申请人是否在“司法辅助人员在册名单”中，但没有提供该名单"):
        Screener(rules, "internal", recruitment=recruitment(YUXIAN))
    stale = NamedList(code="auxiliary_roster", ids=ROSTER.ids, as_of=datetime.date(2024, 5, 31))
    with pytest.raises(ValueError, match="须使用2024年6月30日的“司法辅助人员在册名单”，提供的名单为2024年5月31日"):
        Screener(rules, "internal", recruitment=recruitment(YUXIAN), lists={"auxiliary_roster": stale})
    # the public track's list follows the announcement date
    screener = Screener(rules, "public", recruitment=recruitment(YUXIAN), lists={"trained_grid_workers": GRID})
    assert screener(person(YUXIAN, id_number=_id(3))).eligible
    assert "id_number" in screener.inputs


def test_validate_explains_a_wrong_list_rule(tmp_path):
    text, errors = broken(tmp_path, "lists-2025", "    as_of: 2024-06-30\n",
                          "    as_of: 2024-06-30\n    as_of_relative: {anchor: announcement_date}\n")
    error = only(errors)
    assert error.line == line_of(text, "as_of_relative: {anchor: announcement_date}")
    assert "同时写了 as_of 和 as_of_relative，只能二选一" in error.message
    text, errors = broken(tmp_path, "lists-2025", "list: auxiliary_roster", "list: roster")
    error = only(errors)
    assert error.line == line_of(text, "list: roster")
    assert "未知的名单代码“roster”" in error.message and "请先在 vocabulary.named_list 中声明" in error.message


# --- 8. priority conditions in order or counted ---------------------------------------------------------------


def candidates(*conditions: set[str]) -> list[Candidate]:
    return [Candidate(key=f"c{i}", post="001", track="public", written=80, interview=80,
                      conditions=frozenset(held)) for i, held in enumerate(conditions)]


def test_priority_conditions_in_order():
    ranked = rank(policy("priority-ordered-2025"), candidates(
        {"legal_professional_exam"}, {"veteran"}, {"martyr_family"}, {"veteran", "legal_professional_exam"}, set()))
    order = [r.candidate.key for r in ranked]
    assert order == ["c2", "c3", "c1", "c0", "c4"]
    assert [r.position for r in ranked] == [1, 2, 3, 4, 5]
    notes = {r.candidate.key: r.notes for r in ranked}
    assert ("LF-4.1：与前一名综合成绩同为80.00分，按“具备优先条件“烈士的配偶、子女”者在前（优先条件按先后比较）”排在其后"
            in notes["c3"])
    assert any("具备优先条件“通过国家统一法律职业资格考试”者在前" in n for n in notes["c1"])
    assert any("具备优先条件“退役军人”者在前" in n for n in notes["c0"])


def test_priority_conditions_counted():
    ranked = rank(policy("priority-count-2025"), candidates(
        {"legal_professional_exam"}, {"law_bachelor", "political_legal_experience"}, set(),
        {"political_legal_experience"}))
    assert [r.candidate.key for r in ranked] == ["c1", "c0", "c3", "c2"]
    assert [r.position for r in ranked] == [1, 2, 2, 4]  # one condition each: a full tie
    notes = {r.candidate.key: r.notes for r in ranked}
    assert "HG-4.1：与前一名综合成绩同为80.00分，按“具备优先条件项数多者在前（2项对1项）”排在其后" in notes["c0"]
    assert any("名次并列" in n for n in notes["c3"])


def test_show_and_validate_priority_modes(tmp_path):
    text = "\n".join(describe(policy("priority-ordered-2025")))
    assert "多项优先条件按先后比较" in text and "LF-4.1.2〔四(一)〕优先条件（第2位）：退役军人" in text
    assert "具备优先条件项数多者在前（两项优于一项）" in "\n".join(describe(policy("priority-count-2025")))
    text, errors = broken(tmp_path, "priority-count-2025", "code: law_bachelor}", "code: law_bachelor, rank: 1}")
    error = only(errors)
    assert error.line == line_of(text, "rank: 1")
    assert "写了位次 rank，但 mode 为 count" in error.message
    text, errors = broken(tmp_path, "priority-count-2025", "  when: equal_score\n",
                          "  when: equal_score\n  effect: bonus\n  bonus_points: 2\n")
    error = only(errors)
    assert error.line == line_of(text, "  mode: count")
    assert "优先条件以加分方式起作用（bonus）时不区分先后和项数，mode 只能为 any" in error.message


# --- 9. quota bounds -----------------------------------------------------------------------------------------------


def test_quota_minimum_and_maximum_per_office():
    rules = policy("quota-bounds-2025")
    offices = [OfficeStaffing(code="1", name="甲所", staff={"judicial_assistant": 1, "political_legal_establishment": 3}),
               OfficeStaffing(code="2", name="乙所", staff={"judicial_assistant": 5}),
               OfficeStaffing(code="3", name="丙所", staff={"judicial_assistant": 6})]
    quota = compute_quotas(rules, offices, county="让胡路区")
    first, full, over = quota.offices
    assert (first.vacancy, first.maximum, first.room) == (1, 5, 4)
    assert first.line == ("RH-8：每个司法所司法协理员不少于2人、不超过5人；甲所现有1人（司法协理员1人；另有政法专项编制3人不计入），"
                          "缺1人，至多可招聘4人")
    assert full.room == 0 and over.room == 0
    assert over.line.endswith("已达到要求，超过上限5人1人")
    assert quota.minimum_to_recruit == 1 and quota.maximum_to_recruit == 4
    assert quota.lines[-1] == "RH-8：让胡路区共3个司法所，缺额合计1人，至少招聘1人，至多招聘4人（每所司法协理员不超过5人）"


def test_a_plan_above_the_maximum_is_refused_with_the_rule():
    rules = policy("quota-bounds-2025")
    assert plan_over_maximum(rules, office="甲所", counted=1, planned=4) is None
    assert plan_over_maximum(rules, office="甲所", counted=1, planned=5) == (
        "RH-8：每个司法所司法协理员不超过5人，「甲所」现有计入1人，计划招聘5人，合计6人，超过上限；至多可招聘4人")


def test_show_and_validate_quota_bounds(tmp_path):
    assert "逐所核定：每个司法所司法协理员不少于2人、不超过5人；计入现有人数的：司法协理员" in "\n".join(
        describe(policy("quota-bounds-2025")))
    text, errors = broken(tmp_path, "quota-bounds-2025", "  max: 5\n", "  max: 1\n")
    error = only(errors)
    assert error.line == line_of(text, "max: 1")
    assert "员额上限 max=1 小于每所的基本人数 base=2，上下限颠倒" in error.message


# --- 10. reviewer-only findings --------------------------------------------------------------------------------------

KUANGQU = "140303"


def test_reviewer_findings():
    waiting = verdict("reviewer-2025", KUANGQU)
    assert waiting.eligible
    reason = waiting.reason("RV-3.2")
    assert reason.passed is True and reason.review == (
        "RV-3.2：“不适宜从事司法协理员工作的其他情形”、“考察（政审）认定不宜聘用”须由审查人员认定")
    assert [r.rule_id for r in waiting.awaiting_review] == ["RV-3.2"]
    found = verdict("reviewer-2025", KUANGQU, findings={"failed_background_check": True})
    assert failed(found) == ["RV-3.2"]
    assert found.reason("RV-3.2").message_zh == "RV-3.2：存在以下情形：“考察（政审）认定不宜聘用”，不得招聘为司法协理员"
    cleared = verdict("reviewer-2025", KUANGQU, findings={"unsuitable_other": False, "failed_background_check": False})
    assert cleared.eligible and not cleared.awaiting_review
    partly = verdict("reviewer-2025", KUANGQU, findings={"unsuitable_other": False})
    assert partly.reason("RV-3.2").review == "RV-3.2：“考察（政审）认定不宜聘用”须由审查人员认定"


def test_show_marks_reviewer_findings():
    text = "\n".join(describe(policy("reviewer-2025")))
    assert "不得招聘：不适宜从事司法协理员工作的其他情形（审查人员认定）；考察（政审）认定不宜聘用（审查人员认定）" in text


def test_validate_rejects_a_wrong_assessor(tmp_path):
    text, errors = broken(tmp_path, "reviewer-2025", ", assessed_by: reviewer}", ", assessed_by: hr_bureau}")
    error = only(errors)
    assert error.line == line_of(text, "assessed_by: hr_bureau")
    assert "“hr_bureau”不是有效取值" in error.message


# --- the worked example of the user guide ------------------------------------------------------------------------

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "user-guide.md"


def test_the_user_guide_example_is_the_test_policy_and_validates():
    from sifasuo.policy import validate_text

    chapter = GUIDE.read_text(encoding="utf-8").split("## 二十一、写一个新县的政策文件", 1)[1]
    block = chapter.split("```yaml\n", 1)[1].split("```", 1)[0]
    text = (POLICIES / "zhaozhou-2025.yaml").read_text(encoding="utf-8")
    assert block == text[text.index("schema_version"):]
    assert validate_text(block, expected_id="zhaozhou-2025") == []
    shown = chapter.split("policy show policies/zhaozhou-2025.yaml", 1)[1].split("```\n", 1)[1].split("```", 1)[0]
    lines = describe(policy("zhaozhou-2025"))
    for line in shown.splitlines():
        assert line in lines, line


def test_the_user_guide_example_screens_as_the_announcement_says():
    county, outside = "230621", "230102"
    since = dict(household_since=datetime.date(2020, 1, 1), major="法学", study_mode="full_time",
                 declarations={"criminal_punishment": False, "dishonest_debtor": False})
    assert verdict("zhaozhou-2025", county, **since).outcome == "passed"
    old = dict(since, birth_date=datetime.date(1986, 3, 1))
    assert failed(verdict("zhaozhou-2025", county, **old)) == ["ZZ-2.2"]
    assert verdict("zhaozhou-2025", county, conditions=frozenset({"veteran"}), **old).outcome == "passed"
    veteran = verdict("zhaozhou-2025", county, education="senior_high", conditions=frozenset({"veteran"}),
                      household_since=datetime.date(2020, 1, 1), declarations=since["declarations"])
    assert veteran.outcome == "conditional"
    assert veteran.obligations[0].obligation.text == "在首个聘用合同期内取得大专及以上学历"
    late = dict(since, household_since=ANNOUNCED)  # settled on the announcement day: too late
    assert failed(verdict("zhaozhou-2025", county, **late)) == ["ZZ-2.4"]
    moved = verdict("zhaozhou-2025", county, household_region=outside, conditions=frozenset({"marriage_migrant"}),
                    **since)
    assert moved.eligible


def test_show_prints_each_construct_in_chinese():
    relative = "\n".join(describe(policy("relative-2025")))
    assert "DT-2〔二〕年龄按周岁计算至招聘公告发布日前1日" in relative
    assert "居住地须在大庆市大同区，须于报名截止日前1年（含当日）以前取得" in relative
    lists = "\n".join(describe(policy("lists-2025")))
    assert ("YX-2.5〔二(五)〕［现有专职辅助人员选聘］名单：须在2024年6月30日的“司法辅助人员在册名单”中（按身份证号码核对，"
            "名单由县级以上司法行政机关导入）") in lists
    assert "名单：须在招聘公告发布日的“经培训的网格员名单”中" in lists
    assert "PD-2.2〔二(二)〕学历：全日制大专及以上；专业：不限" in "\n".join(describe(policy("studymode-2025")))
