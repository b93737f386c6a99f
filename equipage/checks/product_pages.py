"""The vigilance findings, on top of the product sheet."""

from equipage.core.product_pages import register_section

from .engine import evaluate_product


@register_section("findings", "checks/_findings.html", order=0, slot="top")
def findings_section(product) -> dict:
    return {"findings": evaluate_product(product)}
