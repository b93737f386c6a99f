"""Budget's tab on every product page."""

from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_tab

from .models import BudgetLine, BudgetYear

register_tab("budget", "Budget", "budget:overview", order=75)

register_history_kind("budget", "Budget", order=100)
register_history_source("budget", BudgetYear, "product_id", label_fields=("year",))
register_history_source("budget", BudgetLine, "budget_year__product_id", label_fields=("label",))
