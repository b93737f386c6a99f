"""A product's budget (internal and public), the portfolio's budget, and their exports."""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from equipage.core.exports import Table, export_response
from equipage.core.filters import refused_filters
from equipage.core.french import de
from equipage.core.http import read_only
from equipage.registry.guards import product_page
from equipage.registry.lookups import product_breadcrumb
from equipage.registry.models import Phase, Product
from equipage.registry.permissions import can_edit_product

from . import importer, selectors, services
from .charts import grouped_bars
from .filters import BudgetYearFilter
from .forms import BudgetLineForm, ImportForm, SpendingForm
from .models import BudgetLine, BudgetYear, Category, Nature

EDITORS_ONLY = "Seuls les éditeurs du produit tiennent son budget."


def _budget_url(product: Product, year: int | None = None) -> str:
    url = reverse("budget:overview", args=[product.slug])
    return f"{url}?annee={year}" if year else url


def _year_from(request: HttpRequest, years: list[int]) -> tuple[int, list[str]]:
    """The year shown (the one asked for if the product has it) and why the one asked for is not a year."""
    filters = BudgetYearFilter(request.GET, queryset=BudgetYear.objects.none())
    wanted = filters.year(0)
    errors = filters.form.errors.get("annee", [])
    if wanted in years:
        return wanted, errors
    current = timezone.localdate().year
    return (current if current in years or not years else years[0]), errors


def _year_charts(product_label: str, yearly: dict[int, selectors.Totals], lines, year: int):
    by_year = grouped_bars(
        f"Budget {de(product_label)} par année : prévu, engagé et dépensé",
        "Montants en euros, par année.",
        [(str(y), yearly[y]) for y in sorted(yearly)],
        "Année",
    )
    categories = selectors.category_totals(lines)
    by_category = grouped_bars(
        f"Budget {year} {de(product_label)} par catégorie : prévu, engagé et dépensé",
        f"Montants {year} en euros, par catégorie de dépense.",
        [(Category(key).label, totals) for key, totals in categories.items() if totals.planned or totals.spent],
        "Catégorie",
    )
    return by_year, by_category


@read_only
@product_page
def overview(request: HttpRequest, product: Product) -> HttpResponse:
    budget_years = selectors.budget_years(product)
    years = [budget_year.year for budget_year in budget_years]
    year, year_errors = _year_from(request, years)
    lines = selectors.lines_of(product, year)
    yearly = selectors.yearly_totals([product.pk]).get(product.pk, {})
    by_year, by_category = _year_charts(product.name, yearly, lines, year)
    budget_year = next((b for b in budget_years if b.year == year), None)
    return render(
        request,
        "budget/overview.html",
        {
            "title": f"Budget {de(product.name)}",
            "breadcrumb_data": product_breadcrumb(product, "Budget"),
            "product": product,
            "years": years,
            "year": year,
            "year_errors": year_errors,
            "budget_year": budget_year,
            "lines": lines,
            "totals": selectors.totals_of(lines),
            "estimate": selectors.staff_estimate(product, year),
            "chart_by_year": by_year,
            "chart_by_category": by_category,
            "can_write": can_edit_product(request.user, product) and not product.is_archived,
        },
    )


def _line_page(request, product, form, title, current, line=None):
    return render(
        request,
        "budget/line_form.html",
        {
            "title": title,
            "breadcrumb_data": product_breadcrumb(product, current, (_budget_url(product), "Budget")),
            "product": product,
            "form": form,
            "line": line,
        },
    )


def _save_line(request, product, form, year):
    line = form.save(commit=False)
    try:
        services.save_line(request.user, product, line, year)
    except ValidationError as error:
        for field, field_errors in (error.message_dict if hasattr(error, "error_dict") else {}).items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
        return None
    return line


@product_page(write=True, refusal=EDITORS_ONLY)
def line_create(request: HttpRequest, product: Product) -> HttpResponse:
    initial = {"year": request.GET.get("annee") or timezone.localdate().year}
    form = BudgetLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        line = _save_line(request, product, form, form.cleaned_data["year"])
        if line is not None:
            messages.success(request, f"La ligne « {line.label} » a été ajoutée au budget {form.cleaned_data['year']}.")
            return redirect(_budget_url(product, form.cleaned_data["year"]))
    return _line_page(request, product, form, f"Nouvelle ligne budgétaire — {product.name}", "Nouvelle ligne")


