"""Scores, ranking per post, tie-breaks (DQ-3 at equal conditions, YQ-4.8 at equal score) and the interview
shortlist. Plain Python: no database, no Django."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sifasuo.policy import (
    Candidate,
    combine_marks,
    composite_score,
    default_directory,
    load_named,
    loads,
    rank,
    shortlist,
    tie_break_order,
)

DAQING = load_named("daqing-2024")
YANGQUAN = load_named("yangquan-2024")


def variant(name: str, old: str, new: str):
    text = (default_directory() / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text, old
    return loads(text.replace(old, new, 1), source=f"{name}（变体）")


def public(key: str, written, interview=None, *, post: str = "P1", **fields) -> Candidate:
    return Candidate(key=key, post=post, track="public", written=written, interview=interview, **fields)


def order(ranked) -> list[tuple[str, int | None]]:
    return [(r.candidate.key, r.position) for r in ranked]


# --- scores -------------------------------------------------------------------------------------------


def test_composite_is_weighted_and_rounded_half_up():
    rule = DAQING.scoring_for("public")
    assert composite_score(rule, Decimal(80), Decimal("85.5")) == Decimal("82.75")
    # 80.01 × 0.5 + 80.00 × 0.5 = 80.005 exactly: half up gives 80.01 (binary floats would not).
    assert composite_score(rule, Decimal("80.01"), Decimal("80.00")) == Decimal("80.01")
    internal = DAQING.scoring_for("internal")
    assert composite_score(internal, Decimal("77.5"), None) == Decimal("77.50")


def test_candidate_accepts_numbers_strings_and_decimals():
    candidate = Candidate(key="a", post="P", track="public", written=83.5, interview="79")
    assert candidate.written == Decimal("83.5")
    assert candidate.interview == Decimal(79)


def test_examiner_marks_drop_highest_and_lowest():
    assert combine_marks(DAQING, "public", [80, 85, 90, 70, 95]) == Decimal("85.00")
    assert combine_marks(YANGQUAN, "public", ["81.5", "82", "83", "90", "60", "84"]) == Decimal("82.63")
    with pytest.raises(ValueError, match="考官评分只有4个，至少需要5名考官评分"):
        combine_marks(DAQING, "public", [80, 85, 90, 70])
    with pytest.raises(ValueError, match="不设面试"):
        combine_marks(DAQING, "internal", [80, 85, 90, 70, 95])


def test_examiner_marks_mean_and_median():
    mean = variant("daqing-2024", "combine: trimmed_mean\n      drop_highest: 1\n      drop_lowest: 1",
                   "combine: mean")
    assert combine_marks(mean, "public", [80, 85, 90, 70, 96]) == Decimal("84.20")
    median = variant("daqing-2024", "combine: trimmed_mean\n      drop_highest: 1\n      drop_lowest: 1",
                     "combine: median")
    assert combine_marks(median, "public", [80, 85, 90, 70, 96, 88]) == Decimal("86.50")


# --- ranking and tie-breaks ---------------------------------------------------------------------------


def test_tie_break_order_places_priority_as_each_policy_says():
    assert tie_break_order(DAQING, "public") == ("written", "interview", "priority")  # DQ-3 同等条件
    assert tie_break_order(YANGQUAN, "public") == ("priority", "written", "interview")  # YQ-4.8 同等分数
    assert tie_break_order(YANGQUAN, "internal") == ()  # no priority condition on that track
    assert tie_break_order(DAQING, "public", stage="written") == ("priority",)


def test_ranking_by_composite_score():
    ranked = rank(DAQING, [public("a", 70, 80), public("b", 90, 88), public("c", 85, 70)])
    assert order(ranked) == [("b", 1), ("c", 2), ("a", 3)]
    assert [r.score for r in ranked] == [Decimal("89.00"), Decimal("77.50"), Decimal("75.00")]
    assert all(r.notes == () for r in ranked)


def test_daqing_equal_composite_written_score_decides_before_priority():
    """DQ-3 acts only at equal conditions: a higher written score wins over a priority condition."""
    ranked = rank(DAQING, [
        public("priority", 80, 90, conditions=frozenset({"legal_professional_exam"})),
        public("written", 84, 86),
    ])
    assert order(ranked) == [("written", 1), ("priority", 2)]
    assert ranked[1].notes == ("DQ-7.3：与前一名综合成绩同为85.00分，按“笔试成绩高者在前”排在其后",)
    assert ranked[0].notes == ("DQ-7.3：与后一名综合成绩同为85.00分，按“笔试成绩高者在前”排在其前",)


def test_daqing_priority_breaks_a_tie_on_every_score():
    ranked = rank(DAQING, [
        public("plain", 84, 86),
        public("martyr", 84, 86, conditions=frozenset({"martyr_family"})),
    ])
    assert order(ranked) == [("martyr", 1), ("plain", 2)]
    assert ranked[0].priority and not ranked[1].priority
    assert ranked[1].notes == ("DQ-3：与前一名综合成绩同为85.00分，按“具备优先条件者在前”排在其后",)


def test_daqing_local_priority_condition_counts():
    """黑龙江司法警官职业学院毕业生 is a code Daqing adds in its own file (DQ-3.4)."""
    ranked = rank(DAQING, [
        public("plain", 84, 86),
        public("college", 84, 86, conditions=frozenset({"hlj_justice_police_college"})),
    ])
    assert order(ranked) == [("college", 1), ("plain", 2)]


def test_yangquan_priority_first_at_equal_score():
    """YQ-4.8 同等分数下优先: priority decides before the written score does."""
    ranked = rank(YANGQUAN, [
        public("written", 84, 86),
        public("lawyer", 80, 90, conditions=frozenset({"law_related_graduate"})),
    ])
    assert order(ranked) == [("lawyer", 1), ("written", 2)]
    assert ranked[1].notes == ("YQ-4.8：与前一名综合成绩同为85.00分，按“具备优先条件者在前”排在其后",)


def test_yangquan_written_then_interview_when_priority_is_equal():
    ranked = rank(YANGQUAN, [public("a", 80, 90), public("b", 84, 86), public("c", 85, 85)])
    assert order(ranked) == [("c", 1), ("b", 2), ("a", 3)]
    assert "按“笔试成绩高者在前”" in ranked[1].notes[0]


def test_yangquan_priority_conditions_of_another_policy_do_not_count():
    ranked = rank(YANGQUAN, [
        public("b", 84, 86),
        public("martyr", 84, 86, conditions=frozenset({"martyr_family"})),  # a Daqing condition only
    ])
    assert [r.position for r in ranked] == [1, 1]


def test_full_tie_shares_the_position():
    ranked = rank(DAQING, [public("a", 84, 86), public("b", 84, 86), public("c", 70, 70)])
    assert order(ranked) == [("a", 1), ("b", 1), ("c", 3)]
    assert ranked[1].notes == ("与前一名综合成绩同为85.00分，各项排序条件也都相同，名次并列（DQ-7.3）",)


def test_more_tie_breaks_a_county_may_add():
    older_first = variant("yangquan-2024", "    tie_breaks: [written, interview]\n",
                          "    tie_breaks: [written, interview, education, older, registered_earlier]\n")
    same = {"written": 84, "interview": 86}
    ranked = rank(older_first, [
        public("young", **same, education="master", birth_date=datetime.date(1999, 1, 1)),
        public("old", **same, education="master", birth_date=datetime.date(1990, 1, 1)),
        public("college", **same, education="junior_college", birth_date=datetime.date(1980, 1, 1)),
        public("late", **same, education="master", birth_date=datetime.date(1990, 1, 1),
               registered_at=datetime.datetime(2024, 3, 20, 9)),
    ])
    # "old" has no registration time: those who have one come first among the otherwise equal.
    assert order(ranked) == [("late", 1), ("old", 2), ("young", 3), ("college", 4)]
    assert "按“报名时间早者在前”" in ranked[1].notes[0]
    assert "按“年龄大者在前”排在其后" in ranked[2].notes[0]
    assert "按“学历高者在前”" in ranked[3].notes[0]


def test_pass_lines_and_missing_scores():
    ranked = rank(DAQING, [
        public("ok", 50, 60),
        public("low_interview", 90, Decimal("59.99")),
        public("absent_interview", 95),
        public("absent", None),
    ])
    assert order(ranked) == [("ok", 1), ("low_interview", None), ("absent_interview", None), ("absent", None)]
    assert [r.qualified for r in ranked] == [True, False, False, False]
    assert ranked[1].notes == ("DQ-7.3：面试成绩59.99分，低于合格分数线60分",)
    assert ranked[2].notes == ("DQ-7.3：缺少面试成绩（缺考或未录入），不参加排名",)
    assert ranked[3].notes == ("DQ-7.3：缺少笔试成绩（缺考或未录入），不参加排名",)


def test_internal_track_exam_only_with_pass_line():
    """DQ-4 经考试合格后择优录用: exam only, 60 passes (a default, DQ-7.2)."""
    candidates = [Candidate(key=k, post="N1", track="internal", written=w)
                  for k, w in (("a", 60), ("b", Decimal("59.5")), ("c", 75))]
    ranked = rank(DAQING, candidates)
    assert order(ranked) == [("c", 1), ("a", 2), ("b", None)]
    assert ranked[2].notes == ("DQ-7.2：笔试成绩59.5分，低于合格分数线60分",)


def test_ranking_is_per_post():
    ranked = rank(DAQING, [public("a", 70, 70, post="P1"), public("b", 90, 90, post="P2"),
                           public("c", 80, 80, post="P1")])
    assert [(r.candidate.post, r.candidate.key, r.position) for r in ranked] == [
        ("P1", "c", 1), ("P1", "a", 2), ("P2", "b", 1)]
    with pytest.raises(ValueError, match="分属不同渠道"):
        rank(DAQING, [public("a", 70, 70), Candidate(key="x", post="P1", track="internal", written=80)])


def test_priority_as_bonus_points():
    bonus = variant("daqing-2024", "  when: equal_conditions\n  effect: tie_break\n",
                    "  when: equal_conditions\n  effect: bonus\n  bonus_points: 2\n")
    ranked = rank(bonus, [public("plain", 85, 86), public("exam", 84, 85, conditions=frozenset({"law_bachelor"}))])
    assert order(ranked) == [("exam", 1), ("plain", 2)]
    assert ranked[0].score == Decimal("86.50")
    assert ranked[0].notes == ("DQ-3：具备优先条件，加2分",)
    assert tie_break_order(bonus, "public") == ("written", "interview")


# --- interview shortlist -----------------------------------------------------------------------------


def test_shortlist_by_ratio_with_ties_at_the_cut():
    """1 position × 1:3 = 3 places; a tie on written score at the third place takes everyone tied."""
    written = rank(DAQING, [public(k, w) for k, w in
                            (("a", 90), ("b", 85), ("c", 80), ("d", 80), ("e", 70), ("f", 50))], stage="written")
    assert order(written) == [("a", 1), ("b", 2), ("c", 3), ("d", 3), ("e", 5), ("f", 6)]
    chosen = shortlist(DAQING, written, {"P1": 1})
    assert [r.candidate.key for r in chosen["P1"]] == ["a", "b", "c", "d"]
    two_places = shortlist(DAQING, written, {"P1": 2})
    assert [r.candidate.key for r in two_places["P1"]] == ["a", "b", "c", "d", "e", "f"]


def test_shortlist_with_tie_break_at_the_cut():
    strict = variant("daqing-2024", "ties_at_cut: include_all", "ties_at_cut: tie_break")
    written = rank(strict, [public("a", 90), public("b", 85), public("c", 80),
                            public("d", 80, conditions=frozenset({"law_bachelor"})), public("e", 70)],
                   stage="written")
    assert order(written) == [("a", 1), ("b", 2), ("d", 3), ("c", 4), ("e", 5)]
    assert [r.candidate.key for r in shortlist(strict, written, {"P1": 1})["P1"]] == ["a", "b", "d"]


def test_shortlist_when_fewer_than_places_and_unknown_posts():
    written = rank(YANGQUAN, [public("a", 60), public("b", None)], stage="written")
    result = shortlist(YANGQUAN, written, {"P1": 2, "P9": 1})
    assert [r.candidate.key for r in result["P1"]] == ["a"]
    assert result["P9"] == []
    internal = rank(YANGQUAN, [Candidate(key="x", post="N", track="internal", written=80)], stage="written")
    with pytest.raises(ValueError, match="不设面试"):
        shortlist(YANGQUAN, internal, {"N": 1})
