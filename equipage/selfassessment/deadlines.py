"""Self-assessment's deadlines (see `equipage/core/deadlines.py`): the next self-assessment of each
product, six months after its latest one (from its creation when it has none), owned by the holders of
its product-leading roles. Two queries for any number of products."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from equipage.core.deadlines import Deadline, register_deadline_kind, register_deadline_source
from equipage.core.french import date as date_fr
from equipage.teams.models import Membership
from equipage.teams.roles import PRODUCT_LEADING_ROLES

from .rules import SELF_ASSESSMENT_MAX_AGE
from .selectors import latest_assessment_dates

register_deadline_kind("autodiagnostic", "Autodiagnostic", order=50)


@register_deadline_source("autodiagnostic")
def next_self_assessments(products: list, today: datetime.date, facts=None) -> Iterator[Deadline]:
    leads: dict[int, list] = defaultdict(list)
    if facts is not None:  # the latest dates and the teams the vigilance facts hold already
        latest = facts.get("last_self_assessment")
        team = facts.get("memberships")
        memberships = sorted(
            (m for p in products for m in team.get(p.pk, ()) if m.role in PRODUCT_LEADING_ROLES),
            key=lambda m: (m.person.last_name, m.person.first_name, m.pk),
        )
    else:
        latest = latest_assessment_dates([product.pk for product in products])
        memberships = (
            Membership.objects.current(today)
            .leading()
            .filter(product_id__in=[product.pk for product in products])
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )
    for membership in memberships:
        if membership.person not in leads[membership.product_id]:
            leads[membership.product_id].append(membership.person)
    for product in products:
        last = latest.get(product.pk)
        if last is None:
            due = timezone.localtime(product.created_at).date()
            label = "Premier autodiagnostic de l’équipe"
        else:
            due = last + SELF_ASSESSMENT_MAX_AGE
            label = f"Autodiagnostic de l’équipe, six mois après celui du {date_fr(last)}"
        yield Deadline(
            date=due,
            product=product,
            kind="autodiagnostic",
            label=label,
            url=reverse("selfassessment:overview", args=[product.slug]),
            key="autodiagnostic",
            owners=tuple(leads[product.pk]),
        )
