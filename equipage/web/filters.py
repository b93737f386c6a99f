"""The filters of the product list page (`/produits/`), declared with django-filter."""

from __future__ import annotations

import django_filters

from equipage.checks.store import having_severity
from equipage.core.filters import FilterForm
from equipage.core.vocabulary import Severity
from equipage.people.models import Organisation
from equipage.registry.models import Governance, Phase, Product

STATUS_CHOICES = [("actifs", "Actifs"), ("archives", "Archivés"), ("tous", "Tous")]


class ProductListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Rechercher un produit", method="filter_search", max_length=100)
    sponsor = django_filters.ModelChoiceFilter(
        label="Direction sponsor", queryset=Organisation.objects.order_by("name"), empty_label="Toutes"
    )
    phase = django_filters.ChoiceFilter(label="Phase", choices=Phase.choices, empty_label="Toutes")
    governance = django_filters.ChoiceFilter(label="Configuration", choices=Governance.choices, empty_label="Toutes")
    vigilance = django_filters.ChoiceFilter(
        label="Points de vigilance", choices=Severity.choices, empty_label="Tous les produits", method="filter_severity"
    )
    statut = django_filters.ChoiceFilter(
        label="Statut", choices=STATUS_CHOICES, empty_label=None, method="filter_status"
    )

    class Meta:
        model = Product
        form = FilterForm
        fields = ["q", "sponsor", "phase", "governance", "vigilance", "statut"]

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            return queryset.active()
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("statut"):
            queryset = queryset.active()  # active products unless asked otherwise
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_severity(self, queryset, name, value):
        return having_severity(queryset, value)

    def filter_status(self, queryset, name, value):
        if value == "archives":
            return queryset.archived()
        if value == "tous":
            return queryset
        return queryset.active()
