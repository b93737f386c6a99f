"""The registry's tabs on every product page: the sheet itself and its history."""

from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_tab

from .models import Product

register_tab("sheet", "Fiche", "registry:product_detail", order=10)
register_tab("history", "Historique", "registry:product_history", order=100)

register_history_kind("produit", "Produit", order=10)
register_history_source("produit", Product, "id", label_fields=("name",))
