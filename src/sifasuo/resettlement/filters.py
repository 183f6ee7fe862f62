"""Filters of the released persons' list, shared by the page and the API."""

from __future__ import annotations

import django_filters

from sifasuo.core.filters import FilterSet, within_method

from .choices import PersonStatus, RiskTier, Source
from .models import ReleasedPerson


class PersonFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="full_name", lookup_expr="contains", label="姓名")
    status = django_filters.ChoiceFilter(choices=PersonStatus.choices, label="状态")
    source = django_filters.ChoiceFilter(choices=Source.choices, label="来源")
    risk_tier = django_filters.ChoiceFilter(choices=RiskTier.choices, label="风险等级")
    is_key = django_filters.BooleanFilter(label="重点帮教对象")
    within = django_filters.CharFilter(method=within_method("unit__path"), label="单位代码（含下级）")
    released_from_date = django_filters.DateFilter(field_name="released_on", lookup_expr="gte", label="释放日期起")
    released_to_date = django_filters.DateFilter(field_name="released_on", lookup_expr="lte", label="释放日期止")
    notice_from = django_filters.DateFilter(field_name="notice_received_on", lookup_expr="gte",
                                            label="收到预释放通知日期起")
    notice_to = django_filters.DateFilter(field_name="notice_received_on", lookup_expr="lte",
                                          label="收到预释放通知日期止")

    class Meta:
        model = ReleasedPerson
        fields = ["q", "status", "source", "risk_tier", "is_key", "within", "released_from_date", "released_to_date",
                  "notice_from", "notice_to"]
