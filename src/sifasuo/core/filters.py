"""The base of every list's filters, the `within` filter every list offers, the number filters every module
uses (YearFilter, IdFilter, DaysFilter), and the filters of the change log (shared by its page and its API).

Every FilterSet of the project derives from `FilterSet` here: its form speaks Chinese like every other form
(core.forms): empty choices read "全部" (FILTERS_EMPTY_CHOICE_LABEL), yes/no filters offer 全部/是/否 rather than
Django's 未知/是/否, messages name the filter. Sorting goes through `OrderingFilter`, whose options read
"姓名（降序）", not "姓名 (descending)". All through django-filter's public interface (D70)."""

import copy

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType

from .forms import EMPTY_CHOICE, chinese_field

ALL = "全部"
# A yes/no filter: all, yes or no (the values BooleanFilter reads).
YES_NO = forms.Select(choices=[("", ALL), ("true", "是"), ("false", "否")])

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


class FilterForm(forms.Form):
    """The form of a FilterSet: Chinese messages and empty choices."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            chinese_field(field, name)
            if isinstance(field.widget, forms.NullBooleanSelect):
                field.widget = copy.deepcopy(YES_NO)
            elif isinstance(field, forms.ModelChoiceField) and str(field.empty_label) == EMPTY_CHOICE:
                field.empty_label = ALL       # chinese_field's 请选择 is for entering, not for filtering
            elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
                choices = list(field.choices)
                if choices and choices[0][0] == "" and str(choices[0][1]) == EMPTY_CHOICE:
                    field.choices = [("", ALL), *choices[1:]]


class FilterSet(django_filters.FilterSet):
    def get_form_class(self):
        """django-filter's form class for this FilterSet (its public hook), with FilterForm's Chinese in front.
        Stock django-filter builds the class per instance, so this one is too: no state is kept on it."""
        generated = super().get_form_class()
        return type(generated.__name__, (FilterForm, generated), {})


class OrderingFilter(django_filters.OrderingFilter):
    """Sorting offered in Chinese: "姓名（升序）" and "姓名（降序）"."""

    descending_fmt = "%s（降序）"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "排序")
        kwargs.setdefault("empty_label", "默认顺序")
        super().__init__(*args, **kwargs)

    def build_choices(self, fields, labels):
        choices = super().build_choices(fields, labels)
        ascending = set(fields.values())
        return [(value, f"{label}（升序）" if value in ascending else label) for value, label in choices]


def applied_filters(filterset) -> list[tuple[str, str]]:
    """(label, value as shown) of each filter the user set, for the title row of an export."""
    if filterset is None or not filterset.is_bound or not filterset.is_valid():
        return []
    form = filterset.form
    out = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        field = form.fields[name]
        choices = {str(k): str(v) for k, v in getattr(field.widget, "choices", ()) if not isinstance(v, (list, tuple))}
        if isinstance(value, bool):
            text = "是" if value else "否"
        elif isinstance(value, (list, tuple)):
            text = "、".join(choices.get(str(v), str(v)) for v in value)
        elif hasattr(value, "isoformat"):
            text = value.isoformat()
        elif hasattr(value, "pk"):
            text = str(value)
        else:
            text = choices.get(str(value), str(value))
        out.append((str(field.label or name), text))
    return out


from .models import ChangeLogEntry  # noqa: E402


class ChangeLogFilterSet(FilterSet):
    unit = django_filters.CharFilter(method="filter_unit", label="单位代码（含下级）")
    content_type = django_filters.ModelChoiceFilter(
        queryset=ContentType.objects.exclude(
            app_label__in=["auth", "contenttypes", "sessions", "admin", "axes", "otp_totp", "otp_static", "knox"]
        ).order_by("app_label", "model"),
        label="数据类型",
    )
    object_id = django_filters.CharFilter(label="对象编号")
    username = django_filters.CharFilter(lookup_expr="icontains", label="操作人账号")
    request_id = django_filters.UUIDFilter(label="请求编号")
    action = django_filters.ChoiceFilter(choices=ChangeLogEntry.Action.choices, label="操作")
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label="起始日期")
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label="截止日期")

    class Meta:
        model = ChangeLogEntry
        fields = ["unit", "content_type", "object_id", "username", "request_id", "action", "since", "until"]

    def filter_unit(self, queryset, name, value):
        return within(queryset, "unit_path", value)
