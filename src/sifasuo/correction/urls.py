from django.urls import path

from . import views

app_name = "correction"


def _actions(view, actions, prefix=""):
    return [path(f"{prefix}<int:pk>/{a.name.split('_', 1)[-1] if prefix else a.name}/", view.as_view(action=a.name),
                 name=a.name) for a in actions]


urlpatterns = [
    path("", views.SubjectListView.as_view(), name="list"),
    path("print/", views.SubjectPrintView.as_view(), name="print"),
    path("new/", views.SubjectCreateView.as_view(), name="create"),
    path("import/", views.SubjectImportView.as_view(), name="import"),
    path("<int:pk>/", views.SubjectDetailView.as_view(), name="detail"),
    *_actions(views.ActionView, views.SUBJECT_ACTIONS),
    *_actions(views.LeaveActionView, views.LEAVE_ACTIONS, "leaves/"),
    *_actions(views.LocationActionView, views.LOCATION_ACTIONS, "locations/"),
    path("investigations/", views.InvestigationListView.as_view(), name="investigation_list"),
    path("investigations/new/", views.InvestigationCreateView.as_view(), name="investigation_create"),
    path("investigations/<int:pk>/", views.InvestigationDetailView.as_view(), name="investigation_detail"),
    *_actions(views.InvestigationActionView, views.INVESTIGATION_ACTIONS, "investigations/"),
]
