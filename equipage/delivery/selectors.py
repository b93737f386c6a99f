"""Reads that span several products or serve the public: the published roadmap, the delivery portfolio."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from equipage.registry.models import Product

from .models import (
    CampaignState,
    CaseResult,
    Horizon,
    Release,
    ResearchActivity,
    RoadmapItem,
    Triage,
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


def with_counts(queryset: QuerySet[Release]) -> QuerySet[Release]:
    """Releases with their story and blocking-case counts computed by the database, ready to page."""
    return queryset.select_related("campaign", "product__sponsor").annotate(
        story_count=Count("stories", distinct=True),
        blocking_count=Count("campaign__cases", filter=Q(campaign__cases__result=CaseResult.BLOCKING), distinct=True),
    )


def with_state(releases: Iterable[Release]) -> list[Release]:
    """Gives each release (already counted by `with_counts`) its recette verdict: done on the rows shown only."""
    releases = list(releases)
    for release in releases:
        release.state = campaign_state(getattr(release, "campaign", None), release.blocking_count)
    return releases


@dataclass
class DeliveryPortfolio:
    """Three lazy querysets: the page reads one page of releases and the first rows of each list, in SQL."""

    coming_releases: QuerySet[Release]
    without_research: QuerySet[Product]
    untriaged: QuerySet[Product]
    validated: str = CampaignState.VALIDATED


def delivery_portfolio(products: QuerySet[Product], today: datetime.date) -> DeliveryPortfolio:
    """Coming releases and their recette, products without recent research, feedback waiting for triage.

    Every per-product figure (last research, untriaged count and oldest date) is an annotation, so the
    cost does not grow with the number of products beyond the rows actually shown."""
    products = products.filter(archived_at__isnull=True)
    coming = with_counts(
        Release.objects.filter(product__in=products, actual_date__isnull=True).order_by(
            "planned_date", "product__name", "pk"
        )
    )
    last_research = (
        ResearchActivity.objects.filter(product=OuterRef("pk")).order_by().values("product").annotate(last=Max("date"))
    )
    limit = today - RESEARCH_WINDOW
    without_research = (
        products.select_related("sponsor")
        .annotate(last_research=Subquery(last_research.values("last")))
        .filter(Q(last_research__isnull=True) | Q(last_research__lt=limit))
        .order_by("name", "pk")
    )
    untriaged = (
        products.filter(feedback__status=Triage.NEW)
        .select_related("sponsor")
        .annotate(untriaged_count=Count("feedback"), oldest_untriaged=Min("feedback__date"))
        .order_by("oldest_untriaged", "name", "pk")
    )
    return DeliveryPortfolio(coming_releases=coming, without_research=without_research, untriaged=untriaged)
