"""Committees' deadlines (see `equipage/core/deadlines.py`): the open actions of the products' decisions,
each owned by its named owner. One query for any number of products."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db import models
from django.urls import reverse

from equipage.core.deadlines import Deadline, register_deadline_kind, register_deadline_source

from .models import Action

register_deadline_kind("action", "Action de décision", order=40)


@register_deadline_source("action")
def open_actions(products: list, today: datetime.date, facts=None) -> Iterator[Deadline]:
    by_id = {product.pk: product for product in products}
    actions = (
        Action.objects.open()
        .filter(decision__product_id__in=facts.scope if facts is not None else list(by_id))
        .select_related("owner")
        .annotate(decision_product_id=models.F("decision__product_id"))
        .order_by("due_date", "pk")
    )
    for action in actions:
        product = by_id[action.decision_product_id]
        yield Deadline(
            date=action.due_date,
            product=product,
            kind="action",
            label=action.title,
            url=reverse("committees:decision_detail", kwargs={"slug": product.slug, "pk": action.decision_id}),
            key=f"action-{action.pk}",
            owners=(action.owner,),
        )
