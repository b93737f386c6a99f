from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from equipage.core.vocabulary import Area, Level, Severity
from equipage.registry.guards import ProductScopedAPIMixin

from .engine import get_rule, iter_rules
from .filters import FindingFilter
from .models import StoredFinding
from .sheet import product_level
from .store import current_findings


class FindingSerializer(serializers.ModelSerializer):
    product = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Identifiant d’adresse du produit"
    )
    severity = serializers.ChoiceField(choices=Severity.choices)
    title = serializers.SerializerMethodField()
    guide_url = serializers.SerializerMethodField()
    owner = serializers.StringRelatedField(help_text="Personne qui répond du point (d’après la matrice du produit)")
    waived_until = serializers.DateField(
        read_only=True, help_text="Fin de la dérogation acceptée qui le couvre (il ne compte pas contre le niveau)"
    )

    class Meta:
        model = StoredFinding
        fields = ["product", "code", "severity", "title", "message", "remedy", "guide_url", "owner", "waived_until"]

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
        findings = current_findings().filter(product__archived_at__isnull=True).select_related("product", "owner")
        return findings.order_by("product__name", "product_id", "rank", "code", "position")


class RuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    severity = serializers.ChoiceField(choices=Severity.choices)
    area = serializers.ChoiceField(choices=Area.choices, help_text="Domaine")
    level = serializers.ChoiceField(choices=Level.choices, help_text="Niveau auquel la règle appartient")
    activity = serializers.CharField(help_text="Activité de la matrice des responsabilités dont elle relève")
    guide_url = serializers.CharField()


@extend_schema(summary="Lister les règles de vigilance, avec leur domaine et leur niveau")
class RuleListView(generics.ListAPIView):
    """Le catalogue des règles : code, titre, gravité, domaine, niveau et activité de la matrice."""

    serializer_class = RuleSerializer
    filter_backends: list = []  # The catalogue is code, not a queryset: nothing to filter (nor to describe).

    def get_queryset(self):
        order = {level: rank for rank, level in enumerate(Level.values)}
        return sorted(iter_rules(), key=lambda rule: (order[rule.level], Area.values.index(rule.area), rule.code))


class AreaProgressSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=Area.choices)
    label = serializers.CharField()
    passed = serializers.IntegerField(help_text="Règles du domaine respectées")
    total = serializers.IntegerField(help_text="Règles du domaine")


class ProductLevelSerializer(serializers.Serializer):
    product = serializers.CharField(help_text="Identifiant d’adresse du produit")
    level = serializers.ChoiceField(choices=Level.choices)
    level_label = serializers.CharField()
    next_level = serializers.ChoiceField(choices=Level.choices, allow_null=True)
    missing_for_next_level = serializers.ListField(
        child=serializers.CharField(), help_text="Codes des règles du niveau suivant que le produit ne respecte pas"
    )
    areas = AreaProgressSerializer(many=True)


@extend_schema(summary="Lire le niveau d’un produit et sa progression par domaine", responses=ProductLevelSerializer)
class ProductLevelView(ProductScopedAPIMixin, APIView):
    """Le niveau atteint (les points couverts par une dérogation acceptée ne comptent pas), la progression par
    domaine et ce qui manque pour le niveau suivant, lus des points de vigilance enregistrés."""

    def get(self, request, slug: str):
        level = product_level(self.product)
        data = {
            "product": self.product.slug,
            "level": level.level,
            "level_label": level.level_label,
            "next_level": level.next_level,
            "missing_for_next_level": [rule.code for rule in level.missing],
            "areas": [
                {"area": item.area, "label": item.label, "passed": item.passed, "total": item.total}
                for item in level.areas
            ],
        }
        return Response(ProductLevelSerializer(data).data)
