"""The workbooks `sifasuo screen` writes: the applicants' rows followed by the verdicts, and the empty template
of a policy and track. The sheet's columns and the reading of the rows are in screening_files; the writing
is core.spreadsheets' one writer (core.spreadsheets.writer, D42)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from sifasuo import policy as engine
from sifasuo.core.spreadsheets import NO, YES
from sifasuo.core.spreadsheets.writer import Book, Style, column_letter

from .screening_files import (
    OBLIGATION_HEADER,
    RESULT_HEADERS,
    ApplicantSheet,
    Layout,
    SheetColumn,
    bulk,
    layout,
    optional_extra,
)

__all__ = ["RunInfo", "results_workbook", "template_workbook"]

PASSED, CONDITIONAL, FAILED = "通过", "有条件通过", "不通过"


def _track_label(policy: engine.Policy, track: str) -> str:
    return f"{policy.track(track).name}（{track}）"


def pending_text(verdict_pending: Sequence[engine.PendingCheck], policy: engine.Policy) -> str:
    lines = []
    for check in verdict_pending:
        step = f"（{policy.vocabulary.name('procedure_step', check.step)}环节确认）" if check.step else ""
        lines.append(f"{check.message_zh}{step}")
    return "\n".join(lines)


@dataclass(frozen=True)
class RunInfo:
    """What the results sheet says about how the screening was run."""

    policy: engine.Policy
    track: str
    county_code: str
    date: datetime.date
    reference: datetime.date
    source: str
    screened_at: datetime.datetime
    deadline: datetime.date | None = None  # the registration deadline when it differs from `date`
    lists: tuple[str, ...] = ()  # the named lists used, as "name（date）：N人"


def results_workbook(sheet: ApplicantSheet, verdicts: Sequence[engine.Verdict], info: RunInfo) -> bytes:
    """The applicants' rows as read, each followed by 审查结论, 未通过理由 (one reason a line, rule id first)
    and 待人工确认; a second sheet says how the screening was run and counts the reasons."""
    with bulk():
        return _results_workbook(sheet, verdicts, info)


def review_lines(verdict: engine.Verdict, *, reviewer_columns: bool) -> list[str]:
    """The rules of a verdict a person must still look at: those the data cannot decide (a major not in the
    catalogue), and, when the sheet has the reviewer's columns, the situations no reviewer has assessed yet."""
    lines = []
    for reason in verdict.awaiting_review:
        if reason.passed is None:
            lines.append(reason.message_zh)
        elif reason.review and reviewer_columns:
            lines.append(f"{reason.review}（名单中审查人员认定列未填写）")
    return lines


def obligation_text(verdict: engine.Verdict) -> str:
    """有条件通过: each obligation with its rule and deadline, one a line."""
    return "\n".join(f"{r.rule_id}：{r.obligation.text}（{r.obligation.due_zh}）"  # type: ignore[union-attr]
                     for r in verdict.obligations)


def _results_workbook(sheet: ApplicantSheet, verdicts: Sequence[engine.Verdict], info: RunInfo) -> bytes:
    policy = info.policy
    with_obligations = any(e.obligation is not None for e in policy.exceptions if e.applies_to(info.track))
    result_headers = [*RESULT_HEADERS, *([OBLIGATION_HEADER] if with_obligations else [])]
    header = [*sheet.header, *result_headers]
    widths = []
    for name in sheet.header:
        widths.append({"身份证号码": 21, "姓名": 10, "性别": 6}.get(name, max(8.0, min(len(name) * 2.0 + 2, 24))))
    widths += [10, 60, 50, *([40] if with_obligations else [])]
    styles = [Style.TEXT if name == "身份证号码" else Style.DEFAULT for name in sheet.header]
    tail = [Style.WRAP] * (len(result_headers) - 1)
    styles += [Style.DEFAULT, *tail]
    book = Book()
    out = book.add_sheet("审查结果", widths=widths, freeze_header=True, column_styles=styles)
    out.append(header, styles=[Style.HEADER] * len(header))
    pending = pending_text(verdicts[0].pending, policy) if verdicts else ""
    base = styles[:len(sheet.header)]
    passed_styles = [*base, Style.GOOD, *tail]
    failed_styles = [*base, Style.BAD, *tail]
    reviewer_columns = bool(sheet.finding_columns)
    counts: dict[str, int] = {}
    awaiting: dict[str, int] = {}
    passed = conditional = 0
    for row, verdict in zip(sheet.rows, verdicts, strict=True):
        extra = review_lines(verdict, reviewer_columns=reviewer_columns)
        for reason in verdict.awaiting_review:
            awaiting[reason.rule_id] = awaiting.get(reason.rule_id, 0) + 1
        checks = "\n".join(filter(None, [pending, *extra]))
        obligations = [obligation_text(verdict)] if with_obligations else []
        if verdict.eligible:
            passed += 1
            label = PASSED
            if verdict.outcome == "conditional":
                conditional += 1
                label = CONDITIONAL
            out.append([*row.values, label, "", checks, *obligations], styles=passed_styles)
        else:
            failures = verdict.failures
            for reason in failures:
                counts[reason.rule_id] = counts.get(reason.rule_id, 0) + 1
            out.append([*row.values, FAILED, "\n".join(r.message_zh for r in failures), checks, *obligations],
                       styles=failed_styles)
    notes = book.add_sheet("审查说明", widths=[22, 90])
    notes.append([f"司法协理员资格审查结果（{policy.name}）"], styles=[Style.TITLE])
    for label, value in (
        ("适用政策", f"{policy.name}（{policy.id}），依据{policy.document.issuer}《{policy.document.title}》"),
        ("招聘渠道", _track_label(policy, info.track)),
        ("招聘县（区）代码", info.county_code),
        *([("公告日期、报名截止日", f"{info.date:%Y-%m-%d}")] if info.deadline in (None, info.date) else
          [("公告日期", f"{info.date:%Y-%m-%d}"), ("报名截止日", f"{info.deadline:%Y-%m-%d}")]),
        *(("名单", text) for text in info.lists),
        ("年龄计算截止日", f"{info.reference:%Y-%m-%d}（{policy.age_reference.id}）"),
        ("申请人名单", info.source),
        ("审查时间", f"{info.screened_at:%Y-%m-%d %H:%M}"),
        ("审查人数", len(verdicts)),
        ("通过", passed - conditional),
        *([("有条件通过", conditional)] if with_obligations else []),
        ("不通过", len(verdicts) - passed),
    ):
        notes.append([label, value], styles=[Style.HEADER, Style.WRAP])
    notes.append([])
    notes.append(["未通过的规则", "人数（一人可有多条理由）"], styles=[Style.HEADER, Style.HEADER])
    _append_rule_counts(notes, counts, policy)
    if pending:
        notes.append([])
        notes.append(["待人工确认", "以下条件系统无法判定，须由审查人员或在相应环节确认"],
                     styles=[Style.HEADER, Style.HEADER])
        for line in pending.splitlines():
            notes.append(["", line], styles=[Style.DEFAULT, Style.WRAP])
    if awaiting:
        notes.append([])
        notes.append(["仍须人工认定的规则", "人数（系统已审查，结论待审查人员认定或核对）"],
                     styles=[Style.HEADER, Style.HEADER])
        _append_rule_counts(notes, awaiting, policy)
        if not reviewer_columns and any(c.kind == "finding" for c in layout_columns(info)):
            notes.append(["", "名单中没有“（审查人员认定）”列：上列审查人员认定的情形按尚未认定处理，"
                              "请在网页审核时认定，或在模板的审查人员认定列中填写后重新审查"],
                         styles=[Style.DEFAULT, Style.WRAP])
    notes.append([])
    notes.append(["说明", "系统审查结论须经县（区）司法局、人力资源和社会保障部门审核确认；"
                          "“未通过理由”每行一条，行首为政策规则编号。"], styles=[Style.HEADER, Style.WRAP])
    return book.to_bytes()


