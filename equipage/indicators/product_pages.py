"""Indicators' tab on every product page and their section of the product sheet."""

from equipage.core.product_pages import register_section, register_tab

from .selectors import sheet_summary

register_tab("indicators", "Indicateurs", "indicators:overview", order=60)


@register_section("indicators", "indicators/_sheet_summary.html", order=10)
def indicators_section(product) -> dict:
    return {"indicator_summary": sheet_summary(product)}
