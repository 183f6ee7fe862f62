"""Filters of the unit list, shared by the page and /api/org-units/."""

import django_filters
from django.db.models import Q

from sifasuo.core.filters import YES_NO, FilterSet, IdFilter, within

from .choices import Level, UnitKind
from .models import OrgUnit


class OrgUnitFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="名称或代码")
    search = django_filters.CharFilter(method="filter_search", label="名称搜索")
    level = django_filters.ChoiceFilter(choices=Level.choices, label="层级")
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label="类型")
    parent = IdFilter(field_name="parent_id", label="上级单位编号")
    parent_code = django_filters.CharFilter(field_name="parent__code", label="上级单位代码")
    code_prefix = django_filters.CharFilter(field_name="code", lookup_expr="startswith", label="代码前缀")
    within = django_filters.CharFilter(method="filter_within", label="所属单位代码（含下级）")
    is_open = django_filters.BooleanFilter(field_name="closed_on", lookup_expr="isnull", label="未撤销",
                                           widget=YES_NO)
    is_hub = django_filters.BooleanFilter(label="片区中心所", widget=YES_NO)

    class Meta:
        model = OrgUnit
        fields = ["q", "level", "kind", "parent", "parent_code", "code_prefix", "within", "is_open", "is_hub"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value) | Q(division_name__icontains=value))

    def filter_within(self, queryset, name, value):
        return within(queryset, "path", value)
