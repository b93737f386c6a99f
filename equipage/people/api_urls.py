"""API routes of the people app, included under /api/v1/ (inside the "api" namespace)."""

from equipage.core.api_routes import viewset_routes

from .api import OrganisationViewSet

urlpatterns = viewset_routes("organisations", OrganisationViewSet, "organisation")
