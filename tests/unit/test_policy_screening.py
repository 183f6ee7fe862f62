"""Eligibility screening under the Daqing (DQ-2 … DQ-5) and Yangquan (YQ-3 … YQ-5) policies, each rule at
its boundary. Plain Python: no database, no Django."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from sifasuo.core import idnumbers
from sifasuo.policy import (
    Applicant,
    Post,
    Recruitment,
    Screener,
    age_on,
    default_directory,
    load_named,
    loads,
    screen,
    screen_many,
)

DAQING = load_named("daqing-2024")
YANGQUAN = load_named("yangquan-2024")

DEADLINE = datetime.date(2024, 8, 31)  # registration deadline: ages are counted to it in both policies
SARTU = "230602"  # 大庆市萨尔图区
DATONG = "230606"  # 大庆市大同区
CHENGQU = "140302"  # 阳泉市城区
YUXIAN = "140322"  # 阳泉市盂县
CHANGZHI = "140402"  # 长治市潞州区, outside Yangquan
BEIJING = "110105"


def turning(age: int, on: datetime.date, *, days_later: int = 0) -> datetime.date:
    """Birth date of someone whose `age`-th birthday falls `days_later` days after `on`."""
    return datetime.date(on.year - age, on.month, on.day) + datetime.timedelta(days=days_later)


def no_disqualifications(policy) -> dict[str, bool]:
    return {code: False for code in policy.vocabulary.entries["disqualification"]}


def applicant(policy, **fields) -> Applicant:
    county = SARTU if policy is DAQING else CHENGQU
    values = {
        "birth_date": datetime.date(1995, 5, 20),
        "sex": "M",
        "education": "bachelor",
        "household_region": county,
        "residence_region": county,
        "declarations": no_disqualifications(policy),
    }
    values.update(fields)
    return Applicant(**values)


def recruitment(county: str = SARTU) -> Recruitment:
    return Recruitment(announcement_date=datetime.date(2024, 8, 1), registration_deadline=DEADLINE,
                       county_code=county)


def verdict_dq(track: str, **fields):
    return screen(DAQING, track, applicant(DAQING, **fields), recruitment=recruitment(SARTU))


def verdict_yq(track: str, **fields):
    return screen(YANGQUAN, track, applicant(YANGQUAN, **fields), recruitment=recruitment(CHENGQU))


def failed_ids(verdict) -> list[str]:
    return [r.rule_id for r in verdict.failures]


def variant(name: str, old: str, new: str):
    """The named policy with one piece of its text replaced (a county's implementing rules, say)."""
    text = (default_directory() / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text, old
    return loads(text.replace(old, new, 1), source=f"{name}（变体）")


AUXILIARY_DQ = {"is_existing_auxiliary": True, "auxiliary_region": DATONG}
# YQ-3.8: an auxiliary on Yangquan's internal track has passed the 德能勤绩廉 assessment (else ineligible).
AUXILIARY_YQ = {"is_existing_auxiliary": True, "auxiliary_region": CHENGQU, "step_results": {"assessment": "passed"}}


# --- age ----------------------------------------------------------------------------------------------


def test_age_in_completed_years():
    assert age_on(datetime.date(1989, 8, 31), DEADLINE) == 35
    assert age_on(datetime.date(1989, 9, 1), DEADLINE) == 34
    # 29 February birthdays go up on 1 March in common years, as idnumbers.IdInfo.age_on.
    assert age_on(datetime.date(2000, 2, 29), datetime.date(2018, 2, 28)) == 17
    assert age_on(datetime.date(2000, 2, 29), datetime.date(2018, 3, 1)) == 18


def test_daqing_public_35_is_allowed_36_is_not():
    """DQ-2.2 “35周岁以下” includes 35: the applicant is out on the 36th birthday, not before."""
    exactly_35 = verdict_dq("public", birth_date=turning(35, DEADLINE))
    assert exactly_35.eligible
    last_day_at_35 = verdict_dq("public", birth_date=turning(36, DEADLINE, days_later=1))
    assert last_day_at_35.eligible
    assert last_day_at_35.reason("DQ-2.2").message_zh.startswith("DQ-2.2：年龄35周岁（计算至报名截止日2024年8月31日）")
    turned_36 = verdict_dq("public", birth_date=turning(36, DEADLINE))
    assert not turned_36.eligible
    assert failed_ids(turned_36) == ["DQ-2.2"]
    assert turned_36.reason("DQ-2.2").message_zh == (
        "DQ-2.2：年龄36周岁（计算至报名截止日2024年8月31日），超过35周岁，不符合“35周岁以下”"
    )


def test_daqing_adult_18_on_the_deadline():
    """DQ-2.3 成年公民: the 18th birthday on the deadline is enough, the day after is not."""
    assert verdict_dq("public", birth_date=turning(18, DEADLINE)).eligible
    minor = verdict_dq("public", birth_date=turning(18, DEADLINE, days_later=1))
    assert failed_ids(minor) == ["DQ-2.3"]
    assert "未满18周岁" in minor.reason("DQ-2.3").message_zh


@pytest.mark.parametrize(
    ("sex", "rule_id", "limit"),
    [("M", "DQ-4.2", 55), ("F", "DQ-4.3", 45)],
)
def test_daqing_internal_track_age_by_sex(sex, rule_id, limit):
    """DQ-4: an existing auxiliary may transfer if male ≤ 55, female ≤ 45 (inclusive)."""
    at_limit = verdict_dq("internal", sex=sex, birth_date=turning(limit, DEADLINE), **AUXILIARY_DQ)
    assert at_limit.eligible
    day_before_next = verdict_dq("internal", sex=sex, birth_date=turning(limit + 1, DEADLINE, days_later=1),
                                 **AUXILIARY_DQ)
    assert day_before_next.eligible
    over = verdict_dq("internal", sex=sex, birth_date=turning(limit + 1, DEADLINE), **AUXILIARY_DQ)
    assert failed_ids(over) == [rule_id]
    assert f"超过{limit}周岁" in over.reason(rule_id).message_zh


def test_daqing_internal_limits_apply_to_their_own_sex_only():
    fifty = turning(50, DEADLINE)
    man = verdict_dq("internal", sex="M", birth_date=fifty, **AUXILIARY_DQ)
    woman = verdict_dq("internal", sex="F", birth_date=fifty, **AUXILIARY_DQ)
    assert man.eligible
    assert [r.rule_id for r in man.reasons if r.rule_id.startswith("DQ-4.")] == ["DQ-4.2"]
    assert not woman.eligible
    assert failed_ids(woman) == ["DQ-4.3"]


def test_daqing_relaxed_age_only_on_the_internal_track():
    forty = turning(40, DEADLINE)
    assert verdict_dq("internal", birth_date=forty, **AUXILIARY_DQ).eligible
    assert failed_ids(verdict_dq("public", birth_date=forty, **AUXILIARY_DQ)) == ["DQ-2.2"]


def test_daqing_internal_track_is_for_existing_auxiliaries_of_the_city():
    outsider = verdict_dq("internal")
    assert failed_ids(outsider) == ["DQ-4"]
    assert "仅限司法行政系统在职专职辅助人员" in outsider.reason("DQ-4").message_zh
    elsewhere = verdict_dq("internal", is_existing_auxiliary=True, auxiliary_region=CHENGQU)
    assert failed_ids(elsewhere) == ["DQ-4"]
    assert "不在大庆市范围内" in elsewhere.reason("DQ-4").message_zh
    assert verdict_dq("internal", **AUXILIARY_DQ).eligible  # another county of the city is fine


def test_yangquan_internal_excludes_aged_45_or_more():
    """YQ-3.2 “年龄满45周岁以上的” 不得选聘: out on the 45th birthday."""
    turned_45 = verdict_yq("internal", birth_date=turning(45, DEADLINE), **AUXILIARY_YQ)
    assert failed_ids(turned_45) == ["YQ-3.2"]
    assert turned_45.reason("YQ-3.2").message_zh == (
        "YQ-3.2：年龄45周岁（计算至报名截止日2024年8月31日），已满45周岁，不符合“未满45周岁”"
    )
    still_44 = verdict_yq("internal", birth_date=turning(45, DEADLINE, days_later=1), **AUXILIARY_YQ)
    assert still_44.eligible


@pytest.mark.parametrize("sex", ["M", "F"])
def test_yangquan_internal_age_limit_is_the_same_for_both_sexes(sex):
    assert failed_ids(verdict_yq("internal", sex=sex, birth_date=turning(45, DEADLINE), **AUXILIARY_YQ)) == ["YQ-3.2"]


def test_yangquan_public_18_to_35_inclusive():
    """YQ-4.3 年龄在18周岁以上，35周岁以下."""
    assert verdict_yq("public", birth_date=turning(18, DEADLINE)).eligible
    assert failed_ids(verdict_yq("public", birth_date=turning(18, DEADLINE, days_later=1))) == ["YQ-4.3"]
    assert verdict_yq("public", birth_date=turning(35, DEADLINE)).eligible
    assert verdict_yq("public", birth_date=turning(36, DEADLINE, days_later=1)).eligible
    assert failed_ids(verdict_yq("public", birth_date=turning(36, DEADLINE))) == ["YQ-4.3"]


def test_yangquan_internal_track_is_for_auxiliaries_of_the_same_county():
    """YQ-3: 面向本县（区）司法行政系统的在职专职辅助人员."""
    same_city_other_county = verdict_yq("internal", **{**AUXILIARY_YQ, "auxiliary_region": YUXIAN})
    assert failed_ids(same_city_other_county) == ["YQ-3"]
    assert "本县（区）" in same_city_other_county.reason("YQ-3").message_zh
    assert verdict_yq("internal", **AUXILIARY_YQ).eligible


def test_age_reference_date_follows_the_policy():
    """Ages counted to the registration deadline by default; a county may choose another day."""
    born = turning(36, datetime.date(2024, 8, 15))  # 36 between the announcement and the deadline
    by_deadline = screen(DAQING, "public", applicant(DAQING, birth_date=born), recruitment=recruitment())
    assert not by_deadline.eligible
    assert by_deadline.reference_date == DEADLINE
    announcement = variant("daqing-2024", "counted_to: registration_deadline", "counted_to: announcement_date")
    assert screen(announcement, "public", applicant(announcement, birth_date=born),
                  recruitment=recruitment()).eligible
    january = variant("daqing-2024", "counted_to: registration_deadline", "counted_to: year_start")
    verdict = screen(january, "public", applicant(january, birth_date=turning(36, datetime.date(2024, 1, 2))),
                     recruitment=recruitment())
    assert verdict.reference_date == datetime.date(2024, 1, 1)
    assert verdict.eligible
    fixed = variant("daqing-2024", "counted_to: registration_deadline",
                    "counted_to: fixed_date\n  date: 2024-06-30")
    verdict = screen(fixed, "public", applicant(fixed, birth_date=turning(36, datetime.date(2024, 6, 30))),
                     recruitment=recruitment())
    assert verdict.reference_date == datetime.date(2024, 6, 30)
    assert failed_ids(verdict) == ["DQ-2.2"]


# --- education, nationality ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "track", "rule_id"),
    [(DAQING, "public", "DQ-2.5"), (DAQING, "internal", "DQ-2.5"),
     (YANGQUAN, "public", "YQ-4.5"), (YANGQUAN, "internal", "YQ-3.1")],
)
def test_junior_college_or_higher(policy, track, rule_id):
    county = SARTU if policy is DAQING else CHENGQU
    extra = (AUXILIARY_DQ if policy is DAQING else AUXILIARY_YQ) if track == "internal" else {}

    def run(level):
        person = applicant(policy, education=level, **extra)
        return screen(policy, track, person, recruitment=recruitment(county))

    assert run("junior_college").eligible
    assert run("doctorate").eligible
    below = run("senior_high")
    assert failed_ids(below) == [rule_id]
    assert below.reason(rule_id).message_zh == f"{rule_id}：学历为高中（中专、技校），低于要求的大专及以上学历"
    assert failed_ids(run("something")) == [rule_id]


def test_required_major():
    """The format carries a required major; neither city sets one, so a county's variant is used."""
    law_only = variant("daqing-2024", "    min_level: junior_college\n",
                       "    min_level: junior_college\n    majors: [法学, 法律事务]\n")
    ok = screen(law_only, "public", applicant(law_only, major="法律事务"), recruitment=recruitment())
    assert ok.eligible
    wrong = screen(law_only, "public", applicant(law_only, major="会计学"), recruitment=recruitment())
    assert failed_ids(wrong) == ["DQ-2.5"]
    assert "“会计学”不在要求的专业（法学、法律事务）之内" in wrong.reason("DQ-2.5").message_zh


def test_nationality():
    assert failed_ids(verdict_dq("public", nationality="US")) == ["DQ-2.4"]
    assert failed_ids(verdict_yq("public", nationality="US")) == ["YQ-4.1"]
    # Yangquan's internal track states no nationality rule.
    assert verdict_yq("internal", nationality="US", **AUXILIARY_YQ).eligible


# --- household and residence (YQ-4.4) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("household", "residence", "eligible"),
    [
        (CHENGQU, BEIJING, True),  # household in the county
        (YUXIAN, BEIJING, True),  # household in another county of Yangquan: city level
        (BEIJING, "140311", True),  # residence only (阳泉市郊区)
        (CHANGZHI, BEIJING, False),  # neighbouring city
        (SARTU, "", False),
        ("", "", False),
    ],
)
def test_yangquan_household_or_residence_in_the_city(household, residence, eligible):
    verdict = verdict_yq("public", household_region=household, residence_region=residence)
    assert verdict.eligible is eligible
    assert verdict.reason("YQ-4.4").passed is eligible
    if not eligible:
        assert "不符合“具有阳泉市户籍或居住地在阳泉市”" in verdict.reason("YQ-4.4").message_zh


