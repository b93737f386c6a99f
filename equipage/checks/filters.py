"""Filters of the findings in the API (`/api/v1/findings/`) and of the portfolio page (`/portefeuille/`)."""

from __future__ import annotations

import django_filters

from equipage.core.filters import KnownChoiceFilter
from equipage.core.vocabulary import Severity
from equipage.registry.models import Product

from .models import StoredFinding
from .portfolio import DEFAULT_SORT, SORTS, portfolio_products


class FindingFilter(django_filters.FilterSet):
    product = django_filters.CharFilter(field_name="product__slug", help_text="Identifiant d’adresse d’un produit")
    severity = KnownChoiceFilter(choices=Severity.choices, help_text="Gravité")

    class Meta:
        model = StoredFinding
        fields = ["product", "severity"]


class PortfolioFilter(django_filters.FilterSet):
    """The portfolio page's selection (`/portefeuille/?tri=…&gravite=…`): an unknown value means the default."""

    gravite = django_filters.ChoiceFilter(choices=Severity.choices, method="keep")
    tri = django_filters.ChoiceFilter(choices=list(SORTS.items()), method="keep")

    class Meta:
        model = Product
        fields = ["gravite", "tri"]

    def keep(self, queryset, name, value):
        return queryset  # both apply together in filter_queryset

    @property
    def selection(self) -> tuple[str, str]:
        """(sort, severity), the defaults standing for what is missing or unknown."""
        self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return data.get("tri") or DEFAULT_SORT, data.get("gravite") or ""

    def filter_queryset(self, queryset):
        sort, severity = self.selection
        return portfolio_products(queryset, sort, severity)
