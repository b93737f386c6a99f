"""Filters of the measurements in the API (`/api/v1/products/<slug>/measurements/`)."""

from __future__ import annotations

import django_filters

from equipage.core.filters import FilterForm, is_true

from .models import Indicator, Measurement


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


class PublicIndicatorFilter(django_filters.FilterSet):
    """The public statistics download (`statistiques.csv?indicateur=<code>`): one published indicator or all."""

    indicateur = django_filters.ModelChoiceFilter(
        label="Indicateur",
        method="filter_indicator",
        to_field_name="code",
        queryset=Indicator.objects.none(),
        error_messages={"invalid_choice": "Indicateur inconnu : aucun indicateur publié de ce produit n’a ce code."},
    )

    class Meta:
        model = Indicator
        form = FilterForm
        fields = ["indicateur"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["indicateur"].queryset = queryset

    def filter_indicator(self, queryset, name, value):
        return queryset.filter(pk=value.pk)
