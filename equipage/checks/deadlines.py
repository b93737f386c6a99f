"""Reading the stored deadlines (`StoredDeadline`) of a whole portfolio in one query."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet

from equipage.core.deadlines import Deadline
from equipage.registry.models import Product

from .models import StoredDeadline
from .store import flush


def stored_deadlines(
    products: QuerySet[Product],
    *,
    kind: str | None = None,
    until: datetime.date | None = None,
    owner_id: int | None = None,
) -> QuerySet[StoredDeadline]:
    """These products' deadlines, overdue first then soonest; `until` keeps those due by that day."""
    flush()  # writes of this request not yet stored
    rows = StoredDeadline.objects.filter(product__in=products.values("pk"))
    if kind:
        rows = rows.filter(kind=kind)
    if until is not None:
        rows = rows.filter(date__lte=until)
    if owner_id is not None:
        rows = rows.filter(owners=owner_id)
    return (
        rows.select_related("product__sponsor")
        .prefetch_related("owners")
        .order_by("date", "product__name", "kind", "key", "pk")
    )


def owned_stored_deadlines(
    person_id: int, product_ids: Iterable[int], kinds: Iterable[str], until: datetime.date
) -> QuerySet[StoredDeadline]:
    """The deadlines of these kinds a person answers for on these products, due by `until` (overdue
    included), soonest first: one query, whatever the number of products."""
    flush()  # writes of this request not yet stored
    return (
        StoredDeadline.objects.filter(
            owners=person_id, product_id__in=list(product_ids), kind__in=list(kinds), date__lte=until
        )
        .select_related("product")
        .order_by("date", "product__name", "kind", "label", "key")
    )


def as_deadlines(rows: Iterable[StoredDeadline]) -> list[Deadline]:
    """The rows shown, as the registry's `Deadline`s that pages, exports and calendars share."""
    return [
        Deadline(
            date=row.date,
            product=row.product,
            kind=row.kind,
            label=row.label,
            url=row.url,
            key=row.key,
            owners=tuple(row.owners.all()),
        )
        for row in rows
    ]
