"""Deviation requests waiting for a decision go on the to-do list of whoever may decide them: the product's
coach produit (one item per request), a portfolio administrator (one item for the whole portfolio)."""

from __future__ import annotations

from django.urls import reverse

from equipage.core.french import plural
from equipage.core.todo import TodoItem, Who, register_todo_kind, register_todo_source
from equipage.teams.roles import Role

from .models import Deviation, State

register_todo_kind("derogation", "Dérogation à décider", order=45)


@register_todo_source("deviations")
def deviations_to_decide(who: Who) -> list[TodoItem]:
    """One query: the requests on the products the person coaches, or every request for an administrator;
    never one the person's own account asked for."""
    user = getattr(who.person, "user", None)
    if user is not None and user.is_administrator:
        pending = (
            Deviation.objects.filter(state=State.REQUESTED, product__archived_at__isnull=True)
            .exclude(requested_by_id=user.pk)
            .count()
        )
        if not pending:
            return []
        return [
            TodoItem(
                kind="derogation",
                title=f"{plural(pending, 'dérogation demandée', 'dérogations demandées')} à décider",
                url=reverse("deviations:portfolio") + f"?statut={State.REQUESTED}",
            )
        ]
    coached = who.products_with_roles([Role.PRODUCT_COACH])
    if not coached:
        return []
    requests = (
        Deviation.objects.filter(state=State.REQUESTED, product__in=coached)
        .exclude(requested_by_id=who.person.user_id)
        .select_related("product")
        .order_by("requested_at", "pk")
    )
    return [
        TodoItem(
            kind="derogation",
            title=f"Décider de la dérogation demandée : {deviation.rule_title}",
            detail=deviation.justification[:200],
            url=reverse("deviations:decide", args=[deviation.product.slug, deviation.pk]),
            product_name=deviation.product.name,
            product_slug=deviation.product.slug,
        )
        for deviation in requests
    ]
