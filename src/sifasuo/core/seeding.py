"""The steps of `sifasuo seed`, in order. A module that brings demo records adds its step here."""

from __future__ import annotations

from django.utils.module_loading import import_string

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
    return [import_string(step)(scale=scale, seed=seed, log=log) for step in SEED_STEPS]
