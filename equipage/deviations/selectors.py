"""Reads of deviations: a product's list and the portfolio's, each in one query."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from equipage.checks.engine import RULES
from equipage.checks.store import findings_by_product
from equipage.registry.models import Product

from .models import EXPIRED, STATUS_LABELS, Deviation, State

STATUS_CHOICES = [
    (State.REQUESTED, STATUS_LABELS[State.REQUESTED]),
    (State.ACCEPTED, "Acceptée, en vigueur"),
    (EXPIRED, STATUS_LABELS[EXPIRED]),
    (State.REFUSED, STATUS_LABELS[State.REFUSED]),
    (State.REVOKED, STATUS_LABELS[State.REVOKED]),
]


def with_people(deviations: QuerySet[Deviation]) -> QuerySet[Deviation]:
    return deviations.select_related("product", "product__sponsor", "requested_by", "decided_by", "revoked_by")


def product_deviations(product: Product) -> list[Deviation]:
    return list(with_people(product.deviations.all()).order_by("-requested_at", "-pk"))


def portfolio_deviations(
    status: str = "", directorate: int | None = None, on: datetime.date | None = None
) -> QuerySet[Deviation]:
    """Every deviation of the active products, soonest end first, filtered by status and directorate."""
    on = on or timezone.localdate()
    deviations = Deviation.objects.filter(product__archived_at__isnull=True)
    if status:
        deviations = deviations.with_status(status, on)
    if directorate:
        deviations = deviations.filter(product__sponsor_id=directorate)
    return with_people(deviations).order_by("end_date", "product__name", "pk")


def requestable_findings(product: Product, on: datetime.date | None = None) -> list[tuple[str, str]]:
    """(code, label) of the product's findings with no deviation requested or in force: what may be asked."""
    open_codes = set(Deviation.objects.filter(product=product).open(on).values_list("code", flat=True))
    codes = []
    for finding in findings_by_product([product.pk]).get(product.pk, []):
        if finding.code not in open_codes and finding.code not in codes:
            codes.append(finding.code)
    return [(code, f"{RULES[code].title} ({RULES[code].get_severity_display().lower()})") for code in codes]
