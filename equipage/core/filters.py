"""Filters of list pages and API lists, declared with django-filter rather than parsed by hand.

Bottom layer. A list page declares a `django_filters.FilterSet` whose `Meta.form` is `FilterForm`; the page
renders `filterset.form` and lists `filterset.qs`. `KnownChoiceFilter` refuses an unknown value with a French
message naming the accepted ones (an API answers 400 with it under `errors.<parameter>`); `is_true` reads the
« true » of a query string.
"""

from __future__ import annotations

import django_filters
from dsfr.forms import DsfrBaseForm


class FilterForm(DsfrBaseForm):
    """The form of a list page's filters: DSFR fields without the « (Optionnel) » mark, every filter being optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            form_field.template_name = "core/components/filter_field.html"


class KnownChoiceFilter(django_filters.ChoiceFilter):
    def __init__(self, *args, choices, **kwargs):
        values = [value for value, _label in (choices() if callable(choices) else choices)]
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f"Valeur inconnue « %(value)s » : attendu l’une de {', '.join(values)}."},
        )
        super().__init__(*args, choices=choices, **kwargs)


def is_true(value) -> bool:
    """The « true » of a query string (`?current=true`); any other value means no filter."""
    return str(value or "").strip().lower() == "true"
