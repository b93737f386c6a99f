"""Reads that span several products or serve the public: the published roadmap, the delivery portfolio."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404

from equipage.registry.models import Product

from .models import (
    CampaignState,
    CaseResult,
    Feedback,
    Horizon,
    Release,
    ResearchActivity,
    RoadmapItem,
    campaign_state,
)

RESEARCH_WINDOW = datetime.timedelta(days=183)
HORIZON_ORDER = {horizon: index for index, horizon in enumerate(Horizon.values)}


def public_roadmap_product(slug: str) -> Product:
    """A product whose published roadmap the public may read: a public digital service, not archived."""
    product = Product.objects.filter(slug=slug, is_public_service=True, archived_at__isnull=True).first()
    if product is None:
        raise Http404("Pas de feuille de route publique pour ce produit.")
    return product


def published_roadmap(product: Product) -> list[RoadmapItem]:
    if not product.is_public_service or product.is_archived:
        return []
    items = list(RoadmapItem.objects.filter(product=product).published().prefetch_related("objectives"))
    items.sort(key=lambda item: (HORIZON_ORDER[item.horizon], item.rank, item.pk))
    return items


def releases_with_state(queryset: QuerySet[Release]) -> list[Release]:
    releases = list(
        queryset.select_related("campaign", "product__sponsor").annotate(
            story_count=Count("stories", distinct=True),
            blocking_count=Count(
                "campaign__cases", filter=Q(campaign__cases__result=CaseResult.BLOCKING), distinct=True
            ),
        )
    )
    for release in releases:
        release.state = campaign_state(getattr(release, "campaign", None), release.blocking_count)
    return releases


@dataclass
class DeliveryPortfolio:
    coming_releases: list[Release]
    without_research: list[Product]
    untriaged: list[tuple[Product, int, datetime.date]]
    validated: str = CampaignState.VALIDATED


def delivery_portfolio(products: QuerySet[Product], today: datetime.date) -> DeliveryPortfolio:
    """Coming releases and their recette, products without recent research, feedback waiting for triage."""
    products = products.filter(archived_at__isnull=True)
    coming = releases_with_state(
        Release.objects.filter(product__in=products, actual_date__isnull=True).order_by(
            "planned_date", "product__name", "pk"
        )
    )
    last_research = dict(
        ResearchActivity.objects.filter(product__in=products)
        .values("product_id")
        .annotate(last=Max("date"))
        .order_by()
        .values_list("product_id", "last")
    )
    limit = today - RESEARCH_WINDOW
    without_research = []
    for product in products.select_related("sponsor").order_by("name"):
        last = last_research.get(product.pk)
        if last is None or last < limit:
            product.last_research = last
            without_research.append(product)
    waiting = (
        Feedback.objects.untriaged()
        .filter(product__in=products)
        .values("product_id")
        .annotate(n=Count("pk"), oldest=Min("date"))
        .order_by("oldest")
    )
    by_id = {product.pk: product for product in products.select_related("sponsor")}
    untriaged = [(by_id[row["product_id"]], row["n"], row["oldest"]) for row in waiting if row["product_id"] in by_id]
    return DeliveryPortfolio(coming_releases=coming, without_research=without_research, untriaged=untriaged)
