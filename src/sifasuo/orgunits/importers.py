"""Import of units from an Excel sheet a bureau can fill in by hand (e.g. its villages' workstations)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from sifasuo.core.importers import (
    ImportColumn,
    ImportRejected,
    ParsedRow,
    parse_choice,
    parse_date,
    parse_flag,
    parse_int,
)
from sifasuo.core.scoping import EDIT, in_scope, not_found_message

from . import services
from .choices import Level, UnitKind
from .models import OrgUnit


COLUMNS = [
    ImportColumn("单位代码", "code", required=True, example="370102001001",
                 help="所在行政区划代码：省市县6位，乡镇街道9位，村社区12位"),
    ImportColumn("单位名称", "name", required=True, example="燕子山社区司法行政工作室"),
    ImportColumn("层级", "level", parse_choice(Level, "层级", blank=None), required=True, example="司法行政工作室",
                 help="、".join(Level.labels)),
    ImportColumn("类型", "kind", parse_choice(UnitKind, "类型", blank=None), required=True, example="社区",
                 help="、".join(UnitKind.labels)),
    ImportColumn("上级单位代码", "parent_code", required=True, example="370102001"),
    ImportColumn("行政区划名称", "division_name", example="燕子山社区居委会"),
    ImportColumn("服务人口", "population", parse_int, example=3200),
    ImportColumn("设立日期", "opened_on", parse_date, example="2017-06-30"),
    ImportColumn("地址", "address"),
    ImportColumn("联系电话", "phone"),
    ImportColumn("片区中心司法所", "is_hub", parse_flag, example="否", help="是 或 否；只有司法所可以是片区中心所"),
    ImportColumn("所属片区中心所代码", "hub_code", example="",
                 help="司法所所属片区中心所的代码（同一县区的中心所，可为本表前面的行）"),
]


def import_units(*, rows: list[ParsedRow], user) -> list[OrgUnit]:
    """Check scope for every parent, then load all rows through the tree's bulk service."""
    errors = []
    referred = {r.values["parent_code"] for r in rows} | ({r.values.get("hub_code") for r in rows} - {"", None})
    existing = {u.code: u for u in OrgUnit.objects.filter(code__in=referred).only("code", "path", "name")}
    new_codes = {r.values["code"] for r in rows}
    for r in rows:
        for field, header in (("parent_code", "上级单位代码"), ("hub_code", "所属片区中心所代码")):
            code = r.values.get(field)
            if not code:
                continue
            unit = existing.get(code)
            if (unit is not None and not in_scope(user, unit.path, EDIT)) or (unit is None and code not in new_codes):
                errors.append(f"第{r.number}行「{header}」：{not_found_message('单位代码', code)}")
    if errors:
        raise ImportRejected(errors)
    unit_rows = [services.UnitRow(
        code=r.values["code"], name=r.values["name"], level=r.values["level"], kind=r.values["kind"],
        parent_code=r.values["parent_code"], division_name=r.values.get("division_name", ""),
        population=r.values.get("population"), opened_on=r.values.get("opened_on"),
        address=r.values.get("address", ""), phone=r.values.get("phone", ""),
        is_hub=bool(r.values.get("is_hub")), hub_code=r.values.get("hub_code") or "",
    ) for r in rows]
    try:
        return services.bulk_load_units(unit_rows, row_numbers=[r.number for r in rows])
    except ValidationError as exc:
        raise ImportRejected(list(exc.messages)) from exc
