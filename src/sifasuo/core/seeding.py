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
    "sifasuo.reporting.seeding.seed",
    "sifasuo.indicators.seeding.seed",
]

SCALES = ("demo", "city", "province")


def run_seed(*, scale: str, seed: int, log) -> list[str]:
    """Each step is one batch of the change log (its listeners act once per step: the live aggregates mark the
    months the step wrote in one statement, before the next step reads them)."""
    out = []
    for step in SEED_STEPS:
        with changelog.batch():
            out.append(import_string(step)(scale=scale, seed=seed, log=log))
    return out
