"""Filters of the correction register and investigations, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from sifasuo.core.filters import FilterSet, within_method

from .choices import InvestigationStatus, SentenceType, SubjectStatus, SupervisionLevel
from .models import CorrectionSubject, InvestigationAssessment


class SubjectFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="姓名或档案编号")
    status = django_filters.ChoiceFilter(choices=SubjectStatus.choices, label="状态")
    level = django_filters.ChoiceFilter(choices=SupervisionLevel.choices, label="管理等级")
    sentence_type = django_filters.ChoiceFilter(choices=SentenceType.choices, label="矫正类别")
    flag = django_filters.ChoiceFilter(choices=[("out_of_contact", "脱管"), ("missed", "漏管")],
                                       method="filter_flag", label="脱管/漏管")
    within = django_filters.CharFilter(method=within_method("unit__path"), label="单位代码（含下级）")
    start_from = django_filters.DateFilter(field_name="start_on", lookup_expr="gte", label="起始日期起")
    start_to = django_filters.DateFilter(field_name="start_on", lookup_expr="lte", label="起始日期止")

    class Meta:
        model = CorrectionSubject
        fields = ["q", "status", "level", "sentence_type", "flag", "within", "start_from", "start_to"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__startswith=value) | Q(full_name__contains=value))

    def filter_flag(self, queryset, name, value):
        if value == "out_of_contact":
            return queryset.filter(out_of_contact_since__isnull=False)
        return queryset.filter(missed_registration=True)


class InvestigationFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="full_name", lookup_expr="contains", label="被调查人")
    status = django_filters.ChoiceFilter(choices=InvestigationStatus.choices, label="状态")
    within = django_filters.CharFilter(method=within_method("unit__path"), label="单位代码（含下级）")

    class Meta:
        model = InvestigationAssessment
        fields = ["q", "status", "within"]
