"""Filters of products: the product list in the API (`/api/v1/products/`) and the selection of products on the
portfolio pages (heat map, delivery portfolio…)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from equipage.core.filters import FilterForm, KnownChoiceFilter
from equipage.people.models import Organisation

from .models import Governance, Phase, Product


class ProductFilter(django_filters.FilterSet):
    archived = django_filters.CharFilter(
        method="filter_archived", help_text="true : les produits archivés ; all : tous ; sinon les produits actifs."
    )
    q = django_filters.CharFilter(method="filter_search", help_text="Texte cherché dans le nom, le pitch, l’adresse.")
    phase = KnownChoiceFilter(choices=Phase.choices)
    governance = KnownChoiceFilter(choices=Governance.choices)
    sponsor = django_filters.CharFilter(method="filter_sponsor", help_text="Sigle ou nom de la direction")

    class Meta:
        model = Product
        fields = ["archived", "q", "phase", "governance", "sponsor"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("archived"):
            queryset = queryset.active()  # active products unless asked otherwise
        return queryset

    def filter_archived(self, queryset, name, value):
        value = value.strip().lower()
        if value == "true":
            return queryset.archived()
        if value == "all":
            return queryset
        return queryset.active()

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_sponsor(self, queryset, name, value):
        return queryset.filter(Q(sponsor__acronym__iexact=value) | Q(sponsor__name__iexact=value))


def active_sponsors(request=None):
    """Only the directorates that sponsor an active product."""
    return Organisation.objects.filter(pk__in=Product.objects.active().values("sponsor_id")).order_by("name")


class ProductSelectionFilter(django_filters.FilterSet):
    """A portfolio page's choice of products: by sponsoring directorate and phase. Pages may add their own."""

    sponsor = django_filters.ModelChoiceFilter(
        label="Direction sponsor", queryset=active_sponsors, empty_label="Toutes"
    )
    phase = django_filters.ChoiceFilter(label="Phase", choices=Phase.choices, empty_label="Toutes")

    class Meta:
        model = Product
        form = FilterForm
        fields = ["sponsor", "phase"]
