"""Statistical tables in the layout a bureau sends upward: the units directly below as rows, the report's
fields as columns, a total row; as a page, an Excel workbook and a PDF (Word through LibreOffice)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum

from sifasuo.core.spreadsheets import STYLE_BOX, STYLE_BOX_BOLD, STYLE_BOX_HEADER, Book
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import periods
from .elements import BY_CODE
from .models import AggregateValue, ReportTemplate


@dataclass
class StatTable:
    template: ReportTemplate
    unit: OrgUnit
    start: datetime.date
    end: datetime.date
    headers: list[str]
    rows: list[tuple[OrgUnit, list[float]]]
    totals: list[float]

    @property
    def title(self) -> str:
        return f"{self.unit.name}{periods.label(self.template.period_type, self.start)}{self.template.name}"


def build(*, template: ReportTemplate, start: datetime.date, unit: OrgUnit) -> StatTable:
    """Two grouped queries on the aggregate table (flows summed over the period, stocks at its last
    month) for the units directly below `unit` (or the office itself)."""
    start = periods.period_start(template.period_type, start)
    end = periods.period_end(template.period_type, start)
    level = min(unit.level + 1, Level.OFFICE)
    fields = template.fields
    elements = [f.get("element", f["code"]) for f in fields]
    # a typed-in field whose code is no data element has no figures in the aggregate table: it reads 0
    flows = [e for e in elements if e not in BY_CODE or BY_CODE[e].kind in ("flow", "report")]
    stocks = [e for e in elements if e not in flows]
    base = AggregateValue.objects.filter(level=level, unit_path__under=unit.path)
    values: dict[int, dict[str, float]] = defaultdict(dict)
    for uid, element, v in (base.filter(period__gte=start, period__lte=end, element__in=flows)
                            .values_list("unit_id", "element").annotate(v=Sum("value")).order_by()):
        values[uid][element] = v
    for uid, element, v in (base.filter(period=periods.month_start(end), element__in=stocks)
                            .values_list("unit_id", "element", "value")):
        values[uid][element] = v
    units = list(OrgUnit.objects.filter(path__under=unit.path, level=level).order_by("path")
                 .only("id", "name", "code", "path", "level", "closed_on"))
    rows = [(u, [round(values[u.id].get(e, 0), 2) for e in elements]) for u in units
            if u.closed_on is None or u.id in values]
    totals = [round(sum(r[1][i] for r in rows), 2) for i in range(len(elements))]
    return StatTable(template, unit, start, end, [f["label"] for f in fields], rows, totals)


def _num(v: float):
    return int(v) if float(v).is_integer() else v


def xlsx(table: StatTable) -> bytes:
    """The table as a bureau sends it: title across the table, unit and period, boxed cells, a bold total."""
    width = len(table.headers) + 2
    book = Book()
    ws = book.add_sheet(table.template.name, heading=table.title, heading_span=width,
                        widths=[8, 26, *[12] * len(table.headers)], freeze_columns=2)
    ws.append([f"填报单位：{table.unit.name}", None, f"统计期：{table.start:%Y-%m-%d} 至 {table.end:%Y-%m-%d}"])
    ws.header(["序号", "单位", *table.headers], style=STYLE_BOX_HEADER)
    boxed = [STYLE_BOX] * width
    for index, (unit, values) in enumerate(table.rows, start=1):
        ws.append([index, unit.name, *[_num(v) for v in values]], styles=boxed)
    ws.append(["合计", None, *[_num(v) for v in table.totals]], styles=[STYLE_BOX_BOLD] * width)
    return book.to_bytes()


def docx(table: StatTable) -> bytes:
    from sifasuo.recruitment.documents import _bytes, _new_document, _table, _title

    doc = _new_document(title=table.title, author=table.unit.name, landscape=True)
    _title(doc, table.title, size=16)
    doc.add_paragraph(f"填报单位：{table.unit.name}　　统计期：{table.start:%Y-%m-%d} 至 {table.end:%Y-%m-%d}")
    n = len(table.headers)
    widths = [1.0, 4.0] + [max(1.0, 20.0 / max(n, 1))] * n
    rows = [[str(i), u.name, *[f"{_num(v)}" for v in values]] for i, (u, values) in enumerate(table.rows, 1)]
    rows.append(["", "合计", *[f"{_num(v)}" for v in table.totals]])
    _table(doc, ["序号", "单位", *table.headers], rows, widths, size=7.5)
    return _bytes(doc)


def pdf(table: StatTable) -> bytes:
    from sifasuo.recruitment.documents import docx_to_pdf

    return docx_to_pdf(docx(table))
