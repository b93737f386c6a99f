"""Committees' tabs on every product page. Overdue decision actions show on the sheet as vigilance findings
(rule ACTION_EN_RETARD), at no extra query."""

from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_tab

from .models import Decision

register_tab("committees", "Comités", "committees:product_sessions", order=80)
register_tab("decisions", "Décisions", "committees:product_decisions", order=85)

register_history_kind("decisions", "Décisions", order=90)
register_history_source("decisions", Decision, "product_id", label_fields=("title",))
