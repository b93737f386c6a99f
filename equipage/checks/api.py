from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from equipage.registry.models import Product

from .engine import Severity, evaluate, get_rule


class FindingSerializer(serializers.Serializer):
    product = serializers.CharField(help_text="Identifiant d’adresse du produit")
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=Severity.choices)
    title = serializers.CharField()
    message = serializers.CharField()
    remedy = serializers.CharField()
    guide_url = serializers.CharField()


class FindingListView(APIView):
    """Les points de vigilance des produits actifs, calculés à partir des données à jour."""

    @extend_schema(
        summary="Lister les points de vigilance",
        parameters=[
            OpenApiParameter("product", str, description="Identifiant d’adresse d’un produit"),
            OpenApiParameter("severity", str, enum=Severity.values, description="Gravité"),
        ],
        responses=FindingSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        products = Product.objects.active().for_listing().order_by("name")
        if request.query_params.get("product"):
            products = products.filter(slug=request.query_params["product"])
        severity = request.query_params.get("severity", "")
        if severity and severity not in Severity.values:
            raise ValidationError({"severity": [f"Valeur inconnue : attendu l’une de {', '.join(Severity.values)}."]})
        products = list(products)
        findings = evaluate(products)
        rows = [
            {
                "product": product.slug,
                "code": finding.code,
                "severity": finding.severity,
                "title": get_rule(finding.code).title,
                "message": finding.message,
                "remedy": finding.remedy,
                "guide_url": finding.guide_url,
            }
            for product in products
            for finding in findings.get(product.pk, [])
            if not severity or finding.severity == severity
        ]
        return Response(FindingSerializer(rows, many=True).data)