@product_page(write=True, refusal=EDITORS_ONLY)
def line_update(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("budget_year"), budget_year__product=product, pk=pk)
    form = BudgetLineForm(request.POST or None, instance=line)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_line(request, product, form, line.budget_year.year) is not None
    ):
        messages.success(request, f"La ligne « {line.label} » a été modifiée.")
        return redirect(_budget_url(product, line.budget_year.year))
    return _line_page(request, product, form, f"Modifier la ligne « {line.label} »", "Modifier une ligne", line)


@product_page(write=True, refusal=EDITORS_ONLY)
def spending(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("budget_year"), budget_year__product=product, pk=pk)
    form = SpendingForm(request.POST or None, line=line)
    if request.method == "POST" and form.is_valid():
        services.replace_spending(request.user, line, form.entries())
        messages.success(request, f"Les dépenses de « {line.label} » ({line.budget_year.year}) ont été enregistrées.")
        return redirect(_budget_url(product, line.budget_year.year))
    return render(
        request,
        "budget/spending_form.html",
        {
            "title": f"Dépenses {line.budget_year.year} — {line.label}",
            "breadcrumb_data": product_breadcrumb(product, "Dépenses", (_budget_url(product), "Budget")),
            "product": product,
            "line": line,
            "form": form,
            "month_fields": [form[f"mois_{m}"] for m in range(1, 13)],
            "quarter_fields": [form[f"trimestre_{q}"] for q in range(1, 5)],
        },
    )


@product_page(write=True, refusal=EDITORS_ONLY)
def import_spending(request: HttpRequest, product: Product) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            count = importer.import_spending(request.user, product, form.cleaned_data["file"].read())
        except importer.ImportRefused as refusal:
            problems = refusal.problems
        else:
            messages.success(request, f"{count} dépense{'s' if count > 1 else ''} importée{'s' if count > 1 else ''}.")
            return redirect(_budget_url(product))
    return render(
        request,
        "budget/import.html",
        {
            "title": f"Importer des dépenses — {product.name}",
            "breadcrumb_data": product_breadcrumb(product, "Importer", (_budget_url(product), "Budget")),
            "product": product,
            "form": form,
            "problems": problems,
            "has_errors": bool(problems),
            "problems_title": f"Rien n’a été importé : {len(problems)} problème{'s' if len(problems) > 1 else ''}",
            "columns": importer.COLUMNS,
        },
    )


@require_POST
@product_page(write=True, refusal=EDITORS_ONLY)
def publish(request: HttpRequest, product: Product, year: int) -> HttpResponse:
    budget_year = get_object_or_404(BudgetYear, product=product, year=year)
    published = request.POST.get("publier") == "1"
    if published and not product.is_public_service:
        messages.error(request, "Seul un service public numérique publie son budget.")
    else:
        services.set_published(request.user, budget_year, published)
        if published:
            messages.success(request, f"Le budget {year} est publié sur la page publique du produit.")
        else:
            messages.success(request, f"Le budget {year} n’est plus publié.")
    return redirect(_budget_url(product, year))


# --- Public budget ---


def _public_product(slug: str) -> Product:
    product = Product.objects.active().filter(slug=slug, is_public_service=True).select_related("sponsor").first()
    if product is None:
        raise Http404("Aucun service public ne porte cet identifiant.")
    return product


def _public_data(product: Product):
    years = list(product.budget_years.filter(is_published=True).order_by("-year"))
    lines = list(
        BudgetLine.objects.with_spent()
        .filter(budget_year__in=years)
        .select_related("budget_year")
        .order_by("-budget_year__year", "nature", "category", "label")
    )
    return years, lines


@login_not_required
@read_only
def public_budget(request: HttpRequest, slug: str) -> HttpResponse:
    product = _public_product(slug)
    years, lines = _public_data(product)
    blocks = []
    yearly = {}
    for budget_year in years:
        year_lines = [line for line in lines if line.budget_year_id == budget_year.pk]
        yearly[budget_year.year] = selectors.totals_of(year_lines)
        blocks.append({"year": budget_year.year, "lines": year_lines, "totals": yearly[budget_year.year]})
    chart = grouped_bars(
        f"Budget publié {de(product.name)} par année : prévu, engagé et dépensé",
        "Montants en euros, années publiées.",
        [(str(y), yearly[y]) for y in sorted(yearly)],
        "Année",
    )
    return render(
        request,
        "budget/public.html",
        {
            "title": f"Budget {de(product.name)}",
            "breadcrumb_data": {
                "links": [{"url": reverse("indicators:public_product", args=[product.slug]), "title": product.name}],
                "current": "Budget",
            },
            "product": product,
            "blocks": blocks,
            "chart": chart,
        },
    )