@pytest.mark.parametrize(
    ("county", "household", "same_city"),
    [
        # Hainan's province-administered counties belong to no city: 文昌 is not "the same city" as 469031
        # (both start 4690), nor as 琼中; a township of the county itself is.
        ("469031", "469005", False),
        ("469005", "469030", False),
        ("469005", "469005101", True),
        ("419001", "410102", False),  # 济源 (4190) is not 郑州
        ("429004", "429005", False),  # 仙桃 and 潜江 (both 4290)
        ("659001", "659002", False),  # 石河子 and 阿拉尔 (both 6590)
        ("230602", "230606", True),  # 萨尔图区 and 大同区: one city, 大庆
        ("441901", "441900003", True),  # 东莞 (no counties): its bureau and a street of the city
        ("110105", "110108", True),  # 北京: a municipality is one city-level area
    ],
)
def test_city_level_membership_follows_the_division_tree(county, household, same_city):
    verdict = screen(YANGQUAN, "public", applicant(YANGQUAN, household_region=household, residence_region=""),
                     recruitment=recruitment(county))
    assert verdict.reason("YQ-4.4").passed is same_city, verdict.reason("YQ-4.4").message_zh
    if not same_city:
        assert f"户籍地{household}，不在本市范围内" in verdict.reason("YQ-4.4").message_zh


