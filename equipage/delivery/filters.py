"""The filters of a product's backlog page (`/produits/<slug>/backlog/`), declared with django-filter."""

from __future__ import annotations

from collections import OrderedDict

import django_filters
from django.http import QueryDict

from equipage.core.filters import FilterForm, IdFilter, KnownChoiceFilter

from .models import Channel, Feedback, Story, StoryStatus, Triage

ALL = "tous"

SORTS = OrderedDict(
    [
        ("rang", ("Rang (priorité manuelle)", ["rank", "pk"])),
        ("rice", ("Score RICE décroissant", ["-rice", "rank", "pk"])),
        ("numero", ("Numéro décroissant", ["-number"])),
    ]
)
DEFAULT_SORT = "rang"
SEARCH_MAX_LENGTH = 100


class BacklogFilter(django_filters.FilterSet):
    """An unknown value of any parameter is left aside, as if it were not given."""

    q = django_filters.CharFilter(method="filter_search")
    statut = django_filters.ChoiceFilter(field_name="status", choices=StoryStatus.choices)
    element = IdFilter(field_name="roadmap_item_id")
    sans_criteres = django_filters.CharFilter(method="filter_without_criteria")
    tri = django_filters.ChoiceFilter(choices=[(key, label) for key, (label, _order) in SORTS.items()], method="keep")

    class Meta:
        model = Story
        fields = ["q", "statut", "element", "sans_criteres", "tri"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value.strip()[:SEARCH_MAX_LENGTH])

    def filter_without_criteria(self, queryset, name, value):
        return queryset.without_criteria() if value == "1" else queryset

    def keep(self, queryset, name, value):
        return queryset  # the order is applied last, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*SORTS[self.selection["tri"]][1])

    @property
    def selection(self) -> dict:
        """What the page shows as chosen: q, statut, element, sans_criteres (a boolean) and tri."""
        self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        element = data.get("element")
        return {
            "q": (data.get("q") or "").strip()[:SEARCH_MAX_LENGTH],
            "statut": data.get("statut") or "",
            "element": str(int(element)) if element is not None and element >= 0 else "",
            "sans_criteres": data.get("sans_criteres") == "1",
            "tri": data.get("tri") or DEFAULT_SORT,
        }


class FeedbackFilter(django_filters.FilterSet):
    """A product's feedback inbox: by triage status (« nouveau » unless asked otherwise), channel and tag."""

    tri = KnownChoiceFilter(
        label="Tri", choices=[(ALL, "Tous"), *Triage.choices], empty_label=None, method="filter_status"
    )
    canal = KnownChoiceFilter(label="Canal", field_name="channel", choices=Channel.choices, empty_label="Tous")
    etiquette = django_filters.CharFilter(label="Étiquette", method="filter_tag", max_length=50)

    class Meta:
        model = Feedback
        form = FilterForm
        fields = ["tri", "canal", "etiquette"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("tri"):
            data["tri"] = Triage.NEW
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        return queryset if value == ALL else queryset.filter(status=value)

    def filter_tag(self, queryset, name, value):
        tag = value.strip().lower()
        return queryset.filter(tags__icontains=tag) if tag else queryset

    @property
    def status(self) -> str:
        """The triage status the list shows: `tous` when the one asked for is unknown (its error is shown)."""
        self.form.is_valid()
        return self.form.cleaned_data.get("tri") or ALL
