"""The socle's own routes; the dashboard is composed by `equipage/web/urls.py`."""

from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from . import views
from .http import read_only

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("documentation-api/", views.api_guide, name="api_guide"),
    path(
        "favicon.ico",
        login_not_required(read_only(RedirectView.as_view(url=static("dsfr/dist/favicon/favicon.ico")))),
        name="favicon",
    ),
]
