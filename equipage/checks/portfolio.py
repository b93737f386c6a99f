"""The portfolio view of the vigilance findings: products × rules, with totals, read from the stored findings.

Whatever the number of products: one query counts and sorts the products (with the page's rows),
one brings the page's findings, one totals every rule over the whole (filtered) portfolio.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import Lower

from equipage.registry.models import Product

from .engine import RULES, Finding, Rule
from .store import current_findings, findings_by_product, having_severity, severity_counts_of, with_severity_counts

DEFAULT_SORT = "bloquants"
SORTS = {
    "nom": "Nom du produit",
    "bloquants": "Points bloquants",
    "total": "Nombre de points",
}
ORDERINGS = {
    "nom": [Lower("name"), "pk"],
    "total": ["-n_findings", Lower("name"), "pk"],
    "bloquants": ["-n_bloquant", "-n_a_surveiller", Lower("name"), "pk"],
}


@dataclass
class PortfolioRow:
    product: Product
    findings: list[Finding]
    by_rule: dict[str, int]
    counts: dict[str, int]

    @property
    def cells(self) -> list[int]:
        """The number of findings of each rule, in the order of the table's columns."""
        return [self.by_rule.get(code, 0) for code in RULES]


def portfolio_products(products: QuerySet[Product], sort: str = "bloquants", severity: str = "") -> QuerySet[Product]:
    """The products, filtered on a severity and sorted, each annotated with its counts: one query."""
    if severity:
        products = having_severity(products, severity)
    return with_severity_counts(products).order_by(*ORDERINGS.get(sort, ORDERINGS["bloquants"]))


def portfolio_rows(products: Iterable[Product]) -> list[PortfolioRow]:
    """The rows of the products shown (already annotated), with their findings: one query."""
    products = list(products)
    findings = findings_by_product(product.pk for product in products)
    return [
        PortfolioRow(
            product=product,
            findings=findings.get(product.pk, []),
            by_rule=Counter(finding.code for finding in findings.get(product.pk, [])),
            counts=severity_counts_of(product),
        )
        for product in products
    ]


def rule_totals(products: QuerySet[Product]) -> dict:
    """For each rule, its findings and the products concerned, over all these products: one query."""
    rows = (
        current_findings()
        .filter(product__in=products.values("pk"))
        .values("code")
        .annotate(findings=Count("pk"), products=Count("product", distinct=True))
        .order_by()
    )
    by_code = {row["code"]: row for row in rows}
    totals: dict = {code: by_code.get(code, {}).get("findings", 0) for code in RULES}
    totals["_products"] = {code: by_code.get(code, {}).get("products", 0) for code in RULES}
    totals["_findings"] = sum(row["findings"] for row in rows)
    return totals


def rules() -> list[Rule]:
    return list(RULES.values())
