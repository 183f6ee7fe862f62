"""Excel import of the register of released persons (刑满释放人员登记): pre-release notices, and persons already
released (with their collection at the gate and hand-over, if done). Every row is checked by the same rules as
the forms (services.validate_person, services.validate_release); duplicates inside the file and against the
database are named by row; the file lands whole or not at all, with one change-log entry per person (ID numbers
masked in the log)."""

from __future__ import annotations

from django.db import transaction

from sifasuo.core.changelog import log_bulk_create
from sifasuo.core.importers import (ImportColumn, ImportRejected, ParsedRow, parse_choice, parse_date, parse_flag,
                                   repeated_person, row_messages, rows_with_units)
from sifasuo.orgunits.models import OrgUnit

from . import services
from .choices import PersonStatus, RiskTier
from .models import ReleasedPerson, RiskReview




COLUMNS = [
    ImportColumn("帮教单位代码", "unit_code", required=True, example="370102001",
                 help="户籍地司法所9位或工作室12位代码"),
    ImportColumn("姓名", "full_name", required=True, example="刘某某"),
    ImportColumn("身份证号码", "id_number", required=True, help="18位，末位可为 X"),
    ImportColumn("罪名", "crime", required=True, example="盗窃罪"),
    ImportColumn("原判刑罚", "sentence", example="有期徒刑三年"),
    ImportColumn("刑期起始日期", "sentence_start_on", parse_date, example="2021-05-01"),
    ImportColumn("释放单位", "released_from", required=True, example="山东省济南监狱"),
    ImportColumn("收到预释放通知日期", "notice_received_on", parse_date, example="2024-04-01"),
    ImportColumn("预计释放日期", "expected_release_on", parse_date, required=True, example="2024-05-01"),
    ImportColumn("释放日期", "released_on", parse_date, example="2024-05-01", help="尚未释放的不填"),
    ImportColumn("重点帮教对象", "is_key", parse_flag, example="否", help="是 / 否（必接必送）"),
    ImportColumn("接回日期", "collected_on", parse_date, help="重点对象接回的日期"),
    ImportColumn("接回人员", "collected_by", help="填了接回日期的必填"),
    ImportColumn("衔接日期", "handed_over_on", parse_date, help="已到司法所报到建档的填写；帮教自此开始"),
    ImportColumn("风险等级", "risk_tier", parse_choice(RiskTier, "风险等级"), example="一般风险",
                 help="、".join(RiskTier.labels) + "；已衔接的不填为一般风险"),
    ImportColumn("户籍或居住地", "address"),
]

_FIELD_HEADERS = {c.field: c.header for c in COLUMNS}
_FIELD_HEADERS.update({"unit": "帮教单位代码"})


def _build(unit: OrgUnit, v: dict, id_number: str, info) -> ReleasedPerson:
    released_on, handed_over_on = v.get("released_on"), v.get("handed_over_on")
    person = ReleasedPerson(
        unit=unit, full_name=v["full_name"].strip(), id_number=id_number, sex=info.sex, birth_date=info.birth_date,
        address=v.get("address", ""), crime=v["crime"].strip(), sentence=v.get("sentence", ""),
        sentence_start_on=v.get("sentence_start_on"), released_from=v["released_from"].strip(),
        notice_received_on=v.get("notice_received_on"), expected_release_on=v["expected_release_on"],
        is_key=bool(v.get("is_key")), status=PersonStatus.NOTIFIED)
    if released_on:
        person.released_on = released_on
        person.assistance_until = services.assistance_end(released_on)
        person.collected_on = v.get("collected_on")
        person.collected_by = (v.get("collected_by") or "").strip()
        person.status = PersonStatus.RELEASED
    if handed_over_on:
        person.handed_over_on = person.last_contact_on = handed_over_on
        person.risk_tier = v.get("risk_tier") or RiskTier.MEDIUM
        person.risk_reviewed_on = handed_over_on
        person.status = PersonStatus.ASSISTING
    return person


@transaction.atomic
def import_persons(*, rows: list[ParsedRow], user) -> list[ReleasedPerson]:
    ids = {r.values["id_number"].strip().upper() for r in rows}
    open_ids = set(ReleasedPerson.objects.filter(id_number__in=ids, status__in=services.OPEN_STATUSES)
                   .values_list("id_number", flat=True))
    errors: list[str] = []
    persons: list[ReleasedPerson] = []
    seen_ids: dict[str, int] = {}
    for r, unit in rows_with_units(rows, "帮教单位代码", errors):
        v = r.values
        row_errors, cleaned = services.validate_person(
            actor=user, unit=unit, full_name=v["full_name"], id_number=v["id_number"], crime=v["crime"],
            released_from=v["released_from"], expected_release_on=v["expected_release_on"],
            notice_received_on=v.get("notice_received_on"), known_ids=open_ids,
            sentence_start_on=v.get("sentence_start_on"))
        for field, messages in services.validate_release(
                released_on=v.get("released_on"), sentence_start_on=v.get("sentence_start_on"),
                notice_received_on=v.get("notice_received_on"), collected_on=v.get("collected_on"),
                collected_by=v.get("collected_by", ""), handed_over_on=v.get("handed_over_on")).items():
            row_errors.setdefault(field, []).extend(messages)
        id_number = cleaned["id_number"]
        repeated_person(row_errors, seen_ids, id_number, r.number, valid=cleaned["info"] is not None)
        errors += row_messages(r.number, row_errors, _FIELD_HEADERS)
        if not row_errors:
            persons.append(_build(unit, v, id_number, cleaned["info"]))
    if errors:
        raise ImportRejected(errors)
    ReleasedPerson.objects.bulk_create(persons, batch_size=1000)
    reviews = [RiskReview(person=p, reviewed_on=p.handed_over_on, tier=p.risk_tier, note="导入时确定（衔接时评估）")
               for p in persons if p.handed_over_on]
    RiskReview.objects.bulk_create(reviews, batch_size=1000)
    log_bulk_create(persons)
    log_bulk_create(reviews)
    return persons
