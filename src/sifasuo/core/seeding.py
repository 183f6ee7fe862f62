"""The steps of `sifasuo seed`, in order. A module that brings demo records adds its step here."""

from __future__ import annotations

from django.utils.module_loading import import_string

from . import changelog

SEED_STEPS = [
    "sifasuo.orgunits.seeding.seed",
    "sifasuo.accounts.seeding.seed",
    "sifasuo.staff.seeding.seed",
    "sifasuo.casework.seeding.seed",
    "sifasuo.correction.seeding.seed",
    "sifasuo.resettlement.seeding.seed",
    "sifasuo.standards.seeding.seed",
    "sifasuo.officeadmin.seeding.seed",
    "sifasuo.reporting.seeding.seed",
    "sifasuo.indicators.seeding.seed",
    "sifasuo.alerts.seeding.seed",    # last: stores the alerts of everything seeded before it
]

SCALES = ("demo", "city", "province")
HISTORY_MONTHS = 13   # the demo's history: the last 13 complete months, so that a year and its trend can be read


def office_quality(seed: int, code: str) -> float:
    """How well an office works in the demo, 0..1, deterministic for (seed, code): most offices middling, some
    weak (late, short, below target), some strong — so that rankings, scores and alerts differ. Every module's
    seed step reads the same figure for the same office."""
    import random

    return round(random.Random(f"{seed}:{code}:quality").betavariate(4, 2), 3)


def history_months(today=None) -> list:
    """The first days of the last HISTORY_MONTHS complete months, oldest first."""
    import datetime

    today = today or datetime.date.today()
    month = today.replace(day=1)
    out = []
    for _ in range(HISTORY_MONTHS):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        out.append(month)
    return out[::-1]


def run_seed(*, scale: str, seed: int, log) -> list[str]:
    """Each step is one batch of the change log (its listeners act once per step: the live aggregates mark the
    months the step wrote in one statement, before the next step reads them). Each write would also queue an
    alert refresh of its office; the last step refreshes everything at once."""
    from . import jobs

    out = []
    with jobs.quiet():
        for step in SEED_STEPS:
            with changelog.batch():
                out.append(import_string(step)(scale=scale, seed=seed, log=log))
    return out
