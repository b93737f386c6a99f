from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from equipage.core.exports import Table, export_response
from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.core.vocabulary import Level, Severity
from equipage.registry.models import Product

from .filters import PortfolioFilter
from .portfolio import SORTS, grouped, grouping_choices, level_distribution, portfolio_rows, rule_totals, rules
from .store import findings_by_product


def _selection(request: HttpRequest) -> PortfolioFilter:
    return PortfolioFilter(request.GET, queryset=Product.objects.active())


PORTFOLIO_ROWS_PER_PAGE = 100


@read_only
def portfolio(request: HttpRequest) -> HttpResponse:
    selection = _selection(request)
    sort, severity = selection.selection
    active = Product.objects.active()
    distribution = level_distribution(active)
    total_products = sum(count for _level, count in distribution)
    # Unfiltered, the rows are every active product, which the distribution has just counted.
    page = paginate(request, selection.qs, PORTFOLIO_ROWS_PER_PAGE, count=None if severity else total_products)
    totals = rule_totals(severity)
    query = request.GET.copy()
    query.pop("page", None)
    groupings = grouping_choices()
    grouping = request.GET.get("grouper", "")
    if grouping not in dict(groupings):
        grouping = groupings[0][0]
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
            "distribution": [
                {"level": level, "count": count, "share": round(100 * count / total_products) if total_products else 0}
                for level, count in distribution
            ],
            "levels": list(Level),
            "groupings": groupings,
            "grouping": grouping,
            "grouping_label": dict(groupings)[grouping],
            "groups": grouped(active, grouping),
        },
    )


@read_only
def portfolio_csv(request: HttpRequest, fmt: str) -> HttpResponse:
    products = list(_selection(request).qs)
    findings = findings_by_product(product.pk for product in products)
    header = ["Produit", "Identifiant", "Code", "Gravité", "Constat", "Remède"]
    lines = [
        [product.name, product.slug, finding.code, finding.severity_label, finding.message, finding.remedy]
        for product in products
        for finding in findings.get(product.pk, [])
    ]
    return export_response(Table(header, lines, filename="points-de-vigilance", sheet="Points de vigilance"), fmt)
