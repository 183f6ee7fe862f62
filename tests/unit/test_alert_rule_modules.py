"""A module's alert rules name its module and capability once (alerts.engine.rules_of, issue 17), and every
rule keeps the grouping and the capability it had."""

from __future__ import annotations

import re
from pathlib import Path

from sifasuo.alerts import engine

SRC = Path(__file__).resolve().parents[2] / "src" / "sifasuo"


def test_no_alert_rules_module_repeats_its_module_name_rule_by_rule():
    repeated = {str(path.relative_to(SRC)): len(re.findall(r"\bmodule=", path.read_text(encoding="utf-8")))
                for path in SRC.glob("*/alert_rules.py")}
    assert {name: count for name, count in repeated.items() if count > 2} == {}


def test_rules_keep_their_module_and_capability():
    rules = engine.rules()
    by_prefix: dict[str, set] = {}
    for code, rule in rules.items():
        if not code.startswith("casework.legal_aid"):
            by_prefix.setdefault(code.split(".")[0], set()).add((rule.module, rule.capability))
    assert by_prefix["staff"] == {("工作人员", "staff.view")}
    assert by_prefix["correction"] == {("社区矫正", "correction.view")}
    assert by_prefix["resettlement"] == {("安置帮教", "resettlement.view")}
    assert by_prefix["casework"] == {("人民调解", "casework.view")}
    assert by_prefix["standards"] == {("规范化建设", "standards.view")}
    assert {(r.module, r.capability) for c, r in rules.items() if c.startswith("casework.legal_aid")} == {
        ("法律援助", "casework.view")}
    assert rules["correction.report_due"].collect.__name__ == "report_due"
    assert rules["staff.obligation_due"].basis == "政策文件中附义务的例外（有条件通过）"
    assert len([c for c in rules if c.split(".")[0] in ("staff", "correction", "resettlement", "casework", "standards")]) == 33


def test_jobs_elements_and_rules_are_collected_by_one_registry():
    written = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if "重复声明（{" in p.read_text(encoding="utf-8"))
    # capabilities merge instead (two apps may name the same capability with the same roles): accounts/roles.py
    assert written == ["accounts/roles.py", "core/registry.py"]
