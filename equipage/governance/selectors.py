"""Reads of the governance app that other apps need in bulk (the vigilance engine, the committee pack)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from equipage.core.queries import in_filter

from .models import Ritual, RitualKind


def late_alignment_rituals(product_ids: Iterable[int], today: datetime.date) -> dict[int, list[Ritual]]:
    """For each product whose running alignment rituals are all late (none held within its cadence plus the
    grace period), those rituals, each annotated with `last_meeting_date`. One query for any number of products.

    A product without any running alignment ritual does not appear: that is another finding.
    """
    rituals = (
        Ritual.objects.running(today)
        .filter(product_id__in=in_filter(product_ids), kind=RitualKind.ALIGNMENT)
        .with_last_meeting()
        .order_by("product_id", "name", "id")
    )
    late: dict[int, list[Ritual]] = {}
    held: set[int] = set()
    for ritual in rituals:
        if ritual.is_late(today):
            late.setdefault(ritual.product_id, []).append(ritual)
        else:
            held.add(ritual.product_id)
    return {product_id: found for product_id, found in late.items() if product_id not in held}
