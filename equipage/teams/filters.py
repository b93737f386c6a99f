"""Filters of the people page (`/personnes/`) and of the team memberships in the API (`/api/v1/memberships/`)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from equipage.core.filters import FilterForm, IdFilter, is_true
from equipage.people.models import Organisation, Person

from .models import Membership, current_total_share

LOAD_CHOICES = [("surcharge", "Plus de 100 %"), ("sans", "Aucun rôle en cours")]
SORTS = {
    "nom": ("last_name", "first_name"),
    "temps_desc": ("-total_share", "last_name", "first_name"),
    "temps_asc": ("total_share", "last_name", "first_name"),
    "organisation": ("organisation__name", "last_name", "first_name"),
}
SORT_CHOICES = [
    ("nom", "Nom"),
    ("temps_desc", "Temps total, du plus élevé au plus faible"),
    ("temps_asc", "Temps total, du plus faible au plus élevé"),
    ("organisation", "Organisation"),
]


class MembershipFilter(django_filters.FilterSet):
    product = django_filters.CharFilter(field_name="product__slug", help_text="Identifiant d’adresse du produit")
    person = IdFilter(field_name="person_id", help_text="Identifiant de la personne")
    current = django_filters.CharFilter(method="filter_current", help_text="true : seulement les rôles en cours")

    class Meta:
        model = Membership
        fields = ["product", "person", "current"]

    def filter_current(self, queryset, name, value):
        return queryset.current() if is_true(value) else queryset


class PersonListFilter(django_filters.FilterSet):
    """The filters of `/personnes/`: search, organisation, people above 100 %, and the order of the list."""

    q = django_filters.CharFilter(label="Rechercher une personne", method="filter_search", max_length=100)
    organisation = django_filters.ModelChoiceFilter(
        label="Organisation", queryset=Organisation.objects.order_by("name"), empty_label="Toutes"
    )
    charge = django_filters.ChoiceFilter(
        label="Temps sur les produits",
        choices=LOAD_CHOICES,
        empty_label="Tous",
        method="filter_load",
    )
    tri = django_filters.ChoiceFilter(label="Trier par", choices=SORT_CHOICES, empty_label=None, method="sort")

    class Meta:
        model = Person
        form = FilterForm
        fields = ["q", "organisation", "charge", "tri"]

    def filter_queryset(self, queryset):
        queryset = queryset.annotate(total_share=current_total_share())
        if not self.form.is_valid():
            return queryset.order_by("last_name", "first_name")
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("tri"):
            queryset = queryset.order_by("last_name", "first_name")
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(first_name__icontains=value) | Q(last_name__icontains=value) | Q(email__icontains=value)
        )

    def filter_load(self, queryset, name, value):
        if value == "surcharge":
            return queryset.filter(total_share__gt=100)
        if value == "sans":
            return queryset.filter(total_share=0)
        return queryset

    def sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["nom"]))
