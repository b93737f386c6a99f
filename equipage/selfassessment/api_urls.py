"""API routes of the self-assessment app, included under /api/v1/ (inside the "api" namespace)."""

from equipage.core.api_routes import viewset_routes

from .api import ProductSelfAssessmentViewSet

urlpatterns = viewset_routes(
    r"products/(?P<product_slug>[^/.]+)/self-assessments", ProductSelfAssessmentViewSet, "product-self-assessment"
)
