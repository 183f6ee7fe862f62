"""`sifasuo policy validate FILE` / `show NAME` / `list`: the Django command wrapping sifasuo.policy.cli.
No database is used (these tests are not marked django_db, so any query would fail)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sifasuo.policy import cli, default_directory


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("policy", *args, stdout=out)
    return out.getvalue()


def failing(*args: str) -> tuple[CommandError, str]:
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("policy", *args, stdout=out)
    return caught.value, out.getvalue()


@pytest.mark.parametrize("name", ["daqing-2024", "yangquan-2024"])
def test_the_policy_files_validate(name):
    path = default_directory() / f"{name}.yaml"
    assert run("validate", str(path)) == f"{path}：校验通过\n"


def broken_copy(tmp_path: Path) -> Path:
    """daqing-2024 with two mistakes: an age above the schema's maximum and a word where a number goes."""
    text = (default_directory() / "daqing-2024.yaml").read_text(encoding="utf-8")
    text = text.replace("\n    max: 35\n", "\n    max: 150\n", 1).replace("\n  base: 6\n", "\n  base: six\n", 1)
    path = tmp_path / "daqing-2024.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, content: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if line == content)


def test_a_broken_file_fails_with_every_error_its_line_and_a_chinese_explanation(tmp_path):
    path = broken_copy(tmp_path)
    error, output = failing("validate", str(path))
    assert error.returncode == 1
    assert "校验未通过" in str(error) and "2处错误" in str(error)
    assert f"{path}：发现2处错误" in output
    assert f"{path}:{line_of(path, '    max: 150')}: age_limits[0].max：150 大于允许的最大值 120" in output
    assert f"{path}:{line_of(path, '  base: six')}: quota.base：应为整数，实际为文字“six”" in output


def test_the_output_is_the_engine_clis_word_for_word(tmp_path):
    path = broken_copy(tmp_path)
    expected = io.StringIO()
    assert cli.main(["validate", str(path)], out=expected) == 1
    _error, output = failing("validate", str(path))
    assert output == expected.getvalue()


def test_good_and_bad_files_together(tmp_path):
    good = default_directory() / "yangquan-2024.yaml"
    bad = broken_copy(tmp_path)
    error, output = failing("validate", str(good), str(bad))
    assert f"{good}：校验通过" in output and f"{bad}：发现2处错误" in output
    assert str(bad) in str(error) and str(good) not in str(error)


def test_a_file_that_is_not_yaml_or_missing(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    _error, output = failing("validate", str(broken))
    assert re.search(rf"{re.escape(str(broken))}:\d+: ", output)
    _error, output = failing("validate", str(tmp_path / "nowhere.yaml"))
    assert "找不到政策文件" in output


def test_show_prints_the_rules_in_chinese():
    output = run("show", "daqing-2024")
    assert output.startswith("大庆市司法协理员制度试点（2024年）（daqing-2024）\n")
    for text in ("DQ-2.2", "35周岁", "DQ-6", "三(二)2."):
        assert text in output


def test_show_an_unknown_policy():
    error, output = failing("show", "shandong-2030")
    assert error.returncode == 2
    assert "找不到政策“shandong-2030”" in str(error) and "daqing-2024" in str(error)
    assert "找不到政策" in output


def test_show_a_file_with_errors(tmp_path):
    error, _output = failing("show", str(broken_copy(tmp_path)))
    assert error.returncode == 1 and "政策文件有误" in str(error)


def test_list_and_usage():
    assert {"daqing-2024", "yangquan-2024"} <= set(run("list").split())
    for args in (("validate",), ("show",), ("show", "a", "b"), ("list", "x")):
        error, _ = failing(*args)
        assert error.returncode == 2 and "用法" in str(error)
