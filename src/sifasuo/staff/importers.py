"""The roster (花名册) as an Excel template a bureau can fill in by hand: export and import, same columns.

The import checks every row (unit in the user's scope, ID number valid and consistent, choices, dates) and
lands whole or not at all. A row whose ID number belongs to someone already serving updates that person
(a different unit is a transfer, kept in the history); any other row adds a person. Exporting and importing
the same file changes nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core import changelog, context, idnumbers
from sifasuo.core.importers import (
    ImportColumn,
    ImportRejected,
    ParsedRow,
    notes_sheet,
    parse_choice,
    parse_date,
    parse_flag,
    template_sheet,
)
from sifasuo.core.models import SensitiveAccess
from sifasuo.core.scoping import EDIT, in_scope, not_found_message
from sifasuo.core.spreadsheets.writer import Book
from sifasuo.orgunits.models import OrgUnit

from . import services
from .choices import AssistantLevel, DutyCategory, Education, Position, StaffType
from .models import StaffMember


COLUMNS = [
    ImportColumn("单位代码", "unit_code", required=True, example="230602013", help="司法所9位或工作室12位代码"),
    ImportColumn("姓名", "full_name", required=True, example="张三"),
    ImportColumn("身份证号码", "id_number", required=True, example="230602199003150026", help="18位，末位可为X"),
    ImportColumn("人员类别", "staff_type", parse_choice(StaffType, "人员类别"), required=True, example="司法协理员",
                 help="、".join(StaffType.labels)),
    ImportColumn("岗位职责类别", "duty_category", parse_choice(DutyCategory, "岗位职责类别"), example="综合事务",
                 help="、".join(DutyCategory.labels)),
    ImportColumn("职务类别", "position", parse_choice(Position, "职务类别"), example="工作人员", help="、".join(Position.labels)),
    ImportColumn("副科级", "deputy_section_rank", parse_flag, example="否", help="是 / 否"),
    ImportColumn("学历", "education", parse_choice(Education, "学历"), example="大学本科", help="、".join(Education.labels)),
    ImportColumn("专业", "major", example="法学"),
    ImportColumn("通过法律职业资格考试", "passed_legal_exam", parse_flag, example="否", help="是 / 否"),
    ImportColumn("手机号码", "phone", example="13800000000"),
    ImportColumn("到岗日期", "joined_on", parse_date, required=True, example="2024-10-15"),
    ImportColumn("司法协理员层级", "assistant_level", parse_choice(AssistantLevel, "层级", blank=None), example="四级",
                 help="仅司法协理员填写：一级、二级、三级、四级"),
]
FIELDS = ["full_name", "staff_type", "duty_category", "position", "deputy_section_rank", "education", "major",
          "passed_legal_exam", "phone"]


def _row_values(m: StaffMember, full_id: bool) -> list:
    return [m.unit.code, m.full_name, m.id_number if full_id else idnumbers.mask(m.id_number),
            m.get_staff_type_display(), m.get_duty_category_display(), m.get_position_display(),
            "是" if m.deputy_section_rank else "否", m.get_education_display(), m.major,
            "是" if m.passed_legal_exam else "否", m.phone, m.joined_on,
            m.get_assistant_level_display() if m.assistant_level else ""]


def export_roster(queryset, user) -> bytes:
    """The template with every row of `queryset` (write-only, read in chunks). Full ID numbers only for a
    role with personal.view_full_id, and each person so exported is logged as a full view."""
    full_id = user.can("personal.view_full_id")
    book = Book()
    ws = template_sheet(book, "花名册", COLUMNS)
    accesses = []
    content_type = ContentType.objects.get_for_model(StaffMember)
    request_id = context.current().request_id
    for m in queryset.select_related("unit").order_by("unit__path", "full_name", "pk").iterator(chunk_size=2000):
        ws.append(_row_values(m, full_id))
        if full_id:
            accesses.append(SensitiveAccess(request_id=request_id, user=user, username=user.get_username(),
                                            content_type=content_type, object_id=str(m.pk),
                                            object_repr=m.full_name, field="身份证号码（花名册导出）",
                                            unit_path=m.unit.path))
            if len(accesses) >= 2000:
                SensitiveAccess.objects.bulk_create(accesses)
                accesses = []
    if accesses:
        SensitiveAccess.objects.bulk_create(accesses)
    notes_sheet(book, COLUMNS)
    return book.to_bytes()


def import_roster(*, rows: list[ParsedRow], user) -> dict[str, int]:
    """Check every row, then write all of them in one transaction. Raises ImportRejected naming each
    problem by row and column; nothing is written while any remains."""
    errors: list[str] = []
    codes = {r.values["unit_code"] for r in rows}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    numbers: dict[str, int] = {}
    checked = []
    for r in rows:
        v = r.values
        unit = units.get(v["unit_code"])
        if unit is None or not in_scope(user, unit.path, EDIT):
            errors.append(f"第{r.number}行「单位代码」：{not_found_message('单位代码', v['unit_code'])}")
        try:
            info = services.validate_person(id_number=v["id_number"], birth_date=None, sex=None)
        except ValidationError as exc:
            errors.append(f"第{r.number}行「身份证号码」：{exc.messages[0]}")
            continue
        if info.number in numbers:
            errors.append(f"第{r.number}行「身份证号码」：与第{numbers[info.number]}行重复")
        numbers[info.number] = r.number
        if v.get("assistant_level") and v["staff_type"] != StaffType.JUDICIAL_ASSISTANT:
            errors.append(f"第{r.number}行「司法协理员层级」：只有司法协理员有层级")
        if v["joined_on"] and v["joined_on"] > datetime.date.today():
            errors.append(f"第{r.number}行「到岗日期」：{v['joined_on']:%Y-%m-%d} 在今天之后")
        checked.append((r, unit, info))
    if errors:
        raise ImportRejected(errors)
    existing = {m.id_number: m for m in StaffMember.objects.filter(id_number__in=list(numbers), left_on__isnull=True)
                .select_related("unit")}
    for r, _unit, info in checked:
        m = existing.get(info.number)
        if m is not None and not in_scope(user, m.unit.path, EDIT):
            errors.append(f"第{r.number}行「身份证号码」：{idnumbers.mask(info.number)} 已在您管辖范围以外的单位在岗登记")
    if errors:
        raise ImportRejected(errors)
    created = updated = unchanged = 0
    try:
        # one batch: the rows' stale marks of the live figures are written once, not per row (D55)
        with transaction.atomic(), changelog.batch():
            for r, unit, info in checked:
                v = r.values
                data = {f: v.get(f) if v.get(f) is not None else "" for f in FIELDS}
                data["deputy_section_rank"] = bool(v.get("deputy_section_rank"))
                data["passed_legal_exam"] = bool(v.get("passed_legal_exam"))
                data["position"] = data["position"] or Position.STAFF
                level = v.get("assistant_level")
                m = existing.get(info.number)
                if m is None:
                    m = services.create_member(unit=unit, id_number=info.number, joined_on=v["joined_on"], **data)
                    if level:
                        services.set_level(actor=user, staff=m, level=level, effective_on=v["joined_on"],
                                           reason="花名册导入")
                    created += 1
                    continue
                changed = False
                if m.unit_id != unit.pk:
                    services.transfer_member(actor=user, staff=m, to_unit=unit, on=datetime.date.today(),
                                             reason="花名册导入")
                    changed = True
                for field, value in data.items():
                    if getattr(m, field) != value:
                        setattr(m, field, value)
                        changed = True
                if m.joined_on != v["joined_on"]:
                    m.joined_on = v["joined_on"]
                    changed = True
                if changed:
                    services.validate_member(m)
                    m.save()
                if level and level != m.assistant_level:
                    if m.assistant_level is None:
                        services.set_level(actor=user, staff=m, level=level, effective_on=m.joined_on,
                                           reason="花名册导入")
                    else:
                        raise ValidationError({"level": [f"第{r.number}行「司法协理员层级」：{m.full_name} 现为"
                                                         f"{m.get_assistant_level_display()}，层级调整须经年度层级评定"]})
                    changed = True
                if changed:
                    updated += 1
                else:
                    unchanged += 1
    except ValidationError as exc:
        raise ImportRejected(list(exc.messages)) from exc
    return {"created": created, "updated": updated, "unchanged": unchanged}
