"""Field feedback waiting for triage goes to the product's leads; a recette ready to sign goes to
whoever signs it off for the métier."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.urls import reverse

from equipage.core.french import plural
from equipage.core.todo import TodoItem, Who, register_todo_kind, register_todo_source
from equipage.teams.roles import PRODUCT_LEADING_ROLES

from .models import Campaign, CaseResult, Feedback
from .permissions import sign_off_roles
from .rules import FEEDBACK_MAX_WAIT

register_todo_kind("retours", "Retours à trier", order=60)
register_todo_kind("recette", "Recette à valider", order=70)


@register_todo_source("delivery-feedback")
def feedback_to_triage(who: Who) -> list[TodoItem]:
    """One item per product the person leads with feedback not yet triaged, due 30 days after the
    oldest: one query."""
    products = {product.pk: product for product in who.products_with_roles(PRODUCT_LEADING_ROLES)}
    if not products:
        return []
    rows = (
        Feedback.objects.untriaged()
        .filter(product_id__in=products)
        .values("product_id")
        .annotate(count=Count("pk"), oldest=Min("date"))
        .order_by()
    )
    items = []
    for row in rows:
        product = products[row["product_id"]]
        items.append(
            TodoItem(
                kind="retours",
                title=f"Trier {plural(row['count'], 'retour terrain', 'retours terrain')}",
                url=reverse("delivery:feedback", args=[product.slug]) + "?tri=nouveau",
                due=row["oldest"] + FEEDBACK_MAX_WAIT,
                product_name=product.name,
                product_slug=product.slug,
            )
        )
    return items


@register_todo_source("delivery-recette")
def recettes_to_sign(who: Who) -> list[TodoItem]:
    """Recettes not signed yet, with no blocking case open, on the products where the person holds the
    sign-off role (the responsable métier, or as the product's configuration says): one query."""
    held: dict[int, set[str]] = {}
    for membership in who.memberships:
        held.setdefault(membership.product_id, set()).add(membership.role)
    products = {p.pk: p for p in who.products if held.get(p.pk, set()) & {str(r) for r in sign_off_roles(p)}}
    if not products:
        return []
    campaigns = (
        Campaign.objects.filter(
            release__product_id__in=products, signed_off_at__isnull=True, release__actual_date__isnull=True
        )
        .annotate(blocking=Count("cases", filter=Q(cases__result=CaseResult.BLOCKING)), cases_count=Count("cases"))
        .filter(blocking=0, cases_count__gt=0)
        .select_related("release")
        .order_by("release__planned_date", "pk")
    )
    items = []
    for campaign in campaigns:
        product = products[campaign.release.product_id]
        items.append(
            TodoItem(
                kind="recette",
                title=f"Valider la recette de la {campaign.release}",
                url=reverse("delivery:release_detail", args=[product.slug, campaign.release_id]),
                due=campaign.release.planned_date,
                product_name=product.name,
                product_slug=product.slug,
            )
        )
    return items
