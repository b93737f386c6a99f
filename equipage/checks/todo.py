"""The findings a person owns (the person the rule names as concerned) go on their to-do list."""

from __future__ import annotations

from equipage.core.todo import TodoItem, Who, register_todo_kind, register_todo_source
from equipage.core.vocabulary import Severity

from .engine import RULES
from .models import StoredFinding

register_todo_kind("constat", "Point de vigilance", order=10)


@register_todo_source("checks")
def owned_findings(who: Who) -> list[TodoItem]:
    """Blocking and watch findings naming the person, on active products: one query."""
    rows = (
        StoredFinding.objects.filter(
            owner_id=who.person.pk,
            product__archived_at__isnull=True,
            severity__in=[Severity.BLOCKING, Severity.WATCH],
        )
        .select_related("product")
        .order_by("rank", "product__name", "code", "position")
    )
    items = []
    for row in rows:
        rule = RULES.get(row.code)
        items.append(
            TodoItem(
                kind="constat",
                title=rule.title if rule else row.message,
                detail=row.message + (f" {row.remedy}" if row.remedy else ""),
                url=row.product.get_absolute_url() + "#vigilance",
                blocking=row.severity == Severity.BLOCKING,
                product_name=row.product.name,
                product_slug=row.product.slug,
            )
        )
    return items
