"""The product's trend on its sheet: findings opened and closed, level, month by month (one query)."""

from django.utils import timezone

from equipage.core.product_pages import register_section

from .trends import DEFAULT_WINDOW, WINDOWS, changes_chart, product_periods


@register_section("trends", "trends/_sheet_section.html", order=15)
def trends_section(product) -> dict:
    periods = product_periods(product, timezone.localdate(), WINDOWS[DEFAULT_WINDOW])
    return {"trend_chart": changes_chart(periods, f"pour {product.name}", with_level=True), "trend_periods": periods}
