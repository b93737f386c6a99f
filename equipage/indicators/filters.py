"""Filters of the measurements in the API (`/api/v1/products/<slug>/measurements/`)."""

from __future__ import annotations

import django_filters

from equipage.core.filters import is_true

from .models import Measurement


class MeasurementFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code", help_text="Code d’un indicateur")
    withdrawn = django_filters.CharFilter(method="filter_withdrawn", help_text="true pour inclure les mesures retirées")

    class Meta:
        model = Measurement
        fields = ["indicator", "withdrawn"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not is_true(self.form.cleaned_data.get("withdrawn")):
            queryset = queryset.filter(withdrawn=False)
        return queryset

    def filter_withdrawn(self, queryset, name, value):
        return queryset  # applied in filter_queryset: withdrawn measurements are left out unless asked for
