"""The account list's filters."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from sifasuo.core.filters import FilterSet

from .models import User
from .roles import Role


class UserFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="账号或姓名")
    role = django_filters.ChoiceFilter(choices=Role.choices, label="角色")
    is_active = django_filters.BooleanFilter(label="启用")

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))
