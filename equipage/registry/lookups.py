"""How every product page finds its product, checks edit rights and builds its breadcrumb."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from .models import Product
from .permissions import can_edit_product

NOT_AN_EDITOR = "Vous n’êtes pas éditeur de ce produit."


def product_or_404(slug: str) -> Product:
    return get_object_or_404(Product.objects.select_related("sponsor"), slug=slug)


def editable_product_or_403(user, slug: str, refusal: str = NOT_AN_EDITOR) -> Product:
    """The product, if this user may change it; a 403 page saying why otherwise."""
    product = product_or_404(slug)
    if not can_edit_product(user, product):
        raise PermissionDenied(refusal)
    return product


def product_breadcrumb(product: Product, current: str, *trail: tuple[str, str]) -> dict:
    """Produits › <product> › …trail (url, title) › current, in django-dsfr's breadcrumb format."""
    links = [
        {"url": reverse("registry:product_list"), "title": "Produits"},
        {"url": product.get_absolute_url(), "title": product.name},
    ]
    links += [{"url": url, "title": title} for url, title in trail]
    return {"links": links, "current": current}
