"""The log of sensitive reads (敏感信息查看记录): every full ID number shown, by whom, when, whose, where.

core.sensitive.reveal() writes a SensitiveAccess row before it shows a full identifier; administrators
(capability "changelog.view", the same roles that read the change log) browse those rows here, within
their scope, with filters, pagination and the Excel export of ScopedListView.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .filters import FilterSet
from .models import SensitiveAccess
from .scoping import in_scope, not_found_message
from .tables import Column
from .views import ScopedListView


def _model_label(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model else content_type.model


def content_type_choices() -> list[tuple[int, str]]:
    """The kinds of record that have been read in full (one query; the log only holds a few kinds)."""
    types = ContentType.objects.filter(
        pk__in=SensitiveAccess.objects.order_by().values("content_type").distinct())
    return sorted(((ct.pk, _model_label(ct)) for ct in types), key=lambda c: c[1])


class DateInput(forms.DateInput):
    input_type = "date"


class SensitiveAccessFilterSet(FilterSet):
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label="起始日期",
                                      widget=DateInput)
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label="截止日期",
                                      widget=DateInput)
    username = django_filters.CharFilter(method="filter_username", label="查看人")
    content_type = django_filters.ChoiceFilter(field_name="content_type_id", choices=content_type_choices,
                                               label="数据类型", empty_label="全部")
    field = django_filters.CharFilter(lookup_expr="icontains", label="字段")
    unit = django_filters.CharFilter(method="filter_unit", label="单位代码（含下级）")
    object_id = django_filters.CharFilter(label="对象编号")

    class Meta:
        model = SensitiveAccess
        fields = ["since", "until", "username", "content_type", "field", "unit", "object_id"]

    def get_form_class(self):
        """The form checks what a filter alone cannot: the date range's order and that the unit exists and
        lies in the user's scope, each with a Chinese message under its input."""
        base = super().get_form_class()
        request = self.request

        class SensitiveAccessFilterForm(base):
            def clean_unit(self):
                from sifasuo.orgunits.models import OrgUnit

                code = (self.cleaned_data.get("unit") or "").strip()
                if not code:
                    return code
                unit = OrgUnit.objects.filter(code=code).only("path", "name").first()
                if unit is None or (request is not None and not in_scope(request.user, unit.path)):
                    raise forms.ValidationError(not_found_message("单位代码", code))
                self.unit_path = unit.path  # read by filter_unit
                return code

            def clean(self):
                data = super().clean()
                since, until = data.get("since"), data.get("until")
                if since and until and until < since:
                    self.add_error("until", f"截止日期 {until:%Y-%m-%d} 早于起始日期 {since:%Y-%m-%d}")
                return data

        return SensitiveAccessFilterForm

    def filter_username(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(username__icontains=value) if value else queryset

    def filter_unit(self, queryset, name, value):
        path = getattr(self.form, "unit_path", None)
        return queryset.filter(unit_path__under=path) if path else queryset


def _unit_name(access: SensitiveAccess) -> str:
    return access.unit_name or access.unit_path


class SensitiveAccessListView(ScopedListView):
    model = SensitiveAccess
    capability = "changelog.view"
    filterset_class = SensitiveAccessFilterSet
    title = "敏感信息查看记录"
    template_name = "core/sensitive_list.html"
    columns = [
        Column("时间", lambda a: timezone.localtime(a.time).strftime("%Y-%m-%d %H:%M:%S")),
        Column("查看人", "username"),
        Column("数据类型", lambda a: _model_label(a.content_type)),
        Column("对象", "object_repr"),
        Column("对象编号", "object_id"),
        Column("查看字段", "field"),
        Column("条数", lambda a: "" if a.count is None else a.count),
        Column("筛选条件", "query"),
        Column("所属单位", _unit_name),
        Column("请求编号", "request_id"),
    ]

    def get_queryset(self):
        from sifasuo.orgunits.models import OrgUnit

        # The unit's current name, read in the same query (the log keeps the path, which outlives renames).
        name = OrgUnit.objects.filter(path=OuterRef("unit_path")).values("name")[:1]
        return super().get_queryset().select_related("content_type").annotate(unit_name=Subquery(name))
