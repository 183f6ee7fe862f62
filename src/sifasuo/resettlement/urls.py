from django.urls import path

from . import views

app_name = "resettlement"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("new/", views.PersonCreateView.as_view(), name="create"),
    path("import/", views.PersonImportView.as_view(), name="import"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="detail"),
    *[path(f"<int:pk>/{a.name}/", views.PersonActionView.as_view(action=a.name), name=a.name)
      for a in views.PERSON_ACTIONS],
]
