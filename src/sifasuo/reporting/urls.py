from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.StatusView.as_view(), name="status"),
    path("mine/", views.OpenReportView.as_view(), name="open"),
    path("reports/", views.ReportListView.as_view(), name="list"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/values/", views.SaveValuesView.as_view(), name="report_save"),
    path("reports/<int:pk>/submit/", views.SubmitView.as_view(), name="report_submit"),
    path("reports/<int:pk>/approve/", views.ApproveView.as_view(), name="report_approve"),
    path("reports/<int:pk>/return/", views.ReturnView.as_view(), name="report_return"),
    path("reports/<int:pk>/unlock/", views.UnlockView.as_view(), name="report_unlock"),
    path("reports/<int:pk>/hub-review/", views.HubReviewView.as_view(), name="report_hub_review"),
    path("reports/<int:pk>/hub-return/", views.HubReturnView.as_view(), name="report_hub_return"),
    path("compile/", views.StartCompileView.as_view(), name="compile"),
    path("table/", views.StatTableView.as_view(), name="table"),
    path("table/print/", views.StatTablePrintView.as_view(), name="table_print"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/new/", views.TemplateEditView.as_view(creating=True), name="template_create"),
    path("templates/edit/", views.TemplateEditView.as_view(), name="template_edit"),
]
