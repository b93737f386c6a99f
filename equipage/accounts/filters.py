"""The filters of the sign-in journal (`/journal-des-connexions/`), declared with django-filter."""

from __future__ import annotations

import django_filters

from equipage.core.filters import FilterForm, KnownChoiceFilter

from .models import SignInEvent


class SignInJournalFilter(django_filters.FilterSet):
    evenement = KnownChoiceFilter(
        label="Événement", field_name="kind", choices=SignInEvent.Kind.choices, empty_label="Tous"
    )
    adresse = django_filters.CharFilter(
        label="Adresse électronique", field_name="email", lookup_expr="icontains", max_length=254
    )

    class Meta:
        model = SignInEvent
        form = FilterForm
        fields = ["evenement", "adresse"]
