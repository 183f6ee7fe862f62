"""Spreadsheets of `sifasuo screen`: the applicants' sheet in, the verdicts out, and the empty template.

HR bureaus keep applicants in Excel. The columns of the sheet follow the policy and the track (see
`layout`): personal data, education, household and residence codes, one 是/否 column per disqualification
the applicant declares (headed by its Chinese situation text from the policy's vocabulary) and the
priority conditions. `read_applicants` checks every row (ID number checksum and the birth date and sex it
holds, dates, codes, 是/否 answers) and either returns engine `Applicant`s or raises `ImportRejected`
listing every problem as "第N行「列名」（X列）：…", like the importers of core.importers. It needs no
database: only the policy engine and core.idnumbers.

Spreadsheets are read by core.spreadsheets' one reader (python-calamine, docs/decisions.md D84: a county's
sheet of 50,000 rows in well under a second) and written by its one writer (core.spreadsheets.writer, D42).
While tens of thousands of rows are built, the cyclic garbage collector is paused (`bulk`): the rows hold
no cycles, and its collections would cost a quarter of the time.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sifasuo import policy as engine
from sifasuo.core import idnumbers
from sifasuo.core.importers import (
    EDUCATION_ALIASES,
    MAX_ERRORS,
    STUDY_MODE_NAMES,
    ImportRejected,
    parse_date,
    parse_study_mode,
    parse_text,
    split_study_mode,
)
from sifasuo.core.spreadsheets import NO, YES, normalized, parse_yes_no, read_cells, where

__all__ = [
    "RESULT_HEADERS",
    "ApplicantRow",
    "ApplicantSheet",
    "ImportRejected",
    "Layout",
    "SheetColumn",
    "bulk",
    "layout",
    "parse_sheet_date",
    "read_applicants",
    "read_named_list",
]

MAX_ROWS = 200_000
HEADER_SEARCH_ROWS = 5
# the result columns screening_results writes: a results sheet read again skips them
RESULT_HEADERS = ("审查结论", "未通过理由", "待人工确认")
OBLIGATION_HEADER = "有条件通过须履行的义务"  # a fourth result column, when the track has such exceptions
REVIEWER_SUFFIX = "（审查人员认定）"

_SEX_WORDS = {"男": "M", "女": "F", "M": "M", "F": "F", "男性": "M", "女性": "F"}
_CHINA = frozenset({"中国", "中华人民共和国", "CN", "CHN", "CHINA", "中国籍"})
_STEP_RESULTS = {"合格": "passed", "通过": "passed", "不合格": "failed", "未通过": "failed"}
_CONDITION_SEPARATORS = re.compile(r"[、,，;；/\s]+")
_REGION = re.compile(r"^\d{6}(\d{3}(\d{3})?)?$")
_FIELDS = ("full_name", "id_number", "sex", "birth_date", "education", "major", "household_region",
           "residence_region", "household_since", "residence_since", "is_existing_auxiliary", "auxiliary_region",
           "conditions", "exception_conditions", "nationality", "study_mode")
_PASS_THROUGH = ("序号", "报考岗位", "联系电话", "手机号码", "备注")


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of rows are built: they hold no
    reference cycles, and the collections it would run meanwhile cost a quarter of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_norm = normalized  # header and choice text compared without width differences and whitespace


# --- the columns of a policy and track -------------------------------------------------------------------


@dataclass(frozen=True)
class SheetColumn:
    header: str
    key: str
    kind: str  # name, id, sex, date, education, study_mode, text, region, yesno, declaration, finding, conditions,
    # nationality, extra
    required: bool = False  # the column must be in the header row
    value_required: bool = False  # every row must fill it
    help: str = ""
    width: float = 12
    code: str = ""  # the disqualification code of a declaration or finding column
    rule_id: str = ""


@dataclass(frozen=True)
class Layout:
    """The columns of the applicants' sheet for one policy and track, in template order."""

    policy: engine.Policy
    track: str
    columns: tuple[SheetColumn, ...]
    education: dict[str, str]  # normalized name, code or alias -> education code
    conditions: dict[str, str]  # normalized code or name -> condition code
    condition_names: tuple[str, ...]
    conditions_with_separator: tuple[tuple[str, str], ...] = ()
    exception_codes: frozenset[str] = frozenset()  # conditions that change eligibility (例外条件)
    priority_codes: frozenset[str] = frozenset()  # conditions that give priority (优先条件)

    def by_header(self) -> dict[str, SheetColumn]:
        return {_norm(c.header): c for c in self.columns}

    @property
    def has_obligations(self) -> bool:
        return any(e.obligation is not None for e in self.policy.exceptions if e.applies_to(self.track))

    def column(self, key: str) -> SheetColumn | None:
        return next((c for c in self.columns if c.key == key), None)