@pytest.mark.parametrize(("results", "eligible", "message"), [
    ({"assessment": "passed"}, True, "YQ-3.8：考核结论为合格"),
    ({"assessment": "failed"}, False, "YQ-3.8：考核结论为不合格，不得选聘为司法协理员"),
    ({}, False, "YQ-3.8：尚未登记考核结论"),
])
def test_yangquan_internal_track_needs_the_assessment_passed(results, eligible, message):
    """YQ-3.8 (ineligible_when: [failed, missing]): the assessment recorded for the applicant decides."""
    verdict = verdict_yq("internal", **{**AUXILIARY_YQ, "step_results": results})
    assert verdict.eligible is eligible
    assert verdict.reason("YQ-3.8").message_zh.startswith(message)
    assert "YQ-3.8" not in [p.rule_id for p in verdict.pending]


def test_a_manual_check_without_ineligible_when_stays_pending():
    policy = variant("yangquan-2024", "    ineligible_when: [failed, missing]\n", "")
    verdict = screen(policy, "internal", applicant(policy, **{**AUXILIARY_YQ, "step_results": {}}),
                     recruitment=recruitment(CHENGQU))
    assert verdict.eligible and "YQ-3.8" in [p.rule_id for p in verdict.pending]


def test_daqing_has_no_household_rule():
    assert verdict_dq("public", household_region=BEIJING, residence_region=BEIJING).eligible


