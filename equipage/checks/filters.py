"""Filters of the findings in the API (`/api/v1/findings/`)."""

from __future__ import annotations

import django_filters

from equipage.core.filters import KnownChoiceFilter
from equipage.core.vocabulary import Severity

from .models import StoredFinding


class FindingFilter(django_filters.FilterSet):
    product = django_filters.CharFilter(field_name="product__slug", help_text="Identifiant d’adresse d’un produit")
    severity = KnownChoiceFilter(choices=Severity.choices, help_text="Gravité")

    class Meta:
        model = StoredFinding
        fields = ["product", "severity"]
