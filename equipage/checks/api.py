from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from equipage.core.vocabulary import Severity

from .engine import get_rule
from .filters import FindingFilter
from .models import StoredFinding
from .store import current_findings


class FindingSerializer(serializers.ModelSerializer):
    product = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Identifiant d’adresse du produit"
    )
    severity = serializers.ChoiceField(choices=Severity.choices)
    title = serializers.SerializerMethodField()
    guide_url = serializers.SerializerMethodField()

    class Meta:
        model = StoredFinding
        fields = ["product", "code", "severity", "title", "message", "remedy", "guide_url"]

    def get_title(self, finding: StoredFinding) -> str:
        return get_rule(finding.code).title

    def get_guide_url(self, finding: StoredFinding) -> str:
        return get_rule(finding.code).guide_url


@extend_schema(
    summary="Lister les points de vigilance",
    parameters=[
        OpenApiParameter("product", str, description="Identifiant d’adresse d’un produit"),
        OpenApiParameter("severity", str, enum=Severity.values, description="Gravité"),
    ],
)
class FindingListView(generics.ListAPIView):
    """Les points de vigilance des produits actifs, tenus à jour à chaque modification, page par page."""

    serializer_class = FindingSerializer
    filterset_class = FindingFilter

    def get_queryset(self):
        findings = current_findings().filter(product__archived_at__isnull=True).select_related("product")
        return findings.order_by("product__name", "product_id", "rank", "code", "position")
