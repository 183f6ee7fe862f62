"""The assessment table (Excel), written by core.spreadsheets.writer; the dashboard's chart data goes out
through core.exports.table_response."""

from __future__ import annotations

from django.utils import timezone

from sifasuo.core.spreadsheets.writer import Book, Style


def _month_total(detail):
    if not detail:
        return None
    return "无数据" if detail.get("total") is None else detail["total"]


def scores_basis(scheme) -> str:
    """Which figures the scores were computed from (D53): the live ones, as they were when computed."""
    if scheme.computed_at is None:
        return "尚未计算"
    return (f"数据口径：实时数据（按登记簿即时汇总），计算于 {timezone.localtime(scheme.computed_at):%Y-%m-%d %H:%M}；"
            "此后补录或更正的登记须重新计算才计入")


def scores_workbook(scheme, scores) -> bytes:
    """年度考核及绩效经费分配表: offices as rows, months and items, composite, rank, fund; a total row."""
    book = Book()
    ws = book.add_sheet("考核结果", widths=[None, 26])
    months = sorted({m for s in scores for m in s.monthly})
    ws.append([f"{scheme.unit.name}{scheme.year}年司法所工作考核及绩效经费分配表"], styles=[Style.TITLE])
    ws.append([f"分配办法：{scheme.get_formula_display()}；绩效经费总额 {scheme.fund_total} 元；{scores_basis(scheme)}"])
    header = ["排名", "司法所", *[f"{m} 月度得分" for m in months], "年度综合得分", "绩效经费（元）", "得分与经费说明"]
    ws.append(header, styles=[Style.BOLD] * len(header))
    for s in scores:
        ws.append([s.rank, s.unit.name, *[_month_total(s.monthly.get(m)) for m in months],
                   float(s.composite), float(s.fund), s.explanation])
    ws.append(["", "合计", *["" for _ in months], "", float(sum(s.fund for s in scores))])
    items = book.add_sheet("月度明细")
    names = [i.name for i in scheme.items.all()]
    items.append(["司法所", "月份", *names, "迎检加分", "合计", "无数据的项目"])
    for s in scores:
        for m in months:
            detail = s.monthly.get(m)
            if detail:
                items.append([s.unit.name, m, *[detail.get(n) for n in names], detail.get("bonus") or 0,
                              _month_total(detail), "、".join(detail.get("no_data") or [])])
    return book.to_bytes()
