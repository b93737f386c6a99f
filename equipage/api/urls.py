from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from equipage.checks.api import FindingListView
from equipage.people.api import OrganisationViewSet
from equipage.registry.api import ProductViewSet
from equipage.selfassessment.api import ProductSelfAssessmentViewSet
from equipage.teams.api import MembershipViewSet, PersonViewSet, RoleCatalogueView

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.register("products", ProductViewSet, basename="product")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("memberships", MembershipViewSet, basename="membership")
router.register(
    r"products/(?P<product_slug>[^/.]+)/self-assessments",
    ProductSelfAssessmentViewSet,
    basename="product-self-assessment",
)

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("roles/", RoleCatalogueView.as_view(), name="roles"),
    path("findings/", FindingListView.as_view(), name="findings"),
    path("", include("equipage.governance.api_urls")),
    path("", include("equipage.compliance.api_urls")),
    path("", include("equipage.indicators.api_urls")),
    path("", include(router.urls)),
]
