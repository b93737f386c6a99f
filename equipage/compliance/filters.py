"""The filters of the compliance heat map (`/portefeuille/conformite/`), declared with django-filter."""

from __future__ import annotations

import django_filters

from equipage.registry.filters import ProductSelectionFilter

PUBLIC_SERVICE_CHOICES = [("oui", "Services publics numériques"), ("non", "Autres produits")]


class HeatMapFilter(ProductSelectionFilter):
    public = django_filters.ChoiceFilter(
        label="Service public", choices=PUBLIC_SERVICE_CHOICES, empty_label="Tous", method="filter_public"
    )

    class Meta(ProductSelectionFilter.Meta):
        fields = ["sponsor", "phase", "public"]

    def filter_public(self, queryset, name, value):
        return queryset.filter(is_public_service=value == "oui")
