"""Compliance items due (homologation expiry, statement to update, AIPD not done) go on the to-do list
of the people the product's matrix makes responsible for the area, as `compliance_due` mails them."""

from __future__ import annotations

from django.urls import reverse

from equipage.core.todo import TodoItem, Who, register_todo_kind, register_todo_source

from .selectors import area_owners, due_items
from .states import Area, expiry_window_days

register_todo_kind("conformite", "Conformité", order=20)


@register_todo_source("compliance")
def compliance_due(who: Who) -> list[TodoItem]:
    """The items falling due within the compliance window whose area the person answers for (at most
    eleven queries: the records of their products, then the matrices and holders)."""
    products = who.products
    if not products:
        return []
    items = due_items(products, who.today, expiry_window_days())
    if not items:
        return []
    owners = area_owners([product for product in products if any(i.product.pk == product.pk for i in items)], who.today)
    found = []
    for item in items:
        if not any(person.pk == who.person.pk for person in owners[item.product.pk][item.area]):
            continue
        found.append(
            TodoItem(
                kind="conformite",
                title=f"{Area(item.area).label} : {item.message}",
                url=reverse("compliance:overview", args=[item.product.slug]) + f"#{item.area}",
                due=item.due_on,
                product_name=item.product.name,
                product_slug=item.product.slug,
            )
        )
    return found
