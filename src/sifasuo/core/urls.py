from django.urls import path

from . import holiday_views, home_views, job_views, sensitive_views, views

app_name = "core"

urlpatterns = [
    path("", home_views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("changelog/", views.ChangeLogListView.as_view(), name="changelog_list"),
    path("changelog/<int:pk>/", views.ChangeLogDetailView.as_view(), name="changelog_detail"),
    path("jobs/", job_views.JobListView.as_view(), name="job_list"),
    path("jobs/<uuid:pk>/", job_views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<uuid:pk>/progress/", job_views.JobProgressView.as_view(), name="job_progress"),
    path("jobs/<uuid:pk>/download/", job_views.JobDownloadView.as_view(), name="job_download"),
    path("sensitive-access/", sensitive_views.SensitiveAccessListView.as_view(), name="sensitive_list"),
    path("calendar/", holiday_views.CalendarView.as_view(), name="calendar"),
    path("calendar/edit/", holiday_views.CalendarEditView.as_view(), name="calendar_edit"),
]
