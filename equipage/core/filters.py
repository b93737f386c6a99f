"""Filters of list pages and API lists, declared with django-filter rather than parsed by hand.

Bottom layer. `KnownChoiceFilter` refuses an unknown value with a French message naming the accepted ones
(an API answers 400 with it under `errors.<parameter>`); `is_true` reads the « true » of a query string.
"""

from __future__ import annotations

import django_filters


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
