"""One Word/PDF toolkit (D79, D80): only core/documents.py builds Word files with python-docx, and no module
reaches into a documents module's private names (`_x`), by `from … import _x` or by `documents._x`."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "src" / "sifasuo"
TOOLKIT = "sifasuo.core.documents"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT / "src").with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _python_files():
    for base in (SOURCES, ROOT / "tests"):
        yield from (p for p in sorted(base.rglob("*.py")) if "migrations" not in p.parts)


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _is_documents(module: str) -> bool:
    return module.rsplit(".", 1)[-1] == "documents"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(text: str, module: str, *, is_package: bool = False, label: str = "") -> list[str]:
    """`label:line name` for every private name the code `text` of `module` takes from a documents module other
    than itself."""
    tree = ast.parse(text)
    found, bound = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _resolve(node, module, is_package)
            for alias in node.names:
                if _is_documents(source) and source != module and _private(alias.name):
                    found.append(f"{label}:{node.lineno} {source}.{alias.name}")
                if _is_documents(f"{source}.{alias.name}"):
                    bound.add(alias.asname or alias.name)  # from sifasuo.x import documents
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_documents(alias.name) and alias.asname:
                    bound.add(alias.asname)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                and _private(node.attr)):
            found.append(f"{label}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_no_module_takes_a_private_name_from_a_documents_module():
    offenders = []
    for path in _python_files():
        module = _module_name(path) if SOURCES in path.parents else f"tests.{path.stem}"
        offenders += private_uses(path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py",
                                  label=str(path.relative_to(ROOT)))
    assert offenders == [], "private names of a documents module used elsewhere:\n" + "\n".join(offenders)


def test_the_check_sees_every_way_of_reaching_a_private_name():
    text = ("from sifasuo.recruitment.documents import _bytes, render\n"
            "from ..staff.documents import _zh_date\n"
            "from .documents import _widths\n"
            "from sifasuo.recruitment import documents as rec\n"
            "import sifasuo.core.documents as core_documents\n"
            "rec._table(None)\nrec.render('x')\ncore_documents._repeat_header(None)\n")
    uses = private_uses(text, "sifasuo.casework.views", label="views.py")
    assert uses == ["views.py:1 sifasuo.recruitment.documents._bytes", "views.py:2 sifasuo.staff.documents._zh_date",
                    "views.py:3 sifasuo.casework.documents._widths", "views.py:6 rec._table",
                    "views.py:8 core_documents._repeat_header"]
    # a documents module's own private names are its business
    assert private_uses("from .documents import _widths\n", "sifasuo.casework.documents") == []
    assert private_uses("from . import _widths\n", "sifasuo.casework.documents") == []


def test_only_the_toolkit_builds_word_files_with_python_docx():
    importers = []
    for path in SOURCES.rglob("*.py"):
        if _module_name(path) == TOOLKIT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            if any(n == "docx" or n.startswith("docx.") for n in names):
                importers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert importers == [], "python-docx used outside core/documents.py:\n" + "\n".join(importers)
