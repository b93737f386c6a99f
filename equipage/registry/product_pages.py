"""The registry's tabs on every product page: the sheet itself and its history."""

from equipage.core.product_pages import register_tab

register_tab("sheet", "Fiche", "registry:product_detail", order=10)
register_tab("history", "Historique", "registry:product_history", order=100)
