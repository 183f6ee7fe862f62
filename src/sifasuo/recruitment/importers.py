"""Excel imports of one announcement: the applications a county enters (internal selection, paper forms) and
the exam scores. Both go through core.importers and the same services as the pages; every row is checked,
and the file lands whole in one transaction or not at all, with each problem named by row and column."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo import policy as engine
from sifasuo.core import idnumbers
from sifasuo.core.importers import (
    EDUCATION_ALIASES,
    ImportColumn,
    ImportRejected,
    ParsedRow,
    parse_choice,
    parse_date,
    parse_study_mode,
    parse_text,
    parse_yes_no,
    split_study_mode,
)
from sifasuo.orgunits.selectors import region_problem
from sifasuo.staff.choices import Education, Sex

from . import policies, services
from .models import Announcement, Application

MAX_EXAMINERS = 15  # columns 面试评分1 … 面试评分15 are read


class _Rollback(Exception):
    """Leaves the import's transaction without writing anything."""






def parse_education(value) -> tuple[str, str]:
    """An education cell, which may carry the study mode: "大专（全日制）" -> ("junior_college", "full_time");
    the common short names (本科, 专科, 中专) are accepted as in `sifasuo screen`."""
    level, mode = split_study_mode(value)
    return parse_choice(Education.choices, "学历")(EDUCATION_ALIASES.get(level, level) or value), mode


def parse_region(value) -> str:
    """A division code the data knows, at least a county (as the pages' pickers give)."""
    text = parse_text(value)
    if text and not (text.isdigit() and len(text) in (6, 9, 12)):
        raise ValueError(f"「{text}」不是行政区划代码，应为6位、9位或12位数字")
    problem = region_problem(text) if text else ""
    if problem:
        raise ValueError(problem)
    return text


def announcement_tracks(announcement: Announcement) -> list[str]:
    return sorted({post.track for post in announcement.posts.all()})


def declaration_columns(policy: engine.Policy, tracks) -> dict[str, tuple[str, set[str]]]:
    """code → (column header, the tracks that ask it): one 是/否 column per declared disqualification."""
    columns: dict[str, tuple[str, set[str]]] = {}
    for track in tracks:
        for code, _rule, situation, _by in services.declaration_items(policy, track):
            columns.setdefault(code, (situation, set()))[1].add(track)
    return columns


def _asks_study_mode(policy: engine.Policy, tracks) -> bool:
    """A study mode column when a rule on these tracks (or an exception's replacement) requires one."""
    rules = [r for r in policy.education if any(r.applies_to(t) for t in tracks)]
    replaced = [dict(e.replace) for e in policy.exceptions if any(e.applies_to(t) for t in tracks)]
    return any(r.study_mode for r in rules) or any(r.get("study_mode") for r in replaced)


def application_columns(policy: engine.Policy, tracks) -> list[ImportColumn]:
    columns = [
        ImportColumn("姓名", "full_name", required=True, example="张三"),
        ImportColumn("身份证号码", "id_number", required=True, example="230602199001011234",
                     help="18位居民身份证号码"),
        ImportColumn("性别", "sex", parse_choice(Sex.choices, "性别"), example="男",
                     help="可不填：从身份证号码读取；填写的须一致"),
        ImportColumn("出生日期", "birth_date", parse_date, example="1990-01-01",
                     help="可不填：从身份证号码读取；填写的须一致"),
        ImportColumn("学历", "education", parse_education, required=True, example="大学本科",
                     help="、".join(Education.labels) + "；可连同学习形式填写，如“大专（全日制）”"),
        *([ImportColumn("学习形式", "study_mode", parse_study_mode, example="全日制",
                        help="全日制或非全日制；学历列已写明的可不填")] if _asks_study_mode(policy, tracks) else []),
        ImportColumn("专业", "major", example="法学"),
        ImportColumn("岗位代码", "post_code", required=True, example="001", help="本公告的岗位代码"),
        ImportColumn("户籍所在地代码", "household_region", parse_region, example="230602",
                     help="6位、9位或12位行政区划代码"),
        ImportColumn("居住地代码", "residence_region", parse_region, example="230602",
                     help="6位、9位或12位行政区划代码"),
        ImportColumn("现为专职辅助人员", "is_existing_auxiliary", parse_yes_no, example="是",
                     help="是 或 否（空白按否）"),
    ]
    for code, (situation, _tracks) in declaration_columns(policy, tracks).items():
        columns.append(ImportColumn(situation, f"decl_{code}", parse_yes_no, required=True, example="否",
                                    help="本人是否存在该情形：是 或 否"))
    return columns


# Where a service's message about a field belongs in the sheet.
APPLICATION_HEADERS = {"full_name": "姓名", "id_number": "身份证号码", "sex": "性别", "birth_date": "出生日期",
                       "education": "学历", "study_mode": "学习形式", "major": "专业", "household_region": "户籍所在地代码",
                       "residence_region": "居住地代码", "is_existing_auxiliary": "现为专职辅助人员"}


