"""The vigilance findings and the product's level, on top of the product sheet (one query)."""

from equipage.core.product_pages import register_section

from .sheet import product_level


@register_section("findings", "checks/_findings.html", order=0, slot="top")
def findings_section(product) -> dict:
    vigilance = product_level(product)
    return {"vigilance": vigilance, "findings": vigilance.findings}
