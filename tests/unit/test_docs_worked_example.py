"""docs/adding-a-module.md walks through a module that exists: every file it names is there, every test it
cites is defined, and every line of its code excerpts is a line of that module's code."""

from __future__ import annotations

import re
from pathlib import Path

import sifasuo

SRC = Path(sifasuo.__file__).parent
REPO = SRC.parent.parent
GUIDE = REPO / "docs" / "adding-a-module.md"
APP = "officeadmin"
HEADING = f"## Worked example: office administration (`{APP}`)"


def _example() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    assert HEADING in text, f"docs/adding-a-module.md has no section “{HEADING}”"
    return text.split(HEADING, 1)[1].split("\n## ", 1)[0]


def _resolve(name: str) -> Path:
    if name.startswith((f"{APP}/", "templates/")):
        return SRC / name
    return REPO / name


def _code_lines() -> set[str]:
    files = [*(SRC / APP).rglob("*.py"), REPO / "tests" / "scope_builders" / f"{APP}.py"]
    return {line.strip() for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()}


def test_every_file_the_example_names_exists():
    names = set(re.findall(r"`((?:%s|templates/%s|tests|policies|docs)/[\w/.-]+\.\w+)`" % (APP, APP), _example()))
    assert names, "the worked example names no file"
    missing = sorted(n for n in names if not _resolve(n).is_file())
    assert not missing, missing


def test_every_test_the_example_cites_is_defined():
    cited = set(re.findall(r"`(test_\w+)`", _example()))
    assert cited
    defined = set(re.findall(r"^def (test_\w+)", (REPO / "tests" / "integration" / f"test_{APP}.py").read_text(
        encoding="utf-8"), re.M))
    assert cited <= defined, sorted(cited - defined)


def test_every_excerpt_line_is_in_the_code():
    blocks = re.findall(r"```python\n(.*?)```", _example(), re.S)
    assert len(blocks) >= 5
    code = _code_lines()
    absent = [line.strip() for block in blocks for line in block.splitlines()
              if line.strip() and line.strip() not in code]
    assert not absent, absent
