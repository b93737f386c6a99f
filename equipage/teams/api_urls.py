"""API routes of the teams app, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from equipage.core.api_routes import viewset_routes

from .api import MembershipViewSet, PersonViewSet, RoleCatalogueView

urlpatterns = [
    path("roles/", RoleCatalogueView.as_view(), name="roles"),
    *viewset_routes("people", PersonViewSet, "person"),
    *viewset_routes("memberships", MembershipViewSet, "membership"),
]
