"""The project's routes plus one that fails, to see the 500 page."""

from django.db import OperationalError
from django.urls import path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("panne simulée")


def database_down_view(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


urlpatterns = [
    *project_urlpatterns,
    path("panne/", failing_view),
    path("panne-base/", database_down_view),
    path("api/v1/panne-base/", database_down_view),
]
