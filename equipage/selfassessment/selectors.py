"""Reads of self-assessments for other apps (vigilance rules, portfolio), each in one query."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Max

from .models import SelfAssessment


def latest_assessment_dates(product_ids: Iterable[int]) -> dict[int, datetime.date]:
    """The date of each product's most recent self-assessment, any role, in one aggregate query.

    `product_ids` may be a list or a queryset of ids. Products never self-assessed are absent
    from the result.
    """
    rows = (
        SelfAssessment.objects.filter(product_id__in=product_ids)
        .values("product_id")
        .annotate(latest=Max("answered_on"))
        .order_by()
    )
    return {row["product_id"]: row["latest"] for row in rows}
