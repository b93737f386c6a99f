from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from equipage.core.csv_export import csv_response
from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.core.vocabulary import Severity
from equipage.registry.models import Product

from .portfolio import SORTS, portfolio_rows


def _selection(request: HttpRequest) -> tuple[str, str]:
    sort = request.GET.get("tri", "bloquants")
    severity = request.GET.get("gravite", "")
    return (sort if sort in SORTS else "bloquants"), (severity if severity in Severity.values else "")


PORTFOLIO_ROWS_PER_PAGE = 100


@read_only
def portfolio(request: HttpRequest) -> HttpResponse:
    sort, severity = _selection(request)
    rows, rules, totals = portfolio_rows(Product.objects.active().for_listing(), sort, severity)
    page = paginate(request, rows, PORTFOLIO_ROWS_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "checks/portfolio.html",
        {
            "title": "Portefeuille — points de vigilance",
            "breadcrumb_data": {"current": "Portefeuille"},
            "rows": page.object_list,
            "row_count": len(rows),
            "page_obj": page,
            "query_string": query.urlencode(),
            "rules": rules,
            "totals": totals,
            "product_totals": totals["_products"],
            "sorts": SORTS,
            "sort": sort,
            "severities": Severity.choices,
            "severity": severity,
            "findings_total": sum(len(row.findings) for row in rows),
        },
    )


@read_only
def portfolio_csv(request: HttpRequest) -> HttpResponse:
    sort, severity = _selection(request)
    rows, _rules, _totals = portfolio_rows(Product.objects.active().for_listing(), sort, severity)
    header = ["produit", "identifiant", "code", "gravité", "constat", "remède"]
    lines = [
        [row.product.name, row.product.slug, finding.code, finding.severity_label, finding.message, finding.remedy]
        for row in rows
        for finding in row.findings
    ]
    return csv_response([header, *lines], "points-de-vigilance.csv")
