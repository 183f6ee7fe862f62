"""The project's URLs plus /bench/bare/, a view that does nothing but answer "ok"."""

from django.http import HttpResponse
from django.urls import path

from sifasuo.urls import handler403, handler404  # noqa: F401  (error handlers live in ROOT_URLCONF)
from sifasuo.urls import urlpatterns as project_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *project_urlpatterns]
