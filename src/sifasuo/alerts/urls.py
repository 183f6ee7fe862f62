from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("<int:pk>/", views.ItemView.as_view(), name="item"),
    path("legacy/", views.LegacyView.as_view(), name="legacy"),
    path("rules/", views.RuleListView.as_view(), name="rules"),
]
