"""The project's own configuration: bounded dependencies (D71), ruff run by `make test` (D71)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = list(project["project"]["dependencies"])
    for group in project.get("dependency-groups", {}).values():
        names += [r for r in group if isinstance(r, str)]
    return [Requirement(r) for r in names]


def test_every_dependency_has_a_lower_bound_and_an_upper_bound_below_the_next_major():
    requirements = _requirements()
    assert len(requirements) >= 15
    for requirement in requirements:
        operators = {spec.operator: spec.version for spec in requirement.specifier}
        assert ">=" in operators, f"{requirement.name}: no lower bound"
        assert "<" in operators, f"{requirement.name}: no upper bound"
        lower = [int(p) for p in operators[">="].split(".")]
        upper = [int(p) for p in operators["<"].split(".")]
        # At most the next major (for 0.x versions, the next minor or 1.0).
        if lower[0] == 0:
            assert upper[0] == 1 or (upper[0] == 0 and upper[1] <= lower[1] + 1), str(requirement)
        else:
            assert upper[0] <= lower[0] + 1, str(requirement)


def test_ruff_is_a_dev_dependency_and_make_test_runs_the_lint_first():
    assert "ruff" in {r.name for r in _requirements()}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_target = re.search(r"^test:(.*)$", makefile, re.M)
    assert test_target and "lint" in test_target.group(1).split()
    lint_recipe = re.search(r"^lint:.*\n\t(.+)$", makefile, re.M)
    assert lint_recipe and "ruff check" in lint_recipe.group(1)
