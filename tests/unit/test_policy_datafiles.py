"""The rule files beside the policies (indicator targets, work-document due dates) are read one way
(policy.datafiles, issue 17): each file parsed once and again when it changes, a broken one named."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sifasuo.indicators import targets
from sifasuo.officeadmin import docrules

POLICIES = Path(__file__).resolve().parents[2] / "policies"


def test_a_due_date_file_is_read_again_when_it_changes(tmp_path):
    shutil.copy(POLICIES / "workdocs" / "default.yaml", tmp_path / "default.yaml")
    assert docrules.rules_for("370102001", tmp_path)["annual_plan"].month == 1
    changed = tmp_path / "default.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace('due: "01-31"', 'due: "02-28"'), encoding="utf-8")
    later = changed.stat().st_mtime + 5
    os.utime(changed, (later, later))
    rule = docrules.rules_for("370102001", tmp_path)["annual_plan"]
    assert (rule.month, rule.day) == (2, 28)


def test_a_broken_file_is_named_by_each_reader(tmp_path):
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(targets.TargetFileError, match="broken.yaml：YAML 格式错误"):
        targets.all_files(tmp_path)
    with pytest.raises(docrules.DocumentRuleError, match="broken.yaml：YAML 格式错误"):
        docrules.rules_for("370102001", tmp_path)


def test_the_installed_target_files_are_all_read():
    names = sorted(f.name for f in targets.all_files(POLICIES / "indicators"))
    assert len(names) == len(list((POLICIES / "indicators").glob("*.yaml")))


def test_rule_files_are_loaded_in_one_place():
    src = Path(__file__).resolve().parents[2] / "src" / "sifasuo"
    loaders = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                     if "yaml.safe_load(Path(path).read_text" in p.read_text(encoding="utf-8"))
    assert loaders == ["policy/datafiles.py"]
