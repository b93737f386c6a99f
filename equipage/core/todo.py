"""What is a person's to do, gathered from every app: one registry of to-do sources.

Each app registers, in its own `todo.py` (discovered when the apps are ready), a function of a
`Who` (the person, the day, their current memberships loaded once) returning `TodoItem`s in a fixed
number of queries whatever the number of products the person works on. `/mon-espace/`, the digest
e-mail and the API read `todo_items(person, today)`, ordered by urgency: overdue first, then by due
date, then blocking items without a date, then the rest.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class TodoKind:
    key: str
    label: str
    order: int


@dataclass
class TodoItem:
    """One thing for the person to do: what, on which product, by when, where to do it."""

    kind: str
    title: str
    url: str
    due: datetime.date | None = None
    blocking: bool = False
    product_name: str = ""
    product_slug: str = ""
    detail: str = ""
    kind_label: str = ""
    overdue: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "title": self.title,
            "detail": self.detail,
            "url": self.url,
            "due": self.due.isoformat() if self.due else None,
            "overdue": self.overdue,
            "blocking": self.blocking,
            "product": {"name": self.product_name, "slug": self.product_slug} if self.product_slug else None,
        }


@dataclass
class Who:
    """The person a to-do list is for, on a day; their current memberships loaded once for every source."""

    person: Any
    today: datetime.date
    _cache: dict = field(default_factory=dict, repr=False)

    @cached_property
    def memberships(self) -> list:
        """Current memberships on active products, with their product: one query."""
        from django.apps import apps

        Membership = apps.get_model("teams", "Membership")  # core knows no domain app: reached by name
        return list(
            Membership.objects.current(self.today)
            .filter(person_id=self.person.pk, product__archived_at__isnull=True)
            .select_related("product")
            .order_by("product__name", "role", "pk")
        )

    @property
    def products(self) -> list:
        seen: dict[int, Any] = {}
        for membership in self.memberships:
            seen.setdefault(membership.product_id, membership.product)
        return list(seen.values())

    def products_with_roles(self, roles) -> list:
        """The person's products on which they hold one of these roles."""
        roles = {str(role) for role in roles}
        seen: dict[int, Any] = {}
        for membership in self.memberships:
            if membership.role in roles:
                seen.setdefault(membership.product_id, membership.product)
        return list(seen.values())


Source = Callable[[Who], list[TodoItem]]

_KINDS: dict[str, TodoKind] = {}
_SOURCES: dict[str, Source] = {}


def register_todo_kind(key: str, label: str, order: int = 100) -> None:
    """Declare a kind of to-do item with its French label (« Point de vigilance »…), once."""
    if key in _KINDS and _KINDS[key].label != label:
        raise ValueError(f"To-do kind {key!r} is already registered with another label.")
    _KINDS[key] = TodoKind(key, label, order)


def register_todo_source(key: str) -> Callable[[Source], Source]:
    """Register a function `Who -> list[TodoItem]` under a unique key (the app's name)."""

    def decorator(function: Source) -> Source:
        if key in _SOURCES and _SOURCES[key] is not function:
            raise ValueError(f"To-do source {key!r} is already registered.")
        _SOURCES[key] = function
        return function

    return decorator


def todo_kinds() -> list[TodoKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def todo_sources() -> dict[str, Source]:
    return dict(_SOURCES)


def urgency(item: TodoItem, today: datetime.date) -> tuple:
    """Overdue first (oldest first), then dated items by due date, then blocking ones, then the rest."""
    if item.due is not None and item.due < today:
        group = 0
    elif item.due is not None:
        group = 1
    elif item.blocking:
        group = 2
    else:
        group = 3
    kind_order = _KINDS[item.kind].order if item.kind in _KINDS else 100
    return (group, item.due or datetime.date.max, not item.blocking, kind_order, item.product_name, item.title)


def sort_items(items: list[TodoItem], today: datetime.date) -> list[TodoItem]:
    for item in items:
        item.overdue = item.due is not None and item.due < today
        if not item.kind_label and item.kind in _KINDS:
            item.kind_label = _KINDS[item.kind].label
    return sorted(items, key=lambda item: urgency(item, today))


def todo_items(person, today: datetime.date | None = None, who: Who | None = None) -> list[TodoItem]:
    """Everything the person has to do, from every registered source, ordered by urgency."""
    if person is None:
        return []
    if who is None:
        from django.utils import timezone

        who = Who(person=person, today=today or timezone.localdate())
    items: list[TodoItem] = []
    for _key, source in sorted(_SOURCES.items()):
        items.extend(source(who))
    return sort_items(items, who.today)
