"""Stale indicators go on the to-do list of whoever the product's matrix makes responsible for its
objectives (« Définir les objectifs et les indicateurs »), co-responsables when nobody is."""

from __future__ import annotations

from django.urls import reverse

from equipage.core.french import date as date_fr
from equipage.core.todo import TodoItem, Who, register_todo_kind, register_todo_source
from equipage.governance.defaults import Level
from equipage.governance.matrix import effective_matrices

from .selectors import stale_indicators

OBJECTIVES_ACTIVITY = "objectifs"

register_todo_kind("indicateur", "Indicateur à mettre à jour", order=30)


def responsible_roles(matrix, code: str) -> set[str]:
    row = next((row for row in matrix.activities if row.code == code), None)
    if row is None:
        return set()
    return set(row.roles_at(Level.RESPONSIBLE) or row.roles_at(Level.CO_RESPONSIBLE))


@register_todo_source("indicators")
def indicators_to_update(who: Who) -> list[TodoItem]:
    """The stale indicators of the products whose objectives the person answers for (a fixed number of
    queries: the matrices, then the indicators with their last measurement)."""
    products = who.products
    if not products:
        return []
    matrices = effective_matrices(products)
    held: dict[int, set[str]] = {}
    for membership in who.memberships:
        held.setdefault(membership.product_id, set()).add(membership.role)
    mine = [
        product.pk
        for product in products
        if held.get(product.pk, set()) & responsible_roles(matrices[product.pk], OBJECTIVES_ACTIVITY)
    ]
    if not mine:
        return []
    items = []
    for indicators in stale_indicators(mine, who.today).values():
        for indicator in indicators:
            last = f"dernière mesure du {date_fr(indicator.last_date)}" if indicator.last_date else "jamais mesuré"
            items.append(
                TodoItem(
                    kind="indicateur",
                    title=f"Mettre à jour l’indicateur « {indicator.name} »",
                    detail=f"{last[0].upper()}{last[1:]}.",
                    url=reverse("indicators:overview", args=[indicator.product.slug]),
                    due=indicator.due,
                    product_name=indicator.product.name,
                    product_slug=indicator.product.slug,
                )
            )
    return items
