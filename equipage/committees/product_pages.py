"""Committees' tabs on every product page. Overdue decision actions show on the sheet as vigilance findings
(rule ACTION_EN_RETARD), at no extra query."""

from equipage.core.product_pages import register_tab

register_tab("committees", "Comités", "committees:product_sessions", order=80)
register_tab("decisions", "Décisions", "committees:product_decisions", order=85)