def _row_errors(number: int, exc: ValidationError, headers: dict[str, str]) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return [f"第{number}行：{m}" for m in exc.messages]
    out = []
    for field, errors in exc.error_dict.items():
        header = headers.get(field)
        where = f"第{number}行「{header}」" if header else f"第{number}行"
        out.extend(f"{where}：{m}" for e in errors for m in e.messages)
    return out


def import_applications(*, announcement: Announcement, rows: list[ParsedRow], user) -> list[Application]:
    """Enter every row as an application through services.submit_application; all or none."""
    policy = policies.load(announcement.policy_id)
    posts = {p.code: p for p in announcement.posts.all()}
    columns = declaration_columns(policy, announcement_tracks(announcement))
    errors: list[str] = []
    created: list[Application] = []
    try:
        with transaction.atomic():
            for row in rows:
                values = row.values
                post = posts.get(values["post_code"])
                if post is None:
                    errors.append(f"第{row.number}行「岗位代码」：本公告没有岗位 {values['post_code']}"
                                  f"（现有：{'、'.join(posts)}）")
                    continue
                data = {field: values[field] for field in APPLICATION_HEADERS
                        if values.get(field) is not None}
                education, mode = values["education"]
                data["education"] = education
                if values.get("study_mode") and mode and values["study_mode"] != mode:
                    errors.append(f"第{row.number}行「学习形式」：与学历列中写明的学习形式不一致")
                    continue
                data["study_mode"] = values.get("study_mode") or mode
                data["is_existing_auxiliary"] = bool(values.get("is_existing_auxiliary"))
                data["declarations"] = {code: values[f"decl_{code}"] for code, (_h, tracks) in columns.items()
                                        if post.track in tracks}
                try:
                    created.append(services.submit_application(post=post, data=data, entered_by=user))
                except ValidationError as exc:
                    errors.extend(_row_errors(row.number, exc, APPLICATION_HEADERS))
            if errors:
                raise _Rollback
    except _Rollback:
        raise ImportRejected(errors) from None
    return created


def score_columns(examiners: int) -> list[ImportColumn]:
    return [
        ImportColumn("身份证号码", "id_number", required=True, example="230602199001011234",
                     help="已报名本公告人员的身份证号码"),
        ImportColumn("笔试成绩", "written", example=85, help="0至满分之间的数字，空白表示不修改"),
        *(ImportColumn(f"面试评分{n}", f"mark_{n}", example=90 if n == 1 else "",
                       help=f"第{n}位考官的评分，不设面试的渠道留空") for n in range(1, examiners + 1)),
    ]


def examiners_needed(policy: engine.Policy) -> int:
    """How many mark columns the template offers: the most examiners any track of the policy requires."""
    counts = [rule.examiner_marks.min_examiners for rule in policy.scoring if rule.examiner_marks]
    return max(counts, default=0)


def import_scores(*, announcement: Announcement, rows: list[ParsedRow], today=None) -> list[Application]:
    """Record written scores and examiners' marks through services.record_scores; all or none."""
    policy = policies.load(announcement.policy_id)
    people = {a.id_number: a for a in announcement.applications.select_related("announcement", "post")}
    errors: list[str] = []
    updated: list[Application] = []
    seen: dict[str, int] = {}
    try:
        with transaction.atomic():
            for row in rows:
                values = row.values
                number = idnumbers.normalize(values["id_number"])
                application = people.get(number)
                if application is None:
                    errors.append(f"第{row.number}行「身份证号码」：{idnumbers.mask(number)} 未报名本次招聘")
                    continue
                if number in seen:
                    errors.append(f"第{row.number}行「身份证号码」：与第{seen[number]}行重复")
                    continue
                seen[number] = row.number
                scale = policy.scoring_for(application.track).scale
                row_errors = _score_cells(row, scale)
                if row_errors:
                    errors.extend(row_errors)
                    continue
                marks = [values[f"mark_{n}"] for n in range(1, MAX_EXAMINERS + 1) if values.get(f"mark_{n}")]
                try:
                    scored = services.record_scores(application=application, today=today, written=values.get("written"),
                                                    interview_marks=marks or None)
                    updated.append(scored)
                except ValidationError as exc:
                    column = {"interview_marks": "面试评分", "written": "笔试成绩"}
                    for field, messages in (exc.message_dict.items() if hasattr(exc, "error_dict")
                                            else [("", exc.messages)]):
                        errors.extend(f"第{row.number}行「{column.get(field, '身份证号码')}」：{m}" for m in messages)
            if errors:
                raise _Rollback
    except _Rollback:
        raise ImportRejected(errors) from None
    return updated


def _score_cells(row: ParsedRow, scale: Decimal) -> list[str]:
    problems = []
    headers = {"written": "笔试成绩", **{f"mark_{n}": f"面试评分{n}" for n in range(1, MAX_EXAMINERS + 1)}}
    for field, header in headers.items():
        try:
            services.parse_score(row.values.get(field), label="分数", scale=scale)
        except ValidationError as exc:
            problems.extend(f"第{row.number}行「{header}」：{m}" for m in exc.messages)
    return problems


def read_score_columns() -> list[ImportColumn]:
    """The columns read from an uploaded score sheet (every mark column, whatever the template offered)."""
    return score_columns(MAX_EXAMINERS)
