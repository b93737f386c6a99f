"""Who may change what in the registry. Views and API routes both call these.

A product is changed by the current holders of its product-leading roles (responsable métier,
responsable produit, product manager) and by portfolio administrators; every agent reads it.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import QuerySet

from .models import Product


def _leading_memberships():
    """Current memberships in a product-leading role. The team is a layer above the registry: its model
    is reached through the app registry, so that the registry imports nothing from the apps built on it."""
    return apps.get_model("teams", "Membership").objects.current().leading()


def can_create_product(user) -> bool:
    return user.is_authenticated and user.is_administrator


def editable_products(user) -> QuerySet[Product]:
    if not user.is_authenticated or not user.is_active:
        return Product.objects.none()
    if user.is_administrator:
        return Product.objects.all()
    led = _leading_memberships().filter(person__user=user).values("product_id")
    return Product.objects.filter(pk__in=led)


def editor_user_ids(product: Product) -> set[int]:
    """The accounts holding a product-leading role today (administrators aside), in one query."""
    return set(
        _leading_memberships()
        .filter(product=product, person__user__isnull=False)
        .values_list("person__user_id", flat=True)
    )


def can_edit_product(user, product: Product) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_administrator:
        return True
    return _leading_memberships().filter(person__user=user, product=product).exists()
