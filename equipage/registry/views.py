from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from equipage.checks.engine import evaluate, evaluate_product, severity_counts
from equipage.core.history import history_page
from equipage.core.pagination import paginate
from equipage.indicators.selectors import sheet_summary as indicator_sheet_summary
from equipage.indicators.selectors import statistics_link
from equipage.teams.models import Membership

from . import services
from .forms import ArchiveForm, ProductFilterForm, ProductForm
from .guards import product_page
from .lookups import product_breadcrumb
from .models import Product
from .permissions import can_create_product, can_edit_product

PRODUCTS_PER_PAGE = 25


def _breadcrumb(product: Product | None = None, current: str = "") -> dict:
    if product is not None:
        return product_breadcrumb(product, current)
    return {"links": [{"url": reverse("registry:product_list"), "title": "Produits"}], "current": current}


def product_links(product: Product) -> list[tuple[str, str]]:
    """The sheet's outward links; statistics fall back to Équipage's public page when the team gives none."""
    links = product.links()
    if not product.statistics_url and (public_page := statistics_link(product)):
        links.insert(1 if product.service_url else 0, ("Page de statistiques", public_page))
    return links


def product_list(request: HttpRequest) -> HttpResponse:
    filters = ProductFilterForm(request.GET or None)
    products = filters.filter(Product.objects.for_listing()) if request.GET else Product.objects.active().for_listing()
    products = products.order_by("name")
    severity = filters.cleaned_data.get("vigilance") if filters.is_bound and filters.is_valid() else ""
    if severity:
        # Findings are computed, not stored: evaluate the filtered portfolio, keep products with such a finding.
        products = list(products)
        findings = evaluate(products)
        products = [p for p in products if any(f.severity == severity for f in findings.get(p.pk, []))]
        page = paginate(request, products, PRODUCTS_PER_PAGE)
    else:
        page = paginate(request, products, PRODUCTS_PER_PAGE)
        findings = evaluate(page.object_list)
    for product in page.object_list:
        product.vigilance = severity_counts(findings.get(product.pk, []))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/product_list.html",
        {
            "title": "Produits",
            "breadcrumb_data": {"current": "Produits"},
            "filters": filters if request.GET else ProductFilterForm(),
            "page_obj": page,
            "products": page.object_list,
            "query_string": query.urlencode(),
            "can_create": can_create_product(request.user),
        },
    )


@product_page
def product_detail(request: HttpRequest, product: Product) -> HttpResponse:
    return render(
        request,
        "registry/product_detail.html",
        {
            "title": product.name,
            "breadcrumb_data": _breadcrumb(current=product.name),
            "product": product,
            "leads": Membership.objects.current().leading().filter(product=product).select_related("person"),
            "can_edit": can_edit_product(request.user, product),
            "findings": evaluate_product(product),
            "indicator_summary": indicator_sheet_summary(product),
            "links": product_links(product),
            "archive_reason": product.history.filter(archived_at__isnull=False)
            .order_by("-history_date")
            .values_list("history_change_reason", flat=True)
            .first()
            if product.is_archived
            else None,
            "active_tab": "sheet",
        },
    )


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
        services.archive_product(product, form.cleaned_data["reason"])
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
        services.restore_product(product)
        messages.success(request, f"Le produit « {product.name} » a été restauré.")
    return redirect(product)


@product_page
def product_history(request: HttpRequest, product: Product) -> HttpResponse:
    page, entries = history_page(product, request.GET.get("page"))
    return render(
        request,
        "registry/product_history.html",
        {
            "title": f"Historique de {product.name}",
            "breadcrumb_data": _breadcrumb(product, "Historique"),
            "product": product,
            "page_obj": page,
            "entries": entries,
        },
    )