def layout(policy: engine.Policy, track: str) -> Layout:
    """The columns for screening on `track` under `policy`: the fixed ones, the dated residence columns
    when a residence rule has a cut-off date, the auxiliary's unit when the track is limited to a region,
    and one column per disqualification the applicant declares on this track."""
    track_rule = policy.track(track)  # LookupError with the known tracks
    vocabulary = policy.vocabulary
    levels = list(vocabulary.entries["education"])
    names = [vocabulary.name("education", code) for code in levels]
    minimum = [r for r in policy.education if r.applies_to(track)]
    education_help = "填写以下之一：" + "、".join(names)
    if minimum:
        education_help += f"（{minimum[0].id}：须{vocabulary.name('education', minimum[0].min_level)}及以上）"
    exceptions = [e for e in policy.exceptions if e.applies_to(track)]
    # Rules as the exceptions may replace them: a study mode or a major required only after relaxation
    # still needs its column.
    rules = [r for r in policy.education if r.applies_to(track)]
    replaced = [dict(e.replace) for e in exceptions]
    needs_mode = any(r.study_mode for r in rules) or any(r.get("study_mode") for r in replaced)
    majors = [r for r in rules if r.restricts_major]
    major_help = "所学专业（按学历证书填写）"
    if majors:
        wanted = "、".join([*majors[0].majors, *majors[0].major_categories])
        major_help += f"；{majors[0].id}：须为{wanted}，按国家专业目录判断所属专业类，目录中没有的专业须人工核对"
    else:
        major_help += "；政策要求专业时按此审查"
    columns: list[SheetColumn] = [
        SheetColumn("姓名", "full_name", "name", True, True, "申请人姓名", 10),
        SheetColumn("身份证号码", "id_number", "id", True, True,
                    "18位身份证号码，末位可为X；请将本列设为文本格式，以免Excel改写长数字", 21),
        SheetColumn("性别", "sex", "sex", True, True, "男或女，须与身份证号码一致", 6),
        SheetColumn("出生日期", "birth_date", "date", False, False,
                    "选填。如 1990-01-31；不填时取自身份证号码，填写时须与之一致", 12),
    ]
    nationality = [r for r in policy.nationality if r.applies_to(track)]
    if nationality:
        columns.append(SheetColumn("国籍", "nationality", "nationality", False, False,
                                   f"{nationality[0].id}：填“中国”或两位国家代码（如 CN）；不填视为中国", 8))
    columns.append(SheetColumn("学历", "education", "education", True, True,
                               education_help + "；可连同学习形式填写，如“大专（全日制）”“全日制本科”", 14))
    if needs_mode:
        moded = next((r for r in rules if r.study_mode), None)
        rule_note = (f"{moded.id}：须为{STUDY_MODE_NAMES[moded.study_mode]}" if moded
                     else "例外条件中有学习形式要求")
        columns.append(SheetColumn("学习形式", "study_mode", "study_mode", False, False,
                                   f"全日制或非全日制（{rule_note}）；学历列已写明的可不填", 10))
    columns += [
        SheetColumn("专业", "major", "text", True, False, major_help, 14),
        SheetColumn("户籍所在地代码", "household_region", "region", True, False,
                    "户籍所在地的6位行政区划代码（或9位、12位统计用区划代码），如 230602", 14),
        SheetColumn("居住地代码", "residence_region", "region", True, False,
                    "经常居住地的6位行政区划代码（或9位、12位统计用区划代码）", 12),
    ]
    dated = [r for r in policy.residence if r.applies_to(track) and r.dated]
    if dated:
        rule = dated[0]
        cutoff = (f"{rule.since:%Y-%m-%d}" if rule.since is not None
                  else rule.since_relative.zh)  # type: ignore[union-attr]
        columns += [
            SheetColumn("户籍迁入日期", "household_since", "date", True, False,
                        f"{rule.id}：户籍须于{cutoff}前取得", 12),
            SheetColumn("居住起始日期", "residence_since", "date", True, False,
                        f"{rule.id}：居住须始于{cutoff}前", 12),
        ]
    columns.append(SheetColumn("现为专职辅助人员", "is_existing_auxiliary", "yesno", True, False,
                               "是或否（不填视为否）：现为司法行政系统在职专职辅助人员", 10))
    if track_rule.existing_auxiliary and track_rule.auxiliary_scope != "any":
        columns.append(SheetColumn("现工作单位所在地代码", "auxiliary_region", "region", True, False,
                                   f"{track_rule.id}：现工作单位所在地的6位行政区划代码", 14))
    for rule in policy.disqualifications:
        if not rule.applies_to(track):
            continue
        for code in rule.codes:
            if vocabulary.assessed_by(code) != "applicant":
                continue  # judged by the reviewer (不适宜的其他情形), not declared
            name = vocabulary.name("disqualification", code)
            columns.append(SheetColumn(name, f"declaration:{code}", "declaration", True, False,
                                       f"{rule.id}：本人是否存在该情形，填是或否；不填视为未声明，不能通过审查",
                                       max(10, min(len(name) * 1.6, 30)), code=code, rule_id=rule.id))
    # Conditions that change eligibility (例外条件) and conditions that give priority (优先条件) are
    # separate columns: an exception's condition never hides among the priorities.
    exception_codes: list[str] = []
    for exception in exceptions:
        exception_codes += [c for c in exception.conditions if c not in exception_codes]
    for rule in policy.residence:
        if rule.applies_to(track):
            exception_codes += [c for c in rule.exceptions if c not in exception_codes]
    if exception_codes:
        listed = "".join(f"「{vocabulary.name('condition', c)}」" for c in exception_codes)
        columns.append(SheetColumn("例外条件", "exception_conditions", "conditions", True, False,
                                   f"选填。具备的放宽资格条件的情形（须经审核确认），多项用“、”分隔，可填名称或代码：{listed}",
                                   24))
    condition_codes: list[str] = []
    if policy.priority is not None:
        condition_codes += [c.code for c in policy.priority.conditions if c.applies_to(track)]
    condition_names = tuple(vocabulary.name("condition", c) for c in condition_codes)
    listed = "".join(f"「{name}」" for name in condition_names)
    priority_help = (f"选填。具备的优先条件，多项用“、”分隔，可填名称或代码：{listed}" if condition_names
                     else "选填。本渠道没有优先条件")
    columns.append(SheetColumn("优先条件", "conditions", "conditions", bool(condition_names), False,
                               priority_help, 24))
    # A step whose recorded result decides eligibility (YQ-3.8: 德能勤绩廉考核合格): its result, 合格 or 不合格.
    for rule in policy.manual_checks:
        if rule.applies_to(track) and rule.ineligible_when and rule.step:
            step = vocabulary.name("procedure_step", rule.step)
            missing = "；未填写的不能通过审查" if "missing" in rule.ineligible_when else "；未填写的须审查人员确认"
            columns.append(SheetColumn(f"{step}结论", f"step:{rule.step}", "step_result", True, False,
                                       f"{rule.id}：合格或不合格{missing}", 10, rule_id=rule.id))
    # Situations only a reviewer can establish (不适宜的其他情形): a reviewer's column, filled at review.
    for rule in policy.disqualifications:
        if not rule.applies_to(track):
            continue
        for code in rule.codes:
            if vocabulary.assessed_by(code) == "applicant":
                continue
            name = vocabulary.name("disqualification", code)
            columns.append(SheetColumn(f"{name}{REVIEWER_SUFFIX}", f"finding:{code}", "finding", False, False,
                                       f"{rule.id}：由审查人员填写是或否；不填表示尚未认定，结果中列为待人工确认",
                                       max(12, min(len(name) * 1.6 + 8, 34)), code=code, rule_id=rule.id))
    education = {}
    for alias, code in EDUCATION_ALIASES.items():
        education[_norm(alias)] = code
    for code, name in zip(levels, names, strict=True):
        education[_norm(code)] = code
        education[_norm(name)] = code
    conditions = {}
    for code in vocabulary.entries.get("condition", {}):
        conditions[_norm(code)] = code
        conditions[_norm(vocabulary.name("condition", code))] = code
    # Names such as 烈士的配偶、子女 contain the separator: they are matched whole first, longest first.
    whole = tuple(sorted(((name, code) for name, code in conditions.items() if _CONDITION_SEPARATORS.search(name)),
                         key=lambda item: -len(item[0])))
    return Layout(policy=policy, track=track, columns=tuple(columns), education=education,
                  conditions=conditions, condition_names=condition_names, conditions_with_separator=whole,
                  exception_codes=frozenset(exception_codes), priority_codes=frozenset(condition_codes))


