"""Indicators' deadlines (see `equipage/core/deadlines.py`): the next update of each indicator still
followed (past its frequency and grace period it is stale), owned by the holders of the role the
responsibility matrix makes responsable of the objectives and indicators. Five queries for any number
of products."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from equipage.core.deadlines import Deadline, register_deadline_kind, register_deadline_source
from equipage.governance.matrix import activity_owners

from .models import Indicator
from .progress import update_due

register_deadline_kind("indicateur", "Mise à jour d’indicateur", order=60)

INDICATORS_ACTIVITY = "objectifs"


@register_deadline_source("indicateur")
def indicator_updates(products: list, today: datetime.date, facts=None) -> Iterator[Deadline]:
    by_id = {product.pk: product for product in products}
    indicators = list(
        Indicator.objects.filter(product_id__in=facts.scope if facts is not None else list(by_id), is_active=True)
        .with_last_measurement()
        .order_by("product_id", "name", "pk")
    )
    if not indicators:
        return
    concerned = [by_id[pk] for pk in {i.product_id for i in indicators}]
    owners = activity_owners(concerned, [INDICATORS_ACTIVITY], today, facts=facts)
    for indicator in indicators:
        product = by_id[indicator.product_id]
        last = indicator.last_date
        if isinstance(last, str):  # some backends hand subquery dates back as text
            last = datetime.date.fromisoformat(last)
        reference = last or timezone.localtime(indicator.created_at).date()
        frequency = indicator.get_frequency_display().lower()
        yield Deadline(
            date=update_due(indicator.frequency, reference),
            product=product,
            kind="indicateur",
            label=f"Mettre à jour l’indicateur « {indicator.name} » (fréquence {frequency})",
            url=reverse("indicators:indicator_detail", kwargs={"slug": product.slug, "pk": indicator.pk}),
            key=f"indicateur-{indicator.pk}",
            owners=tuple(owners[product.pk][INDICATORS_ACTIVITY]),
        )
