"""Filters of announcements and applications, shared by the pages and /api/recruitment-announcements/,
/api/recruitment-applications/."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from sifasuo.core.filters import FilterSet, IdFilter, YearFilter
from sifasuo.core.scoping import restrict

from . import policies
from .choices import AnnouncementStatus, ApplicationStatus, ReviewDecision
from .models import Announcement, Application, Post

YES_NO = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])


def _posts_in_scope(request):
    user = getattr(request, "user", None)
    return restrict(Post.objects.select_related("office"), user)


class AnnouncementFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="标题")
    status = django_filters.ChoiceFilter(choices=AnnouncementStatus.choices, label="状态")
    year = YearFilter(field_name="announced_on", lookup_expr="year", label="年度")

    class Meta:
        model = Announcement
        fields = ["q", "status", "year"]


class ApplicationFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="姓名")
    announcement = IdFilter(field_name="announcement_id", label="招聘公告编号")
    post = django_filters.ModelChoiceFilter(queryset=_posts_in_scope, label="报考岗位")
    track = django_filters.ChoiceFilter(choices=policies.track_choices, label="招聘渠道")  # the policies' names
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label="状态")
    eligible = django_filters.BooleanFilter(method="filter_eligible", label="资格审查通过", widget=YES_NO)

    class Meta:
        model = Application
        fields = ["q", "announcement", "post", "track", "status", "eligible"]

    def __init__(self, *args, announcement: Announcement | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if announcement is not None:
            # On an announcement's own list only its posts are offered, and its policy's track names.
            self.filters["post"].queryset = announcement.posts.select_related("office")
            policy = policies.load(announcement.policy_id)
            self.filters["track"].extra["choices"] = [(t.code, t.name) for t in policy.tracks]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(full_name__icontains=value) if value else queryset

    def filter_eligible(self, queryset, name, value):
        """The reviewed verdict (Application.eligible): an override wins over the system's conclusion."""
        if value is None:
            return queryset
        overridden = ReviewDecision.OVERRIDE_ELIGIBLE if value else ReviewDecision.OVERRIDE_INELIGIBLE
        kept = Q(review_decision__in=["", ReviewDecision.CONFIRM], auto_eligible=value)
        return queryset.filter(kept | Q(review_decision=overridden))
