"""Filters of office administration's lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters

from sifasuo.core.filters import FilterSet, YearFilter, within_method

from .choices import BudgetHeading, DocumentKind
from .models import Expense, InspectionHosting, OperatingBudget, WorkDocument

WITHIN = "单位代码（含下级）"


class _WithinFilterSet(FilterSet):
    """Every list of office administration is filtered by the office's unit and the units under it."""

    within = django_filters.CharFilter(method=within_method("unit__path"), label=WITHIN)


class ExpenseFilterSet(_WithinFilterSet):
    heading = django_filters.ChoiceFilter(choices=BudgetHeading.choices, label="经费科目")
    year = YearFilter(field_name="spent_on", lookup_expr="year", label="年度")
    q = django_filters.CharFilter(field_name="description", lookup_expr="contains", label="用途")

    class Meta:
        model = Expense
        fields = ["within", "heading", "year", "q"]


class BudgetFilterSet(_WithinFilterSet):
    heading = django_filters.ChoiceFilter(choices=BudgetHeading.choices, label="经费科目")
    year = YearFilter(label="年度")

    class Meta:
        model = OperatingBudget
        fields = ["within", "heading", "year"]


class HostingFilterSet(_WithinFilterSet):
    year = YearFilter(field_name="hosted_on", lookup_expr="year", label="年度")

    class Meta:
        model = InspectionHosting
        fields = ["within", "year"]


class DocumentFilterSet(_WithinFilterSet):
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label="材料类别")
    year = YearFilter(label="年度")

    class Meta:
        model = WorkDocument
        fields = ["within", "kind", "year"]
