"""Filtering rows on a set of keys that may be a few ids or a whole portfolio."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet


def in_filter(keys: Iterable[int] | QuerySet) -> list[int] | QuerySet:
    """What to give an `__in` lookup: a queryset stays a subquery, so that a large set is sent to the
    database as the conditions selecting it (`IN (SELECT id FROM … WHERE …)`) rather than as thousands
    of ids; any other iterable (a few ids, a generator) becomes a list."""
    return keys if isinstance(keys, QuerySet) else list(keys)
