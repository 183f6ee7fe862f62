"""Sanity bounds on the engine's speed with synthetic data. The budgets (screening 50,000 applicants ≤ 10 s,
ranking them ≤ 2 s, quotas for 1,826 offices ≤ 1 s) are measured by the benchmarks; these generous bounds
only catch a pathological slowdown (an accidental quadratic step, a check recompiled per applicant)."""

from __future__ import annotations

import datetime
import random
import time

from sifasuo.policy import (
    Applicant,
    Candidate,
    OfficeStaffing,
    Recruitment,
    compute_quotas,
    load_named,
    rank,
    screen_many,
    shortlist,
)

COUNT = 50_000


def synthetic_applicants(policy, county: str, rng: random.Random) -> list[Applicant]:
    codes = list(policy.vocabulary.entries["disqualification"])
    levels = list(policy.vocabulary.entries["education"])
    regions = [county, county[:4] + "22", "230606", "110105", ""]
    start = datetime.date(1960, 1, 1)
    return [
        Applicant(
            key=str(i),
            birth_date=start + datetime.timedelta(days=rng.randrange(46 * 365)),
            sex=rng.choice("MF"),
            education=rng.choice(levels),
            household_region=rng.choice(regions),
            residence_region=rng.choice(regions),
            is_existing_auxiliary=rng.random() < 0.5,
            auxiliary_region=county,
            declarations={code: rng.random() < 0.01 for code in codes},
            step_results={"assessment": rng.choice(["passed", "passed", "failed", ""])},
        )
        for i in range(COUNT)
    ]


def test_screen_50000_applicants():
    policy = load_named("yangquan-2024")
    rng = random.Random(2024)
    people = synthetic_applicants(policy, "140302", rng)
    recruitment = Recruitment.on(datetime.date(2024, 8, 31), county_code="140302")
    for track in ("public", "internal"):
        started = time.perf_counter()
        verdicts = screen_many(policy, track, people, recruitment=recruitment)
        elapsed = time.perf_counter() - started
        assert len(verdicts) == COUNT
        assert 0 < sum(v.eligible for v in verdicts) < COUNT
        assert elapsed < 30, f"screening {COUNT} applicants on {track} took {elapsed:.1f} s"


def test_rank_50000_candidates_and_shortlist():
    policy = load_named("daqing-2024")
    rng = random.Random(7)
    candidates = [
        Candidate(key=str(i), post=f"P{i % 100}", track="public",
                  written=rng.randrange(4000, 10000) / 100, interview=rng.randrange(5000, 10000) / 100,
                  conditions=frozenset({"law_bachelor"}) if rng.random() < 0.2 else frozenset())
        for i in range(COUNT)
    ]
    started = time.perf_counter()
    ranked = rank(policy, candidates)
    written = rank(policy, candidates, stage="written")
    chosen = shortlist(policy, written, {f"P{i}": 2 for i in range(100)})
    elapsed = time.perf_counter() - started
    assert len(ranked) == COUNT
    assert all(len(members) >= 6 for members in chosen.values())
    assert elapsed < 15, f"ranking {COUNT} candidates took {elapsed:.1f} s"


def test_quotas_for_1826_offices():
    policy = load_named("daqing-2024")
    rng = random.Random(1)
    offices = [OfficeStaffing(code=str(i), name=f"第{i}司法所",
                              staff={"political_legal_establishment": rng.randrange(6),
                                     "judicial_assistant": rng.randrange(3)})
               for i in range(1826)]
    started = time.perf_counter()
    quota = compute_quotas(policy, offices, county="某市")
    elapsed = time.perf_counter() - started
    assert quota.minimum_to_recruit == sum(o.vacancy for o in quota.offices)
    assert len(quota.lines) == 1827
    assert elapsed < 5, f"quotas for 1,826 offices took {elapsed:.1f} s"
