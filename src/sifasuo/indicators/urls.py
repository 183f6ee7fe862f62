from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("alerts/", views.AlertsFragment.as_view(), name="alerts"),
    path("targets/", views.TargetsView.as_view(), name="targets"),
    path("submissions/", views.SubmissionsView.as_view(), name="submissions"),
    path("schemes/", views.SchemeListView.as_view(), name="schemes"),
    path("schemes/new/", views.SchemeCreateView.as_view(), name="scheme_create"),
    path("schemes/<int:pk>/", views.SchemeDetailView.as_view(), name="scheme_detail"),
    path("schemes/<int:pk>/compute/", views.SchemeComputeView.as_view(), name="scheme_compute"),
    path("schemes/<int:pk>/manual/", views.ManualScoreView.as_view(), name="scheme_manual"),
    path("schemes/<int:pk>/items/", views.SchemeItemsView.as_view(), name="scheme_items"),
    path("schemes/<int:pk>/manual/import/", views.ManualImportView.as_view(), name="scheme_manual_import"),
    path("scores/", views.ScoreListView.as_view(), name="scores"),
    path("annual/", views.AnnualListView.as_view(), name="annual_list"),
    path("annual/new/", views.AnnualCreateView.as_view(), name="annual_create"),
    path("annual/<int:pk>/", views.AnnualDetailView.as_view(), name="annual_detail"),
    path("annual/<int:pk>/criteria/", views.AnnualCriteriaView.as_view(), name="annual_criteria"),
    path("annual/<int:pk>/marks/", views.AnnualMarksView.as_view(), name="annual_marks"),
    path("annual/<int:pk>/finalize/", views.AnnualFinalizeView.as_view(), name="annual_finalize"),
]
