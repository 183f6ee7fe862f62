"""Scores, ranking per post and the interview shortlist, as each policy's scoring rule says.

Two stages: after the written exam (`stage="written"`) candidates are ranked by written score to choose who
is interviewed (`shortlist`, by the policy's ratio); after the interview (`stage="final"`) by composite
score. Equal scores are broken by the policy's tie-breaks, with the priority conditions placed where the
policy says they act: first at equal score (YQ-4.8) or last, when all other conditions are equal (DQ-3).
Candidates equal on everything share a position (1, 2, 2, 4). All arithmetic is Decimal, rounded half up.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, NamedTuple

from .model import Policy, Rule, ScoringRule

__all__ = [
    "Candidate",
    "RankedCandidate",
    "Stage",
    "combine_marks",
    "composite_score",
    "rank",
    "shortlist",
    "tie_break_order",
]

Stage = Literal["written", "final"]
ScoreInput = Decimal | int | float | str | None

# What each tie-break means; the same wording as the choice values of ScoringRule.tie_breaks in the schema.
TIE_BREAK_LABELS = {
    "priority": "具备优先条件者在前",
    "written": "笔试成绩高者在前",
    "interview": "面试成绩高者在前",
    "education": "学历高者在前",
    "younger": "年龄小者在前",
    "older": "年龄大者在前",
    "registered_earlier": "报名时间早者在前",
}


def _score(value: ScoreInput) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("成绩不能是布尔值")
    return Decimal(str(value))


_QUANTUM = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(5)}


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(_QUANTUM[decimals], rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """One applicant on one post, with the scores known so far (None: not taken or not yet known)."""

    key: str
    post: str
    track: str
    written: Decimal | None = None
    interview: Decimal | None = None
    conditions: frozenset[str] = frozenset()
    education: str = ""
    birth_date: datetime.date | None = None
    registered_at: datetime.datetime | None = None
    obligations: tuple[str, ...] = ()  # conditions of a 有条件通过 verdict, noted on the ranking

    def __post_init__(self) -> None:
        # Accept 83.5, "83.5" or Decimal alike; store Decimal so sums and ties are exact.
        object.__setattr__(self, "written", _score(self.written))
        object.__setattr__(self, "interview", _score(self.interview))


class RankedCandidate(NamedTuple):
    """A candidate's place on its post. `score` is the written score at the written stage and the composite
    score at the final stage (bonus points included). `position` is None for a candidate who is not
    qualified (missing score or below a pass line); `notes` explain that, and how ties were broken."""

    candidate: Candidate
    score: Decimal | None
    position: int | None
    qualified: bool
    priority: bool
    notes: tuple[str, ...] = ()


def composite_score(rule: ScoringRule, written: Decimal, interview: Decimal | None) -> Decimal:
    """written × weight + interview × weight, rounded half up to the rule's decimals."""
    total = written * rule.written_weight
    if rule.has_interview:
        if interview is None:
            raise ValueError(f"{rule.id}：设有面试，缺少面试成绩无法计算综合成绩")
        total += interview * rule.interview_weight
    return _round(total, rule.decimals)


def combine_marks(policy: Policy, track: str, marks: Sequence[ScoreInput]) -> Decimal:
    """One interview score from the examiners' marks, as the track's scoring rule says."""
    rule = policy.scoring_for(track)
    method = rule.examiner_marks
    if method is None:
        raise ValueError(f"{rule.id}：渠道“{track}”不设面试，没有考官评分合成方法")
    values = sorted(v for v in (_score(m) for m in marks) if v is not None)
    if len(values) < method.min_examiners:
        raise ValueError(f"{rule.id}：考官评分只有{len(values)}个，至少需要{method.min_examiners}名考官评分")
    if method.combine == "median":
        combined = Decimal(statistics.median(values))
    else:
        if method.combine == "trimmed_mean":
            values = values[method.drop_lowest: len(values) - method.drop_highest]
        combined = sum(values, Decimal(0)) / len(values)
    return _round(combined, method.decimals)


def tie_break_order(policy: Policy, track: str, *, stage: Stage = "final") -> tuple[str, ...]:
    """The criteria compared, in order, when scores are equal (see the module docstring)."""
    rule = policy.scoring_for(track)
    order = list(rule.tie_breaks)
    priority = policy.priority
    if priority is not None and priority.effect == "tie_break" and priority.codes_for(track):
        if priority.when == "equal_score":
            order.insert(0, "priority")  # YQ-4.8: 同等分数下优先
        else:
            order.append("priority")  # DQ-3: 同等条件下优先
    if stage == "written":
        order = [c for c in order if c not in ("written", "interview")]
    return tuple(order)


_Extractor = Callable[[Candidate, bool], Any]


