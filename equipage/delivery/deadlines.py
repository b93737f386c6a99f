"""Delivery's deadlines (see `equipage/core/deadlines.py`): each release planned and not yet in
production, owned by the holders of the role the responsibility matrix makes responsable of the
delivery. Five queries for any number of products."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse

from equipage.core.deadlines import Deadline, register_deadline_kind, register_deadline_source
from equipage.governance.matrix import activity_owners

from .models import Release

register_deadline_kind("livraison", "Mise en production", order=70)

DELIVERY_ACTIVITY = "delivery"


@register_deadline_source("livraison")
def planned_releases(products: list, today: datetime.date, facts=None) -> Iterator[Deadline]:
    by_id = {product.pk: product for product in products}
    releases = list(
        Release.objects.upcoming()
        .filter(product_id__in=facts.scope if facts is not None else list(by_id), planned_date__isnull=False)
        .order_by("planned_date", "pk")
    )
    if not releases:
        return
    concerned = [by_id[pk] for pk in {r.product_id for r in releases}]
    owners = activity_owners(concerned, [DELIVERY_ACTIVITY], today, facts=facts)
    for release in releases:
        product = by_id[release.product_id]
        yield Deadline(
            date=release.planned_date,
            product=product,
            kind="livraison",
            label=f"Mise en production de la version {release.name}",
            url=reverse("delivery:release_detail", kwargs={"slug": product.slug, "pk": release.pk}),
            key=f"version-{release.pk}",
            owners=tuple(owners[product.pk][DELIVERY_ACTIVITY]),
        )