_NATIONALITY = SheetColumn("国籍", "nationality", "nationality", False, False, "选填，不填视为中国", 8)
_OPTIONAL_EXTRA = (
    _NATIONALITY,
    *(SheetColumn(name, f"extra:{name}", "extra", False, False, "原样保留", 10) for name in _PASS_THROUGH),
)


def optional_extra(sheet_layout: Layout) -> tuple[SheetColumn, ...]:
    """Columns a sheet may have besides the layout's (a policy with a nationality rule has 国籍 in its own)."""
    keys = {c.key for c in sheet_layout.columns}
    return tuple(c for c in _OPTIONAL_EXTRA if c.key not in keys)


# --- applicants from rows ------------------------------------------------------------------------------------


@dataclass
class ApplicantRow:
    number: int  # row number in the spreadsheet
    values: list[Any]  # the row as read, in the columns of ApplicantSheet.header
    applicant: engine.Applicant


@dataclass
class ApplicantSheet:
    header: list[str]  # the recognised columns, in the order of the file
    header_row: int
    rows: list[ApplicantRow] = field(default_factory=list)
    skipped_result_columns: list[str] = field(default_factory=list)
    finding_columns: list[str] = field(default_factory=list)  # reviewer codes whose column the sheet has


class _Errors(list):
    def add(self, text: str) -> None:
        if len(self) < MAX_ERRORS:
            self.append(text)
        elif len(self) == MAX_ERRORS:
            self.append(f"错误超过{MAX_ERRORS}处，其余未列出")

    @property
    def full(self) -> bool:
        return len(self) > MAX_ERRORS


