"""Writes to the registry that go beyond saving a form: archiving keeps everything, deletes nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import update_change_reason

from .models import Product


@transaction.atomic
def archive_product(product: Product, reason: str = "") -> Product:
    if product.is_archived:
        raise ValidationError("Ce produit est déjà archivé.")
    product.archived_at = timezone.now()
    product.save(update_fields=["archived_at", "updated_at"])
    update_change_reason(product, reason or "Archivage")
    return product


@transaction.atomic
def restore_product(product: Product) -> Product:
    if not product.is_archived:
        raise ValidationError("Ce produit n’est pas archivé.")
    product.archived_at = None
    product.save(update_fields=["archived_at", "updated_at"])
    update_change_reason(product, "Restauration")
    return product
