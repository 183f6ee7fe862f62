"""Filters of the staff pages, shared with the API."""

import datetime

import django_filters
from django.db.models import Q

from sifasuo.core.filters import YES_NO, DaysFilter, FilterSet, OrderingFilter, YearFilter, within_method

from .choices import (AssistantLevel, DutyCategory, Grade, Position, ProposalStatus, RecordKind, StaffType,
                      TrainingKind, WritingKind)
from .models import (Assessment, Contract, LevelProposal, LevelRecord, PayBenchmark, RewardDiscipline,
                     StaffMember, TrainingRecord, Transfer, WritingRecord)

ORDERINGS = [("full_name", "姓名"), ("joined_on", "到岗日期"), ("-joined_on", "到岗日期（新到旧）"),
             ("assistant_level", "层级"), ("unit__path", "单位")]


class StaffFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="姓名")
    id_number = django_filters.CharFilter(method="filter_id_number", label="身份证号码（完整18位）")
    staff_type = django_filters.ChoiceFilter(choices=StaffType.choices, label="人员类别")
    duty_category = django_filters.ChoiceFilter(choices=DutyCategory.choices, label="岗位职责类别")
    position = django_filters.ChoiceFilter(choices=Position.choices, label="职务类别")
    assistant_level = django_filters.ChoiceFilter(choices=AssistantLevel.choices, label="层级")
    unit = django_filters.CharFilter(method=within_method("unit__path"), label="单位代码（含下级）")
    serving = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", label="在岗", widget=YES_NO)
    contract_ending = django_filters.BooleanFilter(method="filter_ending", label="合同60日内到期", widget=YES_NO)
    no_pre_job = django_filters.BooleanFilter(method="filter_no_pre_job", label="缺岗前培训", widget=YES_NO)
    ordering = OrderingFilter(fields=(("full_name", "full_name"), ("joined_on", "joined_on"),
                                                     ("assistant_level", "assistant_level"),
                                                     ("unit__path", "unit__path")),
                                             field_labels={"full_name": "姓名", "joined_on": "到岗日期",
                                                           "assistant_level": "层级", "unit__path": "单位"},
                                             label="排序")

    class Meta:
        model = StaffMember
        fields = ["q", "id_number", "staff_type", "duty_category", "position", "assistant_level", "unit",
                  "serving", "contract_ending", "no_pre_job", "ordering"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value.strip()))

    def filter_id_number(self, queryset, name, value):
        # A whole number only (the rows show it masked): every record of that person, e.g. before and after
        # a transfer (DQ-4).
        return queryset.filter(id_number=value.strip().upper())

    def filter_ending(self, queryset, name, value):
        today = datetime.date.today()
        ending = Contract.objects.filter(renewals__isnull=True, end__gte=today,
                                         end__lte=today + datetime.timedelta(days=60)).values("staff_id")
        return queryset.filter(pk__in=ending) if value else queryset.exclude(pk__in=ending)

    def filter_no_pre_job(self, queryset, name, value):
        trained = TrainingRecord.objects.filter(kind=TrainingKind.PRE_JOB).values("staff_id")
        return queryset.exclude(pk__in=trained) if value else queryset.filter(pk__in=trained)


class _StaffRecordFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="staff__full_name", lookup_expr="icontains", label="姓名")
    unit = django_filters.CharFilter(method=within_method("staff__unit__path"), label="单位代码（含下级）")


class ContractFilterSet(_StaffRecordFilterSet):
    ending_within = DaysFilter(method="filter_ending", label="几日内到期")
    current = django_filters.BooleanFilter(field_name="renewals", lookup_expr="isnull", label="现行合同", widget=YES_NO)

    class Meta:
        model = Contract
        fields = ["q", "unit", "ending_within", "current"]

    def filter_ending(self, queryset, name, value):
        today = datetime.date.today()
        return queryset.filter(end__gte=today, end__lte=today + datetime.timedelta(days=int(value)),
                               staff__left_on__isnull=True)


class LevelRecordFilterSet(_StaffRecordFilterSet):
    level = django_filters.ChoiceFilter(choices=AssistantLevel.choices, label="层级")

    class Meta:
        model = LevelRecord
        fields = ["q", "unit", "level"]


class LevelProposalFilterSet(_StaffRecordFilterSet):
    year = YearFilter(label="评定年度")
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices, label="状态")

    class Meta:
        model = LevelProposal
        fields = ["q", "unit", "year", "status"]


class TrainingFilterSet(_StaffRecordFilterSet):
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices, label="培训类别")
    year = YearFilter(label="年度")
    start_from = django_filters.DateFilter(field_name="start_on", lookup_expr="gte", label="开始日期起")
    start_to = django_filters.DateFilter(field_name="start_on", lookup_expr="lte", label="开始日期止")

    class Meta:
        model = TrainingRecord
        fields = ["q", "unit", "kind", "year", "start_from", "start_to"]


class AssessmentFilterSet(_StaffRecordFilterSet):
    year = YearFilter(label="考核年度")
    grade = django_filters.ChoiceFilter(choices=Grade.choices, label="考核等次")

    class Meta:
        model = Assessment
        fields = ["q", "unit", "year", "grade"]


class RewardFilterSet(_StaffRecordFilterSet):
    kind = django_filters.ChoiceFilter(choices=RecordKind.choices, label="类别")

    class Meta:
        model = RewardDiscipline
        fields = ["q", "unit", "kind"]


class WritingFilterSet(_StaffRecordFilterSet):
    kind = django_filters.ChoiceFilter(choices=WritingKind.choices, label="类别")
    year = YearFilter(label="年度")

    class Meta:
        model = WritingRecord
        fields = ["q", "unit", "kind", "year"]


class TransferFilterSet(_StaffRecordFilterSet):
    class Meta:
        model = Transfer
        fields = ["q", "unit"]


class BenchmarkFilterSet(FilterSet):
    unit = django_filters.CharFilter(method=within_method("unit__path"), label="单位代码（含下级）")

    class Meta:
        model = PayBenchmark
        fields = ["unit"]
