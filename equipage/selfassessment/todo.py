"""A role's self-assessment is due six months after the last one of that role on the product: it goes
on the to-do list of each current holder of the role."""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.urls import reverse

from equipage.core.french import date as date_fr
from equipage.core.todo import TodoItem, Who, register_todo_kind, register_todo_source
from equipage.teams.roles import GUIDES, Role

from .models import SelfAssessment, questions_for
from .rules import SELF_ASSESSMENT_MAX_AGE

register_todo_kind("autodiagnostic", "Autodiagnostic", order=40)

# Within this many days of its due date, a self-assessment shows on the list.
NOTICE = datetime.timedelta(days=30)


@register_todo_source("selfassessment")
def self_assessments_due(who: Who) -> list[TodoItem]:
    """Each role the person holds whose last self-assessment on the product is six months old, or due
    within a month; never answered, due six months after the person took the role. One query."""
    held = [m for m in who.memberships if questions_for(m.role)]
    if not held:
        return []
    latest = {
        (row["product_id"], row["role"]): row["latest"]
        for row in SelfAssessment.objects.filter(product_id__in={m.product_id for m in held})
        .values("product_id", "role")
        .annotate(latest=Max("answered_on"))
        .order_by()
    }
    items = []
    seen = set()
    for membership in held:
        key = (membership.product_id, membership.role)
        if key in seen:
            continue
        seen.add(key)
        last = latest.get(key)
        due = (last or membership.start_date) + SELF_ASSESSMENT_MAX_AGE
        if due - NOTICE > who.today:
            continue
        guide = GUIDES[Role(membership.role)]
        product = membership.product
        items.append(
            TodoItem(
                kind="autodiagnostic",
                title=f"Remplir l’autodiagnostic du rôle « {guide.label} »",
                detail=f"Dernier autodiagnostic du rôle le {date_fr(last)}." if last else "Jamais rempli pour ce rôle.",
                url=reverse("selfassessment:create", args=[product.slug, guide.slug]),
                due=due,
                product_name=product.name,
                product_slug=product.slug,
            )
        )
    return items