def _education_key(policy: Policy) -> _Extractor:
    def extract(candidate: Candidate, _priority: bool) -> Any:
        level = policy.vocabulary.rank("education", candidate.education)
        return -level if level is not None else math.inf

    return extract


# How each tie-break turns a candidate into a value that sorts first when better; missing data sorts last.
_EXTRACTORS: dict[str, Callable[[Policy], _Extractor]] = {
    "priority": lambda _p: lambda c, priority: 0 if priority else 1,
    "written": lambda _p: lambda c, _priority: -(c.written or 0),
    "interview": lambda _p: lambda c, _priority: -(c.interview or 0),
    "education": _education_key,
    "younger": lambda _p: lambda c, _priority: -c.birth_date.toordinal() if c.birth_date else math.inf,
    "older": lambda _p: lambda c, _priority: c.birth_date.toordinal() if c.birth_date else math.inf,
    "registered_earlier": lambda _p: lambda c, _priority: c.registered_at.timestamp() if c.registered_at else math.inf,
}


class _PostRanking:
    def __init__(self, policy: Policy, track: str, stage: Stage) -> None:
        self.policy = policy
        self.rule = policy.scoring_for(track)
        self.stage = stage
        self.order = tie_break_order(policy, track, stage=stage)
        priority = policy.priority
        self.priority_codes = priority.codes_for(track) if priority is not None else frozenset()
        self.priority_mode = priority.mode if priority is not None else "any"
        self.priority_ranks = priority.ranks_for(track) if priority is not None else ()
        self.extractors = tuple(self._priority_key() if criterion == "priority" else _EXTRACTORS[criterion](policy)
                                for criterion in self.order)
        self.bonus = priority.bonus_points if priority is not None and priority.effect == "bonus" else None
        self.score_label = "笔试成绩" if stage == "written" else "综合成绩"

    def _priority_key(self) -> _Extractor:
        """Several priority conditions compared as the policy says: any one (a yes/no flag), in order (the
        first position where two candidates differ decides) or by how many a candidate holds."""
        codes = self.priority_codes
        if self.priority_mode == "count":
            return lambda c, _priority: -len(c.conditions & codes)
        if self.priority_mode == "ordered":
            positions = tuple(frozenset(group) for _rank, group in self.priority_ranks)
            return lambda c, _priority: tuple(0 if c.conditions & group else 1 for group in positions)
        return _EXTRACTORS["priority"](self.policy)

    def label(self, criterion: str, ahead: Any, behind: Any) -> str:
        """What decided between two candidates on `criterion` (their keys `ahead` and `behind`)."""
        if criterion == "priority" and self.priority_mode == "count":
            return f"具备优先条件项数多者在前（{-ahead}项对{-behind}项）"
        if criterion == "priority" and self.priority_mode == "ordered":
            names = self.policy.vocabulary
            for (_rank, group), first, second in zip(self.priority_ranks, ahead, behind, strict=True):
                if first != second:
                    held = "、".join(names.name("condition", code) for code in group)
                    return f"具备优先条件“{held}”者在前（优先条件按先后比较）"
        return TIE_BREAK_LABELS[criterion]

    def criterion_rule(self, criterion: str) -> Rule:
        if criterion == "priority" and self.policy.priority is not None:
            return self.policy.priority
        return self.rule

    def evaluate(self, candidate: Candidate) -> tuple[Decimal | None, bool, list[str], list[str]]:
        """Score, priority flag, the reasons the candidate is not qualified (empty when qualified), and notes."""
        rule, lines = self.rule, self.rule.pass_lines
        has_priority = bool(self.priority_codes and candidate.conditions & self.priority_codes)
        problems: list[str] = []
        notes: list[str] = [f"有条件通过资格审查：{text}" for text in candidate.obligations]
        written = candidate.written
        if written is None:
            return None, has_priority, [f"{rule.id}：缺少笔试成绩（缺考或未录入），不参加排名"], notes
        if lines.written is not None and written < lines.written:
            problems.append(f"{rule.id}：笔试成绩{written}分，低于合格分数线{lines.written}分")
        if self.stage == "written":
            score = written
        else:
            interview = candidate.interview
            if rule.has_interview:
                if interview is None:
                    problems.append(f"{rule.id}：缺少面试成绩（缺考或未录入），不参加排名")
                    return None, has_priority, problems, notes
                if lines.interview is not None and interview < lines.interview:
                    problems.append(f"{rule.id}：面试成绩{interview}分，低于合格分数线{lines.interview}分")
            score = composite_score(rule, written, interview)
        if self.bonus is not None and has_priority:
            assert self.policy.priority is not None
            score += self.bonus
            notes.append(f"{self.policy.priority.id}：具备优先条件，加{self.bonus}分")
        if self.stage == "final" and lines.composite is not None and score < lines.composite:
            problems.append(f"{rule.id}：综合成绩{score}分，低于合格分数线{lines.composite}分")
        return score, has_priority, problems, notes

    def key(self, candidate: Candidate, score: Decimal, has_priority: bool) -> tuple[Any, ...]:
        return (-score, *[extract(candidate, has_priority) for extract in self.extractors])

    def rank(self, candidates: list[Candidate]) -> list[RankedCandidate]:
        scored: list[tuple[tuple[Any, ...], Candidate, Decimal, bool, list[str]]] = []
        rejected: list[RankedCandidate] = []
        for candidate in candidates:
            score, has_priority, problems, notes = self.evaluate(candidate)
            if score is None or problems:
                rejected.append(RankedCandidate(candidate, score, None, False, has_priority, (*problems, *notes)))
            else:
                scored.append((self.key(candidate, score, has_priority), candidate, score, has_priority, notes))
        scored.sort(key=lambda item: item[0])
        notes_by_index: list[list[str]] = [list(item[4]) for item in scored]
        positions: list[int] = []
        for index, (key, _candidate, score, _priority, _notes) in enumerate(scored):
            if index == 0:
                positions.append(1)
                continue
            previous_key = scored[index - 1][0]
            if key == previous_key:
                positions.append(positions[-1])
                text = (f"与前一名{self.score_label}同为{score}分，各项排序条件也都相同，名次并列"
                        f"（{self.rule.id}）")
                notes_by_index[index].append(text)
                notes_by_index[index - 1].append(text.replace("与前一名", "与后一名"))
                continue
            positions.append(index + 1)
            if key[0] == previous_key[0]:
                criterion, behind, ahead = next((c, a, b) for c, a, b in zip(self.order, key[1:], previous_key[1:],
                                                                               strict=True) if a != b)
                rule = self.criterion_rule(criterion)
                label = self.label(criterion, ahead, behind)
                notes_by_index[index].append(
                    f"{rule.id}：与前一名{self.score_label}同为{score}分，按“{label}”排在其后")
                notes_by_index[index - 1].append(
                    f"{rule.id}：与后一名{self.score_label}同为{score}分，按“{label}”排在其前")
        ranked = [
            RankedCandidate(candidate, score, position, True, has_priority, tuple(notes))
            for (_key, candidate, score, has_priority, _n), position, notes
            in zip(scored, positions, notes_by_index, strict=True)
        ]
        return ranked + rejected


