from django.urls import path

from . import views

app_name = "officeadmin"

urlpatterns = [
    path("", views.FinanceView.as_view(), name="finance"),
    path("budget/<int:pk>/", views.BudgetEditView.as_view(), name="budget_edit"),
    path("expenses/", views.ExpenseListView.as_view(), name="expense_list"),
    path("expenses/new/", views.ExpenseCreateView.as_view(), name="expense_create"),
    path("hostings/", views.HostingListView.as_view(), name="hosting_list"),
    path("hostings/new/", views.HostingCreateView.as_view(), name="hosting_create"),
    path("documents/", views.DocumentListView.as_view(), name="document_list"),
    path("documents/new/", views.DocumentCreateView.as_view(), name="document_create"),
    path("documents/<int:pk>/file/", views.DocumentFileView.as_view(), name="document_file"),
    path("documents/overview/", views.DocumentOverviewView.as_view(), name="document_overview"),
]
