"""The open actions of decisions go on their owner's to-do list, due on their date."""

from __future__ import annotations

from django.urls import reverse

from equipage.core.todo import TodoItem, Who, register_todo_kind, register_todo_source

from .models import Action

register_todo_kind("action", "Action de décision", order=50)


@register_todo_source("committees")
def owned_actions(who: Who) -> list[TodoItem]:
    """Open actions the person owns, on products still active: one query."""
    actions = (
        Action.objects.open()
        .filter(owner_id=who.person.pk, decision__product__archived_at__isnull=True)
        .select_related("decision__product")
        .order_by("due_date", "pk")
    )
    items = []
    for action in actions:
        product = action.decision.product
        items.append(
            TodoItem(
                kind="action",
                title=action.title,
                detail=f"Décision : {action.decision.title} ({action.get_status_display().lower()}).",
                url=reverse("committees:decision_detail", args=[product.slug, action.decision_id]),
                due=action.due_date,
                product_name=product.name,
                product_slug=product.slug,
            )
        )
    return items
