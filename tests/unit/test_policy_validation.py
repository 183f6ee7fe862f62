"""`validate(FILE)` reports every error of a broken policy file with its line and a Chinese message.

Each test breaks a copy of daqing-2024.yaml in tmp_path and checks the error lands on the line it should.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sifasuo.policy import PolicyInvalid, default_directory, loads, validate, validate_text

DAQING_TEXT = (default_directory() / "daqing-2024.yaml").read_text(encoding="utf-8")


def broken(tmp_path: Path, *replacements: tuple[str, str], name: str = "daqing-2024"):
    text = DAQING_TEXT
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return text, validate(path)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{needle!r} not in text")


def only(errors):
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def test_the_unbroken_copy_is_valid(tmp_path):
    assert broken(tmp_path)[1] == []


def test_unknown_key(tmp_path):
    text, errors = broken(tmp_path, ("    auxiliary_scope: city\n", "    auxiliary_scope: city\n    agee: 3\n"))
    error = only(errors)
    assert error.line == line_of(text, "agee:")
    assert error.message.startswith("tracks[0].agee：未知的键“agee”。此处允许的键：id、clause、source、text、code")
    assert str(error) == f"{tmp_path / 'daqing-2024.yaml'}:{error.line}: {error.message}"


def test_unknown_key_with_a_suggestion(tmp_path):
    text, errors = broken(tmp_path, ("age_limits:\n", "agelimits:\n"))
    error = only(errors)
    assert error.line == line_of(text, "agelimits:")
    assert "未知的键“agelimits”，是否应为“age_limits”？" in error.message


def test_wrong_type(tmp_path):
    text, errors = broken(tmp_path, ("    max: 35\n", '    max: "35"\n'))
    error = only(errors)
    assert error.line == line_of(text, 'max: "35"')
    assert error.message == "age_limits[0].max：应为整数，实际为文字“35”"


def test_number_where_text_is_expected_hints_at_quotes(tmp_path):
    text, errors = broken(tmp_path, ('  region_code: "230600"', "  region_code: 230600"))
    error = only(errors)
    assert error.line == line_of(text, "region_code: 230600")
    assert "应为文字，实际为整数“230600”；如为代码、编号或数字形式的文字，请加引号" in error.message


def test_quoted_date(tmp_path):
    text, errors = broken(tmp_path, ("  issued_on: 2024-07-12", '  issued_on: "2024-07-12"'))
    error = only(errors)
    assert error.line == line_of(text, "issued_on:")
    assert "应为日期（YYYY-MM-DD，不加引号）" in error.message and "日期不要加引号" in error.message


def test_missing_required_key(tmp_path):
    text, errors = broken(tmp_path, ("    text: 被列为失信被执行人的，不得招聘为司法协理员。\n", ""))
    error = only(errors)
    assert error.line == line_of(text, "- id: DQ-5.4")
    assert error.message.startswith("disqualifications[3]：缺少必填的键“text”：规则的中文表述")


def test_missing_section(tmp_path):
    start = DAQING_TEXT.index("notice:\n")
    end = DAQING_TEXT.index("contract:\n")
    text, errors = broken(tmp_path, (DAQING_TEXT[start:end], ""))
    error = only(errors)
    assert error.message.startswith("缺少必填的键“notice”")
    assert error.line == line_of(text, "schema_version:")


def test_bad_rule_id_format(tmp_path):
    text, errors = broken(tmp_path, ("- id: DQ-5.3", "- id: DQ5.3"))
    error = only(errors)
    assert error.line == line_of(text, "id: DQ5.3")
    assert "“DQ5.3”格式不正确，应为前缀-编号，可带细分编号，如 DQ-5 或 DQ-5.3" in error.message


def test_rule_prefix_must_match(tmp_path):
    text, errors = broken(tmp_path, ("- id: DQ-5.3", "- id: YQ-5.3"))
    error = only(errors)
    assert error.line == line_of(text, "id: YQ-5.3")
    assert error.message == "规则编号“YQ-5.3”的前缀与本文件的 rule_prefix“DQ”不一致"


def test_duplicate_rule_id(tmp_path):
    text, errors = broken(tmp_path, ("- id: DQ-5.4", "- id: DQ-5.3"))
    error = only(errors)
    assert error.line == line_of(text, "id: DQ-5.3", nth=2)
    assert error.message == f"规则编号“DQ-5.3”重复，第{line_of(text, 'id: DQ-5.3')}行已经使用"


def test_unknown_disqualification_code(tmp_path):
    text, errors = broken(tmp_path, ("codes: [dishonest_debtor]", "codes: [dishonest_debter]"))
    error = only(errors)
    assert error.line == line_of(text, "dishonest_debter")
    assert error.message.startswith(
        "disqualifications[3].codes[0]：未知的不得招聘情形代码“dishonest_debter”。是否应为“dishonest_debtor”？")
    assert error.message.endswith("如为本地新增的不得招聘情形，请先在 vocabulary.disqualification 中声明")


def test_age_bounds_inverted(tmp_path):
    text, errors = broken(tmp_path, ("    tracks: [public]\n    max: 35\n", "    tracks: [public]\n    min: 40\n    max: 35\n"))
    error = only(errors)
    assert error.line == line_of(text, "max: 35")
    assert error.message == "年龄条件 DQ-2.2 的下限40周岁大于上限35周岁，上下限颠倒"


def test_max_and_below_together(tmp_path):
    text, errors = broken(tmp_path, ("    max: 55\n", "    max: 55\n    below: 56\n"))
    error = only(errors)
    assert error.line == line_of(text, "below: 56")
    assert "同时写了 max 和 below，只能二选一" in error.message


def test_age_limit_without_a_bound(tmp_path):
    _text, errors = broken(tmp_path, ("    sex: F\n    max: 45\n", "    sex: F\n"))
    assert only(errors).message == "年龄条件 DQ-4.3 须至少写 min、max、below 之一"


def test_weights_must_sum_to_one(tmp_path):
    text, errors = broken(tmp_path, ("    written_weight: 0.5\n    interview_weight: 0.5",
                                     "    written_weight: 0.6\n    interview_weight: 0.5"))
    error = only(errors)
    assert error.line == line_of(text, "interview_weight: 0.5")
    assert error.message == "成绩规则 DQ-7.3 的笔试权重0.6与面试权重0.5之和为1.1，应为1"


def test_weights_summing_to_one_in_decimal(tmp_path):
    assert broken(tmp_path, ("    written_weight: 0.5\n    interview_weight: 0.5",
                             "    written_weight: 0.3\n    interview_weight: 0.7"))[1] == []


def test_clause_and_source_together(tmp_path):
    text, errors = broken(tmp_path, ("  id: DQ-2.8\n", "  id: DQ-2.8\n  clause: 三(二)1.(2)\n"))
    error = only(errors)
    assert error.line == line_of(text, "id: DQ-2.8") + 2  # id, the added clause, then source
    assert "规则 DQ-2.8 同时写了 clause 和 source，只能二选一" in error.message


def test_neither_clause_nor_source(tmp_path):
    text, errors = broken(tmp_path, ("  - id: DQ-5.4\n    clause: 三(二)1.末段\n", "  - id: DQ-5.4\n"))
    error = only(errors)
    assert error.line == line_of(text, "- id: DQ-5.4")
    assert error.message.startswith("规则 DQ-5.4 缺少 clause（所依据的文件条款）")


def test_unknown_track(tmp_path):
    text, errors = broken(tmp_path, ("    tracks: [public]\n    max: 35", "    tracks: [publik]\n    max: 35"))
    error = only(errors)
    assert error.line == line_of(text, "[publik]")
    assert error.message == "未知的渠道代码“publik”，本文件的渠道：internal、public"


def test_each_track_needs_exactly_one_scoring_rule(tmp_path):
    _text, errors = broken(tmp_path, ("    tracks: [public]\n    written_weight: 0.5", "    tracks: [internal]\n    written_weight: 0.5"))
    messages = [e.message for e in errors]
    assert any("渠道“internal”有多条成绩规则：DQ-7.2" in m for m in messages)
    assert "渠道“public”没有成绩规则，每个渠道都须有一条" in messages


def test_a_broken_scoring_rule_is_not_also_reported_missing(tmp_path):
    _text, errors = broken(tmp_path, ("    written_weight: 0.5\n", "    written_weight: half\n"))
    assert [e.message for e in errors] == ["scoring[1].written_weight：应为数值，实际为文字“half”"]


def test_interview_needs_a_ratio_and_a_marking_method(tmp_path):
    _text, errors = broken(tmp_path, ("    interview_ratio: 3\n", ""))
    error = only(errors)
    assert error.message == "成绩规则 DQ-7.3 设有面试，须规定进入面试的比例 interview_ratio"


def test_fixed_reference_date_needs_the_date(tmp_path):
    text, errors = broken(tmp_path, ("counted_to: registration_deadline", "counted_to: fixed_date"))
    error = only(errors)
    assert error.line == line_of(text, "counted_to: fixed_date")
    assert "须填写 date" in error.message


def test_probation_within_the_labor_contract_law(tmp_path):
    text, errors = broken(tmp_path, ("  years: 3\n", "  years: 2\n"))
    error = only(errors)
    assert error.line == line_of(text, "probation_months: 3")
    assert error.message == "合同期限2年的，试用期不得超过2个月（《劳动合同法》第十九条），实际为3个月"


def test_choice_value(tmp_path):
    text, errors = broken(tmp_path, ("  kind: working\n", "  kind: workdays\n"))
    error = only(errors)
    assert error.line == line_of(text, "kind: workdays")
    assert "“workdays”不是有效取值，应为：working（工作日（按国家法定节假日和调休计算））、calendar（自然日）" in error.message


def test_local_code_must_not_shadow_a_schema_code(tmp_path):
    _text, errors = broken(tmp_path, ("    - code: hlj_justice_police_college\n", "    - code: law_bachelor\n"))
    messages = [e.message for e in errors]
    assert "代码“law_bachelor”已在结构定义的申请人条件代码表中，不必也不能重复声明" in messages


def test_file_name_must_match_the_policy_id(tmp_path):
    text, errors = broken(tmp_path, name="daqing-2025")
    error = only(errors)
    assert error.line == line_of(text, "id: daqing-2024")
    assert error.message == "政策名称“daqing-2024”应与文件名“daqing-2025.yaml”一致"


def test_yaml_syntax_error(tmp_path):
    text, errors = broken(tmp_path, ("name: 大庆市司法协理员制度试点（2024年）", "name: 大庆市: 试点"))
    error = only(errors)
    assert error.line == line_of(text, "name: 大庆市: 试点")
    assert error.message.startswith("YAML 语法错误：")


def test_no_executable_code(tmp_path):
    text, errors = broken(
        tmp_path,
        ("    text: 被列为失信被执行人的，不得招聘为司法协理员。",
         '    text: !!python/object/apply:os.system ["echo pwned"]'),
        ("    text: 身体健康，热爱司法行政事业。", "    text: !include other.yaml"),
    )
    assert [e.line for e in errors] == sorted([line_of(text, "!include"), line_of(text, "!!python")])
    assert all("不允许使用 YAML 标签" in e.message and "不能包含可执行代码" in e.message for e in errors)


def test_duplicate_key(tmp_path):
    text, errors = broken(tmp_path, ("    tracks: [public]\n    max: 35\n", "    tracks: [public]\n    max: 35\n    max: 36\n"))
    error = only(errors)
    assert error.line == line_of(text, "max: 36")
    assert error.message == f"age_limits[0].max：键“max”重复，第{line_of(text, 'max: 35')}行已经出现过"


def test_merge_keys_are_refused(tmp_path):
    text, errors = broken(tmp_path, ("posts:\n  id: DQ-7.8\n", "posts:\n  <<: {id: DQ-7.8}\n  id: DQ-7.8\n"))
    error = only(errors)
    assert error.line == line_of(text, "<<:")
    assert "不允许使用 YAML 合并键" in error.message


def test_every_error_is_reported_in_line_order(tmp_path):
    text, errors = broken(
        tmp_path,
        ('  region_code: "230600"', "  region_code: 230600"),
        ("    max: 35\n", "    max: -1\n"),
        ("codes: [dishonest_debtor]", "codes: [dishonest_debter]"),
        ("  days: 5\n", "  days: five\n"),
    )
    assert [e.line for e in errors] == sorted([
        line_of(text, "region_code: 230600"), line_of(text, "max: -1"),
        line_of(text, "dishonest_debter"), line_of(text, "days: five"),
    ])
    assert "-1 小于允许的最小值 0" in errors[1].message


def test_empty_and_non_mapping_files(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert [e.message for e in validate(empty)] == ["政策文件为空"]
    assert validate(tmp_path / "missing.yaml")[0].message.startswith("找不到政策文件")
    errors = validate_text("- a\n- b\n")
    assert errors[0].message.startswith("应为映射")


def test_loads_raises_with_every_error():
    with pytest.raises(PolicyInvalid) as excinfo:
        loads(DAQING_TEXT.replace("    max: 35\n", "    max: x\n").replace("  days: 5\n", "  days: 0\n"))
    assert len(excinfo.value.errors) == 2
    assert str(excinfo.value).startswith("政策文件有2处错误")