def _zh_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# One date parser for every spreadsheet (core.importers), under the name this module has always used.
parse_sheet_date = parse_date


class _RowReader:
    """Turns one row into an engine Applicant, adding a message per bad cell to `errors`. The common
    spellings (是, 否, 男, the vocabulary's education names) are looked up directly; anything else goes
    through the normalizing path, which also writes the error messages."""

    def __init__(self, layout: Layout, positions: dict[str, tuple[str, SheetColumn]], errors: _Errors,
                 today: datetime.date):
        self.layout = layout
        self.positions = positions  # key -> (column letters, column)
        self.errors = errors
        self.today = today
        self.declarations = [(key.split(":", 1)[1], letters, column)
                             for key, (letters, column) in positions.items() if key.startswith("declaration:")]
        self.findings = [(key.split(":", 1)[1], letters, column)
                         for key, (letters, column) in positions.items() if key.startswith("finding:")]
        self.steps = [(key.split(":", 1)[1], letters, column)
                      for key, (letters, column) in positions.items() if key.startswith("step:")]
        # key -> column letters; a column the sheet does not have reads as "" (no cell has that name)
        self.letters = dict.fromkeys(_FIELDS, "")
        self.letters.update({key: letters for key, (letters, _column) in positions.items()})
        self.declaration_letters = tuple(letters for _code, letters, _column in self.declarations)
        self.declaration_cache: dict[tuple[Any, ...], dict[str, bool]] = {}
        self.seen_ids: dict[str, int] = {}
        self.education = {**{k: v for k, v in layout.education.items()},
                          **{layout.policy.vocabulary.name("education", c): c
                             for c in layout.policy.vocabulary.entries["education"]}}

    def where(self, number: int, column: SheetColumn) -> str:
        return where(number, column.header, self.positions[column.key][0])

    def fail(self, number: int, key: str, problem: str) -> None:
        self.errors.add(f"{self.where(number, self.positions[key][1])}：{problem}")

    def region(self, number: int, value: Any, key: str) -> str:
        if value is None or value == "":
            return ""
        text = value if type(value) is str else parse_text(value)
        if len(text) in (6, 9, 12) and text.isdigit():
            return text
        text = parse_text(value)
        if text and not _REGION.match(text):
            self.fail(number, key, f"「{text}」不是行政区划代码，应为6位数字（或9位、12位统计用区划代码）")
        return text

    def date(self, number: int, value: Any, key: str) -> datetime.date | None:
        if value is None or value == "":
            return None
        try:
            day = parse_sheet_date(value)
        except ValueError as exc:
            self.fail(number, key, str(exc))
            return None
        if day is not None and day > self.today:
            self.fail(number, key, f"{day:%Y-%m-%d} 晚于今天（{self.today:%Y-%m-%d}）")
        return day

    def yes_no(self, number: int, value: Any, key: str) -> bool | None:
        if value == NO:
            return False
        if value == YES:
            return True
        if value is None or value == "":
            return None
        try:
            return parse_yes_no(value)
        except ValueError as exc:
            self.fail(number, key, str(exc))
            return None

    def __call__(self, number: int, values: dict[str, Any]) -> engine.Applicant | None:
        get = values.get
        L = self.letters
        errors = self.errors
        before = len(errors)
        layout = self.layout
        if not parse_text(get(L["full_name"])):
            self.fail(number, "full_name", "不能为空")
        raw_id = get(L["id_number"])
        info = None
        try:
            info = idnumbers.parse(raw_id if type(raw_id) is str else parse_text(raw_id), today=self.today)
        except idnumbers.IdNumberError as exc:
            hint = ""
            if isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
                hint = "（该单元格是数字格式，Excel 会改写18位数字的末几位：请将本列设为文本格式后重新填写）"
            self.fail(number, "id_number", f"{exc}{hint}")
        if info is not None:
            first = self.seen_ids.get(info.number)
            if first is not None:
                self.fail(number, "id_number", f"与第{first}行重复（同一人不能在表中出现两次）")
            else:
                self.seen_ids[info.number] = number
        sex_value = get(L["sex"])
        sex = _SEX_WORDS.get(sex_value) if type(sex_value) is str else None
        if sex is None:
            sex_text = _norm(sex_value).upper()
            sex = _SEX_WORDS.get(sex_text)
            if not sex_text:
                self.fail(number, "sex", "不能为空，应填“男”或“女”")
            elif sex is None:
                self.fail(number, "sex", f"「{parse_text(sex_value)}」应填“男”或“女”")
        if sex is not None and info is not None and sex != info.sex:
            self.fail(number, "sex", f"填写的性别{'男' if sex == 'M' else '女'}与身份证号码中的{info.sex_display}不一致")
        if "birth_date" in self.positions:
            birth = self.date(number, get(L["birth_date"]), "birth_date")
            if birth is not None and info is not None and birth != info.birth_date:
                self.fail(number, "birth_date",
                          f"填写的出生日期 {birth:%Y-%m-%d} 与身份证号码中的 {info.birth_date:%Y-%m-%d} 不一致")
        education_value = get(L["education"])
        education = self.education.get(education_value) if type(education_value) is str else None
        study_mode = ""
        if education is None:
            # "大专（全日制）", "全日制大专", "本科（非全日制）": the level, and the study mode it carries.
            level_text, study_mode = split_study_mode(education_value)
            education = layout.education.get(_norm(level_text))
            if education is None:
                names = "、".join(layout.policy.vocabulary.name("education", c)
                                 for c in layout.policy.vocabulary.entries["education"])
                given = parse_text(education_value)
                self.fail(number, "education",
                          f"「{given}」不是可识别的学历，应为：{names}（可附学习形式，如“大专（全日制）”）"
                          if given else f"不能为空，应为：{names}")
        mode_value = get(L["study_mode"])
        if mode_value is not None and mode_value != "":
            try:
                typed_mode = parse_study_mode(mode_value)
            except ValueError as exc:
                self.fail(number, "study_mode", str(exc))
            else:
                if study_mode and typed_mode != study_mode:
                    self.fail(number, "study_mode",
                              f"填写的学习形式{STUDY_MODE_NAMES[typed_mode]}与学历列中的"
                              f"{STUDY_MODE_NAMES[study_mode]}不一致")
                study_mode = typed_mode
        household = self.region(number, get(L["household_region"]), "household_region")
        residence = self.region(number, get(L["residence_region"]), "residence_region")
        household_since = self.date(number, get(L["household_since"]), "household_since")
        residence_since = self.date(number, get(L["residence_since"]), "residence_since")
        is_auxiliary = bool(self.yes_no(number, get(L["is_existing_auxiliary"]), "is_existing_auxiliary"))
        auxiliary_region = self.region(number, get(L["auxiliary_region"]), "auxiliary_region")
        answers = tuple(map(get, self.declaration_letters))
        declarations = self.declaration_cache.get(answers)
        if declarations is None:
            declarations = {}
            wrong = len(errors)
            for (code, _letters, column), value in zip(self.declarations, answers):
                answer = self.yes_no(number, value, column.key)
                if answer is not None:
                    declarations[code] = answer
            if len(errors) == wrong:  # the same answers always give the same declarations: shared
                self.declaration_cache[answers] = declarations
        conditions: frozenset[str] = frozenset()
        condition_text = parse_text(get(L["conditions"]))
        if condition_text:
            conditions = self.conditions(number, condition_text)
            misplaced = conditions & layout.exception_codes - layout.priority_codes
            if misplaced:
                names = "、".join(f"「{layout.policy.vocabulary.name('condition', c)}」" for c in sorted(misplaced))
                self.fail(number, "conditions", f"{names}是放宽资格条件的例外条件，请填在「例外条件」列，不填在优先条件中")
        exception_text = parse_text(get(L["exception_conditions"]))
        if exception_text:
            conditions |= self.conditions(number, exception_text, key="exception_conditions")
        step_results: dict[str, str] = {}
        for step, letters, column in self.steps:
            value = get(letters)
            if value is None or value == "":
                continue
            result = _STEP_RESULTS.get(_norm(value))
            if result is None:
                self.fail(number, column.key, f"「{parse_text(value)}」应填“合格”或“不合格”")
            else:
                step_results[step] = result
        findings: dict[str, bool] = {}
        for code, letters, column in self.findings:
            finding = self.yes_no(number, get(letters), column.key)
            if finding is not None:
                findings[code] = finding
        nationality = "CN"
        nationality_value = get(L["nationality"])
        if nationality_value is not None and nationality_value != "":
            nationality_text = _norm(nationality_value).upper()
            if nationality_text and nationality_text not in _CHINA:
                if re.fullmatch(r"[A-Z]{2}", nationality_text):
                    nationality = nationality_text
                else:
                    self.fail(number, "nationality",
                              f"「{parse_text(nationality_value)}」应填“中国”或两位国家代码（如 CN）")
        if len(errors) != before or info is None or sex is None or education is None:
            return None
        major = get(L["major"])
        return engine.Applicant(
            key=str(number), birth_date=info.birth_date, sex=info.sex, education=education,
            major=major.strip() if type(major) is str else parse_text(major), nationality=nationality,
            household_region=household, household_since=household_since,
            residence_region=residence, residence_since=residence_since,
            is_existing_auxiliary=is_auxiliary, auxiliary_region=auxiliary_region,
            declarations=declarations, conditions=conditions, id_number=info.number, study_mode=study_mode,
            findings=findings, step_results=step_results,
        )

    def conditions(self, number: int, text: str, key: str = "conditions") -> frozenset[str]:
        layout = self.layout
        names = layout.policy.vocabulary
        found: set[str] = set()
        rest = normalized(text)
        for name, code in layout.conditions_with_separator:
            if name in rest:
                found.add(code)
                rest = rest.replace(name, "、")
        for token in _CONDITION_SEPARATORS.split(rest):
            if not token:
                continue
            code = layout.conditions.get(_norm(token))
            if code is None:
                allowed = "".join(f"「{n}」" for n in layout.condition_names) or "（本渠道没有优先条件）"
                if key == "exception_conditions":
                    allowed = "".join(f"「{names.name('condition', c)}」" for c in sorted(layout.exception_codes))
                self.fail(number, key, f"「{token}」不是可识别的条件，可填：{allowed}")
            else:
                found.add(code)
        if key == "exception_conditions":
            for code in sorted(found - layout.exception_codes):
                allowed = "".join(f"「{names.name('condition', c)}」" for c in sorted(layout.exception_codes))
                self.fail(number, key, f"「{names.name('condition', code)}」不是本渠道放宽资格条件的例外条件，可填：{allowed}")
            found &= layout.exception_codes
        return frozenset(found)


