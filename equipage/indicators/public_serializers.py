"""The public statistics as open data (`/statistiques.json`, `/produits/<slug>/statistiques.json`), through
DRF serializers like the rest of the API. Numbers are JSON numbers (decimal point), dates ISO 8601,
text UTF-8: the usual open-data conventions. Anyone may read them, without an account.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.urls import reverse
from rest_framework import serializers

from .models import Indicator
from .progress import state_of

LICENCE = "Licence Ouverte / Open Licence 2.0"


def json_response(data) -> HttpResponse:
    """UTF-8 JSON, indented a little for the curious reader: what the public pages link to."""
    return HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")


class PublicPageSerializer(serializers.Serializer):
    """A product with its public statistics page's absolute address."""

    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, product) -> str:
        return self.context["request"].build_absolute_uri(reverse("indicators:public_product", args=[product.slug]))


class PublicProductSerializer(PublicPageSerializer):
    pitch = serializers.CharField()

    class Meta:
        fields = ["slug", "name", "pitch", "url"]

    def get_fields(self):
        fields = super().get_fields()
        return {name: fields[name] for name in self.Meta.fields}


class PublicMeasurementSerializer(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.FloatField()


class PublicIndicatorSerializer(serializers.ModelSerializer):
    """A published indicator and its valid measurements (`context["measurements"][indicator.pk]`, oldest first)."""

    objective = serializers.CharField(source="objective.title")
    unit_label = serializers.SerializerMethodField()
    baseline = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    status = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    last_update = serializers.SerializerMethodField()
    measurements = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "objective",
            "definition",
            "unit",
            "unit_label",
            "direction",
            "baseline",
            "baseline_date",
            "target",
            "target_date",
            "frequency",
            "source",
            "status",
            "progress",
            "last_update",
            "measurements",
        ]

    def _measurements(self, indicator: Indicator) -> list[dict]:
        return self.context["measurements"][indicator.pk]

    def _state(self, indicator: Indicator):
        if not hasattr(indicator, "_public_state"):
            measurements = self._measurements(indicator)
            last = measurements[-1] if measurements else None
            indicator.last_value = last and last["value"]
            indicator.last_date = last and last["date"]
            indicator._public_state = state_of(indicator, self.context["today"])
        return indicator._public_state

    def get_unit_label(self, indicator: Indicator) -> str:
        return indicator.unit_label or indicator.get_unit_display()

    def get_status(self, indicator: Indicator) -> str:
        return self._state(indicator).status.value

    def get_progress(self, indicator: Indicator) -> float | None:
        progress = self._state(indicator).progress
        return None if progress is None else round(progress, 4)

    def get_last_update(self, indicator: Indicator) -> str | None:
        measurements = self._measurements(indicator)
        return measurements[-1]["date"].isoformat() if measurements else None

    def get_measurements(self, indicator: Indicator) -> list[dict]:
        return PublicMeasurementSerializer(self._measurements(indicator), many=True).data


class ProductStatisticsSerializer(serializers.Serializer):
    """`/produits/<slug>/statistiques.json`: the product, when it was generated, its published indicators."""

    product = serializers.SerializerMethodField()
    generated_at = serializers.SerializerMethodField(help_text="ISO 8601, UTC, à la seconde.")
    licence = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()

    def get_generated_at(self, data) -> str:
        return data["generated_at"].isoformat(timespec="seconds")

    def get_product(self, data) -> dict:
        return PublicProductSerializer(data["product"], context=self.context).data

    def get_licence(self, data) -> str:
        return LICENCE

    def get_indicators(self, data) -> list[dict]:
        return PublicIndicatorSerializer(data["indicators"], many=True, context=self.context).data


class CountSerializer(serializers.Serializer):
    """A (key, label, count) row of the portfolio statistics, under the given key name."""

    def __init__(self, *args, key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key

    def to_representation(self, row) -> dict:
        key, label, count = row
        return {self.key: key, "label": label, "products": count}


class PortfolioStatisticsSerializer(serializers.Serializer):
    """`/statistiques.json`: the portfolio's own figures (a `selectors.PortfolioStatistics`)."""

    generated_on = serializers.DateField()
    licence = serializers.SerializerMethodField()
    active_products = serializers.IntegerField()
    public_services = serializers.IntegerField()
    publishing_statistics = serializers.IntegerField()
    with_objectives = serializers.IntegerField()
    indicators = serializers.IntegerField()
    published_indicators = serializers.IntegerField()
    measurements = serializers.IntegerField()
    by_phase = serializers.SerializerMethodField()
    by_governance = serializers.SerializerMethodField()
    statistics_pages = PublicPageSerializer(source="publishing_products", many=True)

    def get_licence(self, stats) -> str:
        return LICENCE

    def get_by_phase(self, stats) -> list[dict]:
        return [CountSerializer(row, key="phase").data for row in stats.by_phase]

    def get_by_governance(self, stats) -> list[dict]:
        return [CountSerializer(row, key="governance").data for row in stats.by_governance]
