import django_filters
from django.db.models import Q

from sifasuo.orgunits.filters import YES_NO

from .choices import DutyCategory, StaffType
from .models import StaffMember


class StaffFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="姓名")
    staff_type = django_filters.ChoiceFilter(choices=StaffType.choices, label="人员类别")
    duty_category = django_filters.ChoiceFilter(choices=DutyCategory.choices, label="岗位职责类别")
    unit = django_filters.CharFilter(method="filter_unit", label="单位代码（含下级）")
    serving = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", label="在岗",
                                           widget=YES_NO)

    class Meta:
        model = StaffMember
        fields = ["q", "staff_type", "duty_category", "unit", "serving"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value.strip()))

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit__code__startswith=value.strip())
