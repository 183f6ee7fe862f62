"""Cross-field checks of a policy file, run after the structural pass of schema.py.

The schema says what each key may hold; these checks say how the keys must agree: rule ids and their
prefix, clause or source on every rule, track references, age bounds, score weights, one scoring rule
per track, probation against the Labor Contract Law, and so on. Every error has a line and a Chinese
message. Checks read the normalized data, where a value that failed the structural pass is None, so each
check only looks at what is well formed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from .errors import PolicyError
from .schema import Schema, StructuralResult
from .yamlsource import NodePath, SourceDocument, format_path, value_at

__all__ = ["probation_limit_months", "run_checks"]

_RULE_PREFIX = re.compile(r"^([A-Z]{2,4})-")


def probation_limit_months(years: Decimal) -> int:
    """Longest probation allowed by 《劳动合同法》第十九条 for a fixed term of `years`."""
    months = years * 12
    if months < 3:
        return 0
    if months < 12:
        return 1
    if months < 36:
        return 2
    return 6


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return Decimal(str(value))


class _Checker:
    def __init__(self, schema: Schema, result: StructuralResult, doc: SourceDocument,
                 expected_id: str | None) -> None:
        self.schema = schema
        self.result = result
        self.data: dict[str, Any] = result.data if isinstance(result.data, dict) else {}
        self.doc = doc
        self.expected_id = expected_id
        self.errors: list[PolicyError] = []
        tracks = self.data.get("tracks") or []
        self.track_codes = [t["code"] for t in tracks if isinstance(t, dict) and t.get("code")]

    def error(self, path: NodePath, message: str) -> None:
        self.errors.append(
            PolicyError(self.doc.line(path), message, self.doc.source, format_path(path))
        )

    def ok(self, path: NodePath) -> bool:
        """Nothing at or under `path` failed the structural pass: checking it again would only repeat
        an error already reported, or report a consequence of it."""
        return self.result.intact(path)

    def items(self, key: str) -> Iterator[tuple[NodePath, dict[str, Any]]]:
        for index, item in enumerate(self.data.get(key) or []):
            if isinstance(item, dict) and self.ok((key, index)):
                yield (key, index), item

    def section(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        return value if isinstance(value, dict) and self.ok((key,)) else {}

    def rule_tracks(self, rule: dict[str, Any]) -> list[str]:
        """Tracks a track-scoped rule applies to (all tracks when it names none)."""
        named = rule.get("tracks")
        if named is None:
            return list(self.track_codes)
        return [t for t in named if isinstance(t, str)]

    # --- checks ---------------------------------------------------------------------------------

    def run(self) -> list[PolicyError]:
        self.check_identity()
        self.check_rules()
        self.check_vocabulary()
        self.check_tracks()
        self.check_age()
        self.check_scoring()
        self.check_once_per_track("procedure", "招聘程序")
        self.check_priority()
        self.check_disqualifications()
        self.check_contract()
        self.check_quota()
        self.check_personnel()
        self.check_birth_dates()
        self.check_education()
        self.check_relative_dates()
        self.check_exceptions()
        return self.errors

    def check_personnel(self) -> None:
        from .personnel import check_personnel

        section = self.section("personnel")
        if section:
            for path, message in check_personnel(section):
                self.error(path, message)

    def check_identity(self) -> None:
        policy_id = self.data.get("id")
        if self.expected_id and isinstance(policy_id, str) and policy_id != self.expected_id:
            self.error(("id",), f"政策名称“{policy_id}”应与文件名“{self.expected_id}.yaml”一致")
        jurisdiction = self.section("jurisdiction")
        code, level = jurisdiction.get("region_code"), jurisdiction.get("level")
        if isinstance(code, str) and level:
            wrong = (
                (level == "province" and not code.endswith("0000"))
                or (level == "city" and (not code.endswith("00") or code.endswith("0000")))
                or (level == "county" and code.endswith("00"))
            )
            if wrong:
                self.error(("jurisdiction", "region_code"),
                           f"行政区划代码“{code}”与地区层级“{level}”不符")
        period = self.section("period")
        if period.get("start") and period.get("end") and period["start"] > period["end"]:
            self.error(("period", "end"), f"结束日期 {period['end']} 早于开始日期 {period['start']}")

    def check_rules(self) -> None:
        prefix = self.data.get("rule_prefix")
        seen: dict[str, int] = {}
        for path, _type_name in self.result.rules:
            rule = self.doc_value(path)
            if not isinstance(rule, dict):
                continue
            rule_id = rule.get("id")
            label = rule_id or format_path(path)
            if isinstance(rule_id, str):
                match = _RULE_PREFIX.match(rule_id)
                if prefix and match and match.group(1) != prefix:
                    self.error((*path, "id"),
                               f"规则编号“{rule_id}”的前缀与本文件的 rule_prefix“{prefix}”不一致")
                line = self.doc.line((*path, "id"))
                if rule_id in seen:
                    self.error((*path, "id"), f"规则编号“{rule_id}”重复，第{seen[rule_id]}行已经使用")
                else:
                    seen[rule_id] = line
            has_clause, has_source = rule.get("clause") is not None, rule.get("source") is not None
            if not (self.ok((*path, "clause")) and self.ok((*path, "source"))):
                pass
            elif has_clause and has_source:
                self.error((*path, "source"),
                           f"规则 {label} 同时写了 clause 和 source，只能二选一：文件有规定的写 clause（条款），"
                           "文件未规定的默认值写 source（默认值来源）")
            elif not has_clause and not has_source:
                self.error(path, f"规则 {label} 缺少 clause（所依据的文件条款）；文件未规定的默认值须写 source"
                                 "（如“县级实施细则（文件未规定，默认值）”）")
            for index, track in enumerate(rule.get("tracks") or []):
                if isinstance(track, str) and track not in self.track_codes:
                    self.unknown_track((*path, "tracks", index), track)

    def doc_value(self, path: NodePath) -> Any:
        return value_at(self.data, path)

    def unknown_track(self, path: NodePath, code: str) -> None:
        known = "、".join(self.track_codes) or "（无）"
        self.error(path, f"未知的渠道代码“{code}”，本文件的渠道：{known}")

    def check_vocabulary(self) -> None:
        extension = self.section("vocabulary")
        for name, entries in extension.items():
            builtin = {e.code for e in self.schema.vocabularies[name].entries}
            seen: set[str] = set()
            for index, entry in enumerate(entries or []):
                code = entry.get("code") if isinstance(entry, dict) else None
                if not code:
                    continue
                path = ("vocabulary", name, index, "code")
                if code in builtin:
                    self.error(path, f"代码“{code}”已在结构定义的{self.schema.vocabularies[name].label}代码表中，"
                                     "不必也不能重复声明")
                elif code in seen:
                    self.error(path, f"代码“{code}”重复声明")
                seen.add(code)

    def check_tracks(self) -> None:
        seen: set[str] = set()
        for path, track in self.items("tracks"):
            code = track.get("code")
            if code in seen:
                self.error((*path, "code"), f"渠道代码“{code}”重复")
            seen.add(code)
            if not track.get("existing_auxiliary") and track.get("auxiliary_scope") not in (None, "any"):
                self.error((*path, "auxiliary_scope"),
                           "auxiliary_scope 只用于限于现有专职辅助人员的渠道（existing_auxiliary: true）")
        for path, check in self.items("manual_checks"):
            if check.get("ineligible_when") and check.get("step") != "assessment":
                self.error((*path, "ineligible_when"),
                           "ineligible_when 目前只用于考核环节（step: assessment）：其他环节没有可登记的结论")
        allocation = self.section("allocation")
        order = allocation.get("order")
        if isinstance(order, list):
            for index, code in enumerate(order):
                if isinstance(code, str) and code not in self.track_codes:
                    self.unknown_track(("allocation", "order", index), code)
            listed = [c for c in order if isinstance(c, str)]
            missing = [c for c in self.track_codes if c not in listed]
            duplicated = sorted({c for c in listed if listed.count(c) > 1})
            if missing:
                self.error(("allocation", "order"), f"渠道顺序缺少渠道：{'、'.join(missing)}")
            if duplicated:
                self.error(("allocation", "order"), f"渠道顺序中重复列出：{'、'.join(duplicated)}")

    def check_age(self) -> None:
        reference = self.section("age_reference")
        counted_to = reference.get("counted_to")
        if counted_to == "fixed_date" and reference.get("date") is None:
            self.error(("age_reference", "counted_to"), "年龄计算截止日为指定日期（fixed_date）时须填写 date")
        if counted_to and counted_to != "fixed_date" and reference.get("date") is not None:
            self.error(("age_reference", "date"), "只有 counted_to 为 fixed_date 时才填写 date")
        if counted_to == "fixed_date" and reference.get("days_before"):
            self.error(("age_reference", "days_before"),
                       "counted_to 为 fixed_date 时直接写计算到的日期，不写 days_before")
        for path, limit in self.items("age_limits"):
            low, high, below = limit.get("min"), limit.get("max"), limit.get("below")
            rule_id = limit.get("id") or format_path(path)
            if low is None and high is None and below is None:
                self.error(path, f"年龄条件 {rule_id} 须至少写 min、max、below 之一")
            if high is not None and below is not None:
                self.error((*path, "below"),
                           f"年龄条件 {rule_id} 同时写了 max 和 below，只能二选一：“X周岁以下”写 max，"
                           "“满X周岁以上的不得……”写 below")
            if low is not None and high is not None and low > high:
                self.error((*path, "max"), f"年龄条件 {rule_id} 的下限{low}周岁大于上限{high}周岁，上下限颠倒")
            if low is not None and below is not None and low >= below:
                self.error((*path, "below"),
                           f"年龄条件 {rule_id} 要求{low}周岁以上且未满{below}周岁，没有人能符合，上下限颠倒")

    def check_scoring(self) -> None:
        self.check_once_per_track("scoring", "成绩规则", required=True)
        for path, rule in self.items("scoring"):
            rule_id = rule.get("id") or format_path(path)
            written, interview = _decimal(rule.get("written_weight")), _decimal(rule.get("interview_weight"))
            if written is not None and interview is not None and written + interview != 1:
                self.error((*path, "interview_weight"),
                           f"成绩规则 {rule_id} 的笔试权重{written}与面试权重{interview}之和为"
                           f"{written + interview}，应为1")
            if interview is not None and interview > 0:
                if rule.get("interview_ratio") is None:
                    self.error(path, f"成绩规则 {rule_id} 设有面试，须规定进入面试的比例 interview_ratio")
                if rule.get("examiner_marks") is None:
                    self.error(path, f"成绩规则 {rule_id} 设有面试，须规定考官评分合成方法 examiner_marks")
            elif interview == 0:
                if rule.get("interview_ratio") is not None:
                    self.error((*path, "interview_ratio"),
                               f"成绩规则 {rule_id} 不设面试（面试权重为0），不应规定面试比例")
                if (rule.get("pass_lines") or {}).get("interview") is not None:
                    self.error((*path, "pass_lines"), f"成绩规则 {rule_id} 不设面试，不应规定面试合格分数线")
            scale = _decimal(rule.get("scale"))
            for name, value in (rule.get("pass_lines") or {}).items():
                line_value = _decimal(value)
                if scale is not None and line_value is not None and line_value > scale:
                    self.error((*path, "pass_lines"),
                               f"成绩规则 {rule_id} 的合格分数线 {name}={value} 超过满分{scale}")
            marks = rule.get("examiner_marks")
            if isinstance(marks, dict) and marks.get("combine"):
                dropped = (marks.get("drop_highest") or 0) + (marks.get("drop_lowest") or 0)
                if marks["combine"] == "trimmed_mean" and dropped == 0:
                    self.error((*path, "examiner_marks"),
                               "去掉最高分和最低分后平均（trimmed_mean）须规定 drop_highest 或 drop_lowest")
                if marks["combine"] != "trimmed_mean" and dropped:
                    self.error((*path, "examiner_marks"), "只有 trimmed_mean 才能去掉最高分、最低分")
                minimum = marks.get("min_examiners")
                if isinstance(minimum, int) and dropped >= minimum:
                    self.error((*path, "examiner_marks"),
                               f"去掉{dropped}个分数后没有剩余分数：最少考官人数{minimum}人须多于去掉的分数个数")
            breaks = [b for b in rule.get("tie_breaks") or [] if b]
            duplicated = sorted({b for b in breaks if breaks.count(b) > 1})
            if duplicated:
                self.error((*path, "tie_breaks"), f"排序条件重复：{'、'.join(duplicated)}")
            if "younger" in breaks and "older" in breaks:
                self.error((*path, "tie_breaks"), "排序条件不能同时有“年龄小者在前”和“年龄大者在前”")

    def check_once_per_track(self, key: str, what: str, *, required: bool = False) -> None:
        owner: dict[str, tuple[NodePath, str]] = {}
        # Every rule that names its tracks soundly counts, even if another of its keys is broken.
        rules = [((key, i), r) for i, r in enumerate(self.data.get(key) or [])
                 if isinstance(r, dict) and self.ok((key, i, "tracks"))]
        for path, rule in rules:
            for track in self.rule_tracks(rule):
                if track in owner:
                    first_path, first_id = owner[track]
                    self.error(path, f"渠道“{track}”有多条{what}：{first_id}（第{self.doc.line(first_path)}行）"
                                     f"和 {rule.get('id')}，每个渠道只能有一条")
                else:
                    owner[track] = (path, str(rule.get("id")))
        if required and isinstance(self.data.get(key), list):
            for track in self.track_codes:
                if track not in owner:
                    self.error((key,), f"渠道“{track}”没有{what}，每个渠道都须有一条")

    def check_priority(self) -> None:
        priority = self.section("priority")
        if not priority:
            return
        effect, points = priority.get("effect"), priority.get("bonus_points")
        mode = priority.get("mode")
        if effect == "bonus" and mode not in (None, "any"):
            self.error(("priority", "mode"),
                       f"优先条件以加分方式起作用（bonus）时不区分先后和项数，mode 只能为 any，实际为 {mode}")
        for index, condition in enumerate(priority.get("conditions") or []):
            if isinstance(condition, dict) and condition.get("rank") is not None and mode != "ordered":
                self.error(("priority", "conditions", index, "rank"),
                           f"优先条件 {condition.get('id')} 写了位次 rank，但 mode 为 {mode}：只有 mode: ordered"
                           "（按先后比较）时才写 rank")
        if effect == "bonus" and not points:
            self.error(("priority", "effect"), "优先条件以加分方式起作用（bonus）时须填写大于0的 bonus_points")
        if effect == "tie_break" and points is not None:
            self.error(("priority", "bonus_points"), "优先条件作为排序条件（tie_break）时不填写 bonus_points")
        seen: dict[tuple[str, str], str] = {}
        for index, condition in enumerate(priority.get("conditions") or []):
            if not isinstance(condition, dict) or not condition.get("code"):
                continue
            for track in self.rule_tracks(condition):
                key = (track, condition["code"])
                if key in seen:
                    self.error(("priority", "conditions", index, "code"),
                               f"优先条件“{condition['code']}”在渠道“{track}”中重复（已见于 {seen[key]}）")
                seen[key] = str(condition.get("id"))

    def check_disqualifications(self) -> None:
        seen: dict[tuple[str, str], str] = {}
        for path, rule in self.items("disqualifications"):
            for index, code in enumerate(rule.get("codes") or []):
                if not code:
                    continue
                for track in self.rule_tracks(rule):
                    key = (track, code)
                    if key in seen:
                        self.error((*path, "codes", index),
                                   f"不得招聘情形“{code}”在渠道“{track}”中重复（已见于 {seen[key]}）")
                    seen[key] = str(rule.get("id"))

    def check_contract(self) -> None:
        contract = self.section("contract")
        years, months = _decimal(contract.get("years")), contract.get("probation_months")
        if years is None or not isinstance(months, int):
            return
        limit = probation_limit_months(years)
        if months > limit:
            self.error(("contract", "probation_months"),
                       f"合同期限{years}年的，试用期不得超过{limit}个月（《劳动合同法》第十九条），实际为{months}个月")

    def check_quota(self) -> None:
        quota = self.section("quota")
        if not quota:
            return
        counted = [c for c in quota.get("counted_staff") or [] if c]
        duplicated = sorted({c for c in counted if counted.count(c) > 1})
        if duplicated:
            self.error(("quota", "counted_staff"), f"计入的工作人员类别重复：{'、'.join(duplicated)}")
        base, maximum = quota.get("base"), quota.get("max")
        if isinstance(base, int) and isinstance(maximum, int) and maximum < base:
            self.error(("quota", "max"), f"员额上限 max={maximum} 小于每所的基本人数 base={base}，上下限颠倒"
                                         f"（如“不少于{base}名、不超过N名”，N 应不小于{base}）")
        tiers = [t.get("at_least") for t in quota.get("population_tiers") or [] if isinstance(t, dict)]
        if len(set(tiers)) != len(tiers):
            self.error(("quota", "population_tiers"), "人口分档的 at_least 有重复")
        for index, step in enumerate(quota.get("subject_steps") or []):
            if not isinstance(step, dict):
                continue
            path = ("quota", "subject_steps", index)
            has_threshold, has_per = step.get("at_least") is not None, step.get("per") is not None
            if has_threshold == has_per:
                self.error(path, "按对象数量增加人数须写 at_least（门槛）或 per（每满多少人）之一，且只能写一个")
            if step.get("max_add") is not None and not has_per:
                self.error((*path, "max_add"), "max_add 只用于按 per（每满多少人）计算的情形")


    # --- constructs for counties' announcements ------------------------------------------------------

    def check_birth_dates(self) -> None:
        for path, rule in self.items("birth_dates"):
            rule_id = rule.get("id") or format_path(path)
            after, before = rule.get("born_on_or_after"), rule.get("born_on_or_before")
            if after is None and before is None:
                self.error(path, f"出生日期条件 {rule_id} 须至少写 born_on_or_after（以后出生）、born_on_or_before"
                                 "（以前出生）之一")
            elif after is not None and before is not None and after > before:
                self.error((*path, "born_on_or_before"),
                           f"出生日期条件 {rule_id} 要求{after}以后且{before}以前出生，没有人能符合，上下限颠倒")

    def check_education(self) -> None:
        from .majors import catalogue

        known = catalogue()
        for path, rule in self.items("education"):
            self.check_categories(path, rule.get("major_categories") or [], known)

    def check_categories(self, path: NodePath, categories: list, known: Any) -> None:
        import difflib

        seen: set[str] = set()
        for index, text in enumerate(categories):
            if not isinstance(text, str):
                continue
            name = known.category(text)
            if name is None:
                close = difflib.get_close_matches(text, list(known.by_name), n=1, cutoff=0.5)
                hint = f"是否应为“{close[0]}”？" if close else ""
                if not text.endswith("类") and known.majors.get(text):
                    hint = f"“{text}”是专业名称，请写在 majors 中，或写其专业类（如“{sorted(known.majors[text])[0]}”）。"
                self.error((*path, "major_categories", index),
                           f"“{text}”不是国家专业目录中的专业类。{hint}专业类写名称（如 法学类、公安学类、法律实务类）"
                           "或4位代码（如 0301）")
            elif name in seen:
                self.error((*path, "major_categories", index), f"专业类“{name}”重复")
            else:
                seen.add(name)

    def check_relative_dates(self) -> None:
        for path, rule in self.items("residence"):
            if rule.get("since") is not None and rule.get("since_relative") is not None:
                self.error((*path, "since_relative"),
                           f"户籍居住地条件 {rule.get('id')} 同时写了 since（固定日期）和 since_relative（随公告而定），"
                           "只能二选一")
        for path, rule in self.items("list_membership"):
            if rule.get("as_of") is not None and rule.get("as_of_relative") is not None:
                self.error((*path, "as_of_relative"),
                           f"名单条件 {rule.get('id')} 同时写了 as_of 和 as_of_relative，只能二选一")

    # Which keys of `replace` each kind of rule has.
    _REPLACEABLE = {
        "age_limits": ("年龄条件", ("min", "max", "below")),
        "birth_dates": ("出生日期条件", ("born_on_or_after", "born_on_or_before")),
        "nationality": ("国籍条件", ("countries",)),
        "education": ("学历条件", ("min_level", "study_mode", "majors", "major_categories")),
        "residence": ("户籍居住地条件", ("basis", "level", "since")),
        "list_membership": ("名单条件", ()),
        "disqualifications": ("不得招聘情形", ()),
    }

    def check_exceptions(self) -> None:
        targets: dict[str, tuple[str, dict[str, Any]]] = {}
        for section in self._REPLACEABLE:
            for index, rule in enumerate(self.data.get(section) or []):
                if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                    targets[rule["id"]] = (section, rule)
        other_ids = {self.doc_value(path).get("id") for path, _t in self.result.rules
                     if isinstance(self.doc_value(path), dict)}
        for path, exception in self.items("exceptions"):
            exception_id = exception.get("id") or format_path(path)
            target_id = exception.get("rule")
            replace = exception.get("replace") or {}
            written = self.doc.get((*path, "replace")) or {}  # a key written as null clears a requirement
            given = ({k: v for k, v in replace.items() if k in written}
                     if isinstance(replace, dict) and isinstance(written, dict) else {})
            waive = bool(exception.get("waive"))
            if waive and given:
                self.error((*path, "replace"), f"例外 {exception_id} 同时写了 waive: true 和 replace，只能二选一："
                                               "不受该条限制写 waive，放宽参数写 replace")
            elif not waive and not given:
                self.error(path, f"例外 {exception_id} 须写 waive: true（不受该条限制）或 replace（替换后的参数）")
            if not exception.get("conditions") and exception.get("obligation") is None:
                self.error(path, f"例外 {exception_id} 没有写 conditions（适用于哪些申请人）：对全部申请人放宽的，"
                                 "直接修改规则本身；只有附 obligation（有条件通过）时才可不写 conditions")
            obligation = exception.get("obligation")
            if isinstance(obligation, dict) and self.ok((*path, "obligation")):
                due = obligation.get("due")
                if due == "months_after_start" and obligation.get("months") is None:
                    self.error((*path, "obligation", "due"), "义务期限为聘用后若干个月（months_after_start）时须写 months")
                if due != "months_after_start" and obligation.get("months") is not None:
                    self.error((*path, "obligation", "months"), "只有 due 为 months_after_start 时才写 months")
                if due == "fixed_date" and obligation.get("date") is None:
                    self.error((*path, "obligation", "due"), "义务期限为指定日期（fixed_date）时须写 date")
                if due != "fixed_date" and obligation.get("date") is not None:
                    self.error((*path, "obligation", "date"), "只有 due 为 fixed_date 时才写 date")
            if not isinstance(target_id, str):
                continue
            if target_id not in targets:
                if target_id in other_ids:
                    self.error((*path, "rule"), f"例外 {exception_id} 所改变的规则 {target_id} 不是资格条件：例外只能改变"
                                                "年龄、出生日期、国籍、学历、户籍居住地、名单和不得招聘情形的规则")
                else:
                    self.error((*path, "rule"), f"例外 {exception_id} 所改变的规则 {target_id} 在本文件中不存在")
                continue
            section, target = targets[target_id]
            kind, allowed = self._REPLACEABLE[section]
            for key in given:
                if key not in allowed:
                    listing = "、".join(allowed) if allowed else "（无，只能写 waive: true）"
                    self.error((*path, "replace", key),
                               f"例外 {exception_id} 的 replace 中的 {key} 不适用于{kind} {target_id}（可替换的键：{listing}）")
            target_tracks = set(self.rule_tracks(target))
            for index, track in enumerate(exception.get("tracks") or []):
                if isinstance(track, str) and track in self.track_codes and track not in target_tracks:
                    self.error((*path, "tracks", index),
                               f"例外 {exception_id} 适用于渠道“{track}”，但所改变的规则 {target_id} 不适用于该渠道")
            merged = {**target, **{k: v for k, v in given.items() if k in allowed}}
            if section == "age_limits":
                low, high, below = merged.get("min"), merged.get("max"), merged.get("below")
                if high is not None and below is not None:
                    self.error((*path, "replace"), f"例外 {exception_id} 替换后年龄条件同时有 max 和 below，只能二选一")
                elif low is not None and high is not None and low > high:
                    self.error((*path, "replace"),
                               f"例外 {exception_id} 替换后年龄下限{low}周岁大于上限{high}周岁，上下限颠倒")
            if section == "birth_dates":
                after, before = merged.get("born_on_or_after"), merged.get("born_on_or_before")
                if after is not None and before is not None and after > before:
                    self.error((*path, "replace"), f"例外 {exception_id} 替换后出生日期上下限颠倒")
            if section == "education" and given.get("major_categories"):
                from .majors import catalogue

                self.check_categories((*path, "replace"), given["major_categories"] or [], catalogue())


def run_checks(schema: Schema, result: StructuralResult, doc: SourceDocument, *,
               expected_id: str | None) -> list[PolicyError]:
    return _Checker(schema, result, doc, expected_id).run()
