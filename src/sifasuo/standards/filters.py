"""Filters of the standardization lists, shared by the pages and the API."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q

from sifasuo.core.filters import FilterSet, within
from sifasuo.orgunits.models import OrgUnit

from .choices import BuildStatus, EquipmentStatus, FollowUpStatus, ProgressStatus
from .models import (EquipmentItem, FollowUp, Inspection, MilestoneProgress, OfficeProfile, Plan,
                     WorkstationProfile)

COMPLIANCE = [("met", "全部达标"), ("unmet", "未达标")]
YES = [("1", "是")]


class _WithinFilterSet(FilterSet):
    """`within`: the rows whose unit (its path at `unit_path`) lies under the unit with that code."""

    unit_path = "unit__path"
    within = django_filters.CharFilter(method="filter_within", label="所属单位代码（含下级）")

    def filter_within(self, queryset, name, value):
        return within(queryset, self.unit_path, value)


class OfficeFilterSet(_WithinFilterSet):
    unit_path = "path"
    q = django_filters.CharFilter(method="filter_q", label="名称或代码")
    compliance = django_filters.ChoiceFilter(choices=COMPLIANCE, method="filter_compliance", label="达标情况")

    class Meta:
        model = OrgUnit
        fields = ["q", "within", "compliance"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(code__startswith=value) | Q(name__icontains=value))

    def filter_compliance(self, queryset, name, value):
        from . import selectors

        user = self.request.user if self.request else None
        root = user.unit.path if user is not None and user.unit_id else "/"
        compliant = {c.unit.id for c in self._checks(selectors, root) if c.compliant}
        return queryset.filter(id__in=compliant) if value == "met" else queryset.exclude(id__in=compliant)

    def _checks(self, selectors, root):
        return selectors.office_checks(root)


class WorkstationFilterSet(OfficeFilterSet):
    status = django_filters.ChoiceFilter(choices=BuildStatus.choices, label="建设状态",
                                         field_name="standard_workstation__status")
    overdue = django_filters.ChoiceFilter(choices=YES, method="filter_overdue", label="逾期未建成")

    class Meta:
        model = OrgUnit
        fields = ["q", "within", "status", "overdue", "compliance"]

    def filter_overdue(self, queryset, name, value):
        return (queryset.filter(standard_workstation__deadline__lt=datetime.date.today())
                .exclude(standard_workstation__status=BuildStatus.BUILT))

    def _checks(self, selectors, root):
        return selectors.workstation_checks(root)


class OfficeProfileFilterSet(_WithinFilterSet):
    class Meta:
        model = OfficeProfile
        fields = ["within", "director_rank", "tenure"]


class WorkstationProfileFilterSet(_WithinFilterSet):
    class Meta:
        model = WorkstationProfile
        fields = ["within", "status"]


class EquipmentFilterSet(_WithinFilterSet):
    status = django_filters.ChoiceFilter(choices=EquipmentStatus.choices, label="状态")

    class Meta:
        model = EquipmentItem
        fields = ["within", "item", "status"]


class PlanFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="方案名称")

    class Meta:
        model = Plan
        fields = ["q", "kind"]


class ProgressFilterSet(_WithinFilterSet):
    plan = django_filters.CharFilter(field_name="milestone__plan__code", label="方案代码")
    status = django_filters.ChoiceFilter(choices=ProgressStatus.choices, label="进展")
    overdue = django_filters.ChoiceFilter(choices=YES, method="filter_overdue", label="已逾期")

    class Meta:
        model = MilestoneProgress
        fields = ["plan", "status", "within", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return (queryset.filter(milestone__deadline__lt=datetime.date.today())
                .exclude(status=ProgressStatus.DONE))


class InspectionFilterSet(_WithinFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="被检查单位")
    since = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte", label="检查日期起")

    class Meta:
        model = Inspection
        fields = ["q", "within", "since"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(unit__name__icontains=value.strip()) | Q(unit__code__startswith=value.strip()))


class FollowUpFilterSet(_WithinFilterSet):
    unit_path = "inspection__unit__path"
    status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices, label="状态")

    class Meta:
        model = FollowUp
        fields = ["status", "within", "inspection"]