def _append_rule_counts(notes, counts: dict[str, int], policy: engine.Policy) -> None:
    """One row a rule, the most frequent first: its id, then how many applicants and the rule's text."""
    for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        try:
            text = policy.rule(rule_id).text
        except LookupError:
            text = ""
        notes.append([rule_id, f"{count}人：{text}"], styles=[Style.DEFAULT, Style.WRAP])


def layout_columns(info: RunInfo) -> tuple[SheetColumn, ...]:
    return layout(info.policy, info.track).columns


def template_workbook(sheet_layout: Layout) -> bytes:
    """An empty applicants' sheet for the policy and track: the header row, drop-down lists for 是/否, 性别
    and 学历, text format for ID numbers and codes, and a sheet explaining every column."""
    policy, track = sheet_layout.policy, sheet_layout.track
    rows = 2000
    columns = sheet_layout.columns
    book = Book()
    ws = book.add_sheet("报名人员", widths=[c.width for c in columns], freeze="A2",
                        column_styles=[Style.TEXT if c.kind in ("id", "region") else Style.DEFAULT for c in columns])
    ws.append([c.header for c in columns], styles=[Style.HEADER] * len(columns), height=48)
    choices = {
        "yesno": [YES, NO],
        "declaration": [YES, NO],
        "finding": [YES, NO],
        "step_result": ["合格", "不合格"],
        "study_mode": ["全日制", "非全日制"],
        "sex": ["男", "女"],
        "education": [policy.vocabulary.name("education", c) for c in policy.vocabulary.entries["education"]],
    }
    for index, column in enumerate(columns, start=1):
        if column.kind in choices:
            letter = column_letter(index)
            ws.validate_list(f"{letter}2:{letter}{rows + 1}", choices[column.kind], title=column.header,
                             error=column.help)
    notes = book.add_sheet("填写说明", widths=[34, 12, 10, 90])
    notes.append([f"{policy.name}　{_track_label(policy, track)}　报名人员名单填写说明"], styles=[Style.TITLE])
    notes.append(["列名", "必须有此列", "每行必填", "说明"], styles=[Style.BOLD] * 4)
    note_styles = [Style.DEFAULT, Style.DEFAULT, Style.DEFAULT, Style.WRAP]
    for column in (*columns, *optional_extra(sheet_layout)):
        notes.append([column.header, YES if column.required else NO, YES if column.value_required else NO,
                      column.help], styles=note_styles)
    notes.append([])
    notes.append(["说明", "", "", ("第1行为表头，每行一名申请人；列的顺序可以调整，列名须与本模板一致。"
                               "用 sifasuo screen 审查后，结果表在每行末尾增加“审查结论”（通过、有条件通过或不通过）"
                               "“未通过理由”“待人工确认”三列（有有条件通过规定的，另加“有条件通过须履行的义务”）。"
                               "标“（审查人员认定）”的列由审查人员填写，不填表示尚未认定。")],
                 styles=note_styles)
    return book.to_bytes()
