"""Quotas (员额) on hand-computed counties: DQ-6 every office ≥ 6 staff, YQ-2 establishment + assistants to
hire ≥ 4 × offices; and the other quota forms the format holds (population tiers, subject counts)."""

from __future__ import annotations

import pytest

from sifasuo.policy import OfficeStaffing, compute_quotas, default_directory, load_named, loads

DAQING = load_named("daqing-2024")
YANGQUAN = load_named("yangquan-2024")

EST, OTHER, ASSISTANT, AUXILIARY = (
    "political_legal_establishment", "other_establishment", "judicial_assistant", "full_time_auxiliary")


def variant(name: str, old: str, new: str):
    text = (default_directory() / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text, old
    return loads(text.replace(old, new, 1), source=f"{name}（变体）")


def office(name: str, **staff: int) -> OfficeStaffing:
    return OfficeStaffing(code=name, name=name, staff=staff)


def test_daqing_every_office_at_least_six():
    """DQ-6, by hand: 6−4=2, 7 ≥ 6 → 0, 6−1=5 (auxiliaries are the transfer pool, not counted) → 7."""
    quota = compute_quotas(DAQING, [
        office("解放路街道司法所", **{EST: 2, ASSISTANT: 2}),
        office("富强街道司法所", **{EST: 3, OTHER: 1, ASSISTANT: 3}),
        office("萨尔图街道司法所", **{EST: 1, AUXILIARY: 5}),
    ], county="萨尔图区")
    assert [(o.counted_total, o.required, o.vacancy) for o in quota.offices] == [(4, 6, 2), (7, 6, 0), (1, 6, 5)]
    assert quota.minimum_to_recruit == 7
    assert quota.rule_id == "DQ-6"
    assert quota.clause == "三(二)2."
    assert quota.lines == (
        "DQ-6：每个司法所工作人员不少于6人；解放路街道司法所现有4人（政法专项编制2人、司法协理员2人），缺2人",
        ("DQ-6：每个司法所工作人员不少于6人；富强街道司法所现有7人（政法专项编制3人、其他编制（含借调、挂职）1人、"
        "司法协理员3人），已达到要求"),
        ("DQ-6：每个司法所工作人员不少于6人；萨尔图街道司法所现有1人（政法专项编制1人；另有专职辅助人员5人不计入），"
        "缺5人"),
        "DQ-6：萨尔图区共3个司法所，缺额合计2+5=7人，至少招聘7人",
    )


def test_daqing_an_office_above_six_does_not_make_up_for_another():
    quota = compute_quotas(DAQING, [office("甲", **{EST: 8}), office("乙", **{EST: 4})], county="大同区")
    assert quota.minimum_to_recruit == 2
    assert quota.lines[-1] == "DQ-6：大同区共2个司法所，缺额合计2人，至少招聘2人"


def test_yangquan_county_average_of_four():
    """YQ-2, by hand: 4 × 12 offices = 48; establishment 30; at least 48 − 30 = 18."""
    establishment = [4, 3, 2, 2, 3, 1, 2, 3, 2, 4, 2, 2]
    assert sum(establishment) == 30
    offices = [office(f"第{i}司法所", **{EST: n, AUXILIARY: 1}) for i, n in enumerate(establishment, start=1)]
    quota = compute_quotas(YANGQUAN, offices, county="平定县")
    assert quota.required_total == 48
    assert quota.counted_total == 30
    assert quota.minimum_to_recruit == 18
    assert quota.lines[-1] == ("YQ-2：协理员拟招聘数+政法专项编制数+司法协理员数 ≥ 4×司法所数：4×12=48，"
                              "现有政法专项编制30人、司法协理员0人（合计30人），至少招聘18人")
    assert quota.lines[0] == "YQ-2：第1司法所现有4人（政法专项编制4人；另有专职辅助人员1人不计入），按所均4人计已达到要求"
    assert quota.lines[5] == "YQ-2：第6司法所现有1人（政法专项编制1人；另有专职辅助人员1人不计入），按所均4人计缺3人"


def test_yangquan_is_pooled_over_the_county():
    """YQ-2 is an average per office: 6 + 2 establishment posts in 2 offices meet 4 × 2."""
    quota = compute_quotas(YANGQUAN, [office("甲", **{EST: 6}), office("乙", **{EST: 2})], county="矿区")
    assert quota.minimum_to_recruit == 0
    assert [o.vacancy for o in quota.offices] == [0, 2]  # shown for guidance only
    assert quota.lines[-1] == ("YQ-2：协理员拟招聘数+政法专项编制数+司法协理员数 ≥ 4×司法所数：4×2=8，"
                              "现有政法专项编制8人、司法协理员0人（合计8人），已达到要求，至少招聘0人")


def test_yangquan_counts_establishment_and_the_assistants_already_hired():
    """YQ-2: the assistants already hired count toward the four a office; auxiliaries do not. A county hired
    to its quota has no vacancy left, and one assistant short has one."""
    quota = compute_quotas(YANGQUAN, [office("甲", **{EST: 1, ASSISTANT: 3, AUXILIARY: 2})])
    assert quota.minimum_to_recruit == 0
    assert quota.county == "本县（区）"
    assert compute_quotas(YANGQUAN, [office("甲", **{EST: 1, ASSISTANT: 2, AUXILIARY: 2})]).minimum_to_recruit == 1


def test_county_without_offices():
    quota = compute_quotas(DAQING, [], county="红岗区")
    assert quota.minimum_to_recruit == 0
    assert quota.lines == ("DQ-6：红岗区没有司法所，无须招聘",)


WUHU_LIKE = """  aggregation: per_office
  counted_staff: [full_time_auxiliary]
  base: 3
  population_tiers:
    - {at_least: 100000, add: 1}
    - {at_least: 200000, add: 2}
  subject_steps:
    - {subject: community_correction, at_least: 40, add: 1}
    - {subject: community_correction, at_least: 80, add: 2}
    - {subject: resettlement, per: 50, add: 1, max_add: 2}
"""
DAQING_QUOTA = """  aggregation: per_office
  counted_staff: [political_legal_establishment, other_establishment, judicial_assistant]
  base: 6
"""


def test_quota_by_population_tier_and_subject_counts():
    """A city that sets staff by population and by correction / resettlement subjects (cf. WH-3):
    甲 3 + 1 (≥100k) + 1 (≥40 correction) = 5, has 3 → 2;
    乙 3 + 2 (≥200k) + 2 (≥80 correction) + 2 (160 resettlement: 3 × 50, capped at 2) = 9, has 4 → 5;
    丙 3, has 3 → 0.  Total 7."""
    policy = variant("daqing-2024", DAQING_QUOTA, WUHU_LIKE)
    offices = [
        OfficeStaffing(code="1", name="甲", staff={AUXILIARY: 3}, population=120_000,
                       subjects={"community_correction": 45, "resettlement": 30}),
        OfficeStaffing(code="2", name="乙", staff={AUXILIARY: 4}, population=250_000,
                       subjects={"community_correction": 90, "resettlement": 160}),
        OfficeStaffing(code="3", name="丙", staff={AUXILIARY: 3}, population=50_000,
                       subjects={"community_correction": 10, "resettlement": 49}),
    ]
    quota = compute_quotas(policy, offices, county="某县")
    assert [(o.required, o.vacancy) for o in quota.offices] == [(5, 2), (9, 5), (3, 0)]
    assert quota.minimum_to_recruit == 7
    assert quota.lines[0] == (
        "DQ-6：甲应有5人（基数3人；人口120000人，满100000人加1人；社区矫正对象45人，满40人加1人）；"
        "甲现有3人（专职辅助人员3人），缺2人"
    )
    assert "安置帮教对象160人，每满50人加1人，加2人" in quota.lines[1]


def test_pooled_quota_with_tiers_shows_the_sum():
    policy = variant("yangquan-2024", "  base: 4\n", "  base: 4\n  population_tiers:\n    - {at_least: 50000, add: 1}\n")
    offices = [OfficeStaffing(code="1", name="甲", staff={EST: 2}, population=60_000),
               OfficeStaffing(code="2", name="乙", staff={EST: 1}, population=10_000)]
    quota = compute_quotas(policy, offices)
    assert quota.minimum_to_recruit == 6
    assert quota.lines[-1] == ("YQ-2：协理员拟招聘数+政法专项编制数+司法协理员数 ≥ 各所应有人数之和：5+4=9，"
                              "现有政法专项编制3人、司法协理员0人（合计3人），至少招聘6人")


def test_missing_data_for_a_tier_is_an_error_not_a_guess():
    policy = variant("daqing-2024", DAQING_QUOTA, WUHU_LIKE)
    with pytest.raises(ValueError, match="甲未填写辖区人口"):
        compute_quotas(policy, [OfficeStaffing(code="1", name="甲", staff={}, subjects={})])
    with pytest.raises(ValueError, match="甲未填写社区矫正对象人数"):
        compute_quotas(policy, [OfficeStaffing(code="1", name="甲", staff={}, population=1)])
