"""Budget's tab on every product page."""

from equipage.core.product_pages import register_tab

register_tab("budget", "Budget", "budget:overview", order=75)
