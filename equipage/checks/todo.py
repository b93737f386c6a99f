"""The findings a person owns (the person the rule names as concerned) and the deadlines they answer for
go on their to-do list, both read from what the store keeps current (`store.py`)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from equipage.core.deadlines import DEADLINE_KINDS, collect_deadlines
from equipage.core.todo import TodoItem, Who, register_todo_kind, register_todo_source
from equipage.core.vocabulary import Severity

from .deadlines import owned_stored_deadlines
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


# Deadlines shown on the list this many days ahead (overdue ones always).
DEADLINE_HORIZON = datetime.timedelta(days=30)
# Kinds a to-do source of their app tells better: an action's owner may hold no role on its product,
# a self-assessment is due for each role rather than for the team.
DEADLINE_KINDS_LEFT_TO_SOURCES = frozenset({"action", "autodiagnostic"})


@register_todo_source("deadlines")
def owned_deadlines(who: Who) -> list[TodoItem]:
    """The deadlines of the person's products they answer for (homologation, accessibility statement,
    AIPD, security measures, indicator updates, planned releases), due within a month or overdue.

    For today, read from the stored deadlines (one query; they are today's, kept current on write and
    by the daily job); for another day (a test, a digest written for a given date), asked of every
    deadline source as that day sees them."""
    kinds = [key for key in DEADLINE_KINDS if key not in DEADLINE_KINDS_LEFT_TO_SOURCES]
    until = who.today + DEADLINE_HORIZON
    if who.today == timezone.localdate():
        product_ids = [product.pk for product in who.products]
        rows = owned_stored_deadlines(who.person.pk, product_ids, kinds, until) if product_ids else []
        return [
            TodoItem(
                kind=row.kind,
                kind_label=DEADLINE_KINDS[row.kind].label if row.kind in DEADLINE_KINDS else "",
                title=row.label,
                url=row.url,
                due=row.date,
                product_name=row.product.name,
                product_slug=row.product.slug,
            )
            for row in rows
        ]
    deadlines = collect_deadlines(who.products, who.today, kinds=kinds, until=until, owner_id=who.person.pk)
    return [
        TodoItem(
            kind=deadline.kind,
            kind_label=deadline.kind_label,
            title=deadline.label,
            url=deadline.url,
            due=deadline.date,
            product_name=deadline.product.name,
            product_slug=deadline.product.slug,
        )
        for deadline in deadlines
    ]
