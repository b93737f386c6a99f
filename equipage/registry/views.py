from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from equipage.core.french import de
from equipage.core.history import product_timeline
from equipage.core.http import read_only

from . import services
from .forms import ArchiveForm, HistoryKindForm, ProductForm
from .guards import product_page
from .lookups import product_breadcrumb
from .models import Product
from .permissions import can_create_product


def _breadcrumb(product: Product | None = None, current: str = "") -> dict:
    if product is not None:
        return product_breadcrumb(product, current)
    return {"links": [{"url": reverse("registry:product_list"), "title": "Produits"}], "current": current}


def product_create(request: HttpRequest) -> HttpResponse:
    if not can_create_product(request.user):
        raise PermissionDenied("Seuls les administrateurs du portefeuille créent des produits.")
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            product = form.save()
        messages.success(request, f"Le produit « {product.name} » a été créé.")
        return redirect(product)
    return render(
        request,
        "registry/product_form.html",
        {
            "title": "Nouveau produit",
            "breadcrumb_data": _breadcrumb(current="Nouveau produit"),
            "form": form,
            "submit_label": "Créer le produit",
            "cancel_url": reverse("registry:product_list"),
        },
    )


@product_page(write=True, archived_refusal="Ce produit est archivé : restaurez-le avant de modifier sa fiche.")
def product_update(request: HttpRequest, product: Product) -> HttpResponse:
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            product = form.save()
        messages.success(request, "Les modifications ont été enregistrées.")
        return redirect(product)
    return render(
        request,
        "registry/product_form.html",
        {
            "title": f"Modifier {product.name}",
            "breadcrumb_data": _breadcrumb(product, "Modifier"),
            "form": form,
            "product": product,
            "submit_label": "Enregistrer les modifications",
            "cancel_url": product.get_absolute_url(),
        },
    )


# Archiving and restoring are the two writes an archived product accepts: they change that very state.
@product_page(write=True, allow_archived=True)
def product_archive(request: HttpRequest, product: Product) -> HttpResponse:
    if product.is_archived:
        messages.info(request, "Ce produit est déjà archivé.")
        return redirect(product)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.archive_product(product, form.cleaned_data["reason"], user=request.user)
        messages.success(
            request, f"Le produit « {product.name} » a été archivé. Sa fiche et son historique restent consultables."
        )
        return redirect(product)
    return render(
        request,
        "registry/product_archive.html",
        {
            "title": f"Archiver {product.name}",
            "breadcrumb_data": _breadcrumb(product, "Archiver"),
            "product": product,
            "form": form,
        },
    )


@product_page(write=True, allow_archived=True)
def product_restore(request: HttpRequest, product: Product) -> HttpResponse:
    if request.method == "POST" and product.is_archived:
        services.restore_product(product, user=request.user)
        messages.success(request, f"Le produit « {product.name} » a été restauré.")
    return redirect(product)


@read_only
@product_page
def product_history(request: HttpRequest, product: Product) -> HttpResponse:
    """Every change of the product and of what belongs to it (team, matrix, rituals…), optionally of one kind."""
    form = HistoryKindForm(request.GET)
    kind = form.kind()
    page, entries = product_timeline(product, kind, request.GET.get("page"))
    return render(
        request,
        "registry/product_history.html",
        {
            "title": f"Historique {de(product.name)}",
            "breadcrumb_data": _breadcrumb(product, "Historique"),
            "product": product,
            "page_obj": page,
            "entries": entries,
            "form": form,
            "kind": kind,
        },
    )