def _find_header(rows: Iterator[tuple[int, dict[str, Any]]]) -> tuple[int, dict[str, Any]] | None:
    for _ in range(HEADER_SEARCH_ROWS):
        found = next(rows, None)
        if found is None:
            return None
        headers = {_norm(v) for v in found[1].values()}
        if "姓名" in headers and "身份证号码" in headers:
            return found
    return None


def read_applicants(content: bytes, sheet_layout: Layout, *, today: datetime.date | None = None
                    ) -> ApplicantSheet:
    """Every applicant of the sheet, checked; raises ImportRejected listing every problem (nothing is
    returned while any row is bad)."""
    with bulk():
        return _read_applicants(content, sheet_layout, today=today)


def _read_applicants(content: bytes, sheet_layout: Layout, *, today: datetime.date | None) -> ApplicantSheet:
    today = today or datetime.date.today()
    rows = read_cells(content)
    found = _find_header(rows)
    expected = "、".join(c.header for c in sheet_layout.columns if c.required)
    if found is None:
        raise ImportRejected([f"找不到表头：前{HEADER_SEARCH_ROWS}行中应有一行表头，包含以下各列：{expected}"])
    header_row, raw_header = found
    known = sheet_layout.by_header()
    extras = {_norm(c.header): c for c in optional_extra(sheet_layout)}
    results = {_norm(h) for h in (*RESULT_HEADERS, OBLIGATION_HEADER)}
    errors = _Errors()
    positions: dict[str, tuple[str, SheetColumn]] = {}
    header: list[str] = []
    keep: list[str] = []
    skipped: list[str] = []
    for letter, value in raw_header.items():  # in column order
        text = _norm(value)
        if not text:
            continue
        column = known.get(text) or extras.get(text)
        if text in results:
            skipped.append(parse_text(value))
            continue
        if column is None:
            errors.add(f"第{header_row}行（{letter}列）：「{parse_text(value)}」不是本表的列。"
                       f"本政策和渠道的列为：{'、'.join(c.header for c in sheet_layout.columns)}"
                       f"（另可有：{'、'.join(c.header for c in optional_extra(sheet_layout))}）")
            continue
        if column.key in positions:
            first = positions[column.key][0]
            errors.add(f"第{header_row}行（{letter}列）：「{column.header}」与{first}列重复")
            continue
        positions[column.key] = (letter, column)
        header.append(column.header)
        keep.append(letter)
    for column in sheet_layout.columns:
        if column.required and column.key not in positions:
            errors.add(f"第{header_row}行：缺少列「{column.header}」（{column.help}）")
    if errors:
        raise ImportRejected(list(errors))
    reader = _RowReader(sheet_layout, positions, errors, today)
    sheet = ApplicantSheet(header=header, header_row=header_row, skipped_result_columns=skipped,
                           finding_columns=[key.split(":", 1)[1] for key in positions if key.startswith("finding:")])
    append = sheet.rows.append
    count = 0
    for number, values in rows:
        echo = [values.get(letter) for letter in keep]
        if not any(v is not None and v != "" for v in echo):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ImportRejected([f"行数超过上限 {MAX_ROWS}，请分批审查"])
        applicant = reader(number, values)
        if applicant is not None:
            append(ApplicantRow(number, echo, applicant))
        if errors.full:
            break
    if errors:
        raise ImportRejected(list(errors))
    if not count:
        raise ImportRejected([f"表头（第{header_row}行）下没有数据行"])
    return sheet


