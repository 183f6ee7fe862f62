"""Excel imports: the simple registers through core.importers (all or nothing, errors by row and column),
and the mediation cases row by row through core.spreadsheets' reader (100,000 rows, checked and written in
batches).
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from sifasuo.core import changelog
from sifasuo.core.idnumbers import mask
from sifasuo.core.importers import (MAX_ERRORS, ImportColumn, ImportRejected, ParsedRow, column_positions,
                                   estimate_rows, parse_choice, parse_date, parse_row, parse_text)
from sifasuo.core.spreadsheets import read_rows
from sifasuo.orgunits.models import OrgUnit

from . import bulkwrite, services
from .choices import CaseSource, CaseStatus, DisputeType, PartyRole, Sex
from .models import CaseParty, MediationCase
from .registers import RegisterSpec, import_columns, parse_decimal


class UnitCache:
    """Units by code, looked up once each (bounded by the units in scope, not by the file)."""

    def __init__(self):
        self._units: dict[str, OrgUnit | None] = {}

    def get(self, code: str) -> OrgUnit | None:
        if code not in self._units:
            self._units[code] = OrgUnit.objects.filter(code=code).first()
        return self._units[code]


def import_register(*, spec: RegisterSpec, rows: list[ParsedRow], user) -> list:
    """Check every row (read by core.importers.read_workbook in the register's import columns) through the
    register's service rules, then write all rows or none."""
    columns = import_columns(spec)
    headers = {c.field: c.header for c in columns} | {"unit": "单位代码"}
    units = UnitCache()
    problems: list[str] = []
    prepared: list[tuple[int, dict]] = []
    for row in rows:
        values = dict(row.values)
        code = values.pop("unit_code")
        unit = units.get(code)
        if unit is None:
            problems.append(f"第{row.number}行「单位代码」：单位代码 {code} 不存在")
            continue
        for name, (header, resolve) in spec.import_lookups.items():
            text = values.get(name)
            if not text:
                values[name] = None
                continue
            try:
                values[name] = resolve(text, unit)
            except ValueError as exc:
                problems.append(f"第{row.number}行「{header}」：{exc}")
        values = {k: v for k, v in values.items() if v is not None or spec.model._meta.get_field(k).null}
        prepared.append((row.number, {"unit": unit, **values}))
    if problems:
        raise ImportRejected(problems)
    try:
        return services.bulk_save_records(actor=user, model=spec.model, rows=prepared, headers=headers,
                                          identities=spec.identities)
    except ValidationError as exc:
        raise ImportRejected(list(exc.messages)) from exc


# --- mediation cases: streaming ------------------------------------------------------------------------

CASE_COLUMNS = [
    ImportColumn("单位代码", "unit_code", required=True, example="370102001", help="受理的司法所或工作室代码"),
    ImportColumn("案件编号", "number", required=True, example="（2025）调字第0001号",
                 help="同一单位同一年度内不得重复"),
    ImportColumn("登记日期", "registered_on", parse_date, required=True, example="2025-03-05"),
    ImportColumn("案件来源", "source", parse_choice(CaseSource.choices, "案件来源", blank=None), required=True,
                 example="当事人申请", help="、".join(CaseSource.labels)),
    ImportColumn("纠纷类型", "dispute_type", parse_choice(DisputeType.choices, "纠纷类型", blank=None), required=True,
                 example="邻里", help="、".join(DisputeType.labels)),
    ImportColumn("纠纷简要", "title", required=True, example="张某与李某排水沟纠纷"),
    ImportColumn("涉及金额", "amount", parse_decimal, example=5000, help="元"),
    ImportColumn("申请人", "applicant", required=True, example="张某"),
    ImportColumn("申请人性别", "applicant_sex", parse_choice(Sex.choices, "性别", blank=None), example="男"),
    ImportColumn("申请人身份证号码", "applicant_id_number", example="", help="18 位，校验位正确"),
    ImportColumn("被申请人", "respondent", example="李某"),
    ImportColumn("纠纷事实", "facts"),
]
CASE_BATCH = 2000


def _case_rows(content) -> Iterator[tuple[int, tuple]]:
    """(row number, raw cells) of the first sheet, through core's one reader."""
    rows = read_rows(content)
    first = next(rows, None)
    if first is None:
        raise ImportRejected(["文件是空的：第1行应为表头"])
    yield first
    yield from rows


def import_cases(*, content, user, today: datetime.date | None = None, progress=None) -> int:
    """Stream the sheet, check each row, bulk-insert in batches inside one transaction; any problem rolls
    everything back and is reported as 第N行「列名」：…. Returns the number of cases imported. A job's
    `progress` (core.jobs.Progress) counts the rows read and the errors found so far."""
    today = today or datetime.date.today()
    if progress is not None:
        progress.start(total=estimate_rows(content), phase="检查并写入")
    rows = _case_rows(content)
    positions = column_positions(next(rows)[1], CASE_COLUMNS)
    errors: list[str] = []
    units = UnitCache()
    allowed: dict[str, str | None] = {}   # unit code -> None when fine, else the message
    imported = 0
    try:
        with transaction.atomic(), _large_page_cache(), changelog.batch():
            batch: list[tuple[int, MediationCase, dict]] = []
            for number, raw in rows:
                if raw is None or all(c is None or parse_text(c) == "" for c in raw):
                    continue
                values, row_errors = _parse_case_row(number, raw, positions, today)
                code = values.get("unit_code")
                if code and code not in allowed:
                    unit = units.get(code)
                    problem: dict[str, list[str]] = {}
                    if unit is None:
                        problem = {"unit": [f"单位代码 {code} 不存在"]}
                    else:
                        services.check_unit(user, unit, problem, what="人民调解案件")
                    allowed[code] = "；".join(problem.get("unit", [])) or None
                if code and allowed.get(code):
                    row_errors.append(f"第{number}行「单位代码」：{allowed[code]}")
                if progress is not None:
                    progress.advance(errors=len(errors) + len(row_errors))
                if row_errors:
                    errors.extend(row_errors)
                    if len(errors) >= MAX_ERRORS:
                        break
                    continue
                unit = units.get(code)
                case = MediationCase(
                    unit=unit, year=values["registered_on"].year, number=values["number"],
                    source=values["source"], dispute_type=values["dispute_type"], title=values["title"],
                    facts=values.get("facts", ""), amount=values.get("amount"),
                    registered_on=values["registered_on"], status=CaseStatus.REGISTERED,
                    parties_display=(f"{values['applicant']} 与 {values['respondent']}" if values.get("respondent")
                                     else values["applicant"])[:200],
                )
                batch.append((number, case, values))
                if len(batch) >= CASE_BATCH:
                    # once a problem is found nothing more is written, but duplicates are still looked for
                    errors.extend(_write_batch(batch, write=not errors))
                    imported += len(batch)
                    batch = []
            if batch:
                errors.extend(_write_batch(batch, write=not errors))
                imported += len(batch)
            if not errors and imported == 0:
                errors.append("文件中没有数据行")
            if errors:
                raise ImportRejected(sorted(errors[:MAX_ERRORS], key=_row_of))
    finally:
        rows.close()
    return imported


@contextlib.contextmanager
def _large_page_cache():
    """SQLite keeps 2 MB of pages per connection by default: a 100,000-row transaction touching the indexes of
    a table of millions of rows then re-reads its own pages from the WAL again and again (4x slower at 100,000
    rows than at 20,000). A bounded 256 MB cache for the import's duration; PostgreSQL needs nothing."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _row_of(message: str) -> int:
    match = re.match(r"第(\d+)行", message)
    return int(match.group(1)) if match else 0


def _parse_case_row(number: int, raw: tuple, positions: dict[str, int], today) -> tuple[dict, list[str]]:
    values, errors = parse_row(number, raw, CASE_COLUMNS, positions)
    registered = values.get("registered_on")
    if registered and registered > today:
        errors.append(f"第{number}行「登记日期」：{registered:%Y-%m-%d} 晚于今天")
    id_number = values.get("applicant_id_number")
    if id_number:
        from sifasuo.core import idnumbers

        try:
            values["applicant_id_number"] = idnumbers.parse(id_number).number
        except idnumbers.IdNumberError as exc:
            errors.append(f"第{number}行「申请人身份证号码」：{exc}")
    return values, errors


def _write_batch(batch: list[tuple[int, MediationCase, dict]], *, write: bool = True) -> list[str]:
    """Duplicates (within the batch, or against rows already in the database, including earlier batches of
    this file) are named by row; otherwise the cases and their parties are inserted and logged."""
    errors: list[str] = []
    seen: dict[tuple, int] = {}
    for number, case, _ in batch:
        key = (case.unit_id, case.year, case.number)
        if key in seen:
            errors.append(f"第{number}行「案件编号」：与第{seen[key]}行重复（{case.number}）")
        seen[key] = number
    existing = set(MediationCase.objects.filter(
        unit_id__in={c.unit_id for _, c, _ in batch}, number__in={c.number for _, c, _ in batch},
    ).values_list("unit_id", "year", "number"))
    for number, case, _ in batch:
        if (case.unit_id, case.year, case.number) in existing:
            errors.append(f"第{number}行「案件编号」：{case.unit.name}{case.year}年已有案件编号 {case.number}")
    if errors or not write:
        return errors
    cases = [c for _, c, _ in batch]
    bulkwrite.insert(MediationCase, cases)
    ids = {(u, y, n): pk for pk, u, y, n in MediationCase.objects.filter(
        unit_id__in={c.unit_id for c in cases}, number__in=[c.number for c in cases],
    ).values_list("id", "unit_id", "year", "number")}
    parties: list[dict] = []
    by_case: dict[int, list[dict]] = {}
    for _, case, values in batch:
        case.pk = ids[(case.unit_id, case.year, case.number)]
        case._state.adding = False
        rows = [{"case_id": case.pk, "role": PartyRole.APPLICANT, "name": values["applicant"],
                 "sex": values.get("applicant_sex") or "", "id_number": values.get("applicant_id_number") or ""}]
        if values.get("respondent"):
            rows.append({"case_id": case.pk, "role": PartyRole.RESPONDENT, "name": values["respondent"]})
        parties.extend(rows)
        by_case[case.pk] = [{"role": r["role"], "name": r["name"], "id_number": mask(r.get("id_number", ""))}
                            for r in rows]
    bulkwrite.insert_values(CaseParty, parties)
    # one entry per case, its parties included (masked): the import's whole content is in the log
    bulkwrite.log_created(cases, extra=lambda case: {"parties": by_case.get(case.pk, [])})
    return []


