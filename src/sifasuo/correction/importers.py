"""Excel import of the correction register (社区矫正对象花名册): every row checked by the same rules as the form,
duplicates inside the file and against the database named by row; the file lands whole or not at all."""

from __future__ import annotations

from django.db import transaction

from sifasuo.core.changelog import log_bulk_create
from sifasuo.core.importers import (ImportColumn, ImportRejected, ParsedRow, parse_choice, parse_date, repeated_person,
                                    row_messages, rows_with_units)

from . import services
from .choices import SentenceType, SubjectStatus, SupervisionLevel
from .models import CorrectionSubject, LevelChange




COLUMNS = [
    ImportColumn("负责单位代码", "unit_code", required=True, example="370102001", help="司法所9位或工作室12位代码"),
    ImportColumn("档案编号", "number", required=True, example="370102-2024-001"),
    ImportColumn("姓名", "full_name", required=True, example="王某某"),
    ImportColumn("身份证号码", "id_number", required=True, example="", help="18位，末位可为 X"),
    ImportColumn("罪名", "crime", required=True, example="盗窃罪"),
    ImportColumn("矫正类别", "sentence_type", parse_choice(SentenceType, "矫正类别"), required=True, example="缓刑",
                 help="、".join(SentenceType.labels)),
    ImportColumn("原判刑罚", "original_sentence", example="有期徒刑一年，缓刑二年"),
    ImportColumn("决定机关", "decided_by", example="历下区人民法院"),
    ImportColumn("生效日期", "effective_on", parse_date, required=True, example="2024-03-01"),
    ImportColumn("矫正起始日期", "start_on", parse_date, required=True, example="2024-03-01"),
    ImportColumn("矫正期满日期", "end_on", parse_date, required=True, example="2026-02-28"),
    ImportColumn("管理等级", "level", parse_choice(SupervisionLevel, "管理等级"), example="严管",
                 help="、".join(SupervisionLevel.labels) + "；不填为严管"),
    ImportColumn("报到日期", "reported_on", parse_date, example="2024-03-05", help="未报到的不填"),
    ImportColumn("居住地", "address"),
    ImportColumn("联系电话", "phone"),
]

_FIELD_HEADERS = {c.field: c.header for c in COLUMNS}
_FIELD_HEADERS.update({"unit": "负责单位代码", "status": "状态"})


@transaction.atomic
def import_subjects(*, rows: list[ParsedRow], user) -> list[CorrectionSubject]:
    numbers = {r.values["number"] for r in rows}
    taken_numbers = set(CorrectionSubject.objects.filter(number__in=numbers).values_list("number", flat=True))
    ids = {r.values["id_number"].strip().upper() for r in rows}
    open_ids = set(CorrectionSubject.objects.filter(
        id_number__in=ids, status__in=[SubjectStatus.PENDING_REPORT, SubjectStatus.SUPERVISED]).values_list(
        "id_number", flat=True))
    errors: list[str] = []
    subjects: list[CorrectionSubject] = []
    seen_numbers: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for r, unit in rows_with_units(rows, "负责单位代码", errors):
        v = r.values
        level = v.get("level") or SupervisionLevel.STRICT
        row_errors, cleaned = services.validate_subject(
            actor=user, unit=unit, number=v["number"], full_name=v["full_name"], id_number=v["id_number"],
            crime=v["crime"], sentence_type=v["sentence_type"], effective_on=v["effective_on"],
            start_on=v["start_on"], end_on=v["end_on"], level=level, reported_on=v.get("reported_on"),
            known_numbers=taken_numbers, known_ids=open_ids)
        number, id_number = cleaned["number"], cleaned["id_number"]
        if number in seen_numbers and "number" not in row_errors:
            row_errors["number"] = [f"档案编号 {number} 与第{seen_numbers[number]}行重复"]
        repeated_person(row_errors, seen_ids, id_number, r.number, valid=cleaned["info"] is not None)
        seen_numbers.setdefault(number, r.number)
        errors += row_messages(r.number, row_errors, _FIELD_HEADERS)
        if not row_errors:
            subjects.append(services._new_subject(
                unit=unit, number=number, full_name=v["full_name"], id_number=id_number, info=cleaned["info"],
                crime=v["crime"], sentence_type=v["sentence_type"], effective_on=v["effective_on"],
                start_on=v["start_on"], end_on=v["end_on"], level=level, reported_on=v.get("reported_on"),
                original_sentence=v.get("original_sentence", ""), decided_by=v.get("decided_by", ""),
                address=v.get("address", ""), phone=v.get("phone", "")))
    if errors:
        raise ImportRejected(errors)
    CorrectionSubject.objects.bulk_create(subjects, batch_size=1000)
    changes = [LevelChange(subject=s, level=s.level, changed_on=s.start_on, reason="导入时确定") for s in subjects]
    LevelChange.objects.bulk_create(changes, batch_size=1000)
    log_bulk_create(subjects)
    log_bulk_create(changes)
    return subjects
