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
    "sifasuo.alerts.seeding.seed",    # last: stores the alerts of everything seeded before it
]

SCALES = ("demo", "city", "province")


def run_seed(*, scale: str, seed: int, log) -> list[str]:
    from . import jobs

    # Each write would queue an alert refresh of its office; the last step refreshes everything at once.
    with jobs.quiet():
        return [import_string(step)(scale=scale, seed=seed, log=log) for step in SEED_STEPS]
