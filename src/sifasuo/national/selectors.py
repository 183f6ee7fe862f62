"""The national dashboard (D63): indicators by province, or by the cities of one province, from the figures
the provinces sent (NationalFigure), computed with the same indicator catalog as a province's dashboard."""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Sum

from sifasuo.indicators.catalog import INDICATORS, compute_all
from sifasuo.orgunits.choices import Level

from .models import NationalFigure, NationalReceipt, NationalUnit

SHOWN = ["mediation_success_rate", "out_of_contact", "missed", "key_handover_rate"]


def period_bounds(year: int, month: int | None) -> tuple[datetime.date, datetime.date]:
    if month:
        start = datetime.date(year, month, 1)
        return start, start
    return datetime.date(year, 1, 1), datetime.date(year, 12, 1)


def dashboard(*, year: int, month: int | None, province: str | None = None) -> dict:
    """Rows of the provinces (or of one province's cities): name, indicator values, months received."""
    start, end = period_bounds(year, month)
    level = Level.CITY if province else Level.PROVINCE
    figures = NationalFigure.objects.filter(level=level, period__gte=start, period__lte=end)
    if province:
        figures = figures.filter(province_code=province)
    totals: dict[str, dict[str, float]] = {}
    for code, element, value in figures.values_list("unit_code", "element").annotate(v=Sum("value")).order_by():
        totals.setdefault(code, {})[element] = value
    latest = figures.aggregate(m=Max("period"))["m"]
    last: dict[str, dict[str, float]] = {}
    if latest:
        for code, element, value in figures.filter(period=latest).values_list("unit_code", "element", "value"):
            last.setdefault(code, {})[element] = value
    units = NationalUnit.objects.filter(level=level)
    if province:
        units = units.filter(province_code=province)
    names = dict(units.values_list("code", "name"))
    received = dict(NationalReceipt.objects.filter(period__gte=start, period__lte=end)
                    .values_list("province_code").annotate(n=Count("id")).order_by()) if not province else {}
    shown = [i for i in INDICATORS if i.code in SHOWN] + [i for i in INDICATORS if i.code not in SHOWN][:4]
    rows = []
    for code in sorted(set(totals) | set(names)):
        values = compute_all(totals.get(code, {}), last.get(code, {}))
        rows.append({"code": code, "name": names.get(code, code), "values": [values[i.code] for i in shown],
                     "offices": last.get(code, {}).get("offices"), "months": received.get(code)})
    return {"rows": rows, "indicators": shown, "start": start, "end": end, "level": level,
            "province": NationalUnit.objects.filter(code=province).first() if province else None}
