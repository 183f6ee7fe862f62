"""Exports of the dashboard's chart data (CSV or Excel) and of the assessment table (Excel)."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from sifasuo.core.exports import xlsx_response


def table_response(name: str, header: list[str], rows: list[list], fmt: str) -> HttpResponse:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name + '.csv')}"
        return response
    wb = Workbook()
    ws = wb.active
    ws.title = name[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return xlsx_response(name + ".xlsx", buffer.getvalue())


def scores_basis(scheme) -> str:
    """Which figures the scores were computed from (D53): the live ones, as they were when computed."""
    if scheme.computed_at is None:
        return "尚未计算"
    return (f"数据口径：实时数据（按登记簿即时汇总），计算于 {timezone.localtime(scheme.computed_at):%Y-%m-%d %H:%M}；"
            "此后补录或更正的登记须重新计算才计入")


def scores_workbook(scheme, scores) -> bytes:
    """年度考核及绩效经费分配表: offices as rows, months and items, composite, rank, fund; a total row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "考核结果"
    months = sorted({m for s in scores for m in s.monthly})
    ws.append([f"{scheme.unit.name}{scheme.year}年司法所工作考核及绩效经费分配表"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"分配办法：{scheme.get_formula_display()}；绩效经费总额 {scheme.fund_total} 元；{scores_basis(scheme)}"])
    ws.append(["排名", "司法所", *[f"{m} 月度得分" for m in months], "年度综合得分", "绩效经费（元）"])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for s in scores:
        ws.append([s.rank, s.unit.name, *[s.monthly.get(m, {}).get("total") for m in months],
                   float(s.composite), float(s.fund)])
    ws.append(["", "合计", *["" for _ in months], "", float(sum(s.fund for s in scores))])
    items = ws.parent.create_sheet("月度明细")
    names = [i.name for i in scheme.items.all()]
    items.append(["司法所", "月份", *names, "合计"])
    for s in scores:
        for m in months:
            detail = s.monthly.get(m)
            if detail:
                items.append([s.unit.name, m, *[detail.get(n) for n in names], detail["total"]])
    ws.column_dimensions["B"].width = 26
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
