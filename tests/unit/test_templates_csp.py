"""The Content-Security-Policy refuses inline scripts without a nonce, inline styles and event-handler
attributes: no template (nor the page frame written in Python) may contain one."""

from __future__ import annotations

import re
from pathlib import Path

import sifasuo

ROOT = Path(sifasuo.__file__).parent
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.I), "inline <script> without a nonce"),
    (re.compile(r"<style\b", re.I), "inline <style>"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _sources():
    yield from ROOT.rglob("templates/**/*.html")
    yield ROOT / "core" / "navigation.py"


def test_no_template_has_inline_script_style_or_handler():
    found = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}: {match.group(0).strip()[:60]}")
    # json_script's <script type="application/json"> is data, never run: Django writes it, not a template.
    assert not found, "the Content-Security-Policy would refuse these:\n" + "\n".join(found)
