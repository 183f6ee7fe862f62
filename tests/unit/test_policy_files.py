"""The policy files themselves, the schema, `describe`, the command line, and adding a city as a file."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import subprocess
import sys
import textwrap

import pytest

from sifasuo.core import workdays
from sifasuo.policy import (
    Applicant,
    Candidate,
    OfficeStaffing,
    Recruitment,
    available,
    compute_quotas,
    default_directory,
    describe,
    load,
    load_named,
    notice_period,
    rank,
    screen,
    validate,
)
from sifasuo.policy.cli import main
from sifasuo.policy.loader import SCHEMA_FILE
from sifasuo.policy.schema import load_schema

NAMES = ["daqing-2024", "yangquan-2024"]
DEFAULT_SOURCE = "县级实施细则（文件未规定，默认值）"


@pytest.mark.parametrize("name", NAMES)
def test_policy_file_is_valid(name):
    assert validate(default_directory() / f"{name}.yaml") == []


def test_available_policies():
    assert set(NAMES) <= set(available())


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_has_an_id_a_text_and_either_a_clause_or_a_marked_default(name):
    policy = load_named(name)
    rules = list(policy.rules())
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(rf"{policy.rule_prefix}-\d+(\.\d+)*", rule.id)
        assert rule.text
        assert (rule.clause is None) != (rule.source is None), rule.id
        if rule.source is not None:
            assert rule.source == DEFAULT_SOURCE, rule.id
            assert "未规定" in rule.text and "默认" in rule.text, rule.id


def test_rule_ids_of_the_domain_brief_are_present():
    daqing = {r.id for r in load_named("daqing-2024").rules()}
    yangquan = {r.id for r in load_named("yangquan-2024").rules()}
    for expected in ["DQ-2.2", "DQ-3", "DQ-4", "DQ-4.2", "DQ-4.3", "DQ-4.4", "DQ-5.1", "DQ-5.5", "DQ-6"]:
        assert expected in daqing
    for expected in ["YQ-2", "YQ-3", "YQ-3.2", "YQ-4", "YQ-4.3", "YQ-4.4", "YQ-4.8", "YQ-5.1", "YQ-5.6", "YQ-6.1"]:
        assert expected in yangquan


def test_what_the_documents_say_is_encoded_as_they_say_it():
    daqing, yangquan = load_named("daqing-2024"), load_named("yangquan-2024")
    assert daqing.allocation.order == ("internal", "public") and daqing.allocation.mode == "sequential"
    assert daqing.quota.base == 6 and daqing.quota.aggregation == "per_office"
    assert yangquan.quota.base == 4 and yangquan.quota.aggregation == "county_pooled"
    assert yangquan.quota.counted_staff == ("political_legal_establishment", "judicial_assistant")
    assert yangquan.quota.binds_announcements and daqing.quota.binds_announcements
    assert daqing.priority is not None and daqing.priority.when == "equal_conditions"
    assert yangquan.priority is not None and yangquan.priority.when == "equal_score"
    assert yangquan.procedure_for("public").steps == (
        "registration", "qualification_review", "written_exam", "interview", "inspection", "medical_exam",
        "notice", "contract")
    assert yangquan.procedure_for("public").clause == "四(二)3."
    assert [r.id for r in yangquan.residence] == ["YQ-4.4"]
    assert yangquan.residence[0].basis == "household_or_residence" and yangquan.residence[0].level == "city"


def test_policies_are_immutable():
    policy = load_named("daqing-2024")
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.quota.base = 7  # type: ignore[misc]
    assert load_named("daqing-2024") is policy  # loaded once, cached until the file changes


def test_schema_documents_every_key_in_chinese():
    schema = load_schema(default_directory() / SCHEMA_FILE)
    for spec in schema.types.values():
        for key in spec.keys.values():
            assert re.search(r"[\u4e00-\u9fff]", key.doc), f"{spec.name}.{key.name}"
    for vocabulary in schema.vocabularies.values():
        assert re.search(r"[\u4e00-\u9fff]", vocabulary.label)
        for entry in vocabulary.entries:
            assert re.search(r"[\u4e00-\u9fff]", entry.name), entry.code


def test_describe_daqing():
    lines = describe(load_named("daqing-2024"))
    assert lines[0] == "大庆市司法协理员制度试点（2024年）（daqing-2024）"
    assert "  DQ-2.2〔三(二)1.(2)〕［面向社会公开招录］年龄：35周岁以下" in lines
    assert "  DQ-4.3〔三(二)1.(4)〕［现有专职辅助人员转任］年龄：女性45周岁以下" in lines
    assert ("  DQ-6〔三(二)2.〕逐所核定：每个司法所应有6人；计入现有人数的：政法专项编制、其他编制（含借调、挂职）、"
            "司法协理员；招聘公告须依据经批准（备案）的本年度招聘计划，各所招聘人数不超过计划") in lines
    assert any("DQ-4〔" in line and "以“转任”离岗" in line for line in lines)
    assert "  DQ-7.6〔县级实施细则（文件未规定，默认值）〕公示期：5个工作日" in lines
    text = "\n".join(lines)
    for rule in load_named("daqing-2024").rules():
        assert f"  {rule.id}〔" in text, rule.id


def test_describe_yangquan():
    lines = describe(load_named("yangquan-2024"))
    assert "  YQ-3.2〔四(一)1.〕［现有专职辅助人员中择优选聘］年龄：未满45周岁" in lines
    assert ("  YQ-4.4〔四(二)1.(4)〕［面向社会公开招聘］户籍、居住地（市级）：具有阳泉市户籍或居住地在阳泉市，"
            "取得时间不限；无例外") in lines
    assert "  YQ-4.8〔四(二)1.(8)〕同等分数下优先：综合成绩相同时，首先比较是否具备优先条件" in lines
    assert "  YQ-3.3〔四(一)2.〕［现有专职辅助人员中择优选聘］不得选聘：属于见习大学生（申请人声明）" in lines


# --- command line ------------------------------------------------------------------------------------


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def test_cli_validate_ok():
    code, output = run_cli("validate", str(default_directory() / "daqing-2024.yaml"),
                           str(default_directory() / "yangquan-2024.yaml"))
    assert code == 0
    assert output.count("校验通过") == 2


def test_cli_validate_reports_lines(tmp_path):
    text = (default_directory() / "daqing-2024.yaml").read_text(encoding="utf-8")
    path = tmp_path / "daqing-2024.yaml"
    path.write_text(text.replace("    max: 35\n", "    max: 3x5\n", 1), encoding="utf-8")
    code, output = run_cli("validate", str(path))
    assert code == 1
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "3x5" in t)
    assert f"{path}:{line}: age_limits[0].max：应为整数" in output
    assert "发现1处错误" in output


def test_cli_show():
    code, output = run_cli("show", "yangquan-2024")
    assert code == 0
    assert output.splitlines()[0] == "阳泉市司法协理员制度试点（2024年）（yangquan-2024）"
    code, output = run_cli("show", str(default_directory() / "daqing-2024.yaml"))
    assert code == 0 and "DQ-6" in output


def test_cli_show_unknown_or_invalid(tmp_path):
    code, output = run_cli("show", "nowhere-2024")
    assert code == 2 and "找不到政策“nowhere-2024”" in output and "daqing-2024" in output
    code, output = run_cli("show", "../etc/passwd")
    assert code == 2
    bad = tmp_path / "bad-2024.yaml"
    bad.write_text("schema_version: 1\nid: bad-2024\n", encoding="utf-8")
    code, output = run_cli("show", str(bad))
    assert code == 1 and "缺少必填的键" in output


def test_python_dash_m_and_no_django():
    """The engine is plain Python: running it imports no Django module."""
    script = textwrap.dedent("""
        import sys, runpy
        sys.argv = ["sifasuo.policy", "validate", sys.argv[1]]
        try:
            runpy.run_module("sifasuo.policy", run_name="__main__")
        except SystemExit as exit:
            django = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
            print("DJANGO", django)
            raise
    """)
    result = subprocess.run(
        [sys.executable, "-c", script, str(default_directory() / "daqing-2024.yaml")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "校验通过" in result.stdout
    assert "DJANGO []" in result.stdout


# --- a new city is a new file -----------------------------------------------------------------------

NEW_CITY = """\
schema_version: 1
id: examplecity-2025
name: 示例市司法协理员招聘（测试用）
rule_prefix: EX
jurisdiction: {name: 示例市, level: city, region_code: "340200"}
document: {title: 示例市司法协理员招聘办法, issuer: 示例市司法局, issued_on: 2025-01-10}
vocabulary:
  disqualification:
    - {code: owes_taxes, name: 欠缴税款未清缴}
  condition:
    - {code: veteran, name: 退役军人}
