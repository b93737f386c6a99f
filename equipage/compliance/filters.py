"""The filters of the compliance heat map (`/portefeuille/conformite/`), declared with django-filter."""

from __future__ import annotations

import django_filters

from equipage.core.filters import KnownChoiceFilter
from equipage.registry.filters import ProductSelectionFilter

from .states import Status

PUBLIC_SERVICE_CHOICES = [("oui", "Services publics numériques"), ("non", "Autres produits")]


class HeatMapFilter(ProductSelectionFilter):
    public = django_filters.ChoiceFilter(
        label="Service public", choices=PUBLIC_SERVICE_CHOICES, empty_label="Tous", method="filter_public"
    )
    # The dashboard's figures link here: products by their most urgent state, or by their accessibility state.
    etat = KnownChoiceFilter(
        label="État le plus urgent", choices=Status.choices, empty_label="Tous", method="filter_worst"
    )
    accessibilite = KnownChoiceFilter(
        label="État de l’accessibilité", choices=Status.choices, empty_label="Tous", method="filter_accessibility"
    )

    class Meta(ProductSelectionFilter.Meta):
        fields = ["sponsor", "phase", "public", "etat", "accessibilite"]

    def filter_public(self, queryset, name, value):
        return queryset.filter(is_public_service=value == "oui")

    def filter_worst(self, queryset, name, value):
        return queryset.filter(compliance_states__worst=value)

    def filter_accessibility(self, queryset, name, value):
        return queryset.filter(compliance_states__rgaa_status=value)
