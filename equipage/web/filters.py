"""The filters of the product list page (`/produits/`), declared with django-filter."""

from __future__ import annotations

import django_filters

from equipage.checks.models import StoredDeadline
from equipage.checks.store import having_severity
from equipage.core.deadlines import deadline_kind_choices
from equipage.core.filters import FilterForm, KnownChoiceFilter, LongModelChoiceFilter
from equipage.core.vocabulary import Severity
from equipage.people.models import Organisation, Person
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


PERIOD_CHOICES = [
    ("en_retard", "En retard"),
    ("30", "En retard et dans les 30 jours"),
    ("90", "En retard et dans les 90 jours"),
    ("365", "En retard et dans l’année"),
]


class DeadlineFilter(django_filters.FilterSet):
    """The filters of `/echeances/`: directorate and product narrow the products asked; kind, owner and
    period are read from the form and select the stored deadlines (`checks/deadlines.py`)."""

    type = KnownChoiceFilter(label="Type", choices=deadline_kind_choices, empty_label="Tous", method="keep")
    sponsor = django_filters.ModelChoiceFilter(
        label="Direction sponsor", queryset=Organisation.objects.order_by("name"), empty_label="Toutes"
    )
    produit = LongModelChoiceFilter(
        label="Produit",
        to_field_name="slug",
        queryset=Product.objects.active().order_by("name"),
        label_fields=("name",),
        empty_label="Tous",
        method="filter_product",
    )
    # Who answers for at least one deadline (a person answering for none would list nothing).
    responsable = LongModelChoiceFilter(
        label="Responsable",
        queryset=Person.objects.filter(pk__in=StoredDeadline.owners.through.objects.values("person_id")).order_by(
            "last_name", "first_name"
        ),
        label_fields=("first_name", "last_name"),
        empty_label="Tous",
        method="keep",
    )
    periode = KnownChoiceFilter(label="Période", choices=PERIOD_CHOICES, empty_label="Toutes", method="keep")

    class Meta:
        model = Product
        form = FilterForm
        fields = ["type", "sponsor", "produit", "responsable", "periode"]

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    def keep(self, queryset, name, value):
        return queryset

    def filter_product(self, queryset, name, value):
        return queryset.filter(pk=value.pk)
