"""API routes of the registry app, included under /api/v1/ (inside the "api" namespace)."""

from equipage.core.api_routes import viewset_routes

from .api import ProductViewSet

urlpatterns = viewset_routes("products", ProductViewSet, "product")