PUBLIC_COLUMNS = ["annee", "ligne", "nature", "categorie", "financement", "prevu", "engage", "depense", "prevision"]


def _public_rows(lines):
    for line in lines:
        yield [
            line.budget_year.year,
            line.label,
            Nature(line.nature).label,
            Category(line.category).label,
            line.funding_source,
            line.planned,
            line.committed,
            line.spent,
            line.forecast,
        ]


def _json_amount(value):
    """The public JSON's amounts are strings with two decimals (and "" for no forecast)."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return "" if value is None else value


@login_not_required
@read_only
def public_budget_csv(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    product = _public_product(slug)
    _years, lines = _public_data(product)
    table = Table(PUBLIC_COLUMNS, _public_rows(lines), filename=f"budget-{product.slug}", sheet="Budget publié")
    return export_response(table, fmt)


@login_not_required
@read_only
def public_budget_json(request: HttpRequest, slug: str) -> HttpResponse:
    product = _public_product(slug)
    _years, lines = _public_data(product)
    payload = {
        "produit": product.name,
        "identifiant": product.slug,
        "genere_le": timezone.now().isoformat(timespec="seconds"),
        "unite": "EUR",
        "lignes": [
            dict(zip(PUBLIC_COLUMNS, [_json_amount(value) for value in row], strict=True))
            for row in _public_rows(lines)
        ],
    }
    response = HttpResponse(json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- Portfolio ---


def _portfolio(request: HttpRequest):
    filters = BudgetYearFilter(request.GET, queryset=BudgetYear.objects.none())
    year = filters.year(timezone.localdate().year)
    rows = selectors.portfolio_budget(year, Product.objects.active())
    return filters, year, rows


@read_only
def portfolio(request: HttpRequest) -> HttpResponse:
    filters, year, rows = _portfolio(request)
    total = selectors.Totals()
    for row in rows:
        total.add(row.totals)
    by_directorate = selectors.grouped(rows, lambda product: product.sponsor.acronym or product.sponsor.name)
    by_phase = selectors.grouped(rows, lambda product: Phase(product.phase).label)
    categories = selectors.portfolio_categories(year, Product.objects.active())
    chart = grouped_bars(
        f"Budget {year} du portefeuille par direction : prévu, engagé et dépensé",
        f"Montants {year} en euros, par direction sponsor.",
        by_directorate,
        "Direction",
    )
    years = sorted(set(BudgetYear.objects.order_by().values_list("year", flat=True).distinct()) | {year}, reverse=True)
    return render(
        request,
        "budget/portfolio.html",
        {
            "title": f"Budget du portefeuille {year}",
            "year": year,
            "export_query": f"annee={year}",
            "year_errors": filters.form.errors.get("annee", []),
            "years": years,
            "rows": rows,
            "overruns": [row for row in rows if row.totals.overrun],
            "total": total,
            "by_directorate": by_directorate,
            "by_phase": by_phase,
            "by_category": [(Category(key).label, totals) for key, totals in categories.items()],
            "chart": chart,
        },
    )


@read_only
def portfolio_csv(request: HttpRequest, fmt: str) -> HttpResponse:
    filters, year, rows = _portfolio(request)
    if refused := refused_filters(request, filters):
        return refused
    header = ["Année", "Produit", "Direction", "Phase", "Prévu", "Engagé", "Dépensé", "Prévision", "Dépassement"]
    body = [
        [
            year,
            row.product.name,
            row.product.sponsor.acronym or row.product.sponsor.name,
            Phase(row.product.phase).label,
            _amount(row.totals.planned),
            _amount(row.totals.committed),
            _amount(row.totals.spent),
            _amount(row.totals.forecast),
            bool(row.totals.overrun),
        ]
        for row in rows
    ]
    return export_response(Table(header, body, filename=f"budget-portefeuille-{year}", sheet=f"Budget {year}"), fmt)


def _amount(value) -> Decimal:
    """An amount in euros with its two decimals."""
    return Decimal(value).quantize(Decimal("0.01"))