tracks:
  - {id: EX-1, clause: 第一条, text: 面向社会公开招聘。, code: public, name: 公开招聘}
allocation: {id: EX-1.1, clause: 第一条, text: 只有一个渠道。, mode: parallel, order: [public]}
age_reference: {id: EX-2, clause: 第二条, text: 年龄计算至2025年3月1日。, counted_to: fixed_date, date: 2025-03-01}
age_limits:
  - {id: EX-2.1, clause: 第二条, text: 男性40周岁以下。, sex: M, min: 18, max: 40}
  - {id: EX-2.2, clause: 第二条, text: 女性38周岁以下。, sex: F, min: 18, max: 38}
education:
  - {id: EX-2.3, clause: 第二条, text: 本科以上学历，法学专业。, min_level: bachelor, majors: [法学]}
residence:
  - id: EX-2.4
    clause: 第二条
    text: 具有本县户籍，2024年底前落户；退役军人不受限制。
    basis: household
    level: county
    since: 2024-12-31
    exceptions: [veteran]
disqualifications:
  - {id: EX-3, clause: 第三条, text: 欠缴税款未清缴的不得报名。, codes: [owes_taxes]}
priority:
  id: EX-4
  clause: 第四条
  text: 通过法律职业资格考试的加2分。
  when: equal_score
  effect: bonus
  bonus_points: 2
  conditions:
    - {id: EX-4.1, clause: 第四条, text: 通过法律职业资格考试。, code: legal_professional_exam}
