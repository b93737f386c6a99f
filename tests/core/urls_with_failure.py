"""The project's routes plus one that fails, to see the 500 page."""

from django.urls import path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("panne simulée")


urlpatterns = [*project_urlpatterns, path("panne/", failing_view)]
