"""Filters of list pages and API lists, declared with django-filter rather than parsed by hand.

Bottom layer. A list page declares a `django_filters.FilterSet` whose `Meta.form` is `FilterForm`; the page
renders `filterset.form` and lists `filterset.qs`. `KnownChoiceFilter` refuses an unknown value with a French
message naming the accepted ones (an API answers 400 with it under `errors.<parameter>`); `is_true` reads the
« true » of a query string.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.http import HttpRequest, HttpResponse
from dsfr.forms import DsfrBaseForm

from .errors import error_response
from .forms import QuickSelect

# The largest identifier a database column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


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


class IdFilter(django_filters.NumberFilter):
    """An object's identifier in the query string: a whole number from 1, else a French 400.

    `NumberFilter` reads a decimal: `1e300` or `2.5` reached the database and answered 500."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Identifiant invalide : attendu un nombre entier.",
                "min_value": "Identifiant invalide : attendu un nombre entier à partir de 1.",
                "max_value": "Identifiant invalide : ce nombre est trop grand.",
            },
        )
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.Filter):
    """`?annee=2026`: a whole year between 2000 and 2100, any other value refused in French."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Année inconnue : attendu une année en chiffres, par exemple 2026.",
                "min_value": "Année trop ancienne : attendu 2000 ou après.",
                "max_value": "Année trop lointaine : attendu 2100 ou avant.",
            },
        )
        super().__init__(*args, **kwargs)


def refused_filters(request: HttpRequest, filterset: django_filters.FilterSet) -> HttpResponse | None:
    """A download asked with a filter value that is not valid: a 400 in French rather than another file."""
    form = filterset.form
    if form.is_valid():
        return None
    problems = [
        f"{form.fields[name].label if name in form.fields else name} : {error}"
        for name, errors in form.errors.items()
        for error in errors
    ]
    return error_response(
        request,
        400,
        title="Filtre invalide",
        message="Le fichier n’a pas été produit. " + " ; ".join(problems),
        advice="Corrigez le filtre sur la page, puis téléchargez de nouveau.",
    )


def is_true(value) -> bool:
    """The « true » of a query string (`?current=true`); any other value means no filter."""
    return str(value or "").strip().lower() == "true"


class _ValuesChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The options of a model choice read as rows of values, not as one model instance each."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        key = self.field.to_field_name or "pk"
        for value, *parts in self.queryset.values_list(key, *self.field.label_fields):
            yield value, " ".join(str(part) for part in parts)


class _ValuesModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _ValuesChoiceIterator

    def __init__(self, *args, label_fields: tuple[str, ...], **kwargs):
        self.label_fields = label_fields
        super().__init__(*args, **kwargs)


class LongModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice among thousands of rows (a portfolio's products, its people): the options are read as
    values and written by `QuickSelect`, their labels the `label_fields` joined by a space (they must
    say what the model's `__str__` says). A value is still checked against the queryset."""

    field_class = _ValuesModelChoiceField

    def __init__(self, *args, label_fields: tuple[str, ...], **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, label_fields=label_fields, **kwargs)
