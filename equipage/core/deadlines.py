"""The registry of deadlines: each app says what falls due on its products, one place lists them all.

Bottom layer: it imports nothing from the project. An app registers, in its own `deadlines.py`
(discovered when the apps are ready, like `product_pages.py`), a kind once and a source per kind:

    register_deadline_kind("action", "Action de comité", order=40)

    @register_deadline_source("action")  # several kinds when one reading gives them all
    def open_actions(products, today):
        ...  # yield Deadline(...) for these products, in a fixed number of queries

A source receives the products (a list, `pk`, `name`, `slug` and `sponsor` loaded) and the day, and
returns their deadlines in a number of queries that does not grow with the number of products:
`collect_deadlines` asks every source once. The pages read them as `checks` stores them with the
findings (`checks/deadlines.py`): `/echeances/`, the dashboard, the iCalendar feed, the personal to-do list.

When the deadlines are stored with the vigilance findings, the sources also receive `facts`, the
batch of facts just loaded for the same products on the same day (`facts.get(name)`, `facts.scope`):
they reuse what it holds (the team, the matrices, the compliance records) instead of reading it
again, and filter their own rows on `facts.scope` (a subquery for the whole portfolio).

A deadline still to meet is listed whatever its date: an overdue one (before `today`) stays until
it is met (the action done, the homologation renewed, the indicator updated).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# `(products, today)`, or `(products, today, facts=…)` when given the vigilance facts already loaded.
Source = Callable[..., Iterable["Deadline"]]


@dataclass(frozen=True)
class DeadlineKind:
    key: str
    label: str
    order: int


@dataclass(frozen=True)
class Deadline:
    """One thing due on a product by a date.

    `owners` are the people (`people.Person`) who answer for it — an action's owner, or the holders of
    the role the responsibility matrix makes responsible —; `key` tells it apart from the product's
    other deadlines of its kind and stays the same from one day to the next (it names the calendar
    event: `uid`).
    """

    date: datetime.date
    product: Any
    kind: str
    label: str
    url: str
    key: str
    owners: tuple[Any, ...] = field(default=())

    @property
    def kind_label(self) -> str:
        return DEADLINE_KINDS[self.kind].label

    @property
    def uid(self) -> str:
        """A stable identifier for calendars: the same deadline keeps it when its date moves."""
        return f"{self.kind}-{self.product.pk}-{self.key}@equipage"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.date < today

    def days_left(self, today: datetime.date) -> int:
        return (self.date - today).days

    def is_owned_by(self, person_id: int) -> bool:
        return any(person.pk == person_id for person in self.owners)

    @property
    def owner_names(self) -> str:
        return ", ".join(str(person) for person in self.owners)


DEADLINE_KINDS: dict[str, DeadlineKind] = {}
DEADLINE_SOURCES: list[tuple[frozenset[str], Source]] = []


def register_deadline_kind(key: str, label: str, order: int) -> None:
    """Add a kind of deadline (the `/echeances/?type=<key>` filter)."""
    if key in DEADLINE_KINDS:
        raise ValueError(f"Deadline kind {key} is registered twice")
    DEADLINE_KINDS[key] = DeadlineKind(key=key, label=label, order=order)


def register_deadline_source(*kinds: str) -> Callable[[Source], Source]:
    """Decorate a function `(products, today) -> Iterable[Deadline]` that lists deadlines of these kinds
    (one source may read its records once and give several kinds)."""
    if not kinds:
        raise ValueError("A deadline source gives at least one kind")
    for kind in kinds:
        if kind not in DEADLINE_KINDS:
            raise ValueError(f"Unknown deadline kind {kind!r}: register it first")

    def decorator(source: Source) -> Source:
        if any(registered is source for _kinds, registered in DEADLINE_SOURCES):
            raise ValueError(f"{source.__name__} is a deadline source twice")
        DEADLINE_SOURCES.append((frozenset(kinds), source))
        return source

    return decorator


def deadline_kinds() -> list[DeadlineKind]:
    return sorted(DEADLINE_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def deadline_kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in deadline_kinds()]


def collect_deadlines(
    products: Iterable[Any],
    today: datetime.date,
    *,
    kinds: Iterable[str] | None = None,
    until: datetime.date | None = None,
    owner_id: int | None = None,
    facts: Any = None,
) -> list[Deadline]:
    """Every deadline of these products, overdue first then soonest first.

    `kinds` asks only those sources; `until` keeps what falls due by that day (overdue included);
    `owner_id` keeps one person's; `facts`, the vigilance batch loaded for these products on `today`,
    is handed to each source to reuse. Queries: each source's fixed number, none per product.
    """
    # A row no page can link to (a slug forced into the database) has no deadline to list: its
    # addresses cannot be built, and one such row must not take the lists down for everyone.
    products = [product for product in products if getattr(product, "has_linkable_slug", True)]
    if not products:
        return []
    wanted = set(kinds) if kinds is not None else None
    order = {kind.key: kind.order for kind in DEADLINE_KINDS.values()}
    deadlines: list[Deadline] = []
    for source_kinds, source in DEADLINE_SOURCES:
        if wanted is not None and not (source_kinds & wanted):
            continue
        given = source(products, today) if facts is None else source(products, today, facts=facts)
        for deadline in given:
            if deadline.kind not in source_kinds:
                raise ValueError(f"{source.__name__} gave a deadline of kind {deadline.kind!r} it did not declare")
            if wanted is not None and deadline.kind not in wanted:
                continue
            if until is not None and deadline.date > until:
                continue
            if owner_id is not None and not deadline.is_owned_by(owner_id):
                continue
            deadlines.append(deadline)
    deadlines.sort(key=lambda d: (d.date, d.product.name.lower(), order.get(d.kind, 0), d.label, d.key))
    return deadlines
