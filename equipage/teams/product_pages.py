"""The team's tab on every product page."""

from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_tab

from .models import Membership

register_tab("team", "Équipe", "teams:team", order=20)

register_history_kind("equipe", "Équipe", order=20)
register_history_source("equipe", Membership, "product_id", label_fields=("person", "role"))
