"""The API under /api/v1/: each app's routes (its `api_urls.py`, see `equipage.core.api_routes`), the API root,
the OpenAPI schema and the interactive docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import APIRootView
from rest_framework.urlpatterns import format_suffix_patterns

app_name = "api"

# The collections listed by the API root, by the name of their list route.
ROOT = {
    "products": "product-list",
    "organisations": "organisation-list",
    "people": "person-list",
    "memberships": "membership-list",
}
APPS = [
    "equipage.registry",
    "equipage.people",
    "equipage.teams",
    "equipage.selfassessment",
    "equipage.checks",
    "equipage.governance",
    "equipage.compliance",
    "equipage.indicators",
    "equipage.committees",
    "equipage.budget",
    "equipage.delivery",
    "equipage.deviations",
    "equipage.myspace",
    "equipage.trends",
    "equipage.campaigns",
]

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    *format_suffix_patterns([path("", APIRootView.as_view(api_root_dict=ROOT), name="api-root")]),
    *(path("", include(f"{app}.api_urls")) for app in APPS),
]
