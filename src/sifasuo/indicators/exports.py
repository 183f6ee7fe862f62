"""Exports of the dashboard's chart data (CSV or Excel) and of the assessment table (Excel)."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from django.http import HttpResponse

from sifasuo.core.exports import xlsx_response
from sifasuo.core.spreadsheets import Book, table_bytes


def table_response(name: str, header: list[str], rows: list[list], fmt: str) -> HttpResponse:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name + '.csv')}"
        return response
    return xlsx_response(name + ".xlsx", table_bytes(name, header, rows))


def scores_workbook(scheme, scores) -> bytes:
    """年度考核及绩效经费分配表: offices as rows, months and items, composite, rank, fund; a total row."""
    book = Book()
    months = sorted({m for s in scores for m in s.monthly})
    ws = book.add_sheet("考核结果", heading=f"{scheme.unit.name}{scheme.year}年司法所工作考核及绩效经费分配表")
    ws.append([f"分配办法：{scheme.get_formula_display()}；绩效经费总额 {scheme.fund_total} 元"])
    ws.header(["排名", "司法所", *[f"{m} 月度得分" for m in months], "年度综合得分", "绩效经费（元）"])
    for s in scores:
        ws.append([s.rank, s.unit.name, *[s.monthly.get(m, {}).get("total") for m in months],
                   float(s.composite), float(s.fund)])
    ws.append(["", "合计", *["" for _ in months], "", float(sum(s.fund for s in scores))])
    items = book.add_sheet("月度明细")
    names = [i.name for i in scheme.items.all()]
    items.header(["司法所", "月份", *names, "合计"])
    for s in scores:
        for m in months:
            detail = s.monthly.get(m)
            if detail:
                items.append([s.unit.name, m, *[detail.get(n) for n in names], detail["total"]])
    return book.to_bytes()
