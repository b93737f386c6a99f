"""The filters of the portfolio decision log (`/comites/decisions/` and its CSV), declared with django-filter."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone

from equipage.core.filters import FilterForm
from equipage.people.models import Organisation, Person
from equipage.registry.models import Product

from .models import Action, CommitteeKind, Decision, Session

ACTIONS = [("ouvertes", "Avec des actions ouvertes"), ("en_retard", "Avec des actions en retard")]


class DecisionLogFilter(django_filters.FilterSet):
    direction = django_filters.ModelChoiceFilter(
        label="Direction",
        field_name="product__sponsor",
        queryset=Organisation.objects.order_by("name"),
        empty_label="Toutes",
    )
    produit = django_filters.ModelChoiceFilter(
        label="Produit",
        field_name="product",
        queryset=Product.objects.order_by("name"),
        empty_label="Tous",
        to_field_name="slug",
    )
    comite = django_filters.ModelChoiceFilter(
        label="Type de comité",
        field_name="session__kind",
        queryset=CommitteeKind.objects.all(),
        empty_label="Tous",
        to_field_name="code",
    )
    # Both read together with the action owner in filter_queryset.
    actions = django_filters.ChoiceFilter(label="Actions", choices=ACTIONS, empty_label="Toutes", method="later")
    responsable = django_filters.ModelChoiceFilter(
        label="Responsable d’action", queryset=Person.objects.all(), widget=forms.HiddenInput, method="later"
    )

    class Meta:
        model = Decision
        fields = ["direction", "produit", "comite", "actions", "responsable"]

    def later(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        actions = Action.objects.filter(decision=OuterRef("pk"))
        if data.get("responsable"):
            actions = actions.filter(owner=data["responsable"])
            queryset = queryset.filter(Exists(actions))
        if data.get("actions") == "ouvertes":
            queryset = queryset.filter(Exists(actions.open()))
        elif data.get("actions") == "en_retard":
            queryset = queryset.filter(Exists(actions.overdue(timezone.localdate())))
        return queryset


class SessionListFilter(django_filters.FilterSet):
    """The portfolio's committee sessions (`/comites/`), by kind of committee (`?type=<code>`)."""

    type = django_filters.ModelChoiceFilter(
        label="Type de comité",
        field_name="kind",
        queryset=CommitteeKind.objects.all(),
        empty_label="Tous",
        to_field_name="code",
        error_messages={"invalid_choice": "Type de comité inconnu : choisissez l’un de ceux de la liste."},
    )

    class Meta:
        model = Session
        form = FilterForm
        fields = ["type"]