def test_residence_not_required_on_yangquan_internal_track():
    assert verdict_yq("internal", household_region=BEIJING, residence_region=BEIJING, **AUXILIARY_YQ).eligible


def test_household_with_cut_off_date_level_and_exceptions():
    """What the format holds for cities stricter than Yangquan: county level, a date, exceptions."""
    strict = variant(
        "yangquan-2024",
        "    basis: household_or_residence\n    level: city\n    since: null\n    exceptions: []\n",
        "    basis: household\n    level: county\n    since: 2023-12-31\n    exceptions: [law_related_graduate]\n",
    )

    def run(**fields):
        return screen(strict, "public", applicant(strict, **fields), recruitment=recruitment(CHENGQU))

    assert run(household_region=CHENGQU, household_since=datetime.date(2023, 12, 31)).eligible
    late = run(household_region=CHENGQU, household_since=datetime.date(2024, 1, 1))
    assert failed_ids(late) == ["YQ-4.4"]
    assert "晚于2023年12月31日" in late.reason("YQ-4.4").message_zh
    assert failed_ids(run(household_region=CHENGQU)) == ["YQ-4.4"]  # date not given
    other_county = run(household_region=YUXIAN, household_since=datetime.date(2000, 1, 1))
    assert failed_ids(other_county) == ["YQ-4.4"]
    excepted = run(household_region=BEIJING, conditions=frozenset({"law_related_graduate"}))
    assert excepted.eligible
    assert "不受“具有本县（区）户籍（须于2023年12月31日前取得）”的限制" in excepted.reason("YQ-4.4").message_zh