# --- named lists (a roster of auxiliary staff on a date, trained grid workers) --------------------------------

LIST_ID_HEADER = "身份证号码"
LIST_NAME_HEADER = "姓名"


@dataclass
class ListSheet:
    """The people of a named list as read from its sheet: (row number, ID number, name) each."""

    header_row: int
    entries: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(number for _row, number, _name in self.entries)


def read_named_list(content: bytes, *, today: datetime.date | None = None) -> ListSheet:
    """A named list's sheet: a header row (within the first rows) with 身份证号码 and optionally 姓名, then one
    person a row. Every ID number is checked (length, birth date, check digit) and may appear once; any
    problem rejects the whole file with row-by-row messages."""
    with bulk():
        return _read_named_list(content, today=today or datetime.date.today())


def _read_named_list(content: bytes, *, today: datetime.date) -> ListSheet:
    rows = read_cells(content)
    header: tuple[int, dict[str, Any]] | None = None
    for _ in range(HEADER_SEARCH_ROWS):
        found = next(rows, None)
        if found is None:
            break
        if LIST_ID_HEADER in {_norm(v) for v in found[1].values()}:
            header = found
            break
    if header is None:
        raise ImportRejected([f"找不到表头：前{HEADER_SEARCH_ROWS}行中应有一行表头，含“{LIST_ID_HEADER}”列（可另有“{LIST_NAME_HEADER}”列）"])
    header_row, cells = header
    by_text = {_norm(v): letters for letters, v in cells.items()}
    id_letters, name_letters = by_text[LIST_ID_HEADER], by_text.get(LIST_NAME_HEADER, "")
    errors = _Errors()
    sheet = ListSheet(header_row=header_row)
    seen: dict[str, int] = {}
    parse_id = idnumbers.parse
    for number, values in rows:
        raw = values.get(id_letters)
        name = values.get(name_letters) if name_letters else None
        if (raw is None or raw == "") and (name is None or name == ""):
            continue
        try:
            info = parse_id(raw if type(raw) is str else parse_text(raw), today=today)
        except idnumbers.IdNumberError as exc:
            hint = ("（该单元格是数字格式，Excel 会改写18位数字的末几位：请将本列设为文本格式后重新填写）"
                    if isinstance(raw, (int, float)) and not isinstance(raw, bool) else "")
            errors.add(f"第{number}行「{LIST_ID_HEADER}」（{id_letters}列）：{exc}{hint}")
        else:
            first = seen.get(info.number)
            if first is not None:
                errors.add(f"第{number}行「{LIST_ID_HEADER}」（{id_letters}列）：与第{first}行重复")
            else:
                seen[info.number] = number
                sheet.entries.append((number, info.number, parse_text(name)))
        if errors.full:
            break
        if len(sheet.entries) > MAX_LIST_ROWS:
            raise ImportRejected([f"名单超过 {MAX_LIST_ROWS} 人，请分开导入"])
    if errors:
        raise ImportRejected(list(errors))
    if not sheet.entries:
        raise ImportRejected([f"表头（第{header_row}行）下没有名单数据"])
    return sheet


MAX_LIST_ROWS = 1_000_000
