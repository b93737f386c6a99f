"""Indicators' tab on every product page and their section of the product sheet."""

from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_section, register_tab

from .models import Indicator, Measurement, Objective
from .selectors import sheet_summary

register_tab("indicators", "Indicateurs", "indicators:overview", order=60)


@register_section("indicators", "indicators/_sheet_summary.html", order=10)
def indicators_section(product) -> dict:
    return {"indicator_summary": sheet_summary(product)}


register_history_kind("indicateurs", "Indicateurs", order=50)
register_history_source("indicateurs", Objective, "product_id", label_fields=("title",))
register_history_source("indicateurs", Indicator, "product_id", label_fields=("name",))
register_history_source("indicateurs", Measurement, "indicator__product_id", label_fields=("indicator", "date"))