def test_household_and_residence_both_required():
    both = variant("yangquan-2024", "basis: household_or_residence", "basis: household_and_residence")
    one = screen(both, "public", applicant(both, household_region=CHENGQU, residence_region=BEIJING),
                 recruitment=recruitment(CHENGQU))
    assert failed_ids(one) == ["YQ-4.4"]
    assert screen(both, "public", applicant(both), recruitment=recruitment(CHENGQU)).eligible


# --- disqualifications --------------------------------------------------------------------------------

DAQING_DISQUALIFICATIONS = [
    ("DQ-5.1", "criminal_punishment"), ("DQ-5.1", "under_investigation"),
    ("DQ-5.2", "expelled_public_office"), ("DQ-5.2", "expelled_military"),
    ("DQ-5.3", "dismissed_for_discipline"), ("DQ-5.3", "left_without_leave"),
    ("DQ-5.4", "dishonest_debtor"), ("DQ-5.5", "unsuitable_other"),
]
YANGQUAN_BOTH = [
    ("YQ-5.1", "criminal_punishment"), ("YQ-5.1", "under_investigation"),
    ("YQ-5.2", "administrative_detention"), ("YQ-5.2", "drug_history"),
    ("YQ-5.3", "bad_credit"), ("YQ-5.6", "unsuitable_other"),
]
YANGQUAN_PUBLIC_ONLY = [("YQ-5.4", "expelled_or_dismissed_for_violation"), ("YQ-5.5", "dismissed_by_justice_organ")]
YANGQUAN_INTERNAL_ONLY = [
    ("YQ-3.3", "trainee_graduate"), ("YQ-3.4", "retired"), ("YQ-3.4", "unpaid_leave"),
    ("YQ-3.5", "social_insurance_not_transferable"), ("YQ-3.6", "party_membership_not_transferable"),
    ("YQ-3.7", "disciplined_by_organization"),
]


