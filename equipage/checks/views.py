from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from equipage.core.csv_export import csv_response
from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.core.vocabulary import Severity
from equipage.registry.models import Product

from .portfolio import SORTS, portfolio_products, portfolio_rows, rule_totals, rules
from .store import having_severity


def _selection(request: HttpRequest) -> tuple[str, str]:
    sort = request.GET.get("tri", "bloquants")
    severity = request.GET.get("gravite", "")
    return (sort if sort in SORTS else "bloquants"), (severity if severity in Severity.values else "")


PORTFOLIO_ROWS_PER_PAGE = 100


def _selected_products(severity: str):
    products = Product.objects.active()
    return having_severity(products, severity) if severity else products


@read_only
def portfolio(request: HttpRequest) -> HttpResponse:
    sort, severity = _selection(request)
    page = paginate(request, portfolio_products(Product.objects.active(), sort, severity), PORTFOLIO_ROWS_PER_PAGE)
    totals = rule_totals(_selected_products(severity))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "checks/portfolio.html",
        {
            "title": "Portefeuille — points de vigilance",
            "breadcrumb_data": {"current": "Portefeuille"},
            "rows": portfolio_rows(page.object_list),
            "row_count": page.paginator.count,
            "page_obj": page,
            "query_string": query.urlencode(),
            "rules": rules(),
            "totals": totals,
            "product_totals": totals["_products"],
            "sorts": SORTS,
            "sort": sort,
            "severities": Severity.choices,
            "severity": severity,
            "findings_total": totals["_findings"],
        },
    )


@read_only
def portfolio_csv(request: HttpRequest) -> HttpResponse:
    sort, severity = _selection(request)
    rows = portfolio_rows(portfolio_products(Product.objects.active(), sort, severity))
    header = ["produit", "identifiant", "code", "gravité", "constat", "remède"]
    lines = [
        [row.product.name, row.product.slug, finding.code, finding.severity_label, finding.message, finding.remedy]
        for row in rows
        for finding in row.findings
    ]
    return csv_response([header, *lines], "points-de-vigilance.csv")
