"""Governance's deadlines (see `equipage/core/deadlines.py`): each running ritual's next meeting, due before
the ritual counts as late (its cadence plus the grace period after its last meeting, or its start), owned by
the holders of the role the responsibility matrix makes responsable of the rituals. Five queries for any
number of products."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse

from equipage.core.deadlines import Deadline, register_deadline_kind, register_deadline_source

from .matrix import activity_owners
from .models import Ritual, lateness_limit

register_deadline_kind("rituel", "Rituel", order=45)

RITUALS_ACTIVITY = "rituels_comites"


@register_deadline_source("rituel")
def next_ritual_meetings(products: list, today: datetime.date, facts=None) -> Iterator[Deadline]:
    by_id = {product.pk: product for product in products}
    rituals = list(
        Ritual.objects.running(today)
        .filter(product_id__in=facts.scope if facts is not None else list(by_id))
        .with_last_meeting()
        .order_by("product_id", "name", "pk")
    )
    if not rituals:
        return
    concerned = [by_id[pk] for pk in {r.product_id for r in rituals}]
    owners = activity_owners(concerned, [RITUALS_ACTIVITY], today, facts=facts)
    for ritual in rituals:
        product = by_id[ritual.product_id]
        reference = ritual.last_meeting_date or ritual.start_date
        if isinstance(reference, str):  # some backends hand aggregated dates back as text
            reference = datetime.date.fromisoformat(reference)
        yield Deadline(
            date=reference + datetime.timedelta(days=lateness_limit(ritual.cadence)),
            product=product,
            kind="rituel",
            label=f"Tenir le rituel « {ritual.name} » (cadence : {ritual.get_cadence_display().lower()})",
            url=reverse("governance:ritual_detail", kwargs={"slug": product.slug, "pk": ritual.pk}),
            key=f"rituel-{ritual.pk}",
            owners=tuple(owners[product.pk][RITUALS_ACTIVITY]),
        )
