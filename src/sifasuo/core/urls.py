from django.urls import path

from . import holiday_views, sensitive_views, views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("changelog/", views.ChangeLogListView.as_view(), name="changelog_list"),
    path("changelog/<int:pk>/", views.ChangeLogDetailView.as_view(), name="changelog_detail"),
    path("sensitive-access/", sensitive_views.SensitiveAccessListView.as_view(), name="sensitive_list"),
    path("calendar/", holiday_views.CalendarView.as_view(), name="calendar"),
    path("calendar/edit/", holiday_views.CalendarEditView.as_view(), name="calendar_edit"),
]
