"""API of snapshots: a product's daily snapshots (its trend), newest first, readable by everyone signed in."""

from __future__ import annotations

import datetime

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from equipage.registry.guards import ProductScopedAPIMixin

from .models import ProductSnapshot
from .trends import LEVEL_LABELS


class SnapshotSerializer(serializers.ModelSerializer):
    level = serializers.SerializerMethodField(help_text="Niveau atteint ce jour-là")
    codes = serializers.SerializerMethodField(help_text="Codes des règles non respectées ce jour-là")

    class Meta:
        model = ProductSnapshot
        fields = ["day", "level", "level_rank", "blocking", "watch", "info", "codes", "opened", "closed", "level_delta"]

    def get_level(self, snapshot: ProductSnapshot) -> str:
        return LEVEL_LABELS.get(snapshot.level_rank, "")

    def get_codes(self, snapshot: ProductSnapshot) -> list[str]:
        return sorted(snapshot.code_set)


@extend_schema(
    summary="Lister les instantanés quotidiens d’un produit (sa tendance), du plus récent au plus ancien",
    parameters=[OpenApiParameter("since", str, description="Premier jour AAAA-MM-JJ (facultatif)")],
)
class ProductSnapshotsView(ProductScopedAPIMixin, generics.ListAPIView):
    serializer_class = SnapshotSerializer

    def get_queryset(self):
        snapshots = ProductSnapshot.objects.filter(product=self.product).order_by("-day")
        since = self.request.query_params.get("since")
        if since:
            try:
                snapshots = snapshots.filter(day__gte=datetime.date.fromisoformat(since))
            except ValueError as error:
                raise ValidationError({"since": [f"Date invalide : « {since} » (attendu AAAA-MM-JJ)."]}) from error
        return snapshots