def _declaring(policy, code: str, value):
    declarations = no_disqualifications(policy)
    if value is None:
        del declarations[code]
    else:
        declarations[code] = value
    return declarations


@pytest.mark.parametrize("track", ["public", "internal"])
@pytest.mark.parametrize(("rule_id", "code"), DAQING_DISQUALIFICATIONS)
def test_each_daqing_disqualification(track, rule_id, code):
    """DQ-5: each situation bars both tracks, with the rule id and the situation named."""
    extra = AUXILIARY_DQ if track == "internal" else {}
    barred = verdict_dq(track, declarations=_declaring(DAQING, code, True), **extra)
    assert failed_ids(barred) == [rule_id]
    name = DAQING.vocabulary.name("disqualification", code)
    verb = "不得选聘为司法协理员" if track == "internal" else "不得招聘为司法协理员"
    assert barred.reason(rule_id).message_zh == f"{rule_id}：存在以下情形：“{name}”，{verb}"
    assert verdict_dq(track, declarations=_declaring(DAQING, code, False), **extra).eligible


@pytest.mark.parametrize("track", ["public", "internal"])
@pytest.mark.parametrize(("rule_id", "code"), YANGQUAN_BOTH)
def test_yangquan_disqualifications_on_both_tracks(track, rule_id, code):
    """YQ-5 (1)(2)(3)(6), repeated for the internal track in 四(一)6."""
    extra = AUXILIARY_YQ if track == "internal" else {}
    barred = verdict_yq(track, declarations=_declaring(YANGQUAN, code, True), **extra)
    assert failed_ids(barred) == [rule_id]


@pytest.mark.parametrize(("rule_id", "code"), YANGQUAN_PUBLIC_ONLY)
def test_yangquan_public_only_disqualifications(rule_id, code):
    """YQ-5 (4)(5) are in the public list only; the internal list has its own (4) (YQ-3.7)."""
    assert failed_ids(verdict_yq("public", declarations=_declaring(YANGQUAN, code, True))) == [rule_id]
    assert verdict_yq("internal", declarations=_declaring(YANGQUAN, code, True), **AUXILIARY_YQ).eligible


@pytest.mark.parametrize(("rule_id", "code"), YANGQUAN_INTERNAL_ONLY)
def test_yangquan_internal_exclusions(rule_id, code):
    """YQ-3: trainee graduates, retirees and staff on unpaid leave, social insurance or party membership
    not transferable, and those dealt with for violations are not selected from existing auxiliaries."""
    barred = verdict_yq("internal", declarations=_declaring(YANGQUAN, code, True), **AUXILIARY_YQ)
    assert failed_ids(barred) == [rule_id]
    assert barred.reason(rule_id).message_zh.endswith("不得选聘为司法协理员")
    assert verdict_yq("public", declarations=_declaring(YANGQUAN, code, True)).eligible


def test_undeclared_situation_fails_but_reviewer_judged_one_does_not():
    missing = verdict_dq("public", declarations=_declaring(DAQING, "dishonest_debtor", None))
    assert failed_ids(missing) == ["DQ-5.4"]
    assert missing.reason("DQ-5.4").message_zh == (
        "DQ-5.4：未声明是否存在以下情形：“被列为失信被执行人”，不能通过资格审查"
    )
    # 不适宜的其他情形 is for the reviewer to find; nothing found means none.
    assert verdict_dq("public", declarations=_declaring(DAQING, "unsuitable_other", None)).eligible


def test_an_undeclared_situation_on_a_paper_form_is_for_the_reviewer():
    """Entered by the county from a paper form, an unanswered declaration is verified at review (a pending
    reason), not a failure."""
    verdict = verdict_dq("public", declarations=_declaring(DAQING, "dishonest_debtor", None),
                         undeclared_for_review=True)
    reason = verdict.reason("DQ-5.4")
    assert verdict.eligible and reason.passed and reason.pending
    assert reason.message_zh == "DQ-5.4：报名表未声明是否存在以下情形：“被列为失信被执行人”，须审查人员核实"


