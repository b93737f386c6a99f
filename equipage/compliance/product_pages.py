"""Compliance's tab on every product page and its section of the product sheet."""

from equipage.core.product_pages import register_section, register_tab

from .selectors import sheet_summary

register_tab("compliance", "Conformité", "compliance:overview", order=70)


@register_section("compliance", "compliance/_sheet_summary.html", order=20)
def compliance_section(product) -> dict:
    return {"compliance": sheet_summary(product)}
