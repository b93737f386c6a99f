"""The vigilance findings, on top of the product sheet (read from the stored findings: one query)."""

from equipage.core.product_pages import register_section

from .store import product_findings


@register_section("findings", "checks/_findings.html", order=0, slot="top")
def findings_section(product) -> dict:
    return {"findings": product_findings(product)}
