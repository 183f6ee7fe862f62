from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("changelog/", views.ChangeLogListView.as_view(), name="changelog_list"),
    path("changelog/<int:pk>/", views.ChangeLogDetailView.as_view(), name="changelog_detail"),
]
