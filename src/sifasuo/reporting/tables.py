"""Statistical tables in the layout a bureau sends upward: the units directly below as rows, the report's
fields as columns, a total row; as a page, an Excel workbook and a PDF (Word through LibreOffice)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Sum
from django.utils import timezone

from sifasuo.core.documents import add_table, add_title, docx_to_pdf, new_document, to_bytes
from sifasuo.core.spreadsheets.writer import Book, Style, column_letter
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import periods
from .elements import by_code
from .models import AggregateValue, ReportTemplate

LIVE, OFFICIAL = "live", "official"
BASES = {LIVE: "实时数据（按登记簿即时汇总）", OFFICIAL: "正式数据（已审核报表）"}


@dataclass
class StatTable:
    template: ReportTemplate
    unit: OrgUnit
    start: datetime.date
    end: datetime.date
    headers: list[str]
    rows: list[tuple[OrgUnit, list[float | None]]]
    totals: list[float]
    basis: str = LIVE
    computed_at: datetime.datetime | None = None   # live: the newest figure read; official: the last approval
    approved: int = 0                              # official: rows with an approved report

    @property
    def title(self) -> str:
        return f"{self.unit.name}{periods.label(self.template.period_type, self.start)}{self.template.name}"

    @property
    def basis_label(self) -> str:
        """What the table holds, as the page, the workbook, the PDF and the print page say it (D53)."""
        when = timezone.localtime(self.computed_at).strftime("%Y-%m-%d %H:%M") if self.computed_at else ""
        if self.basis == OFFICIAL:
            return (f"数据口径：{BASES[OFFICIAL]}，{self.approved}/{len(self.rows)} 个单位已审核"
                    + (f"，最近审核于 {when}" if when else ""))
        return f"数据口径：{BASES[LIVE]}" + (f"，数据更新于 {when}" if when else "")


def build(*, template: ReportTemplate, start: datetime.date, unit: OrgUnit, basis: str = LIVE) -> StatTable:
    """The units directly below `unit` (or the office itself) with the report's fields. Live: two grouped
    queries on the aggregate table (flows summed over the period, stocks at its last month). Official: the
    units' approved reports of the template and period as approved (a unit without one: blank)."""
    if basis == OFFICIAL:
        return _official(template=template, start=start, unit=unit)
    start = periods.period_start(template.period_type, start)
    end = periods.period_end(template.period_type, start)
    level = min(unit.level + 1, Level.OFFICE)
    fields = template.fields
    elements = [f.get("element", f["code"]) for f in fields]
    # a typed-in field whose code is no data element has no figures in the aggregate table: it reads 0
    flows = [e for e in elements if e not in by_code() or by_code()[e].kind in ("flow", "report")]
    stocks = [e for e in elements if e not in flows]
    base = AggregateValue.objects.filter(level=level, unit_path__under=unit.path)
    values: dict[int, dict[str, float]] = defaultdict(dict)
    computed = []
    for uid, element, v, at in (base.filter(period__gte=start, period__lte=end, element__in=flows)
                                .values_list("unit_id", "element").annotate(v=Sum("value"), at=Max("computed_at"))
                                .order_by()):
        values[uid][element] = v
        computed.append(at)
    for uid, element, v, at in (base.filter(period=periods.month_start(end), element__in=stocks)
                                .values_list("unit_id", "element", "value", "computed_at")):
        values[uid][element] = v
        computed.append(at)
    units = list(OrgUnit.objects.filter(path__under=unit.path, level=level).order_by("path")
                 .only("id", "name", "code", "path", "level", "closed_on"))
    rows = [(u, [round(values[u.id].get(e, 0), 2) for e in elements]) for u in units
            if u.closed_on is None or u.id in values]
    totals = [round(sum(r[1][i] for r in rows), 2) for i in range(len(elements))]
    computed_at = max((at for at in computed if at), default=None)
    return StatTable(template, unit, start, end, [f["label"] for f in fields], rows, totals, LIVE, computed_at)


def _official(*, template: ReportTemplate, start: datetime.date, unit: OrgUnit) -> StatTable:
    from .choices import ReportStatus
    from .models import Report

    start = periods.period_start(template.period_type, start)
    end = periods.period_end(template.period_type, start)
    level = min(unit.level + 1, Level.OFFICE)
    fields = template.fields
    reports = {r.unit_id: r for r in Report.objects.filter(
        template=template, period_start=start, unit__path__under=unit.path, unit__level=level,
        status=ReportStatus.APPROVED).only("unit_id", "values", "approved_at")}
    units = list(OrgUnit.objects.filter(path__under=unit.path, level=level).order_by("path")
                 .only("id", "name", "code", "path", "level", "closed_on"))
    rows = []
    for u in units:
        report = reports.get(u.id)
        if report is None and u.closed_on is not None:
            continue
        rows.append((u, [None if report is None or report.values.get(f["code"]) in (None, "")
                         else round(float(report.values[f["code"]]), 2) for f in fields]))
    totals = [round(sum(r[1][i] or 0 for r in rows), 2) for i in range(len(fields))]
    approved_at = max((r.approved_at for r in reports.values() if r.approved_at), default=None)
    return StatTable(template, unit, start, end, [f["label"] for f in fields], rows, totals, OFFICIAL, approved_at,
                     len(reports))


def _num(v: float | None):
    if v is None:
        return "未审核"
    return int(v) if float(v).is_integer() else v


def xlsx(table: StatTable) -> bytes:
    book = Book()
    width = len(table.headers) + 2
    ws = book.add_sheet(table.template.name, widths=[None, 26], freeze="C4")
    ws.append([table.title], styles=[Style.TITLE_CENTER])
    ws.merge(f"A1:{column_letter(width)}1")
    ws.append([f"填报单位：{table.unit.name}", None, f"统计期：{table.start:%Y-%m-%d} 至 {table.end:%Y-%m-%d}",
               None, table.basis_label])
    ws.append(["序号", "单位", *table.headers], styles=[Style.GRID_HEADER] * width)
    for index, (unit, values) in enumerate(table.rows, start=1):
        ws.append([index, unit.name, *[_num(v) for v in values]], styles=[Style.GRID] * width)
    ws.append(["合计", None, *[_num(v) for v in table.totals]], styles=[Style.GRID_BOLD] * width)
    return book.to_bytes()


def docx(table: StatTable) -> bytes:
    doc = new_document(title=table.title, author=table.unit.name, landscape=True)
    add_title(doc, table.title, size=16)
    doc.add_paragraph(f"填报单位：{table.unit.name}　　统计期：{table.start:%Y-%m-%d} 至 {table.end:%Y-%m-%d}"
                      f"　　{table.basis_label}")
    n = len(table.headers)
    widths = [1.0, 4.0] + [max(1.0, 20.0 / max(n, 1))] * n
    rows = [[str(i), u.name, *[f"{_num(v)}" for v in values]] for i, (u, values) in enumerate(table.rows, 1)]
    rows.append(["", "合计", *[f"{_num(v)}" for v in table.totals]])
    add_table(doc, ["序号", "单位", *table.headers], rows, widths, size=7.5)
    return to_bytes(doc)


def pdf(table: StatTable) -> bytes:
    return docx_to_pdf(docx(table))
