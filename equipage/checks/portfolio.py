"""The portfolio view of the vigilance findings: products × rules, with totals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from equipage.registry.models import Product

from .engine import RULES, Finding, Rule, evaluate, severity_counts

SORTS = {
    "nom": "Nom du produit",
    "bloquants": "Points bloquants",
    "total": "Nombre de points",
}


@dataclass
class PortfolioRow:
    product: Product
    findings: list[Finding]
    by_rule: dict[str, int]
    counts: dict[str, int]


def portfolio_rows(
    products, sort: str = "bloquants", severity: str = ""
) -> tuple[list[PortfolioRow], list[Rule], dict]:
    products = list(products)
    findings = evaluate(products)
    rows = []
    for product in products:
        product_findings = findings.get(product.pk, [])
        if severity and not any(f.severity == severity for f in product_findings):
            continue
        rows.append(
            PortfolioRow(
                product=product,
                findings=product_findings,
                by_rule=Counter(f.code for f in product_findings),
                counts=severity_counts(product_findings),
            )
        )
    if sort == "nom":
        rows.sort(key=lambda row: row.product.name.lower())
    elif sort == "total":
        rows.sort(key=lambda row: (-len(row.findings), row.product.name.lower()))
    else:
        rows.sort(key=lambda row: (-row.counts["bloquant"], -row.counts["a_surveiller"], row.product.name.lower()))
    totals = {code: sum(row.by_rule.get(code, 0) for row in rows) for code in RULES}
    totals["_products"] = {code: sum(1 for row in rows if row.by_rule.get(code)) for code in RULES}
    return rows, list(RULES.values()), totals
