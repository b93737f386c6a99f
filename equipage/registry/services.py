"""Writes to the registry that go beyond saving a form: archiving keeps everything, deletes nothing.

Each takes the acting user explicitly (None for a script): the history names them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import update_change_reason

from .models import Product


def _author(instance, user) -> None:
    """Name the acting user in the history row the next save writes (else the request's user, if any)."""
    if user is not None:
        instance._history_user = user


@transaction.atomic
def archive_product(product: Product, reason: str = "", *, user) -> Product:
    if product.is_archived:
        raise ValidationError("Ce produit est déjà archivé.")
    _author(product, user)
    product.archived_at = timezone.now()
    product.save(update_fields=["archived_at", "updated_at"])
    update_change_reason(product, reason or "Archivage")
    return product


@transaction.atomic
def restore_product(product: Product, *, user) -> Product:
    if not product.is_archived:
        raise ValidationError("Ce produit n’est pas archivé.")
    _author(product, user)
    product.archived_at = None
    product.save(update_fields=["archived_at", "updated_at"])
    update_change_reason(product, "Restauration")
    return product
