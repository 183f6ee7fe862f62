"""Every column a policy's rules need is in that policy's screening template, for every policy and track.

The engine says which facts of an applicant its compiled rules read (`Screener.inputs`); the template of
`sifasuo screen` (`screening_files.layout`) must ask for each of them. Walks the shipped policies and the test
policies of tests/policies/ (issue 13: the Yangquan public template lacked 国籍 while YQ-4.1 applied)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from sifasuo.policy import NamedList, Recruitment, Screener, available, load, load_named
from sifasuo.recruitment import screening_files as files

TEST_POLICIES = Path(__file__).resolve().parents[1] / "policies"
POLICIES = [load_named(name) for name in available()] + [load(p) for p in sorted(TEST_POLICIES.glob("*.yaml"))]
DAY = datetime.date(2025, 3, 10)

# Applicant attributes that several template columns serve.
SERVED_BY = {
    "birth_date": {"id_number", "birth_date"},  # the birth date is read from the ID number
    "study_mode": {"study_mode", "education"},  # 学历 may carry it: "大专（全日制）"
}


def lists_for(policy) -> dict[str, NamedList]:
    out = {}
    for rule in policy.list_membership:
        as_of = rule.as_of or (DAY if rule.as_of_relative is not None else None)
        out[rule.list] = NamedList(code=rule.list, ids=frozenset(), as_of=as_of)
    return out


CASES = [(p, t.code) for p in POLICIES for t in p.tracks]


@pytest.mark.parametrize(("policy", "track"), CASES, ids=[f"{p.id}-{t}" for p, t in CASES])
def test_every_input_of_the_rules_is_a_column_of_the_template(policy, track):
    county = policy.jurisdiction.region_code if policy.jurisdiction.level == "county" else (
        policy.jurisdiction.region_code[:4] + "02")
    screener = Screener(policy, track, recruitment=Recruitment.on(DAY, county_code=county), lists=lists_for(policy))
    layout = files.layout(policy, track)
    keys = {column.key for column in layout.columns}
    for name in sorted(screener.inputs):
        if name == "declarations":
            continue  # checked code by code below
        if name == "findings":
            continue
        if name == "conditions":
            continue
        if name == "step_results":  # a column per step whose result decides (YQ-3.8: 考核结论)
            steps = {r.step for r in policy.manual_checks if r.applies_to(track) and r.ineligible_when}
            assert {f"step:{step}" for step in steps} <= keys, f"{policy.id} {track}：模板中没有{steps}的结论列"
            continue
        assert SERVED_BY.get(name, {name}) & keys, f"{policy.id} {track}：规则需要 {name}，模板中没有这一列"
    vocabulary = policy.vocabulary
    for rule in policy.disqualifications:
        if not rule.applies_to(track):
            continue
        for code in rule.codes:
            wanted = f"finding:{code}" if vocabulary.assessed_by(code) == "reviewer" else f"declaration:{code}"
            assert wanted in keys, f"{policy.id} {track}：{rule.id} 的“{code}”没有对应的列"
    exception_codes = {c for e in policy.exceptions if e.applies_to(track) for c in e.conditions}
    exception_codes |= {c for r in policy.residence if r.applies_to(track) for c in r.exceptions}
    if exception_codes:
        assert "exception_conditions" in keys and exception_codes <= layout.exception_codes
    if policy.priority is not None and policy.priority.codes_for(track):
        assert "conditions" in keys and policy.priority.codes_for(track) <= layout.priority_codes
    # conditions that change eligibility and those that give priority are separate columns
    if exception_codes and policy.priority is not None:
        assert layout.column("exception_conditions") is not layout.column("conditions")


def test_the_yangquan_public_template_asks_for_nationality():
    layout = files.layout(load_named("yangquan-2024"), "public")
    column = layout.column("nationality")
    assert column is not None and column.header == "国籍" and "YQ-4.1" in column.help
    # a track without a nationality rule does not ask for it
    assert files.layout(load_named("yangquan-2024"), "internal").column("nationality") is None
