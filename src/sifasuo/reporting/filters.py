"""Filters of reports and aggregate values, shared by the pages and the API."""

import django_filters

from sifasuo.core.filters import FilterSet, within_method
from sifasuo.orgunits.choices import Level

from .choices import ReportStatus
from .periods import parse_month


def _period(field):
    def method(queryset, name, value):
        month = parse_month(value)
        return queryset.filter(**{field: month}) if month else queryset.none()
    return method


class ReportFilterSet(FilterSet):
    template = django_filters.CharFilter(field_name="template__code", label="报表代码")
    period = django_filters.CharFilter(method=_period("period_start"), label="统计期起（如 2025-03）")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label="状态")
    on_time = django_filters.BooleanFilter(label="按时上报")
    within = django_filters.CharFilter(method=within_method("unit__path"), label="单位代码（含下级）")
    q = django_filters.CharFilter(field_name="unit__name", lookup_expr="contains", label="单位名称")

    class Meta:
        from .models import Report

        model = Report
        fields = ["template", "period", "status", "on_time", "within", "q"]


class AggregateValueFilterSet(FilterSet):
    element = django_filters.CharFilter(label="数据项代码")
    period = django_filters.CharFilter(method=_period("period"), label="月份（如 2025-03）")
    level = django_filters.ChoiceFilter(choices=Level.choices[:4], label="层级")
    within = django_filters.CharFilter(method=within_method("unit_path"), label="单位代码（含下级）")
    since = django_filters.DateFilter(field_name="period", lookup_expr="gte", label="月份起")
    until = django_filters.DateFilter(field_name="period", lookup_expr="lte", label="月份止")

    class Meta:
        from .models import AggregateValue

        model = AggregateValue
        fields = ["element", "period", "level", "within", "since", "until"]
