from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("", views.RegistersIndexView.as_view(), name="index"),
    *views.register_urls(),
]
