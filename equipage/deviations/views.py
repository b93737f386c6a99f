"""Pages of deviations: a product's list (with the request, decision and revocation forms), and the portfolio's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from equipage.core.exports import Table, export_response
from equipage.core.french import date as date_fr
from equipage.core.http import read_only
from equipage.people.models import Organisation
from equipage.registry.guards import product_page, require_write
from equipage.registry.lookups import product_breadcrumb
from equipage.registry.models import Product
from equipage.registry.permissions import can_edit_product

from . import services
from .forms import DecisionForm, PortfolioFilterForm, RequestForm, RevokeForm
from .models import Deviation
from .permissions import NOT_A_REVOKER, NOT_AN_APPROVER, NOT_AN_EDITOR, may_approve, may_revoke
from .selectors import STATUS_CHOICES, portfolio_deviations, product_deviations, requestable_findings

ARCHIVED = "Ce produit est archivé : restaurez-le avant de gérer ses dérogations."


def _list_url(product: Product) -> str:
    return reverse("deviations:product_list", args=[product.slug])


def _copy_errors(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


@product_page()
@read_only
def product_list(request: HttpRequest, product: Product) -> HttpResponse:
    deviations = product_deviations(product)
    user = request.user
    may_decide = not product.is_archived and may_approve(user, product)
    return render(
        request,
        "deviations/product_list.html",
        {
            "title": f"Dérogations — {product.name}",
            "breadcrumb_data": product_breadcrumb(product, "Dérogations"),
            "product": product,
            "active_tab": "deviations",
            "deviations": deviations,
            "may_request": not product.is_archived and can_edit_product(user, product),
            "may_decide": may_decide,
            "may_revoke": not product.is_archived and may_revoke(user, product),
            "user_id": user.pk,
        },
    )


@product_page(write=True, refusal=NOT_AN_EDITOR, archived_refusal=ARCHIVED)
def request_deviation(request: HttpRequest, product: Product) -> HttpResponse:
    choices = requestable_findings(product)
    initial = {"code": request.GET.get("regle", "")}
    form = RequestForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            deviation = services.request_deviation(
                request.user,
                product,
                form.cleaned_data["code"],
                form.cleaned_data["justification"],
                form.cleaned_data["end_date"],
            )
        except ValidationError as error:
            _copy_errors(form, error)
        else:
            messages.success(
                request,
                f"La dérogation « {deviation.rule_title} » jusqu’au {date_fr(deviation.end_date)} est demandée : "
                "un coach produit du produit ou un administrateur la décidera.",
            )
            return redirect(_list_url(product))
    return render(
        request,
        "deviations/request_form.html",
        {
            "title": f"Demander une dérogation — {product.name}",
            "breadcrumb_data": product_breadcrumb(
                product, "Demander une dérogation", (_list_url(product), "Dérogations")
            ),
            "product": product,
            "form": form,
            "has_choices": bool(choices),
            "submit_label": "Demander la dérogation",
            "cancel_url": _list_url(product),
        },
    )


@product_page(write=True, may_write=may_approve, refusal=NOT_AN_APPROVER, archived_refusal=ARCHIVED)
def decide(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    deviation = get_object_or_404(Deviation, product=product, pk=pk)
    require_write(request.user, product, deviation, may_write=may_approve, refusal=NOT_AN_APPROVER)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accepter"
        try:
            services.decide(request.user, deviation, accept, form.cleaned_data["comment"])
        except ValidationError as error:
            _copy_errors(form, error)
        else:
            messages.success(request, "La dérogation est acceptée." if accept else "La dérogation est refusée.")
            return redirect(_list_url(product))
    return render(
        request,
        "deviations/decision_form.html",
        {
            "title": f"Décider de la dérogation — {product.name}",
            "breadcrumb_data": product_breadcrumb(product, "Décision", (_list_url(product), "Dérogations")),
            "product": product,
            "deviation": deviation,
            "form": form,
            "submit_label": "Enregistrer la décision",
            "cancel_url": _list_url(product),
        },
    )


@product_page(write=True, may_write=may_revoke, refusal=NOT_A_REVOKER, archived_refusal=ARCHIVED)
def revoke(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    deviation = get_object_or_404(Deviation, product=product, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke(request.user, deviation, form.cleaned_data["reason"])
        except ValidationError as error:
            _copy_errors(form, error)
        else:
            messages.success(request, "La dérogation est révoquée : le point de vigilance compte de nouveau.")
            return redirect(_list_url(product))
    return render(
        request,
        "deviations/revoke_form.html",
        {
            "title": f"Révoquer la dérogation — {product.name}",
            "breadcrumb_data": product_breadcrumb(product, "Révocation", (_list_url(product), "Dérogations")),
            "product": product,
            "deviation": deviation,
            "form": form,
            "submit_label": "Révoquer la dérogation",
            "cancel_url": _list_url(product),
        },
    )


def _portfolio_selection(request: HttpRequest):
    directorates = list(
        Organisation.objects.filter(sponsored_products__deviations__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
    form = PortfolioFilterForm(request.GET or None, statuses=STATUS_CHOICES, directorates=directorates)
    status, directorate = "", None
    if form.is_bound and form.is_valid():
        status, directorate = form.cleaned_data["statut"], form.cleaned_data["direction"]
    return form, portfolio_deviations(status, directorate)


@read_only
def portfolio(request: HttpRequest) -> HttpResponse:
    form, deviations = _portfolio_selection(request)
    return render(
        request,
        "deviations/portfolio.html",
        {
            "title": "Portefeuille — dérogations",
            "breadcrumb_data": {
                "links": [{"url": reverse("checks:portfolio"), "title": "Portefeuille"}],
                "current": "Dérogations",
            },
            "form": form,
            "deviations": list(deviations),
            "query_string": request.GET.urlencode(),
        },
    )


@read_only
def portfolio_csv(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, deviations = _portfolio_selection(request)
    header = [
        "Produit",
        "Direction",
        "Règle",
        "Point de vigilance",
        "État",
        "Date de fin",
        "Justification",
        "Demandée par",
        "Demandée le",
        "Décidée par",
        "Décidée le",
    ]
    lines = [
        [
            deviation.product.name,
            str(deviation.product.sponsor),
            deviation.code,
            deviation.rule_title,
            deviation.status_label,
            deviation.end_date,
            deviation.justification,
            str(deviation.requested_by),
            deviation.requested_at,
            str(deviation.decided_by or ""),
            deviation.decided_at,
        ]
        for deviation in deviations
    ]
    return export_response(Table(header, lines, filename="derogations", sheet="Dérogations"), fmt)
