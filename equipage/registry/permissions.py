"""Who may change what in the registry. Views and API routes both call these."""

from __future__ import annotations

from .models import Product


def can_create_product(user) -> bool:
    return user.is_authenticated and user.is_administrator


def can_edit_product(user, product: Product) -> bool:
    """Portfolio administrators edit everything; otherwise only the product's named editors."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_administrator:
        return True
    return product.editors.filter(pk=user.pk).exists()


def can_manage_editors(user) -> bool:
    return user.is_authenticated and user.is_administrator
