"""The `within` filter every list offers, the number filters every module uses, and the filters of the change
log (shared by its page and API)."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType

from .models import ChangeLogEntry

MAX_ID = 2**63 - 1


class _IntegerFilter(django_filters.NumberFilter):
    """A whole number within bounds: anything else is a Chinese validation error (400 in the API), never a
    query the database cannot run (a year 0, a number past the column's range)."""

    field_class = forms.IntegerField
    bounds = (None, None)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", self.bounds[0])
        kwargs.setdefault("max_value", self.bounds[1])
        super().__init__(*args, **kwargs)


class YearFilter(_IntegerFilter):
    bounds = (1900, 2999)


class IdFilter(_IntegerFilter):
    bounds = (1, MAX_ID)


class DaysFilter(_IntegerFilter):
    bounds = (0, 3660)


def within(queryset, path_lookup: str, code: str):
    """Rows at or below the unit with this code (`?within=370102`); `path_lookup` reaches the row's unit path
    ("path", "unit__path", "staff__unit__path"). An unknown code gives no rows. It only narrows: what a user
    may see at all is restrict()'s."""
    from sifasuo.orgunits.models import OrgUnit

    unit = OrgUnit.objects.filter(code=code.strip()).only("path").first()
    return queryset.filter(**{f"{path_lookup}__under": unit.path}) if unit else queryset.none()


def within_method(path_lookup: str):
    """`within` as a django-filter `method=`."""
    def method(queryset, name, value):
        return within(queryset, path_lookup, value)
    return method


class ChangeLogFilterSet(django_filters.FilterSet):
    unit = django_filters.CharFilter(method="filter_unit", label="单位代码（含下级）")
    content_type = django_filters.ModelChoiceFilter(
        queryset=ContentType.objects.exclude(
            app_label__in=["auth", "contenttypes", "sessions", "admin", "axes", "otp_totp", "otp_static", "knox"]
        ).order_by("app_label", "model"),
        label="数据类型",
    )
    object_id = django_filters.CharFilter(label="对象编号")
    username = django_filters.CharFilter(lookup_expr="icontains", label="操作人")
    request_id = django_filters.UUIDFilter(label="请求编号")
    action = django_filters.ChoiceFilter(choices=ChangeLogEntry.Action.choices, label="操作")
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label="起始日期")
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label="截止日期")

    class Meta:
        model = ChangeLogEntry
        fields = ["unit", "content_type", "object_id", "username", "request_id", "action", "since", "until"]

    def filter_unit(self, queryset, name, value):
        return within(queryset, "unit_path", value)
