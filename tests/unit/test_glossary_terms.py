"""One term per concept: no text a user reads uses a variant the glossary rules out.

docs/glossary.md's table "Terms used in the interface" lists, per concept, the term to use and the variants
not to use ("不用"). This test reads that table and scans what users read: every template, every string
literal of the Python code under src/sifasuo (migrations excepted: they record past labels), the policy
files and other YAML shown in the interface with the policy authors' guide (policies/README.md), the
front-end scripts, and the Chinese user guide with its module chapters.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import sifasuo

SRC = Path(sifasuo.__file__).parent
REPO = SRC.parent.parent
GLOSSARY = REPO / "docs" / "glossary.md"
SECTION = "## Terms used in the interface"


def _rules() -> list[tuple[list[str], list[str]]]:
    """(terms to use, variants not to use) per row of the glossary's interface-terms table."""
    text = GLOSSARY.read_text(encoding="utf-8")
    assert SECTION in text, f"docs/glossary.md has no section “{SECTION}”"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    rules = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[1].startswith("不用："):
            continue
        use = [t.strip() for t in cells[0].split("/") if t.strip()]
        avoid = [t.strip() for t in cells[1].removeprefix("不用：").split("、") if t.strip()]
        rules.append((use, avoid))
    return rules


def _python_strings(path: Path):
    """Every string literal of a module (f-string parts and docstrings included) with its first line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def _texts():
    """(path, first line, text) of everything scanned."""
    files = [p for p in sorted(SRC.rglob("*")) if p.is_file() and "migrations" not in p.parts]
    files += sorted((REPO / "policies").rglob("*.yaml")) + sorted((REPO / "policies").rglob("*.md"))
    files += [REPO / "docs" / "user-guide.md", *sorted((REPO / "docs" / "modules").glob("*.md"))]
    for path in files:
        if path.suffix == ".py":
            for line, text in _python_strings(path):
                yield path, line, text
        elif path.suffix in {".html", ".txt", ".yaml", ".yml", ".js", ".md"}:
            yield path, 1, path.read_text(encoding="utf-8")


def _offences(text: str, rules, first_line: int = 1) -> list[str]:
    found = []
    for use, avoid in rules:
        # A variant may be part of the term itself (身份证号 in 身份证号码): blank the terms out first.
        masked = re.sub("|".join(map(re.escape, sorted(use, key=len, reverse=True))), "＿", text)
        for variant in avoid:
            for m in re.finditer(re.escape(variant), masked):
                line = first_line + masked.count("\n", 0, m.start())
                found.append(f"line {line}: “{variant}” (use “{use[0]}”)")
    return found


def test_glossary_lists_the_variants_not_to_use():
    rules = _rules()
    avoided = {v for _, avoid in rules for v in avoid}
    assert {"法制宣传", "司法协理员等级", "其它"} <= avoided, avoided
    for use, avoid in rules:
        assert use and avoid
        assert not set(use) & set(avoid), (use, avoid)


@pytest.mark.parametrize(("text", "expected"), [
    ("法治宣传登记簿", []),
    ("“法制宣传”菜单", ["line 1: “法制宣传” (use “法治宣传”)"]),
    ("身份证号码", []),
    ("第2行\n身份证号：", ["line 2: “身份证号” (use “身份证号码”)"]),
])
def test_the_scan_finds_variants_but_not_the_terms_that_contain_them(text, expected):
    assert _offences(text, _rules()) == expected


def test_interface_uses_one_term_per_concept():
    rules = _rules()
    found = [f"{path.relative_to(REPO)} {o}" for path, first, text in _texts() for o in _offences(text, rules, first)]
    assert not found, "用语不统一（见 docs/glossary.md）:\n" + "\n".join(found)


def test_every_data_type_has_its_own_name():
    """The change log, its filter and the sensitive-access log name records by their model's verbose_name:
    two kinds of record under one name (工作人员 / 司法所 年度考核) would be one term for two concepts."""
    from django.apps import apps

    names: dict[str, list[str]] = {}
    for model in apps.get_models():
        if model.__module__.startswith("sifasuo."):
            names.setdefault(str(model._meta.verbose_name), []).append(model._meta.label)
    shared = {name: labels for name, labels in names.items() if len(labels) > 1}
    assert not shared, shared
