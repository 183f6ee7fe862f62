"""The national dashboard: indicators by province, drill-down to a province's cities (D63)."""

from __future__ import annotations

import datetime

from django.shortcuts import render
from django.views import View

from sifasuo.core.views import CapabilityRequiredMixin, ReplicaReadsMixin
from sifasuo.reporting.pageparams import year_month_from

from . import selectors
from .models import NationalFigure


class DashboardView(ReplicaReadsMixin, CapabilityRequiredMixin, View):
    """全国汇总看板: one row per province (?province=370000: per city of that province)."""

    model = NationalFigure
    capability = "national.view"

    def get(self, request):
        year, month = year_month_from(request)
        province = request.GET.get("province", "").strip()
        province = province if province.isdigit() and len(province) == 6 else None
        data = selectors.dashboard(year=year, month=month, province=province)
        today = datetime.date.today()
        return render(request, "national/dashboard.html", {
            "title": "全国汇总看板", **data, "year": year, "month": month, "months": range(1, 13),
            "years": range(today.year - 3, today.year + 1), "province_code": province or ""})