posts: {id: EX-5, clause: 第五条, text: 分男女设岗。, split_by_sex: true}
scoring:
  - id: EX-6
    clause: 第六条
    text: 笔试40%，面试60%，1:2确定面试人选。
    written_weight: 0.4
    interview_weight: 0.6
    interview_ratio: 2
    examiner_marks: {combine: mean, min_examiners: 3}
    tie_breaks: [interview, younger]
notice: {id: EX-7, clause: 第七条, text: 公示7天。, days: 7, kind: calendar}
contract: {id: EX-8, clause: 第八条, text: 合同2年，试用期2个月。, years: 2, probation_months: 2}
quota:
  id: EX-9
  clause: 第九条
  text: 每所3人，人口满5万加1人，社区矫正对象每满30人加1人、至多加2人。
  aggregation: per_office
  counted_staff: [political_legal_establishment, judicial_assistant]
  base: 3
  population_tiers: [{at_least: 50000, add: 1}]
  subject_steps: [{subject: community_correction, per: 30, add: 1, max_add: 2}]
"""


def test_a_new_city_is_only_a_new_file(tmp_path):
    """A city with rules neither Daqing nor Yangquan has (a local disqualification and condition, a fixed
    reference date, a county household cut-off with an exception, bonus points, posts by sex, calendar
    days, a quota by population and subjects) needs a policy file and nothing else."""
    path = tmp_path / "examplecity-2025.yaml"
    path.write_text(NEW_CITY, encoding="utf-8")
    assert validate(path) == []
    policy = load(path)
    county = "340202"
    recruitment = Recruitment.on(datetime.date(2025, 4, 1), county_code=county)
    declarations = {code: False for code in policy.vocabulary.entries["disqualification"]}
    person = Applicant(birth_date=datetime.date(1986, 3, 1), sex="F", education="bachelor", major="法学",
                       household_region=county, household_since=datetime.date(2020, 1, 1),
                       declarations=declarations)
    verdict = screen(policy, "public", person, recruitment=recruitment)
    assert verdict.reference_date == datetime.date(2025, 3, 1)
    assert [r.rule_id for r in verdict.failures] == ["EX-2.2"]  # 39 on 1 March 2025, women ≤ 38
    veteran = dataclasses.replace(person, birth_date=datetime.date(1990, 1, 1), household_region="110105",
                                  conditions=frozenset({"veteran"}),
                                  declarations={**declarations, "owes_taxes": True})
    verdict = screen(policy, "public", veteran, recruitment=recruitment)
    assert [r.rule_id for r in verdict.failures] == ["EX-3"]
    assert verdict.reason("EX-3").message_zh == "EX-3：存在以下情形：“欠缴税款未清缴”，不得招聘为司法协理员"
    assert verdict.reason("EX-2.4").passed
    ranked = rank(policy, [
        Candidate(key="a", post="P", track="public", written=80, interview=80),
        Candidate(key="b", post="P", track="public", written=79, interview=79,
                  conditions=frozenset({"legal_professional_exam"})),
    ])
    assert [(r.candidate.key, str(r.score)) for r in ranked] == [("b", "81.00"), ("a", "80.00")]
    assert notice_period(policy, datetime.date(2025, 4, 28), last_day=workdays.last_of) == (datetime.date(2025, 4, 28), datetime.date(2025, 5, 4))
    quota = compute_quotas(policy, [OfficeStaffing(code="1", name="甲", staff={"judicial_assistant": 2},
                                                   population=60_000, subjects={"community_correction": 95})])
    assert quota.minimum_to_recruit == 4  # 3 + 1 + min(3, 2) − 2
    assert any("EX-9" in line for line in describe(policy))
