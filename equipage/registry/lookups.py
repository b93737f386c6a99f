"""How every product page finds its product and builds its breadcrumb (who may write: `guards.py`)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from .models import Product


def product_or_404(slug: str) -> Product:
    return get_object_or_404(Product.objects.select_related("sponsor"), slug=slug)


def product_breadcrumb(product: Product, current: str, *trail: tuple[str, str]) -> dict:
    """Produits › <product> › …trail (url, title) › current, in django-dsfr's breadcrumb format."""
    links = [
        {"url": reverse("registry:product_list"), "title": "Produits"},
        {"url": product.get_absolute_url(), "title": product.name},
    ]
    links += [{"url": url, "title": title} for url, title in trail]
    return {"links": links, "current": current}
