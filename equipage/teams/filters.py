"""Filters of the people page (`/personnes/`) and of the team memberships in the API (`/api/v1/memberships/`)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from equipage.core.filters import FilterForm, is_true
from equipage.people.models import Person

from .models import Membership


class MembershipFilter(django_filters.FilterSet):
    product = django_filters.CharFilter(field_name="product__slug", help_text="Identifiant d’adresse du produit")
    person = django_filters.NumberFilter(field_name="person_id", help_text="Identifiant de la personne")
    current = django_filters.CharFilter(method="filter_current", help_text="true : seulement les rôles en cours")

    class Meta:
        model = Membership
        fields = ["product", "person", "current"]

    def filter_current(self, queryset, name, value):
        return queryset.current() if is_true(value) else queryset


class PersonListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Rechercher une personne", method="filter_search", max_length=100)

    class Meta:
        model = Person
        form = FilterForm
        fields = ["q"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(first_name__icontains=value) | Q(last_name__icontains=value) | Q(email__icontains=value)
        )
