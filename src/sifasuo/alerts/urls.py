from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("rules/", views.RuleListView.as_view(), name="rules"),
]
