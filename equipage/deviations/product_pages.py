"""The deviations tab on every product page, and their place on the product's history timeline."""

from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_tab

from .models import Deviation

register_tab("deviations", "Dérogations", "deviations:product_list", order=88)

register_history_kind("derogations", "Dérogations", order=88)
register_history_source("derogations", Deviation, "product_id", label_fields=("code",))
