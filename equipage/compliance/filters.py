"""The filters of the compliance heat map (`/portefeuille/conformite/`), declared with django-filter."""

from __future__ import annotations

import django_filters

from equipage.core.filters import FilterForm
from equipage.people.models import Organisation
from equipage.registry.models import Phase, Product

PUBLIC_SERVICE_CHOICES = [("oui", "Services publics numériques"), ("non", "Autres produits")]


def active_sponsors(request):
    """Only the directorates that sponsor an active product."""
    return Organisation.objects.filter(pk__in=Product.objects.active().values("sponsor_id")).order_by("name")


class HeatMapFilter(django_filters.FilterSet):
    sponsor = django_filters.ModelChoiceFilter(
        label="Direction sponsor", queryset=active_sponsors, empty_label="Toutes"
    )
    phase = django_filters.ChoiceFilter(label="Phase", choices=Phase.choices, empty_label="Toutes")
    public = django_filters.ChoiceFilter(
        label="Service public", choices=PUBLIC_SERVICE_CHOICES, empty_label="Tous", method="filter_public"
    )

    class Meta:
        model = Product
        form = FilterForm
        fields = ["sponsor", "phase", "public"]

    def filter_public(self, queryset, name, value):
        return queryset.filter(is_public_service=value == "oui")
