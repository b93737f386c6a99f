"""The team's tab on every product page."""

from equipage.core.product_pages import register_tab

register_tab("team", "Équipe", "teams:team", order=20)