def test_several_failures_are_all_reported():
    verdict = verdict_yq(
        "public",
        birth_date=turning(40, DEADLINE),
        education="senior_high",
        household_region=BEIJING,
        residence_region=BEIJING,
        declarations=_declaring(YANGQUAN, "drug_history", True),
    )
    assert sorted(failed_ids(verdict)) == ["YQ-4.3", "YQ-4.4", "YQ-4.5", "YQ-5.2"]


# --- verdict shape --------------------------------------------------------------------------------


def test_every_reason_names_its_rule_and_clause():
    verdict = verdict_dq("public")
    assert verdict.eligible
    ids = [r.rule_id for r in verdict.reasons]
    assert ids == ["DQ-2.2", "DQ-2.3", "DQ-2.4", "DQ-2.5", "DQ-5.1", "DQ-5.2", "DQ-5.3", "DQ-5.4", "DQ-5.5"]
    for reason in verdict.reasons:
        assert reason.passed
        assert reason.message_zh.startswith(f"{reason.rule_id}：")
        assert reason.clause == DAQING.rule(reason.rule_id).citation
    assert verdict.reason("DQ-2.2").clause == "三(二)1.(2)"
    assert verdict.reason("DQ-5.3").clause == "三(二)1.末段"


def test_conditions_no_program_can_judge_are_pending():
    verdict = verdict_dq("public")
    assert [(p.rule_id, p.step) for p in verdict.pending] == [
        ("DQ-2.1", None), ("DQ-2.6", "medical_exam"), ("DQ-2.7", None),
    ]
    # YQ-3.8 is decided by the recorded assessment (ineligible_when), so it is a reason, not a pending check
    internal = verdict_yq("internal", **AUXILIARY_YQ)
    assert internal.pending == () and internal.reason("YQ-3.8").passed


def test_applicant_from_identity_number():
    number = idnumbers.generate(__import__("random").Random(1), region_code=SARTU,
                                birth_date=turning(36, DEADLINE), sex="F")
    person = Applicant.from_id_number(number, education="bachelor", declarations=no_disqualifications(DAQING))
    assert person.sex == "F"
    assert failed_ids(screen(DAQING, "public", person, recruitment=recruitment())) == ["DQ-2.2"]
    with pytest.raises(idnumbers.IdNumberError):
        Applicant.from_id_number("123", education="bachelor")


def test_bad_input_is_refused_in_chinese():
    with pytest.raises(ValueError, match="性别“X”无法识别"):
        applicant(DAQING, sex="X")
    with pytest.raises(LookupError, match="没有招聘渠道“other”"):
        verdict_dq("other")
    with pytest.raises(ValueError, match="应为6位数字"):
        screen(DAQING, "public", applicant(DAQING), recruitment=recruitment("2306"))


def test_posts_split_by_sex():
    split = variant("daqing-2024", "split_by_sex: false", "split_by_sex: true")
    post = Post(code="P01", track="public", sex="F", name="社区矫正岗（女）")
    man = screen(split, "public", applicant(split, sex="M"), recruitment=recruitment(), post=post)
    assert failed_ids(man) == ["DQ-7.8"]
    assert man.reason("DQ-7.8").message_zh == "DQ-7.8：岗位“社区矫正岗（女）”限女性，申请人为男性，不符合"
    assert screen(split, "public", applicant(split, sex="F"), recruitment=recruitment(), post=post).eligible
    with pytest.raises(ValueError, match="不分性别设岗"):
        screen(DAQING, "public", applicant(DAQING), recruitment=recruitment(), post=post)


def test_screen_many_matches_screen():
    people = [applicant(DAQING, birth_date=turning(age, DEADLINE)) for age in (17, 18, 35, 36)]
    verdicts = screen_many(DAQING, "public", people, recruitment=recruitment())
    assert [v.eligible for v in verdicts] == [False, True, True, False]
    screener = Screener(DAQING, "public", recruitment=recruitment())
    assert [screener(p) for p in people] == verdicts


def test_policy_files_are_the_ones_in_the_repository():
    assert Path(DAQING.source_path).name == "daqing-2024.yaml"
    assert Path(YANGQUAN.source_path).name == "yangquan-2024.yaml"
