"""Excel import of an office's equipment asset ledger (WH-7): the sheet lands whole or not at all, every
problem named by row and column."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from sifasuo.core.importers import ImportColumn, ImportRejected, ParsedRow, parse_date, parse_int, parse_text
from sifasuo.orgunits.models import OrgUnit

from . import selectors, services
from .choices import EquipmentStatus

STATUS_BY_LABEL = {label: value for value, label in EquipmentStatus.choices}

COLUMNS = [
    ImportColumn("装备类别", "item", required=True, example="电脑",
                 help="标准规定的类别之一（如 工作用车、电脑、电话、打印机、传真机、照相机）"),
    ImportColumn("品名型号", "name", required=True, example="联想 启天M428"),
    ImportColumn("资产编号", "asset_number", example="ZC-2023-001", help="本所资产账目内不得重复"),
    ImportColumn("数量", "quantity", parse_int, example=1, help="1 至 500"),
    ImportColumn("购置日期", "acquired_on", parse_date, example="2023-05-10"),
    ImportColumn("状态", "status", example="在用", help="、".join(EquipmentStatus.labels) + "；不填为在用"),
    ImportColumn("备注", "note"),
]


def import_equipment(*, rows: list[ParsedRow], unit: OrgUnit, user) -> list:
    standard, _ = selectors.standard_for(unit)
    if standard is None:
        raise ImportRejected([f"「{unit.name}」所在地区没有适用的建设标准"])
    by_name = {name: code for code, name in standard.items_of("equipment").items()}
    codes = set(by_name.values())
    errors, data = [], []
    for r in rows:
        item = parse_text(r.values["item"])
        code = by_name.get(item, item if item in codes else None)
        if code is None:
            errors.append(f"第{r.number}行「装备类别」：「{item}」不是《{standard.name}》规定的装备类别，"
                          f"可选：{'、'.join(by_name)}")
        status = r.values.get("status") or "在用"
        if status not in STATUS_BY_LABEL and status not in EquipmentStatus.values:
            errors.append(f"第{r.number}行「状态」：「{status}」无效，可选：{'、'.join(STATUS_BY_LABEL)}")
        data.append({"item": code, "name": r.values["name"], "asset_number": r.values.get("asset_number") or "",
                     "quantity": r.values.get("quantity") or 1, "acquired_on": r.values.get("acquired_on"),
                     "status": STATUS_BY_LABEL.get(status, status), "note": r.values.get("note") or ""})
    if errors:
        raise ImportRejected(errors)
    try:
        return services.bulk_add_equipment(actor=user, unit=unit, rows=data, row_numbers=[r.number for r in rows])
    except ValidationError as exc:
        raise ImportRejected(list(exc.messages)) from exc