def rank(policy: Policy, candidates: Iterable[Candidate], *, stage: Stage = "final") -> list[RankedCandidate]:
    """Rank candidates per post. Posts come in the order they first appear; within a post the qualified
    candidates by position, then those not qualified."""
    by_post: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_post.setdefault(candidate.post, []).append(candidate)
    result: list[RankedCandidate] = []
    rankings: dict[str, _PostRanking] = {}
    for post, members in by_post.items():
        tracks = {c.track for c in members}
        if len(tracks) > 1:
            raise ValueError(f"岗位“{post}”的考生分属不同渠道（{'、'.join(sorted(tracks))}），无法一起排名")
        track = tracks.pop()
        if track not in rankings:
            rankings[track] = _PostRanking(policy, track, stage)
        result.extend(rankings[track].rank(members))
    return result


def shortlist(policy: Policy, ranked: Iterable[RankedCandidate], posts: Mapping[str, int]
              ) -> dict[str, list[RankedCandidate]]:
    """Who goes to the interview on each post: positions × the policy's ratio, by the written ranking
    (`rank(..., stage="written")`). With `ties_at_cut: include_all` everyone tied with the last place on
    written score goes too; with `tie_break` the tie-breaks decide and only full ties share the last place.
    `posts` maps each post code to its number of positions."""
    by_post: dict[str, list[RankedCandidate]] = {}
    for item in ranked:
        if item.qualified:
            by_post.setdefault(item.candidate.post, []).append(item)
    result: dict[str, list[RankedCandidate]] = {}
    for post, positions in posts.items():
        members = sorted(by_post.get(post, []), key=lambda r: r.position or 0)
        if not members:
            result[post] = []
            continue
        rule = policy.scoring_for(members[0].candidate.track)
        if rule.interview_ratio is None:
            raise ValueError(f"{rule.id}：渠道“{members[0].candidate.track}”不设面试，没有面试人选比例")
        places = positions * rule.interview_ratio
        if len(members) <= places:
            result[post] = members
        elif rule.ties_at_cut == "include_all":
            cut = members[places - 1].score
            assert cut is not None
            result[post] = [m for m in members if m.score is not None and m.score >= cut]
        else:
            last = members[places - 1].position
            result[post] = [m for m in members if m.position is not None and last is not None and m.position <= last]
    return result
