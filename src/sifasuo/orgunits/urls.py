from django.urls import path

from . import views

app_name = "orgunits"

urlpatterns = [
    path("", views.OrgUnitListView.as_view(), name="list"),
    path("tree/", views.OrgUnitTreeView.as_view(), name="tree"),
    path("tree/<int:pk>/", views.OrgUnitTreeView.as_view(), name="tree_children"),
    path("autocomplete/", views.OrgUnitAutocompleteView.as_view(), name="autocomplete"),
    path("divisions/", views.DivisionChildrenView.as_view(), name="divisions"),
    path("new/", views.OrgUnitFormView.as_view(), name="create"),
    path("import/", views.OrgUnitImportView.as_view(), name="import"),
    path("<int:pk>/", views.OrgUnitDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.OrgUnitFormView.as_view(), name="edit"),
]
